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
  };
}

export class OutboxStore {
  constructor(private readonly db: Db) {}

  enqueue(e: { accountId: string; conversationId: string | null; payload: OutboxPayload; now: number }): number {
    const r = this.db
      .prepare(
        `INSERT INTO outbox (account_id, conversation_id, kind, payload, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.accountId, e.conversationId, e.payload.kind, JSON.stringify(e.payload), e.now, e.now, e.now);
    return Number(r.lastInsertRowid);
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

  markFailed(id: number, error: string, now: number): void {
    this.db.prepare("UPDATE outbox SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?").run(error, now, id);
  }
}
