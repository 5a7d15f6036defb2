/** The outbox table: provider writes waiting to be delivered, in order per account. */
import type { Db } from '../db/database';

import type { MirrorAction, RemoteParticipant } from '../providers/types';

export type OutboxKind = OutboxPayload['kind'];

export interface SendPayload {
  kind: 'send';
  messageId: string;
  remoteConversationId: string;
  recipient: RemoteParticipant | null;
  text: string;
}

/** A triage action to carry out on a provider that offers it (e.g. Crispy's organize). */
export interface MirrorPayload {
  kind: 'mirror';
  remoteConversationId: string;
  action: MirrorAction;
}

export type OutboxPayload = SendPayload | MirrorPayload;

export interface OutboxEntry {
  id: number;
  accountId: string;
  conversationId: string | null;
  kind: OutboxKind;
  payload: OutboxPayload;
  status: 'pending' | 'inflight' | 'done' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  /** The time the person chose for a scheduled reply ("send later"); null for everything else. */
  sendAt: number | null;
}

interface OutboxRow {
  id: number;
  account_id: string;
  conversation_id: string | null;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  send_at: number | null;
}

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    id: r.id,
    accountId: r.account_id,
    conversationId: r.conversation_id,
    kind: r.kind as OutboxKind,
    payload: { kind: r.kind, ...JSON.parse(r.payload) } as OutboxPayload,
    status: r.status as OutboxEntry['status'],
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sendAt: r.send_at ?? null,
  };
}

export class OutboxStore {
  constructor(private readonly db: Db) {}

  /**
   * Queues an entry, due now or at `dueAt` (a reply's undo window). `scheduledAt` marks a
   * scheduled reply: due then, and kept as the time the person chose.
   */
  enqueue(e: { accountId: string; conversationId: string | null; payload: OutboxPayload; now: number; dueAt?: number; scheduledAt?: number }): number {
    const due = e.scheduledAt ?? e.dueAt ?? e.now;
    const r = this.db
      .prepare(
        `INSERT INTO outbox (account_id, conversation_id, kind, payload, next_attempt_at, created_at, updated_at, send_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.accountId, e.conversationId, e.payload.kind, JSON.stringify(e.payload), due, e.now, e.now, e.scheduledAt ?? null);
    return Number(r.lastInsertRowid);
  }

  /** Scheduled replies not yet delivered (waiting, in flight or failed), soonest first. */
  scheduled(): OutboxEntry[] {
    const rows = this.db
      .prepare("SELECT * FROM outbox WHERE send_at IS NOT NULL AND status <> 'done' ORDER BY send_at, id")
      .all() as unknown as OutboxRow[];
    return rows.map(toEntry);
  }

  /** Moves a scheduled reply to a new time (or to now, for "send now"); its text may change with it. */
  reschedule(id: number, sendAt: number, payload: OutboxPayload, now: number): void {
    this.db
      .prepare("UPDATE outbox SET send_at = ?, next_attempt_at = ?, payload = ?, status = 'pending', attempts = 0, last_error = NULL, updated_at = ? WHERE id = ?")
      .run(sendAt, sendAt, JSON.stringify(payload), now, id);
  }

  /** Entries still to deliver (pending or interrupted in flight), oldest first. */
  open(): OutboxEntry[] {
    const rows = this.db
      .prepare("SELECT * FROM outbox WHERE status IN ('pending', 'inflight') ORDER BY id")
      .all() as unknown as OutboxRow[];
    return rows.map(toEntry);
  }

  all(): OutboxEntry[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY id').all() as unknown as OutboxRow[]).map(toEntry);
  }

  get(id: number): OutboxEntry | null {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as unknown as OutboxRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** The entry that delivers a given reply. */
  bySendMessage(messageId: string): OutboxEntry | null {
    const row = this.db
      .prepare("SELECT * FROM outbox WHERE kind = 'send' AND json_extract(payload, '$.messageId') = ? ORDER BY id DESC LIMIT 1")
      .get(messageId) as unknown as OutboxRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Puts a failed entry back in the queue, due now, with a fresh count of attempts. */
  requeue(id: number, now: number): void {
    this.db
      .prepare("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, updated_at = ? WHERE id = ?")
      .run(now, now, id);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }

  markInflight(id: number, now: number): void {
    this.db.prepare("UPDATE outbox SET status = 'inflight', attempts = attempts + 1, updated_at = ? WHERE id = ?").run(now, id);
  }

  markDone(id: number, now: number): void {
    this.db.prepare("UPDATE outbox SET status = 'done', last_error = NULL, updated_at = ? WHERE id = ?").run(now, id);
  }

  retryLater(id: number, at: number, error: string, now: number): void {
    this.db
      .prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?")
      .run(at, error, now, id);
  }

  /**
   * Makes an account's entries that wait after a failed try due now (its provider answers again);
   * returns how many. Entries never tried keep their time: a reply in its undo window must not go
   * before the window ends, nor a scheduled reply waiting for the next day's budget (refused by a
   * daily cap before it left, so its tries are still 0) before the budget resets.
   */
  wakeAccount(accountId: string, now: number): number {
    return Number(
      this.db
        .prepare("UPDATE outbox SET next_attempt_at = ? WHERE account_id = ? AND status = 'pending' AND last_error IS NOT NULL AND next_attempt_at > ? AND NOT (send_at IS NOT NULL AND attempts = 0)")
        .run(now, accountId, now).changes,
    );
  }

  /**
   * Puts an entry back to wait for the person (e.g. a rejected key) until `at`. The try does not
   * count: `attempts` is set back to what it was before it, so fixing the problem never finds
   * the entry out of attempts, and one that never reached the provider can still be cancelled.
   */
  waitForPerson(id: number, at: number, error: string, attempts: number, now: number): void {
    this.db
      .prepare("UPDATE outbox SET status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?")
      .run(attempts, at, error, now, id);
  }

  markFailed(id: number, error: string, now: number): void {
    this.db.prepare("UPDATE outbox SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?").run(error, now, id);
  }
}
