/**
 * The inbox is paged and counted from its own small index (migration 11), not by reading every
 * conversation's row: at 100,000 conversations that is the difference between the first page in
 * about 10 ms and 30–50 ms. SQLite uses a partial index only when the query's condition implies
 * the index's, so this breaks silently if the inbox rule in src/shared/views.ts or its SQL
 * changes; the query plans say which index each query reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { positionalRuleSql } from '../../src/main/core/store/view-sql';
import { IN_INBOX } from '../../src/shared/views';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function cache(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-index-'));
  const db = openDatabase(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => db.close());
  return db;
}

const plan = (db: Db, sql: string, params: string[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');

describe('the inbox index', () => {
  it('serves the inbox count and its first page (newest first, no sorting of every row)', () => {
    const db = cache();
    const inbox = positionalRuleSql(IN_INBOX);
    // What ConversationStore.list asks for a view: the page in list order, then the total.
    const page = plan(db, `SELECT c.id FROM conversations c WHERE ${inbox.sql} ORDER BY c.sort_at DESC, c.id LIMIT 100 OFFSET 0`, inbox.params);
    const count = plan(db, `SELECT COUNT(*) AS n FROM conversations c WHERE ${inbox.sql}`, inbox.params);
    expect(page).toContain('conversations_inbox');
    expect(page).not.toContain('TEMP B-TREE');
    expect(count).toContain('conversations_inbox');
    // The check can fail: a condition that does not imply the index's is not served by it.
    const archived = plan(db, `SELECT COUNT(*) AS n FROM conversations c WHERE c.archived_at IS NOT NULL`, []);
    expect(archived).not.toContain('conversations_inbox');
  });
});
