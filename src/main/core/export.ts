/**
 * "Export all data": every piece of local data (accounts without their keys, labels,
 * conversations with their people, triage state, snoozes and notes, messages including unsent
 * ones, drafts, pending follow-up reminders, replies scheduled to go later, settings) as one versioned JSON document.
 *
 * The export reads through its own read-only connection inside one read transaction, so the
 * file is a single consistent snapshot while the app keeps syncing on its main connection. It is
 * written a chunk at a time (one conversation with its messages at a time, never the whole
 * document as one string) to a temporary file beside the target, flushed to disk and renamed
 * over it: the chosen path ends up holding either the complete export or what it held before.
 */
import { randomUUID } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AppSettings } from '../../shared/domain';
import { AppError } from './errors';
import type { CrashPoint } from './ports';

export const EXPORT_FORMAT = 'linkedin-inbox-export';
export const EXPORT_VERSION = 1;

/** The file name the Save dialog suggests: linkedin-inbox-export-2026-11-21.json (local date). */
export function exportFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `linkedin-inbox-export-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

export interface ExportInput {
  /** The SQLite cache to read. */
  databaseFile: string;
  /** Where the export goes (replaced atomically). */
  path: string;
  settings: AppSettings;
  now: number;
  /** Tests only: called at each named point between two writes (see CrashPoint). */
  crashPoint?: (point: CrashPoint) => void;
}

export interface ExportCounts {
  accounts: number;
  conversations: number;
  messages: number;
  labels: number;
  drafts: number;
  notes: number;
}

/** Config fields that could ever hold a credential are left out, whatever a future provider stores. */
const SECRET_FIELD = /key|secret|token|password|credential|auth/i;

/** Bytes gathered before one write to disk. */
const CHUNK_BYTES = 1 << 20;

/**
 * Notes on people (migration 13), by person: their name and profile URL as last seen, how the app
 * recognises them, and the conversations with them still in the cache. A cache from before the
 * notes (no table) has none.
 */
function exportNotes(db: DatabaseSync) {
  const hasNotes = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_notes'").get() !== undefined;
  if (!hasNotes) return [];
  const rows = db.prepare('SELECT person, name, profile_url, text, updated_at FROM person_notes ORDER BY name COLLATE NOCASE, person').all() as unknown as {
    person: string;
    name: string;
    profile_url: string | null;
    text: string;
    updated_at: number;
  }[];
  const conversationsOf = db.prepare('SELECT conversation_id FROM participants WHERE person_key = ? AND position = 0 ORDER BY conversation_id');
  return rows.map((n) => {
    const byAccount = /^id:([^:]*):(.*)$/su.exec(n.person);
    return {
      person: {
        name: n.name,
        profileUrl: n.profile_url,
        // 'profile': the same profile URL on any account; 'account': the provider's participant id in one account.
        identity: byAccount ? 'account' : 'profile',
        ...(byAccount ? { accountId: byAccount[1], participantId: byAccount[2] } : {}),
      },
      text: n.text,
      updatedAt: iso(n.updated_at),
      conversationIds: (conversationsOf.all(n.person) as unknown as { conversation_id: string }[]).map((r) => r.conversation_id),
    };
  });
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

interface ConversationRow {
  id: string;
  account_id: string;
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
  snoozed_until: number | null;
  snooze_note: string | null;
  snooze_cancel_if_reply: number;
  reminder_at: number | null;
  reminder_note: string | null;
  updated_at: number;
  labels_json: string;
}

interface MessageRow {
  id: string;
  remote_id: string | null;
  sender_remote_id: string | null;
  sender_name: string;
  text: string;
  sent_at: number;
  from_me: number;
  status: string;
  error: string | null;
}

/** Writes the export; returns what it holds. Throws an AppError with a sentence when it cannot. */
export async function writeExport(input: ExportInput): Promise<ExportCounts> {
  const db = new DatabaseSync(input.databaseFile, { readOnly: true });
  const temp = join(dirname(input.path), `.${basename(input.path)}.${randomUUID().slice(0, 8)}.tmp`);
  await removeStaleTemps(input.path);
  let file: Awaited<ReturnType<typeof open>> | null = null;
  try {
    db.exec('BEGIN'); // one snapshot for the whole document
    try {
      file = await open(temp, 'wx', 0o600);
    } catch (err) {
      throw writeError(input.path, err);
    }
    const out = new ChunkWriter(file, input.path);
    const counts = await writeDocument(db, out, input);
    await out.flush();
    try {
      await file.sync();
      await file.close();
      file = null;
      input.crashPoint?.('export-written-not-renamed');
      await rename(temp, input.path);
    } catch (err) {
      throw writeError(input.path, err);
    }
    return counts;
  } catch (err) {
    await file?.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw err;
  } finally {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

/**
 * Removes the hidden temp files an export to `path` left when the app was killed mid-write: each
 * is a plain-text copy of the person's messages that nothing else would ever delete.
 */
async function removeStaleTemps(path: string): Promise<void> {
  const own = new RegExp(`^\\.${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return; // an unreadable folder fails the export itself, with its own sentence
  }
  await Promise.all(names.filter((n) => own.test(n)).map((n) => rm(join(dirname(path), n), { force: true }).catch(() => {})));
}

async function writeDocument(db: DatabaseSync, out: ChunkWriter, input: ExportInput): Promise<ExportCounts> {
  const schemaVersion = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

  const accounts = (db.prepare('SELECT id, provider, name, config, created_at, last_synced_at FROM accounts ORDER BY created_at, rowid').all() as unknown as {
    id: string;
    provider: string;
    name: string;
    config: string;
    created_at: number;
    last_synced_at: number | null;
  }[]).map((a) => ({
    id: a.id,
    provider: a.provider,
    name: a.name,
    createdAt: iso(a.created_at),
    lastSyncedAt: iso(a.last_synced_at),
    config: publicConfig(a.config),
  }));

  const labels = (db.prepare('SELECT id, name, color, pinned, created_at, follow_up_days FROM labels ORDER BY name COLLATE NOCASE').all() as unknown as {
    id: string;
    name: string;
    color: string;
    pinned: number;
    created_at: number;
    follow_up_days: number | null;
  }[]).map((l) => ({ id: l.id, name: l.name, color: l.color, pinned: l.pinned === 1, createdAt: iso(l.created_at), followUpDays: l.follow_up_days }));

  const drafts = (db.prepare('SELECT conversation_id, text, updated_at FROM drafts ORDER BY updated_at').all() as unknown as {
    conversation_id: string;
    text: string;
    updated_at: number;
  }[]).map((d) => ({ conversationId: d.conversation_id, text: d.text, updatedAt: iso(d.updated_at) }));

  // Pending follow-up reminders: which reply each follows, and when it comes due.
  const followUps = (db.prepare('SELECT conversation_id, message_id, due_at, created_at, weekdays_only FROM follow_ups ORDER BY due_at, conversation_id').all() as unknown as {
    conversation_id: string;
    message_id: string;
    due_at: number;
    created_at: number;
    weekdays_only: number;
  }[]).map((f) => ({ conversationId: f.conversation_id, messageId: f.message_id, dueAt: iso(f.due_at), createdAt: iso(f.created_at), weekdaysOnly: f.weekdays_only === 1 }));
  const notes = exportNotes(db);
  // Replies scheduled to go later and not yet sent (their messages are in the threads, status pending).
  const scheduledReplies = (db
    .prepare("SELECT conversation_id, payload, send_at, status, last_error FROM outbox WHERE send_at IS NOT NULL AND status <> 'done' ORDER BY send_at, id")
    .all() as unknown as { conversation_id: string | null; payload: string; send_at: number; status: string; last_error: string | null }[]).map((r) => {
    const payload = JSON.parse(r.payload) as { messageId?: string; text?: string };
    const state = r.status === 'failed' ? 'failed' : r.status === 'inflight' ? 'sending' : 'waiting';
    return { conversationId: r.conversation_id, messageId: payload.messageId ?? null, text: payload.text ?? '', sendAt: iso(r.send_at), state, note: r.last_error };
  });

  const head = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: iso(input.now),
    schemaVersion,
    accounts,
    labels,
    settings: input.settings,
    drafts,
    followUps,
    notes,
    scheduledReplies,
  };
  // The head as an object without its closing brace, then the conversations array streamed after it.
  const headJson = JSON.stringify(head, null, 1);
  await out.write(`${headJson.slice(0, headJson.lastIndexOf('}')).trimEnd()},\n "conversations": [`);

  const conversations = db.prepare(
    `SELECT c.*,
            (SELECT COALESCE(json_group_array(l.name), '[]') FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id) AS labels_json
       FROM conversations c ORDER BY c.account_id, c.last_message_at DESC, c.id`,
  );
  const participants = db.prepare('SELECT remote_id, name, headline, company, avatar_url, profile_url FROM participants WHERE conversation_id = ? ORDER BY position');
  const messages = db.prepare(
    'SELECT id, remote_id, sender_remote_id, sender_name, text, sent_at, from_me, status, error FROM messages WHERE conversation_id = ? ORDER BY sent_at, rowid',
  );

  let conversationCount = 0;
  let messageCount = 0;
  for (const raw of conversations.iterate()) {
    const c = raw as unknown as ConversationRow;
    const people = (participants.all(c.id) as unknown as { remote_id: string; name: string; headline: string | null; company: string | null; avatar_url: string | null; profile_url: string | null }[]).map(
      (p) => ({ remoteId: p.remote_id, name: p.name, headline: p.headline, company: p.company, avatarUrl: p.avatar_url, profileUrl: p.profile_url }),
    );
    const thread = (messages.all(c.id) as unknown as MessageRow[]).map((m) => ({
      id: m.id,
      remoteId: m.remote_id,
      sentAt: iso(m.sent_at),
      fromMe: m.from_me === 1,
      sender: { remoteId: m.sender_remote_id, name: m.sender_name },
      text: m.text,
      status: m.status,
      error: m.error,
    }));
    const conversation = {
      id: c.id,
      accountId: c.account_id,
      remoteId: c.remote_id,
      title: c.title,
      participants: people,
      lastMessageAt: iso(c.last_message_at),
      lastFromMe: c.last_from_me === 1,
      unreadCount: c.unread_count,
      readAt: iso(c.read_at),
      disconnected: c.disconnected === 1,
      archived: c.archive_mode === null && c.archived_at === null ? null : { mode: c.archive_mode, at: iso(c.archived_at) },
      snooze: c.snoozed_until === null ? null : { until: iso(c.snoozed_until), note: c.snooze_note, cancelIfReply: c.snooze_cancel_if_reply === 1 },
      reminder: c.reminder_at === null ? null : { at: iso(c.reminder_at), note: c.reminder_note },
      labels: JSON.parse(c.labels_json) as string[],
      updatedAt: iso(c.updated_at),
      messages: thread,
    };
    await out.write(`${conversationCount === 0 ? '\n' : ',\n'}  ${JSON.stringify(conversation)}`);
    conversationCount++;
    messageCount += thread.length;
  }
  await out.write(`${conversationCount === 0 ? '' : '\n '}]\n}\n`);
  return { accounts: accounts.length, conversations: conversationCount, messages: messageCount, labels: labels.length, drafts: drafts.length, notes: notes.length };
}

/** An account's config without anything that could be a credential (none is stored; this keeps it so). */
function publicConfig(json: string): Record<string, unknown> {
  let config: unknown;
  try {
    config = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof config !== 'object' || config === null) return {};
  return Object.fromEntries(Object.entries(config).filter(([k]) => !SECRET_FIELD.test(k)));
}

function writeError(path: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'the app may not write there'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'ENOENT'
          ? 'that folder does not exist'
          : code === 'EROFS'
            ? 'that disk is read-only'
            : (code ?? 'an unexpected error');
  // The remedy is the person's: another place (or space) for the file.
  return new AppError('invalid-input', `The export could not be saved to ${path}: ${why}. Nothing was written there; choose another place and try again.`, { cause: err });
}

/** Gathers text into ~1 MB buffers and writes each in turn, so memory stays flat whatever the size. */
class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(
    private readonly file: { writeFile(data: string): Promise<unknown> },
    private readonly path: string,
  ) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    try {
      await this.file.writeFile(data); // writes all of it, unlike write()
    } catch (err) {
      throw writeError(this.path, err);
    }
  }
}
