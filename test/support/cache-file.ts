/**
 * A real SQLite cache file in a temporary folder, for tests that write rows straight into it
 * (search-key.test.ts, sender-index.test.ts): opened with all migrations or the first few, with
 * one account and numbered conversations. Folders are removed after each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { MIGRATIONS } from '../../src/main/core/db/migrations';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A new cache file, migrated with `migrations` (all of them unless given). */
export function freshDb(migrations = MIGRATIONS): { db: Db; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-cache-file-'));
  dirs.push(dir);
  return { db: openDatabase(dir, { migrations }), dir };
}

/** Account a1 and conversations c1…cN, titled `${title} i`, last active at `lastAt`. */
export function seedConversations(db: Db, n: number, lastAt: number, title = 'Person'): void {
  db.prepare("INSERT INTO accounts (id, provider, name, created_at) VALUES ('a1', 'reactin', 'Work', 0)").run();
  for (let i = 1; i <= n; i++) {
    db.prepare("INSERT INTO conversations (id, account_id, remote_id, title, last_message_at, updated_at) VALUES (?, 'a1', ?, ?, ?, 0)").run(`c${i}`, `r${i}`, `${title} ${i}`, lastAt);
  }
}
