/** Follow-up reminders: at most one per conversation, tied to the reply of mine it follows. */
import type { Db } from '../db/database';

export interface FollowUpRecord {
  conversationId: string;
  /** The reply of mine it follows: a message from them that reached the cache after it answers it. */
  messageId: string;
  /** Absolute instant (epoch ms) it comes due. */
  dueAt: number;
  createdAt: number;
  weekdaysOnly: boolean;
}

interface Row {
  conversation_id: string;
  message_id: string;
  due_at: number;
  created_at: number;
  weekdays_only: number;
}

const toRecord = (r: Row): FollowUpRecord => ({
  conversationId: r.conversation_id,
  messageId: r.message_id,
  dueAt: r.due_at,
  createdAt: r.created_at,
  weekdaysOnly: r.weekdays_only === 1,
});

// "Answered": a message from them whose rowid is after the followed reply's, i.e. one that reached
// the cache after it (arrival order, as smart archive judges; the provider's clock is not trusted).
const ANSWERED = `EXISTS (SELECT 1 FROM messages mine JOIN messages theirs ON theirs.conversation_id = mine.conversation_id
                          WHERE mine.id = follow_ups.message_id AND theirs.from_me = 0 AND theirs.rowid > mine.rowid)`;

export class FollowUpStore {
  constructor(private readonly db: Db) {}

  get(conversationId: string): FollowUpRecord | null {
    const r = this.db.prepare('SELECT * FROM follow_ups WHERE conversation_id = ?').get(conversationId) as Row | undefined;
    return r ? toRecord(r) : null;
  }

  /** Sets (or replaces) a conversation's follow-up. */
  set(f: FollowUpRecord): void {
    this.db
      .prepare(
        `INSERT INTO follow_ups (conversation_id, message_id, due_at, created_at, weekdays_only) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(conversation_id) DO UPDATE SET message_id = excluded.message_id, due_at = excluded.due_at,
           created_at = excluded.created_at, weekdays_only = excluded.weekdays_only`,
      )
      .run(f.conversationId, f.messageId, f.dueAt, f.createdAt, f.weekdaysOnly ? 1 : 0);
  }

  /** Removes a conversation's follow-up; true when there was one. */
  delete(conversationId: string): boolean {
    return this.db.prepare('DELETE FROM follow_ups WHERE conversation_id = ?').run(conversationId).changes > 0;
  }

  /** Removes every follow-up they have answered; returns those conversations' ids. */
  clearAnswered(): string[] {
    const rows = this.db.prepare(`DELETE FROM follow_ups WHERE ${ANSWERED} RETURNING conversation_id`).all() as { conversation_id: string }[];
    return rows.map((r) => r.conversation_id);
  }

  /** Follow-ups due at or before `now`, earliest first. */
  due(now: number): FollowUpRecord[] {
    return (this.db.prepare('SELECT * FROM follow_ups WHERE due_at <= ? ORDER BY due_at, conversation_id').all(now) as unknown as Row[]).map(toRecord);
  }

  /** The earliest follow-up still to come, or null. */
  nextDueAt(): number | null {
    return (this.db.prepare('SELECT MIN(due_at) AS t FROM follow_ups').get() as { t: number | null }).t;
  }

  /** Every pending follow-up, earliest first (export). */
  all(): FollowUpRecord[] {
    return (this.db.prepare('SELECT * FROM follow_ups ORDER BY due_at, conversation_id').all() as unknown as Row[]).map(toRecord);
  }

  /** The shortest "follow up after N days" among a conversation's labels, or null. */
  labelDefaultDays(conversationId: string): number | null {
    const r = this.db
      .prepare(
        `SELECT MIN(l.follow_up_days) AS days FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
          WHERE cl.conversation_id = ? AND l.follow_up_days IS NOT NULL`,
      )
      .get(conversationId) as { days: number | null };
    return r.days;
  }

  /** Sets a label's default follow-up (null: none). */
  setLabelDefault(labelId: string, days: number | null): void {
    this.db.prepare('UPDATE labels SET follow_up_days = ? WHERE id = ?').run(days, labelId);
  }
}
