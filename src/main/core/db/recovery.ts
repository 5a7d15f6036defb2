/**
 * Opening the cache when it may be damaged, missing or empty. The cache is mostly a copy of what
 * the providers hold (a resync brings that back), but some of it exists nowhere else: accounts'
 * settings, labels, archive and snooze state with notes, notes on people, drafts, unsent replies. So:
 *
 * - at open, the file's header and length are checked (cheap: SQLite's full `quick_check` runs after
 *   open, in a worker thread, see cache-check.ts); a file that fails them (or cannot be read at
 *   all, or was marked damaged while the app ran) is moved aside into `damaged/`, the local-only
 *   state that can still be read is salvaged from it into a fresh cache, and every account is
 *   marked to be listed and fetched again;
 * - a cache that is missing or empty although one existed before (the host remembers that, see
 *   CacheHistory) is reported, never silently treated as a first start;
 * - in both cases, what the damaged file cannot give is taken from the rolling copy of local-only
 *   state (`local-state.json`, rewritten at every start and close).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DATABASE_FILE, openDatabase, transaction, type Db, type OpenOptions } from './database';
import { isCorruption } from './storage-errors';

/** Folder (inside the data directory) where damaged caches are moved, one sub-folder per event. */
export const DAMAGED_DIR = 'damaged';
/** Left beside the cache when damage is found while the app runs: the next start recovers. */
export const DAMAGED_MARKER = `${DATABASE_FILE}.damaged`;
/** The rolling copy of local-only state. */
export const LOCAL_STATE_FILE = 'local-state.json';

/** Whether this computer has had a cache before; kept by the host outside the cache (the shell's preferences). */
export interface CacheHistory {
  cacheExisted(): boolean;
  rememberCache(): void;
}

/**
 * Local-only state, table by table, in the order rows must be inserted (parents first). Rows of
 * conversations and participants come along because labels, snoozes and drafts hang on them; the
 * messages and outbox entries kept are only the replies not yet delivered.
 */
const LOCAL_TABLES: { table: string; where?: string }[] = [
  { table: 'meta' },
  { table: 'accounts' },
  { table: 'labels' },
  { table: 'conversations' },
  { table: 'participants' },
  { table: 'conversation_labels' },
  { table: 'drafts' },
  // Keyed by person, not by conversation: they meet their conversations again as those resync.
  { table: 'person_notes' },
  { table: 'messages', where: "status <> 'sent'" },
  { table: 'outbox', where: "status <> 'done'" },
  { table: 'key_cleanup' },
];

type Row = Record<string, unknown>;
export type LocalState = Record<string, Row[]>;

export interface OpenedCache {
  db: Db;
  /** What happened, for the person, when the cache had to be recovered or was found missing; else null. */
  recovery: string | null;
}

/** Opens the cache in `dataDir`, recovering it when it is damaged and reporting it when it vanished. */
export function openCache(dataDir: string, options: OpenOptions & { history?: CacheHistory } = {}): OpenedCache {
  const file = join(dataDir, DATABASE_FILE);
  const size = existsSync(file) ? statSync(file).size : -1;
  let damage: string | null = existsSync(join(dataDir, DAMAGED_MARKER)) ? 'damage was found while the app was running' : null;
  let lost: string | null = null;
  if (size <= 0 && options.history?.cacheExisted()) lost = size < 0 ? 'missing' : 'empty (0 bytes)';
  if (damage === null && size > 0) damage = checkFile(file);

  let db: Db;
  let report: string | null = null;
  if (damage !== null) {
    const { movedTo, state } = moveAside(dataDir);
    db = openDatabase(dataDir, options);
    const rolling = readRollingCopy(dataDir);
    const counts = restore(db, state, rolling);
    report =
      `The message cache (${file}) was damaged (${damage}). It was moved to ${movedTo} and a fresh cache was started; ` +
      `${describe(counts)} Your conversations are being downloaded again.`;
  } else {
    try {
      db = openDatabase(dataDir, options);
    } catch (err) {
      if (!isCorruption(err) || existsSync(join(dataDir, DAMAGED_MARKER))) throw err;
      markDamaged(dataDir); // damage that only showed while opening or upgrading: the next try recovers
      return openCache(dataDir, options);
    }
    if (lost !== null) {
      const counts = restore(db, {}, readRollingCopy(dataDir));
      report = `The message cache (${file}) was ${lost}, though this computer had one before, so a fresh cache was started. ${describe(counts)} Your conversations are being downloaded again.`;
    }
  }
  options.history?.rememberCache();
  return { db, recovery: report };
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Null when the file looks whole; else what is wrong with it, for the person. Reads only the
 * 100-byte header: the magic string, and whether the file is as long as the header says. The
 * length is trusted only when no write-ahead log is beside the file (else the log may still hold
 * pages a checkpoint was writing) and the header's size field is current.
 */
function checkFile(file: string): string | null {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read = 0;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return 'it is no longer a database file';
  const hasLog = ['-wal', '-journal'].some((suffix) => existsSync(file + suffix) && statSync(file + suffix).size > 0);
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  const current = header.readUInt32BE(24) === header.readUInt32BE(92);
  if (!hasLog && current && pages > 0 && statSync(file).size < pages * pageSize) return 'SQLite could not read parts of it';
  return null;
}

/** Moves the cache and its -wal/-shm into damaged/<time>/ and reads what local-only state it still gives. */
function moveAside(dataDir: string): { movedTo: string; state: LocalState } {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const dir = join(dataDir, DAMAGED_DIR, stamp);
  mkdirSync(dir, { recursive: true, mode: 0o700 }); // it holds a copy of the messages: owner-only, like the cache
  for (const suffix of ['', '-wal', '-shm']) {
    const from = join(dataDir, `${DATABASE_FILE}${suffix}`);
    if (existsSync(from)) renameSync(from, join(dir, `${DATABASE_FILE}${suffix}`));
  }
  rmSync(join(dataDir, DAMAGED_MARKER), { force: true });
  return { movedTo: dir, state: salvage(join(dir, DATABASE_FILE)) };
}

/** Every local-only row that can still be read from a damaged file; a table that cannot be read at all is skipped. */
function salvage(file: string): LocalState {
  const state: LocalState = {};
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file);
  } catch {
    return state;
  }
  try {
    for (const { table, where } of LOCAL_TABLES) state[table] = readRows(db, table, where);
  } finally {
    db.close();
  }
  return state;
}

/** Reads a table whole; failing that, in slices of rowids, keeping every slice that reads. */
function readRows(db: DatabaseSync, table: string, where?: string): Row[] {
  const filter = where ? ` AND (${where})` : '';
  try {
    return db.prepare(`SELECT * FROM "${table}" NOT INDEXED WHERE 1${filter}`).all() as Row[];
  } catch {
    // fall through to slices
  }
  let last = 0;
  try {
    last = (db.prepare(`SELECT max(rowid) AS n FROM "${table}"`).get() as { n: number | null }).n ?? 0;
  } catch {
    last = 1_000_000; // the last page is damaged too: try every slice up to a bound
  }
  const rows: Row[] = [];
  const SLICE = 64;
  let failures = 0;
  for (let from = 1; from <= last && failures < 2_000; from += SLICE) {
    try {
      rows.push(...(db.prepare(`SELECT * FROM "${table}" NOT INDEXED WHERE rowid BETWEEN ? AND ?${filter}`).all(from, from + SLICE - 1) as Row[]));
    } catch {
      failures++;
    }
  }
  return rows;
}

interface RestoreCounts {
  accounts: number;
  labels: number;
  snoozes: number;
  notes: number;
  drafts: number;
  personNotes: number;
  replies: number;
}

/**
 * Puts salvaged rows (then any the rolling copy has that the damaged file did not give) into the
 * fresh cache, and marks every account and thread to be synced again from the start.
 */
function restore(db: Db, salvaged: LocalState, rolling: LocalState): RestoreCounts {
  transaction(db, () => {
    for (const { table } of LOCAL_TABLES) insertRows(db, table, salvaged[table] ?? []);
    for (const { table } of LOCAL_TABLES) insertRows(db, table, (rolling[table] ?? []).map((row) => unsure(table, row)));
    db.exec("UPDATE accounts SET listed_to_end = 0, status = 'idle', status_message = NULL, retry_at = NULL");
    // Messages are downloaded again with new arrival order: smart archive compares times for these.
    db.exec('UPDATE conversations SET sync_marker = NULL, archived_seq = NULL');
  });
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    accounts: n('SELECT COUNT(*) AS n FROM accounts'),
    labels: n('SELECT COUNT(*) AS n FROM labels'),
    snoozes: n('SELECT COUNT(*) AS n FROM conversations WHERE snoozed_until IS NOT NULL'),
    notes: n('SELECT COUNT(*) AS n FROM conversations WHERE snooze_note IS NOT NULL OR reminder_note IS NOT NULL'),
    drafts: n('SELECT COUNT(*) AS n FROM drafts'),
    personNotes: n('SELECT COUNT(*) AS n FROM person_notes'),
    replies: n("SELECT COUNT(*) AS n FROM messages WHERE status <> 'sent'"),
  };
}

const UNSURE = 'The app lost its cache before it knew whether this reply was delivered. Check the conversation on LinkedIn, then retry or discard it.';

/**
 * The rolling copy may be older than the cache was: a reply it lists as waiting may have been
 * delivered since. It comes back as failed, with a sentence, for the person to retry or discard,
 * never queued on its own (a second copy would reach the other person).
 */
function unsure(table: string, row: Row): Row {
  if (table === 'messages') return { ...row, status: 'failed', error: UNSURE };
  if (table === 'outbox') return { ...row, status: 'failed', last_error: UNSURE };
  return row;
}

/**
 * Columns the cache works out itself as a row goes in (the message index's key and sender: its
 * insert trigger, db/search-key.ts and db/sender-index.ts): a salvaged key would collide with the
 * key the trigger just gave the message before it in the same second, and the row would be lost.
 */
const WORKED_OUT: Record<string, readonly string[]> = { messages: ['search_key', 'sender_words'] };

function insertRows(db: Db, table: string, rows: Row[]): void {
  if (rows.length === 0) return;
  const columns = new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
  for (const column of WORKED_OUT[table] ?? []) columns.delete(column);
  for (const row of rows) {
    const names = Object.keys(row).filter((k) => columns.has(k));
    if (names.length === 0) continue;
    try {
      db.prepare(`INSERT OR IGNORE INTO "${table}" (${names.map((k) => `"${k}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(
        ...(names.map((k) => row[k]) as never[]),
      );
    } catch {
      // A row whose parent could not be salvaged (or that breaks a rule) is left out; the rest go in.
    }
  }
}

function describe(c: RestoreCounts): string {
  const parts = [
    plural(c.accounts, 'account'),
    plural(c.labels, 'label'),
    plural(c.snoozes, 'snooze'),
    plural(c.notes, 'note'),
    plural(c.drafts, 'draft'),
    plural(c.personNotes, 'note on a person', 'notes on people'),
    plural(c.replies, 'unsent reply', 'unsent replies'),
  ];
  return `Kept: ${parts.join(', ')}.`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/**
 * Conversations that carry something of the person's (a label, archive, snooze or reminder, a draft,
 * an unsent reply): the only ones the rolling copy keeps, with their people; the rest come back by resync.
 */
const CARRIES_LOCAL_STATE = `(archived_at IS NOT NULL OR snoozed_until IS NOT NULL OR reminder_at IS NOT NULL
  OR id IN (SELECT conversation_id FROM conversation_labels) OR id IN (SELECT conversation_id FROM drafts)
  OR id IN (SELECT conversation_id FROM messages WHERE status <> 'sent'))`;
const ROLLING_WHERE: Record<string, string> = {
  conversations: CARRIES_LOCAL_STATE,
  participants: `conversation_id IN (SELECT id FROM conversations WHERE ${CARRIES_LOCAL_STATE})`,
};

/** Writes the rolling copy of local-only state (temp file, then rename), so a lost or damaged cache can give it back. */
export function writeRollingCopy(db: Db, dataDir: string): void {
  const state: LocalState = {};
  for (const { table, where } of LOCAL_TABLES) {
    const filter = ROLLING_WHERE[table] ?? where;
    state[table] = db.prepare(`SELECT * FROM "${table}"${filter ? ` WHERE ${filter}` : ''}`).all() as Row[];
  }
  const path = join(dataDir, LOCAL_STATE_FILE);
  const temp = `${path}.partial`;
  writeFileSync(temp, JSON.stringify({ format: 'linkedin-inbox-local-state', version: 1, tables: state }), { mode: 0o600 });
  renameSync(temp, path);
}

function readRollingCopy(dataDir: string): LocalState {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, LOCAL_STATE_FILE), 'utf8')) as { format?: string; tables?: LocalState };
    return parsed.format === 'linkedin-inbox-local-state' && parsed.tables && typeof parsed.tables === 'object' ? parsed.tables : {};
  } catch {
    return {}; // none yet, or unreadable: nothing to add
  }
}

/** Marks the cache as damaged so the next start recovers it, whatever quick_check says then. */
export function markDamaged(dataDir: string): void {
  try {
    writeFileSync(join(dataDir, DAMAGED_MARKER), new Date().toISOString());
  } catch {
    // Nothing more can be done here; the person has the sentence.
  }
}

