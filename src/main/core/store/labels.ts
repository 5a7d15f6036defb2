/** Labels and which conversations carry them. A pinned label is a split inbox. */
import type { Label } from '../../../shared/domain';
import type { Db } from '../db/database';

interface LabelRow {
  id: string;
  name: string;
  color: string;
  pinned: number;
  inbox_count: number;
  follow_up_days: number | null;
}

const toLabel = (r: LabelRow): Label => ({
  id: r.id,
  name: r.name,
  color: r.color,
  pinned: r.pinned === 1,
  inboxCount: r.inbox_count,
  ...(r.follow_up_days === null ? {} : { followUpDays: r.follow_up_days }),
});

const SELECT = `
  SELECT l.*, (SELECT COUNT(*) FROM conversation_labels cl JOIN conversations c ON c.id = cl.conversation_id
               WHERE cl.label_id = l.id AND c.archived_at IS NULL AND c.snoozed_until IS NULL) AS inbox_count
  FROM labels l`;

export class LabelStore {
  constructor(private readonly db: Db) {}

  /** Every label, pinned tabs first in the order they were made, then the rest by name. */
  list(): Label[] {
    return (this.db.prepare(`${SELECT} ORDER BY l.pinned DESC, CASE WHEN l.pinned = 1 THEN l.created_at END, l.name COLLATE NOCASE`).all() as unknown as LabelRow[]).map(toLabel);
  }

  get(id: string): Label | null {
    const r = this.db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as unknown as LabelRow | undefined;
    return r ? toLabel(r) : null;
  }

  byName(name: string): Label | null {
    const r = this.db.prepare(`${SELECT} WHERE l.name = ? COLLATE NOCASE`).get(name) as unknown as LabelRow | undefined;
    return r ? toLabel(r) : null;
  }

  insert(l: { id: string; name: string; color: string; createdAt: number }): void {
    this.db.prepare('INSERT INTO labels (id, name, color, pinned, created_at) VALUES (?, ?, ?, 0, ?)').run(l.id, l.name, l.color, l.createdAt);
  }

  update(id: string, l: { name: string; color: string; pinned: boolean }): void {
    this.db.prepare('UPDATE labels SET name = ?, color = ?, pinned = ? WHERE id = ?').run(l.name, l.color, l.pinned ? 1 : 0, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM labels WHERE id = ?').run(id);
  }

  /** Conversations carrying a label (for mirroring a rename or delete). */
  conversationsWith(labelId: string): string[] {
    return (this.db.prepare('SELECT conversation_id FROM conversation_labels WHERE label_id = ?').all(labelId) as { conversation_id: string }[]).map(
      (r) => r.conversation_id,
    );
  }

  has(conversationId: string, labelId: string): boolean {
    return this.db.prepare('SELECT 1 FROM conversation_labels WHERE conversation_id = ? AND label_id = ?').get(conversationId, labelId) !== undefined;
  }

  /** Returns whether it changed anything. */
  add(conversationId: string, labelId: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO conversation_labels (conversation_id, label_id) VALUES (?, ?)').run(conversationId, labelId).changes > 0;
  }

  remove(conversationId: string, labelId: string): boolean {
    return this.db.prepare('DELETE FROM conversation_labels WHERE conversation_id = ? AND label_id = ?').run(conversationId, labelId).changes > 0;
  }
}
