/** Drafts: what the person was writing in a conversation and has not sent, kept across restarts. */
import type { Db } from '../db/database';

export class DraftStore {
  constructor(private readonly db: Db) {}

  /** The stored draft, or '' when there is none. */
  get(conversationId: string): string {
    const row = this.db.prepare('SELECT text FROM drafts WHERE conversation_id = ?').get(conversationId) as { text: string } | undefined;
    return row?.text ?? '';
  }

  /** Keeps `text` as the draft; blank text forgets it. */
  set(conversationId: string, text: string, now: number): void {
    if (text.trim() === '') {
      this.delete(conversationId);
      return;
    }
    this.db
      .prepare('INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at')
      .run(conversationId, text, now);
  }

  delete(conversationId: string): void {
    this.db.prepare('DELETE FROM drafts WHERE conversation_id = ?').run(conversationId);
  }
}
