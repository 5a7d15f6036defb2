/**
 * The data folder holds every message the person has; on a shared computer nobody else may
 * read it. The folder and backups/ are owner-only (0700), the SQLite cache and its -wal/-shm
 * and every pre-upgrade copy are 0600, whatever the umask and even when the folder or the
 * files already existed with wider modes. Plain Node, POSIX modes (CI is Linux).
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_DIR, DATABASE_FILE, openDatabase } from '../../src/main/core/db/database';
import type { Migration } from '../../src/main/core/db/migrations';
import { cleanupAfterEach } from '../support/cleanups';

const cleanup = cleanupAfterEach();

const V1: Migration = { version: 1, description: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)' };
const V2: Migration = { version: 2, description: 'note titles', sql: 'ALTER TABLE notes ADD COLUMN title TEXT' };

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** A parent folder, and the permissive umask most desktops run with (so SQLite creates 0644). */
function setUp(): string {
  const parent = mkdtempSync(join(tmpdir(), 'data-perms-'));
  const previous = process.umask(0o022);
  cleanup(
    () => rmSync(parent, { recursive: true, force: true }),
    () => process.umask(previous),
  );
  return parent;
}

describe('owner-only data folder, cache and backups', () => {
  it('a new data folder is 0700 and the cache, its WAL and shared memory are 0600', () => {
    const dataDir = join(setUp(), 'Inbox Zero for LinkedIn');
    const db = openDatabase(dataDir, { migrations: [V1] });
    cleanup(() => db.close());
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('call Amara on Tuesday');

    expect(modeOf(dataDir)).toBe('700');
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
      expect(`${file} ${modeOf(join(dataDir, file))}`).toBe(`${file} 600`);
    }
  });

  it('an existing folder and cache left world-readable by an earlier version are narrowed on open', () => {
    const dataDir = join(setUp(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    openDatabase(dataDir, { migrations: [V1] }).close();
    chmodSync(join(dataDir, DATABASE_FILE), 0o644);

    const db = openDatabase(dataDir, { migrations: [V1] });
    cleanup(() => db.close());
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('still here');

    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(join(dataDir, DATABASE_FILE))).toBe('600');
    expect(modeOf(join(dataDir, `${DATABASE_FILE}-wal`))).toBe('600');
    expect(db.prepare('SELECT body FROM notes').all()).toEqual([{ body: 'still here' }]);
  });

  it('backups/ is 0700 and the copy taken before an upgrade is 0600', () => {
    const dataDir = join(setUp(), 'data');
    const old = openDatabase(dataDir, { migrations: [V1] });
    old.prepare('INSERT INTO notes (body) VALUES (?)').run('before the upgrade');
    old.close();

    const db = openDatabase(dataDir, { migrations: [V1, V2] });
    cleanup(() => db.close());

    const backups = join(dataDir, BACKUP_DIR);
    expect(modeOf(backups)).toBe('700');
    const copies = readdirSync(backups);
    expect(copies).toHaveLength(1);
    expect(modeOf(join(backups, copies[0]!))).toBe('600');
  });
});
