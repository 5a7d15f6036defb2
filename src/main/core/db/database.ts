/**
 * The offline cache: one SQLite file (node:sqlite, built into Node 24 and Electron 45)
 * in WAL mode, migrated on open. Before an existing file is migrated, a consistent copy of it
 * goes to `backups/` beside it, so an upgrade that goes wrong can always be undone.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../errors';
import type { CrashPoint } from '../ports';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = DatabaseSync;

export const DATABASE_FILE = 'inbox.sqlite';
/** Folder (inside the data directory) that holds the copies taken before each upgrade. */
export const BACKUP_DIR = 'backups';
/** How many pre-upgrade copies are kept; older ones are removed after a new one is written. */
export const BACKUPS_KEPT = 3;

const BACKUP_NAME = /^inbox-v(\d+)-(\d{8}T\d{9}Z)(?:-(\d+))?\.sqlite$/;

export interface OpenOptions {
  /** The schema history to apply (tests inject a failing one); the shipped MIGRATIONS by default. */
  migrations?: readonly Migration[];
  /** Pre-upgrade copies to keep (default BACKUPS_KEPT). */
  backupsKept?: number;
  /** Tests only: called at each named point between two writes (see CrashPoint). */
  crashPoint?: (point: CrashPoint) => void;
}

/**
 * Opens (creating if needed) the cache in `dataDir` and brings its schema up to date.
 * An existing file behind the app's schema is first copied to `backups/`; a file from a newer
 * version of the app is refused rather than touched.
 */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  ownerOnly(dataDir, 0o700);
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { enableForeignKeyConstraints: true });
  try {
    // Before WAL mode: SQLite creates -wal and -shm with the main file's mode.
    for (const suffix of ['', '-wal', '-shm']) ownerOnly(join(dataDir, DATABASE_FILE + suffix), 0o600);
    db.exec('PRAGMA journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA busy_timeout = 5000');
    // A page cache of up to 64 MB (SQLite's default is 2 MB), filled only by pages read: at
    // 100,000 conversations (a 500 MB file) searches that visit thousands of rows read them from
    // here instead of asking the OS for each page again (p95 of the 12 bench searches 12.9 → 8.7 ms).
    db.exec('PRAGMA cache_size = -65536');
    const from = schemaVersion(db);
    const target = latestVersion(migrations);
    if (from > target) {
      throw new AppError(
        'internal',
        `The message cache in ${dataDir} was written by a newer version of this app (schema version ${from}; this version knows up to ${target}). ` +
          'Install the newer version again — this one leaves the cache untouched so nothing is lost.',
      );
    }
    if (from < target) {
      const backup = isEmpty(db) ? null : backupBeforeMigrating(db, dataDir, from, options.backupsKept ?? BACKUPS_KEPT, options.crashPoint);
      try {
        migrate(db, migrations);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new AppError(
          'internal',
          `The message cache could not be upgraded from schema version ${from} to ${target} (${why}); it was left as it was, at version ${from}.` +
            (backup ? ` A copy taken just before the upgrade is at ${backup}.` : ''),
          { cause: err },
        );
      }
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Applies every migration newer than the file's user_version, all in one transaction: either the
 * file reaches the newest version or it stays exactly at the version it had.
 */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  transaction(db, () => {
    for (const m of pending) {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
    }
  });
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** A brand-new file: nothing in it worth a copy. */
function isEmpty(db: Db): boolean {
  const row = db.prepare('SELECT COUNT(*) AS n FROM sqlite_master').get() as { n: number };
  return row.n === 0;
}

/**
 * Writes a consistent copy of the open database (WAL included) to backups/ and keeps only the
 * newest `keep` copies. VACUUM INTO reads through this connection, so the copy is one snapshot,
 * and it leaves the live file (and its rowids, which the FTS indexes point at) untouched. The copy
 * is written under a temporary name, checked, then renamed: a copy cut short by a crash never
 * carries a backup's name (nor counts as one of the kept), and the next upgrade removes it.
 */
function backupBeforeMigrating(db: Db, dataDir: string, version: number, keep: number, crashPoint?: (point: CrashPoint) => void): string {
  const dir = join(dataDir, BACKUP_DIR);
  let path = '';
  let temp = '';
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    ownerOnly(dir, 0o700);
    removeUnfinishedBackups(dir);
    const stamp = new Date().toISOString().replace(/[-:.]/g, ''); // 20261121T093000123Z
    path = join(dir, `inbox-v${version}-${stamp}.sqlite`);
    for (let n = 2; existsSync(path); n++) path = join(dir, `inbox-v${version}-${stamp}-${n}.sqlite`);
    temp = `${path}${UNFINISHED_SUFFIX}`;
    db.prepare('VACUUM INTO ?').run(temp);
    ownerOnly(temp, 0o600);
    // The copy's full-text indexes must agree with its tables whatever VACUUM did to rowids.
    const copy = new DatabaseSync(temp);
    try {
      const fts = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%content%'").all() as { name: string }[];
      for (const { name } of fts) copy.exec(`INSERT INTO "${name}" ("${name}") VALUES ('rebuild')`);
      const check = copy.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
      if (check.length !== 1 || check[0]!.quick_check !== 'ok') throw new Error('the copy did not pass SQLite\'s check');
    } finally {
      copy.close();
    }
    crashPoint?.('backup-copied-not-renamed');
    renameSync(temp, path);
  } catch (err) {
    if (temp) rmSync(temp, { force: true });
    if (path) rmSync(path, { force: true });
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'internal',
      `The message cache needs an upgrade, but a copy of it could not be saved first (${why}), so it was not upgraded. Free some disk space in ${dataDir} and start the app again.`,
      { cause: err },
    );
  }
  pruneBackups(dir, keep);
  return path;
}

/** The pre-upgrade copies in `dir`, oldest first. */
export function listBackups(dataDir: string): string[] {
  const dir = join(dataDir, BACKUP_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: BACKUP_NAME.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
    .sort((a, b) => a.m[2]!.localeCompare(b.m[2]!) || Number(a.m[3] ?? 1) - Number(b.m[3] ?? 1))
    .map((f) => join(dir, f.name));
}

/** The name a backup has while it is being written and checked. */
const UNFINISHED_SUFFIX = '.partial';

/**
 * Removes what a copy cut short left in backups/: a file still under its temporary name, SQLite's
 * journal beside it, and (from versions before copies were renamed into place) a backup that is empty.
 */
function removeUnfinishedBackups(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const ours = name.startsWith('inbox-v');
    const unfinished = name.includes(`.sqlite${UNFINISHED_SUFFIX}`) || /\.sqlite(?:-journal|-wal|-shm)$/.test(name);
    try {
      if (ours && (unfinished || (BACKUP_NAME.test(name) && statSync(path).size === 0))) rmSync(path, { force: true });
    } catch {
      // What cannot be removed now is tried again at the next upgrade.
    }
  }
}

function pruneBackups(dir: string, keep: number): void {
  const all = listBackups(join(dir, '..'));
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    try {
      rmSync(old, { force: true });
    } catch {
      // An old copy that cannot be removed costs disk space, nothing else.
    }
  }
}

/**
 * Narrows a file or folder of the cache to its owner: messages are private on a shared computer,
 * and SQLite creates files with the umask's mode (0644). Windows has no such modes; chmod is a no-op there.
 */
function ownerOnly(path: string, mode: 0o600 | 0o700): void {
  if (existsSync(path)) chmodSync(path, mode);
}

/** Runs `fn` in one IMMEDIATE transaction; nested calls join the outer one. */
export function transaction<T>(db: Db, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    // Some errors (a full disk, an I/O error) end the transaction themselves: roll back only
    // what is still open, so the original error is the one that reaches the caller.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
