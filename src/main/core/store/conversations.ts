/** Conversations and their participants: the rows of every view. */
import type { ArchiveMode, ConversationSummary, Participant, ProviderKind, ViewCounts, ViewId } from '../../../shared/domain';
import { BUILTIN_VIEWS } from '../../../shared/domain';
import { BUILTIN_VIEW_RULES, IN_INBOX, viewRule } from '../../../shared/views';
import type { StatementSync } from 'node:sqlite';
import type { Db } from '../db/database';
import type { RemoteParticipant } from '../providers/types';
import { writeParticipants } from './participants';
import { positionalRuleSql, ruleSql } from './view-sql';

interface SummaryRow {
  id: string;
  account_id: string;
  account_name: string;
  provider: string;
  remote_id: string;
  title: string;
  last_message_at: number;
  last_message_text: string;
  last_from_me: number;
  unread_count: number;
  read_at: number | null;
  disconnected: number;
  archived_at: number | null;
  archive_mode: string | null;
  p_name: string | null;
  p_headline: string | null;
  p_company: string | null;
  p_avatar_url: string | null;
  p_profile_url: string | null;
  pending_count: number;
  scheduled_count: number;
  failed_count: number;
  snoozed_until: number | null;
  snooze_note: string | null;
  snooze_cancel_if_reply: number;
  reminder_at: number | null;
  reminder_note: string | null;
  fu_due_at: number | null;
  fu_created_at: number | null;
  fu_weekdays_only: number | null;
  labels_json: string;
  has_note: number;
}

/** Prefixes the sync marker of a thread listed as changed whose messages are not yet fetched. */
export const PENDING_MARKER = 'pending:';

/** The row plus what the core needs that the renderer does not. */
export interface ConversationRecord extends ConversationSummary {
  remoteId: string;
  readAt: number | null;
  archivedAt: number | null;
  snoozeCancelIfReply: boolean;
}

// "status <> 'sent'" lets SQLite count from the partial index messages_unsent (migration 10).
const SUMMARY_SELECT = `
  SELECT c.*, a.name AS account_name, a.provider AS provider,
         p.name AS p_name, p.headline AS p_headline, p.company AS p_company,
         p.avatar_url AS p_avatar_url, p.profile_url AS p_profile_url,
         f.due_at AS fu_due_at, f.created_at AS fu_created_at, f.weekdays_only AS fu_weekdays_only,
         EXISTS (SELECT 1 FROM person_notes pn WHERE pn.person = p.person_key) AS has_note,
         (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.status <> 'sent' AND m.status = 'pending'
             -- A reply scheduled for later is not "sending" before its first try (the IN lets SQLite read the small outbox_scheduled index).
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.send_at IS NOT NULL AND o.status IN ('pending', 'inflight') AND o.status = 'pending' AND o.attempts = 0 AND o.last_error IS NULL AND json_extract(o.payload, '$.messageId') = m.id)) AS pending_count,
         (SELECT COUNT(*) FROM outbox o WHERE o.conversation_id = c.id AND o.send_at IS NOT NULL AND o.status IN ('pending', 'inflight')) AS scheduled_count,
         (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.status <> 'sent' AND m.status = 'failed') AS failed_count,
         (SELECT COALESCE(json_group_array(json_object('id', l.id, 'name', l.name, 'color', l.color)), '[]')
            FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id) AS labels_json
  FROM conversations c
  JOIN accounts a ON a.id = c.account_id
  LEFT JOIN participants p ON p.conversation_id = c.id AND p.position = 0
  LEFT JOIN follow_ups f ON f.conversation_id = c.id`;

/** In the inbox (neither archived nor snoozed), as SQL on `c`. */
const IN_INBOX_SQL = ruleSql(IN_INBOX, () => {
  throw new Error('the inbox rule binds no value');
});

/** The SQL condition of a view, from its rule in src/shared/views.ts; an unknown view selects nothing. */
function viewWhere(view: ViewId): { sql: string; params: string[] } {
  const rule = viewRule(view);
  return rule === null ? { sql: '0', params: [] } : positionalRuleSql(rule);
}

function toRecord(r: SummaryRow): ConversationRecord {
  const participant: Participant = {
    name: r.p_name ?? r.title,
    headline: r.p_headline,
    company: r.p_company,
    avatarUrl: r.p_avatar_url,
    profileUrl: r.p_profile_url,
  };
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    provider: r.provider as ProviderKind,
    title: r.title,
    participant,
    lastMessageText: r.last_message_text,
    lastMessageAt: r.last_message_at,
    lastFromMe: r.last_from_me === 1,
    unreadCount: r.unread_count,
    archived: (r.archive_mode as ArchiveMode | null) ?? null,
    disconnected: r.disconnected === 1,
    pendingCount: r.pending_count,
    scheduledCount: r.scheduled_count,
    failedCount: r.failed_count,
    snoozedUntil: r.snoozed_until,
    snoozeNote: r.snooze_note,
    reminder: r.reminder_at === null ? null : { at: r.reminder_at, note: r.reminder_note },
    // Only present when there is one, so rows without a follow-up look as they always did.
    ...(r.fu_due_at === null ? {} : { followUp: { dueAt: r.fu_due_at, createdAt: r.fu_created_at!, weekdaysOnly: r.fu_weekdays_only === 1 } }),
    labels: JSON.parse(r.labels_json) as ConversationSummary['labels'],
    hasNote: r.has_note === 1,
    remoteId: r.remote_id,
    readAt: r.read_at,
    archivedAt: r.archived_at,
    snoozeCancelIfReply: r.snooze_cancel_if_reply === 1,
  };
}

/** Strips the core-only fields before a row crosses IPC. */
export function toSummary(r: ConversationRecord): ConversationSummary {
  const { remoteId: _r, readAt: _ra, archivedAt: _aa, snoozeCancelIfReply: _sc, ...summary } = r;
  return summary;
}

export class ConversationStore {
  private manyStatement: StatementSync | undefined;

  constructor(private readonly db: Db) {}

  /** One page of a view, newest first; `knownTotal` (the view's kept count) spares counting the view again. */
  list(view: ViewId, offset: number, limit: number, knownTotal?: number): { items: ConversationRecord[]; total: number } {
    const w = viewWhere(view);
    const rows = this.db
      .prepare(`${SUMMARY_SELECT} WHERE ${w.sql} ORDER BY c.sort_at DESC, c.id LIMIT ? OFFSET ?`)
      .all(...w.params, limit, offset) as unknown as SummaryRow[];
    const total = knownTotal ?? (this.db.prepare(`SELECT COUNT(*) AS n FROM conversations c WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
    return { items: rows.map(toRecord), total };
  }

  /** Counts for every built-in view and every account, in one pass. */
  counts(accountIds: string[]): ViewCounts {
    const cols = BUILTIN_VIEWS.map((v) => `SUM(CASE WHEN ${positionalRuleSql(BUILTIN_VIEW_RULES[v]).sql} THEN 1 ELSE 0 END) AS "${v}"`).join(', ');
    const row = this.db.prepare(`SELECT ${cols} FROM conversations c`).get() as Record<string, number | null>;
    const counts: ViewCounts = {};
    for (const v of BUILTIN_VIEWS) counts[v] = row[v] ?? 0;
    const perAccount = this.db
      .prepare('SELECT account_id, COUNT(*) AS n FROM conversations c WHERE ' + IN_INBOX_SQL + ' GROUP BY account_id')
      .all() as { account_id: string; n: number }[];
    for (const id of accountIds) counts[`account:${id}`] = 0;
    for (const r of perAccount) counts[`account:${r.account_id}`] = r.n;
    const perLabel = this.db
      .prepare(`SELECT l.id AS label_id, COUNT(c.id) AS n FROM labels l
                LEFT JOIN conversation_labels cl ON cl.label_id = l.id
                LEFT JOIN conversations c ON c.id = cl.conversation_id AND ${IN_INBOX_SQL}
                GROUP BY l.id`)
      .all() as { label_id: string; n: number }[];
    for (const r of perLabel) counts[`label:${r.label_id}`] = r.n;
    return counts;
  }

  /** Several conversations by id in one query (those that exist), as `get` reads each. */
  getMany(ids: readonly string[]): Map<string, ConversationRecord> {
    if (ids.length === 0) return new Map();
    this.manyStatement ??= this.db.prepare(`${SUMMARY_SELECT} WHERE c.id IN (SELECT value FROM json_each(?))`);
    const rows = this.manyStatement.all(JSON.stringify(ids)) as unknown as SummaryRow[];
    return new Map(rows.map((r) => [r.id, toRecord(r)]));
  }

  get(id: string): ConversationRecord | null {
    const row = this.db.prepare(`${SUMMARY_SELECT} WHERE c.id = ?`).get(id) as unknown as SummaryRow | undefined;
    return row ? toRecord(row) : null;
  }

  idByRemote(accountId: string, remoteId: string): string | null {
    const row = this.db.prepare('SELECT id FROM conversations WHERE account_id = ? AND remote_id = ?').get(accountId, remoteId) as
      | { id: string }
      | undefined;
    return row?.id ?? null;
  }

  /** Id and sync marker of a cached conversation, for sync's "already known" check. */
  syncState(accountId: string, remoteId: string): { id: string; marker: string | null } | null {
    const row = this.db.prepare('SELECT id, sync_marker FROM conversations WHERE account_id = ? AND remote_id = ?').get(accountId, remoteId) as
      | { id: string; sync_marker: string | null }
      | undefined;
    return row ? { id: row.id, marker: row.sync_marker } : null;
  }

  /** Rows cached from a list whose messages were never fetched (a sync was cut short), new or changed. */
  pendingSync(accountId: string): { id: string; remoteId: string; title: string; unreadCount: number; disconnected: boolean }[] {
    return (
      this.db
        .prepare(`SELECT id, remote_id, title, unread_count, disconnected FROM conversations WHERE account_id = ? AND (sync_marker IS NULL OR sync_marker LIKE '${PENDING_MARKER}%')`)
        .all(accountId) as { id: string; remote_id: string; title: string; unread_count: number; disconnected: number }[]
    ).map((r) => ({ id: r.id, remoteId: r.remote_id, title: r.title, unreadCount: r.unread_count, disconnected: r.disconnected === 1 }));
  }

  /**
   * A list showed this cached thread changed: until its messages are in, its marker says so
   * (keeping how far the last sync got), so a sync cut short before fetching them picks it up
   * next time even when the list scan stops before reaching it again.
   */
  markPending(conversationId: string): void {
    this.db
      .prepare(`UPDATE conversations SET sync_marker = '${PENDING_MARKER}' || sync_marker WHERE id = ? AND sync_marker IS NOT NULL AND sync_marker NOT LIKE '${PENDING_MARKER}%'`)
      .run(conversationId);
  }

  setSyncMarker(conversationId: string, marker: string): void {
    this.db.prepare('UPDATE conversations SET sync_marker = ? WHERE id = ?').run(marker, conversationId);
  }

  /** Shows the provider's newest message as the preview until the thread itself is cached. */
  setPreview(conversationId: string, p: { at: number; text: string; fromMe: boolean }): void {
    this.db
      .prepare(
        `UPDATE conversations SET last_message_at = ?, last_message_text = ?, last_from_me = ?
         WHERE id = ? AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ?)`,
      )
      .run(p.at, p.text, p.fromMe ? 1 : 0, conversationId, conversationId);
    this.refreshSortKey(conversationId);
  }

  // ---- snooze and reminders ------------------------------------------------------

  setSnooze(conversationId: string, s: { until: number; note: string | null; cancelIfReply: boolean } | null): void {
    this.db
      .prepare('UPDATE conversations SET snoozed_until = ?, snooze_note = ?, snooze_cancel_if_reply = ? WHERE id = ?')
      .run(s?.until ?? null, s?.note ?? null, s?.cancelIfReply ? 1 : 0, conversationId);
  }

  /** Snoozes due at or before `now`, earliest first. */
  dueSnoozes(now: number): { id: string; until: number; note: string | null }[] {
    return (
      this.db
        .prepare('SELECT id, snoozed_until, snooze_note FROM conversations WHERE snoozed_until IS NOT NULL AND snoozed_until <= ? ORDER BY snoozed_until, id')
        .all(now) as { id: string; snoozed_until: number; snooze_note: string | null }[]
    ).map((r) => ({ id: r.id, until: r.snoozed_until, note: r.snooze_note }));
  }

  /** The earliest snooze still to come, or null. */
  nextSnoozeAt(): number | null {
    const row = this.db.prepare('SELECT MIN(snoozed_until) AS t FROM conversations WHERE snoozed_until IS NOT NULL').get() as { t: number | null };
    return row.t;
  }

  /** A snooze came due: back in the inbox, on top, marked as a reminder with its note. */
  remind(conversationId: string, at: number, note: string | null): void {
    this.db
      .prepare('UPDATE conversations SET snoozed_until = NULL, snooze_note = NULL, snooze_cancel_if_reply = 0, reminder_at = ?, reminder_note = ? WHERE id = ?')
      .run(at, note, conversationId);
    this.refreshSortKey(conversationId);
  }

  clearReminder(conversationId: string): void {
    this.db.prepare('UPDATE conversations SET reminder_at = NULL, reminder_note = NULL WHERE id = ?').run(conversationId);
    this.refreshSortKey(conversationId);
  }

  markUnread(conversationId: string): void {
    this.db.prepare('UPDATE conversations SET unread_count = MAX(unread_count, 1), read_at = NULL WHERE id = ?').run(conversationId);
  }

  /** Read state as it was, for undo. */
  readState(conversationId: string): { unreadCount: number; readAt: number | null } | null {
    const r = this.db.prepare('SELECT unread_count, read_at FROM conversations WHERE id = ?').get(conversationId) as
      | { unread_count: number; read_at: number | null }
      | undefined;
    return r ? { unreadCount: r.unread_count, readAt: r.read_at } : null;
  }

  restoreReadState(conversationId: string, s: { unreadCount: number; readAt: number | null }): void {
    this.db.prepare('UPDATE conversations SET unread_count = ?, read_at = ? WHERE id = ?').run(s.unreadCount, s.readAt, conversationId);
  }

  /** Inserts or updates the provider-owned fields; local triage state is left alone. */
  upsert(c: { id: string; accountId: string; remoteId: string; title: string; disconnected: boolean; now: number }): void {
    this.db
      .prepare(
        `INSERT INTO conversations (id, account_id, remote_id, title, disconnected, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(account_id, remote_id) DO UPDATE SET title = excluded.title, disconnected = excluded.disconnected, updated_at = excluded.updated_at`,
      )
      .run(c.id, c.accountId, c.remoteId, c.title, c.disconnected ? 1 : 0, c.now);
  }

  updateFlags(conversationId: string, f: { title: string; disconnected: boolean }): void {
    this.db.prepare('UPDATE conversations SET title = ?, disconnected = ? WHERE id = ?').run(f.title, f.disconnected ? 1 : 0, conversationId);
  }

  setDisconnected(conversationId: string, disconnected: boolean): void {
    this.db.prepare('UPDATE conversations SET disconnected = ? WHERE id = ?').run(disconnected ? 1 : 0, conversationId);
  }

  /** The participants become `participants`, writing only what changed (participants.ts). */
  replaceParticipants(conversationId: string, participants: RemoteParticipant[]): void {
    writeParticipants(this.db, conversationId, participants);
  }

  /** The other person in a conversation (the first participant), as the provider described them. */
  firstParticipant(conversationId: string): RemoteParticipant | null {
    return this.participants(conversationId)[0] ?? null;
  }

  participants(conversationId: string): RemoteParticipant[] {
    const rows = this.db
      .prepare('SELECT remote_id, name, headline, company, avatar_url, profile_url FROM participants WHERE conversation_id = ? ORDER BY position')
      .all(conversationId) as { remote_id: string; name: string; headline: string | null; company: string | null; avatar_url: string | null; profile_url: string | null }[];
    return rows.map((r) => ({ remoteId: r.remote_id, name: r.name, headline: r.headline, company: r.company, avatarUrl: r.avatar_url, profileUrl: r.profile_url }));
  }

  participantIds(conversationId: string): Set<string> {
    const rows = this.db.prepare('SELECT remote_id FROM participants WHERE conversation_id = ?').all(conversationId) as { remote_id: string }[];
    return new Set(rows.map((r) => r.remote_id));
  }

  /** Recomputes the last-message fields from the cached messages (the source of truth for ordering). */
  refreshLastMessage(conversationId: string): void {
    this.db
      .prepare(
        `UPDATE conversations SET
           last_message_at   = COALESCE((SELECT sent_at FROM messages WHERE conversation_id = ?1 ORDER BY sent_at DESC, rowid DESC LIMIT 1), last_message_at),
           last_message_text = COALESCE((SELECT text    FROM messages WHERE conversation_id = ?1 ORDER BY sent_at DESC, rowid DESC LIMIT 1), last_message_text),
           last_from_me      = COALESCE((SELECT from_me FROM messages WHERE conversation_id = ?1 ORDER BY sent_at DESC, rowid DESC LIMIT 1), last_from_me)
         WHERE id = ?1`,
      )
      .run(conversationId);
    this.refreshSortKey(conversationId);
  }

  /** The list's order: newest message, or the moment a snooze came back, whichever is later. */
  refreshSortKey(conversationId: string): void {
    this.db
      .prepare('UPDATE conversations SET sort_at = MAX(last_message_at, COALESCE(reminder_at, 0)) WHERE id = ?')
      .run(conversationId);
  }

  setUnread(conversationId: string, unread: number): void {
    this.db.prepare('UPDATE conversations SET unread_count = ? WHERE id = ?').run(unread, conversationId);
  }

  markRead(conversationId: string, at: number): void {
    this.db.prepare('UPDATE conversations SET unread_count = 0, read_at = ? WHERE id = ?').run(at, conversationId);
  }

  /**
   * Archives (or, with null, un-archives) a conversation, remembering the newest message the cache
   * holds then: smart archive brings it back for a message of theirs that arrived after that.
   */
  setArchived(conversationId: string, mode: ArchiveMode | null, at: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE conversations SET archive_mode = ?, archived_at = ?,
             archived_seq = CASE WHEN ? IS NULL THEN NULL ELSE (SELECT COALESCE(MAX(rowid), 0) FROM messages) END
           WHERE id = ?`,
        )
        .run(mode, mode === null ? null : at, mode, conversationId).changes > 0
    );
  }

  /**
   * Whether a smart-archived conversation has a message from them that reached the cache after it
   * was archived (by arrival order, not by the provider's clock); null for an archive made before
   * arrival order was kept, which falls back to comparing times.
   */
  inboundArrivedSinceArchive(conversationId: string): boolean | null {
    const row = this.db
      .prepare(
        `SELECT c.archived_seq AS seq,
                EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.from_me = 0 AND m.rowid > c.archived_seq) AS arrived
           FROM conversations c WHERE c.id = ? AND c.archive_mode = 'smart'`,
      )
      .get(conversationId) as { seq: number | null; arrived: number } | undefined;
    if (!row) return false;
    return row.seq === null ? null : row.arrived === 1;
  }
}
