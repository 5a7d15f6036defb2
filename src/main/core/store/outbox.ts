/** The outbox table: provider writes waiting to be delivered, in order per account. */
import type { Db } from '../db/database';

export type OutboxKind = 'send';

export interface SendPayload {
  messageId: string;
  remoteConversationId: string;
  text: string;
}

export interface OutboxEntry {
  id: number;
  accountId: string;
  conversationId: string | null;
  kind: OutboxKind;
  payload: SendPayload;
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
    payload: JSON.parse(r.payload) as SendPayload,
    status: r.status as OutboxEntry['status'],
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
  };
}

export class OutboxStore {
  constructor(private readonly db: Db) {}

  enqueue(e: { accountId: string; conversationId: string | null; kind: OutboxKind; payload: SendPayload; now: number }): number {
    const r = this.db
      .prepare(
        `INSERT INTO outbox (account_id, conversation_id, kind, payload, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.accountId, e.conversationId, e.kind, JSON.stringify(e.payload), e.now, e.now, e.now);
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
