/** Cached messages, including my replies that are still pending or failed. */
import type { Message, MessageStatus } from '../../../shared/domain';
import type { Db } from '../db/database';

interface MessageRow {
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

export class MessageStore {
  constructor(private readonly db: Db) {}

  /** The thread, oldest first. */
  listForConversation(conversationId: string): Message[] {
    const rows = this.db
      .prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY sent_at, rowid')
      .all(conversationId) as unknown as MessageRow[];
    return rows.map(toMessage);
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
        `SELECT id FROM messages WHERE conversation_id = ? AND from_me = 1 AND remote_id IS NULL AND text = ?
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
