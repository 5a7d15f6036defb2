/** Cached messages, including my replies that are still pending or failed. */
import type { Message, MessageStatus } from '../../../shared/domain';
import type { Db } from '../db/database';

interface MessageRow {
  rowid?: number;
  id: string;
  conversation_id: string;
  remote_id: string | null;
  sender_name: string;
  text: string;
  sent_at: number;
  from_me: number;
  status: string;
  error: string | null;
}

function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    text: r.text,
    sentAt: r.sent_at,
    fromMe: r.from_me === 1,
    senderName: r.sender_name,
    status: r.status as MessageStatus,
    error: r.error,
  };
}

export interface NewMessage {
  id: string;
  conversationId: string;
  remoteId: string | null;
  senderRemoteId: string | null;
  senderName: string;
  text: string;
  sentAt: number;
  fromMe: boolean;
  status: MessageStatus;
}

/** A message's place in its thread's order. */
export interface ThreadPosition {
  sentAt: number;
  rowid: number;
}

/** How much one walk through a thread may take. */
export interface PageBudget {
  count: number;
  bytes: number;
}

export class MessageStore {
  constructor(private readonly db: Db) {}

  /** The thread, oldest first. */
  listForConversation(conversationId: string): Message[] {
    const rows = this.db
      .prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY sent_at, rowid')
      .all(conversationId) as unknown as MessageRow[];
    return rows.map(toMessage);
  }

  /** Where a message sits in its thread's order (sent_at, then rowid), or null when it is not in this conversation. */
  position(conversationId: string, id: string): ThreadPosition | null {
    const row = this.db.prepare('SELECT sent_at, rowid FROM messages WHERE id = ? AND conversation_id = ?').get(id, conversationId) as
      | { sent_at: number; rowid: number }
      | undefined;
    return row ? { sentAt: row.sent_at, rowid: row.rowid } : null;
  }

  /**
   * Up to `budget.count` messages next to `from` (exclusive; the thread's end when null), nearest
   * first, stopping before the bytes (UTF-8 of text and sender) pass `budget.bytes`; the first
   * message is always taken so a page never comes back empty. Rows are read one at a time so a
   * page of huge messages reads no more of them than it returns.
   */
  walk(conversationId: string, direction: 'older' | 'newer', from: ThreadPosition | null, budget: PageBudget): Message[] {
    const older = direction === 'older';
    const where = from === null ? '' : older ? 'AND (sent_at < ? OR (sent_at = ? AND rowid < ?))' : 'AND (sent_at > ? OR (sent_at = ? AND rowid > ?))';
    const order = older ? 'DESC' : 'ASC';
    const params = from === null ? [conversationId] : [conversationId, from.sentAt, from.sentAt, from.rowid];
    const rows = this.db
      .prepare(`SELECT rowid, * FROM messages WHERE conversation_id = ? ${where} ORDER BY sent_at ${order}, rowid ${order} LIMIT ?`)
      .iterate(...params, budget.count) as Iterable<MessageRow>;
    const taken: Message[] = [];
    let bytes = 0;
    for (const row of rows) {
      const size = Buffer.byteLength(row.text) + Buffer.byteLength(row.sender_name);
      if (taken.length > 0 && bytes + size > budget.bytes) break;
      bytes += size;
      taken.push(toMessage(row));
    }
    return taken;
  }

  /** How many messages lie strictly before or after a position in the thread. */
  countBeyond(conversationId: string, direction: 'older' | 'newer', at: ThreadPosition): number {
    const where = direction === 'older' ? 'sent_at < ? OR (sent_at = ? AND rowid < ?)' : 'sent_at > ? OR (sent_at = ? AND rowid > ?)';
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND (${where})`).get(conversationId, at.sentAt, at.sentAt, at.rowid) as {
      n: number;
    };
    return row.n;
  }

  get(id: string): Message | null {
    const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as unknown as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  hasRemote(conversationId: string, remoteId: string): boolean {
    return this.db.prepare('SELECT 1 FROM messages WHERE conversation_id = ? AND remote_id = ?').get(conversationId, remoteId) !== undefined;
  }

  insert(m: NewMessage): void {
    this.db
      .prepare(
        `INSERT INTO messages (id, conversation_id, remote_id, sender_remote_id, sender_name, text, sent_at, from_me, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.id, m.conversationId, m.remoteId, m.senderRemoteId, m.senderName, m.text, m.sentAt, m.fromMe ? 1 : 0, m.status);
  }

  /**
   * A reply of mine that sync brought back before delivery told us its remote id:
   * the oldest local message of mine with the same text and no remote id yet.
   */
  findUnmatchedOwn(conversationId: string, text: string): string | null {
    const row = this.db
      .prepare(
        `SELECT id FROM messages m WHERE conversation_id = ? AND from_me = 1 AND remote_id IS NULL AND text = ?
           -- A scheduled reply never tried cannot have been sent by this app: the same words came from elsewhere (the phone).
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = m.conversation_id AND o.send_at IS NOT NULL AND o.status IN ('pending', 'inflight')
                             AND o.status = 'pending' AND o.attempts = 0 AND json_extract(o.payload, '$.messageId') = m.id)
         ORDER BY sent_at, rowid LIMIT 1`,
      )
      .get(conversationId, text) as { id: string } | undefined;
    return row?.id ?? null;
  }

  markSent(id: string, remoteId: string | null, sentAt?: number): void {
    this.db
      .prepare("UPDATE messages SET status = 'sent', error = NULL, remote_id = COALESCE(?, remote_id), sent_at = COALESCE(?, sent_at) WHERE id = ?")
      .run(remoteId, sentAt ?? null, id);
  }

  /** Changes the text of a reply not yet sent (a scheduled reply being edited). */
  updateText(id: string, text: string): void {
    this.db.prepare("UPDATE messages SET text = ? WHERE id = ? AND status <> 'sent'").run(text, id);
  }

  markPending(id: string): void {
    this.db.prepare("UPDATE messages SET status = 'pending', error = NULL WHERE id = ?").run(id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM messages WHERE id = ?').run(id);
  }

  markFailed(id: string, error: string): void {
    this.db.prepare("UPDATE messages SET status = 'failed', error = ? WHERE id = ?").run(error, id);
  }

  /** Sync marker of the newest cached provider message (`<remote id>@<time>`), or null. */
  newestMarker(conversationId: string): string | null {
    const row = this.db
      .prepare('SELECT remote_id, sent_at FROM messages WHERE conversation_id = ? AND remote_id IS NOT NULL ORDER BY sent_at DESC, rowid DESC LIMIT 1')
      .get(conversationId) as { remote_id: string; sent_at: number } | undefined;
    return row ? `${row.remote_id}@${row.sent_at}` : null;
  }

  /** Newest inbound (not mine) message time, for read state and smart archive. */
  newestInboundAt(conversationId: string): number | null {
    const row = this.db.prepare('SELECT MAX(sent_at) AS t FROM messages WHERE conversation_id = ? AND from_me = 0').get(conversationId) as {
      t: number | null;
    };
    return row.t;
  }
}
