/**
 * Schema migrations, from every version that ever shipped. Each case builds a cache at exactly
 * version v with the SQL that shipped (MIGRATIONS up to v), fills it the way that version of the
 * app wrote it, then opens it with the app: the pre-upgrade copy must hold exactly the old file,
 * and the upgraded file must be sound and show the person everything they had.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE, listBackups, openDatabase, schemaVersion } from '../../src/main/core/db/database';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../src/main/core/db/migrations';
import { DEFAULT_VIRTUAL_START, VirtualClock } from '../support/clock';
import { offlineDispatcher, tempDataDir } from '../support/core';

const T = DEFAULT_VIRTUAL_START;
const HOUR = 3_600_000;
const PEOPLE = [
  ['Amara Okonkwo', 'Head of Talent', 'Northwind'],
  ['Bastian Lindqvist', 'CTO', 'Fjord Labs'],
  ['Chiara Benedetti', 'Partner', 'Lago Ventures'],
  ['Dmitri Volkov', 'Engineering Manager', 'Steppe Systems'],
  ['Elif Yildiz', 'Founder', 'Bosphorus AI'],
  ['Farah Haddad', 'Recruiter', 'Cedar Staffing'],
  ['Goran Petrovic', 'VP Sales', 'Danube Data'],
  ['Hana Sato', 'Product Lead', 'Kumo Cloud'],
  ['Ines Carvalho', 'Investor', 'Atlântico Capital'],
  ['Jonas Weber', 'Designer', 'Rhein Studio'],
  ['Kwame Mensah', 'COO', 'Volta Logistics'],
  ['Lucía Fernández', 'Analyst', 'Meseta Partners'],
] as const;
const N = PEOPLE.length;
const ARCHIVED_SMART = 3;
const ARCHIVED_FOREVER = 5;
const SNOOZED = 7;
const REMINDED = 9;
const GROUP = 11;
const PENDING_IN = 2;
const FAILED_IN = 4;
/** Conversations and their labels: 0 and 2 are hot leads, 2 and 8 investors. */
const LABELLED: [number, string][] = [
  [0, 'l-hot'],
  [2, 'l-hot'],
  [2, 'l-inv'],
  [8, 'l-inv'],
];

const cid = (i: number) => `conv-${i}`;
const lastAt = (i: number) => T - (i + 1) * HOUR;
const messagesOf = (i: number) => [
  { id: `${cid(i)}-m0`, remote: `r${i}-0`, fromMe: false, text: i === 0 ? 'Can we review the zanzibar quarterly forecast together?' : `Hello from ${PEOPLE[i]![0]}`, at: lastAt(i) - 2 * HOUR },
  { id: `${cid(i)}-m1`, remote: `r${i}-1`, fromMe: true, text: `Thanks ${PEOPLE[i]![0].split(' ')[0]}, happy to talk.`, at: lastAt(i) - HOUR },
  { id: `${cid(i)}-m2`, remote: `r${i}-2`, fromMe: i % 2 === 1, text: `Latest note number ${i}`, at: lastAt(i) },
];

/** A cache exactly as the app of version `v` left it: its schema, its rows, its WAL. */
function buildAt(dir: string, v: number): void {
  const db = new DatabaseSync(join(dir, DATABASE_FILE), { enableForeignKeyConstraints: true });
  db.exec('PRAGMA journal_mode = WAL');
  for (const m of MIGRATIONS.filter((m) => m.version <= v)) {
    db.exec('BEGIN');
    db.exec(m.sql);
    db.exec(`PRAGMA user_version = ${m.version}`);
    db.exec('COMMIT');
  }
  if (v >= 1) fill(db, v);
  // Left open-then-closed like a quitting app; WAL content is checkpointed on close.
  db.close();
}

function fill(db: DatabaseSync, v: number): void {
  db.exec('BEGIN');
  db.prepare("INSERT INTO meta (key, value) VALUES ('demo_created', ?)").run(String(T - 90 * 24 * HOUR));
  const account = db.prepare('INSERT INTO accounts (id, provider, name, config, created_at, status, last_synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  account.run('acc-reactin', 'reactin', 'Sales seat', JSON.stringify({ organizationId: 'org_sales', baseUrl: 'http://127.0.0.1:9' }), T - 30 * 24 * HOUR, 'ok', T - HOUR);
  account.run('acc-linkup', 'linkup', 'Recruiting', JSON.stringify({ accountId: 'li_recruit', baseUrl: 'http://127.0.0.1:9' }), T - 20 * 24 * HOUR, 'ok', T - HOUR);
  if (v >= 2) db.exec("UPDATE accounts SET credits_used = 42 WHERE id = 'acc-linkup'");
  if (v >= 3) db.exec('UPDATE accounts SET listed_to_end = 1');
  const label = db.prepare('INSERT INTO labels (id, name, color, pinned, created_at) VALUES (?, ?, ?, ?, ?)');
  label.run('l-hot', 'Hot lead', 'red', 1, T - 10 * 24 * HOUR);
  label.run('l-inv', 'Investors', 'blue', 0, T - 9 * 24 * HOUR);

  const conv = db.prepare(
    `INSERT INTO conversations (id, account_id, remote_id, title, last_message_at, last_message_text, last_from_me, unread_count, read_at, archived_at, archive_mode, snoozed_until, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const person = db.prepare('INSERT INTO participants (conversation_id, remote_id, position, name, headline, company, avatar_url, profile_url) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)');
  const message = db.prepare(
    'INSERT INTO messages (id, conversation_id, remote_id, sender_remote_id, sender_name, text, sent_at, from_me, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < N; i++) {
    const [name, headline, company] = PEOPLE[i]!;
    const msgs = messagesOf(i);
    const last = msgs[msgs.length - 1]!;
    const unread = i % 3 === 0 && !last.fromMe ? 1 : 0;
    conv.run(
      cid(i),
      i % 2 === 0 ? 'acc-reactin' : 'acc-linkup',
      `remote-${i}`,
      name,
      last.at,
      last.text,
      last.fromMe ? 1 : 0,
      unread,
      unread ? null : last.at + 60_000,
      i === ARCHIVED_SMART || i === ARCHIVED_FOREVER ? T - 30 * 60_000 : null,
      i === ARCHIVED_SMART ? 'smart' : i === ARCHIVED_FOREVER ? 'forever' : null,
      i === SNOOZED ? T + 7 * 24 * HOUR : null,
      T - HOUR,
    );
    person.run(cid(i), `person-${i}`, 0, name, headline, company, `https://www.linkedin.com/in/person-${i}`);
    if (i === GROUP) person.run(cid(i), 'person-extra', 1, 'Zofia Nowak', 'Chief of Staff', 'Vistula Group', 'https://www.linkedin.com/in/zofia');
    for (const m of msgs) {
      message.run(m.id, cid(i), m.remote, m.fromMe ? 'me' : `person-${i}`, m.fromMe ? 'You' : name, m.text, m.at, m.fromMe ? 1 : 0, 'sent', null);
    }
  }
  // A reply waiting in the outbox, and one the provider refused.
  message.run('pending-reply', cid(PENDING_IN), null, 'me', 'You', 'Sending you the deck now', T - 5 * 60_000, 1, 'pending', null);
  message.run('failed-reply', cid(FAILED_IN), null, 'me', 'You', 'Are you free on Thursday?', T - 10 * 60_000, 1, 'failed', 'ReactIn refused the message: the recipient is not a connection.');
  db.prepare(
    "INSERT INTO outbox (account_id, conversation_id, kind, payload, status, attempts, next_attempt_at, created_at, updated_at) VALUES ('acc-reactin', ?, 'send', ?, 'pending', 0, ?, ?, ?)",
  ).run(cid(PENDING_IN), JSON.stringify({ kind: 'send', messageId: 'pending-reply', remoteConversationId: `remote-${PENDING_IN}`, recipient: null, text: 'Sending you the deck now' }), T + 365 * 24 * HOUR, T - 5 * 60_000, T - 5 * 60_000);
  const tag = db.prepare('INSERT INTO conversation_labels (conversation_id, label_id) VALUES (?, ?)');
  for (const [i, l] of LABELLED) tag.run(cid(i), l);
  if (v >= 3) db.exec("UPDATE conversations SET sync_marker = 'complete'");
  if (v >= 4) {
    db.prepare('UPDATE conversations SET snooze_note = ?, snooze_cancel_if_reply = 1 WHERE id = ?').run('Follow up after the board meeting', cid(SNOOZED));
    db.prepare('UPDATE conversations SET reminder_at = ?, reminder_note = ? WHERE id = ?').run(T - 10 * 60_000, 'Send the pricing sheet', cid(REMINDED));
    // Version 4 kept one sort key: the newest message or reminder.
    db.exec('UPDATE conversations SET sort_at = MAX(last_message_at, COALESCE(reminder_at, 0))');
  }
  db.exec('COMMIT');
}

/** Every row of every ordinary table (the full-text indexes are checked by soundness()), for comparing two files. */
function dump(file: string): Record<string, unknown[]> {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT rowid AS _rowid, * FROM "${name}" ORDER BY rowid`).all().map((r) => ({ ...r }))]));
  } finally {
    db.close();
  }
}

function versionOf(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

/** What a careful support engineer would run on the file. */
function soundness(file: string): { integrity: string; foreignKeyProblems: unknown[]; ftsOk: boolean } {
  const db = new DatabaseSync(file);
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
    const foreignKeyProblems = db.prepare('PRAGMA foreign_key_check').all();
    let ftsOk = true;
    try {
      db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
      db.exec("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')");
    } catch {
      ftsOk = false;
    }
    return { integrity, foreignKeyProblems, ftsOk };
  } finally {
    db.close();
  }
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const d = tempDataDir('inbox-migrate-');
  cleanups.push(d.cleanup);
  return d.dir;
}

async function openCore(dir: string): Promise<InboxCore> {
  const dispatcher = offlineDispatcher();
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(T) });
  cleanups.push(async () => {
    await core.close();
    await dispatcher.close();
  });
  return core;
}

describe.each(MIGRATIONS.filter((m) => m.version < SCHEMA_VERSION).map((m) => m.version))('a cache at schema version %i', (v) => {
  it(`is copied to backups/ first, then upgraded to version ${SCHEMA_VERSION} with every conversation, message, label, snooze and queued reply intact`, async () => {
    const dir = dataDir();
    const file = join(dir, DATABASE_FILE);
    buildAt(dir, v);
    const before = dump(file);
    expect(versionOf(file)).toBe(v);

    const core = await openCore(dir);

    // The copy: one file named for the old version, at that version, holding exactly the old rows.
    const backups = listBackups(dir);
    expect(backups).toHaveLength(1);
    expect(basename(backups[0]!)).toMatch(new RegExp(`^inbox-v${v}-\\d{8}T\\d{9}Z\\.sqlite$`));
    expect(versionOf(backups[0]!)).toBe(v);
    expect(dump(backups[0]!)).toEqual(before);
    expect(soundness(backups[0]!)).toMatchObject({ integrity: 'ok', foreignKeyProblems: [] });

    // The upgraded file is sound.
    expect(versionOf(file)).toBe(SCHEMA_VERSION);
    expect(soundness(file)).toEqual({ integrity: 'ok', foreignKeyProblems: [], ftsOk: true });

    // And the person sees everything they had.
    expect((await core.listAccounts()).map((a) => [a.name, a.usage.creditsUsed])).toEqual([
      ['Sales seat', null],
      ['Recruiting', v >= 2 ? 42 : 0],
    ]);
    expect((await core.listConversations({ view: 'all' })).total).toBe(N);
    const inbox = await core.listConversations({ view: 'inbox' });
    expect(inbox.total).toBe(N - 3);
    expect((await core.listConversations({ view: 'archived' })).items.map((c) => [c.title, c.archived])).toEqual(
      expect.arrayContaining([
        [PEOPLE[ARCHIVED_SMART]![0], 'smart'],
        [PEOPLE[ARCHIVED_FOREVER]![0], 'forever'],
      ]),
    );
    const snoozed = (await core.listConversations({ view: 'snoozed' })).items;
    expect(snoozed.map((c) => [c.title, c.snoozedUntil, c.snoozeNote])).toEqual([[PEOPLE[SNOOZED]![0], T + 7 * 24 * HOUR, v >= 4 ? 'Follow up after the board meeting' : null]]);
    // Newest first; a reminder (version 4 on) sorts by when it came due, so it leads the inbox.
    const inboxOrder = [...Array(N).keys()].filter((i) => ![ARCHIVED_SMART, ARCHIVED_FOREVER, SNOOZED].includes(i)).map(cid);
    if (v >= 4) inboxOrder.splice(inboxOrder.indexOf(cid(REMINDED)), 1), inboxOrder.unshift(cid(REMINDED));
    expect(inbox.items.map((c) => c.id)).toEqual(inboxOrder);
    if (v >= 4) expect(inbox.items[0]!.reminder).toEqual({ at: T - 10 * 60_000, note: 'Send the pricing sheet' });
    expect(inbox.items.find((c) => c.id === cid(PENDING_IN))).toMatchObject({ pendingCount: 1, labels: [{ name: 'Hot lead' }, { name: 'Investors' }] });
    expect(inbox.items.find((c) => c.id === cid(FAILED_IN))).toMatchObject({ failedCount: 1 });

    expect((await core.listLabels()).map((l) => [l.name, l.pinned])).toEqual([
      ['Hot lead', true],
      ['Investors', false],
    ]);
    expect((await core.listConversations({ view: 'label:l-hot' })).items.map((c) => c.id).sort()).toEqual([cid(0), cid(2)]);
    expect((await core.listConversations({ view: 'label:l-inv' })).items.map((c) => c.id).sort()).toEqual([cid(2), cid(8)]);

    const thread = await core.openConversation(cid(0));
    expect(thread.messages.map((m) => m.text)).toEqual(messagesOf(0).map((m) => m.text));
    const failed = (await core.openConversation(cid(FAILED_IN))).messages.find((m) => m.id === 'failed-reply');
    expect(failed).toMatchObject({ status: 'failed', error: 'ReactIn refused the message: the recipient is not a connection.' });
    expect(core.outboxEntries()).toEqual([expect.objectContaining({ conversationId: cid(PENDING_IN), status: 'pending', payload: expect.objectContaining({ messageId: 'pending-reply' }) })]);

    // Version 5 indexed what was already there: old messages and people are found by search.
    const byWord = await core.search('zanzibar forecast');
    expect(byWord.hits.map((h) => [h.conversation.id, h.messageId])).toEqual([[cid(0), `${cid(0)}-m0`]]);
    expect((await core.search('Vistula')).hits.map((h) => h.conversation.id)).toEqual([cid(GROUP)]);
    expect((await core.search('from:Lindqvist')).hits.map((h) => h.conversation.id)).toEqual([cid(1)]);
  });
});

describe('opening without an upgrade', () => {
  it('gives a brand-new cache (version 0, an empty file) the whole schema and takes no copy of it', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, DATABASE_FILE), ''); // version 0: the file exists and holds nothing
    expect(versionOf(join(dir, DATABASE_FILE))).toBe(0);
    const core = await openCore(dir);
    expect(versionOf(join(dir, DATABASE_FILE))).toBe(SCHEMA_VERSION);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
    expect((await core.listConversations({ view: 'all' })).total).toBe(0);
    expect(await core.createLabel('Works')).toMatchObject({ name: 'Works' });
    expect(soundness(join(dir, DATABASE_FILE))).toEqual({ integrity: 'ok', foreignKeyProblems: [], ftsOk: true });
  });

  it('takes no copy of a cache that is already current', async () => {
    const dir = dataDir();
    buildAt(dir, SCHEMA_VERSION);
    const core = await openCore(dir);
    expect((await core.listConversations({ view: 'all' })).total).toBe(N);
    expect(listBackups(dir)).toEqual([]);
  });
});

describe('when an upgrade cannot be done', () => {
  const broken = (version: number): Migration => ({ version, description: 'broken on purpose', sql: 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);' });

  it('leaves the file at its old version with all its data, and the error names the copy to restore', () => {
    const dir = dataDir();
    const file = join(dir, DATABASE_FILE);
    buildAt(dir, SCHEMA_VERSION);
    const before = dump(file);

    let error: Error | null = null;
    try {
      openDatabase(dir, { migrations: [...MIGRATIONS, broken(SCHEMA_VERSION + 1)] }).close();
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(new RegExp(`could not be upgraded from schema version ${SCHEMA_VERSION} to ${SCHEMA_VERSION + 1}.*no such table: no_such_table.*left as it was`));
    const [backup] = listBackups(dir);
    expect(backup).toBeDefined();
    expect(error!.message).toContain(backup!);
    expect(versionOf(file)).toBe(SCHEMA_VERSION);
    expect(dump(file)).toEqual(before); // no half_done table, every row as it was
    expect(dump(backup!)).toEqual(before);

    // The app of this version still opens it as if nothing happened.
    const db = openDatabase(dir);
    expect((db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n).toBe(N * 3 + 2);
    db.close();
  });

  it('undoes the whole upgrade, not only the step that failed: a version 2 file stays at version 2', () => {
    const dir = dataDir();
    const file = join(dir, DATABASE_FILE);
    buildAt(dir, 2);
    const before = dump(file);
    const steps = MIGRATIONS.map((m) => (m.version === 4 ? broken(4) : m));
    expect(() => openDatabase(dir, { migrations: steps })).toThrow(new RegExp(`from schema version 2 to ${SCHEMA_VERSION} .*A copy taken just before the upgrade is at .*inbox-v2-`));
    expect(versionOf(file)).toBe(2);
    expect(dump(file)).toEqual(before); // version 3's columns are not there either
  });

  it('refuses a cache from a newer version of the app without touching it', async () => {
    const dir = dataDir();
    const file = join(dir, DATABASE_FILE);
    buildAt(dir, SCHEMA_VERSION);
    const raw = new DatabaseSync(file);
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = dump(file);
    const dispatcher = offlineDispatcher();
    cleanups.push(() => dispatcher.close());
    await expect(createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher })).rejects.toThrow(
      `written by a newer version of this app (schema version ${SCHEMA_VERSION + 1}; this version knows up to ${SCHEMA_VERSION})`,
    );
    expect(versionOf(file)).toBe(SCHEMA_VERSION + 1);
    expect(dump(file)).toEqual(before);
    expect(listBackups(dir)).toEqual([]);
  });
});

it(`keeps the newest 3 copies when the schema is upgraded again and again`, () => {
  const dir = dataDir();
  buildAt(dir, SCHEMA_VERSION);
  const later: Migration[] = [];
  for (let extra = 1; extra <= 4; extra++) {
    later.push({ version: SCHEMA_VERSION + extra, description: `step ${extra}`, sql: `CREATE TABLE later_${extra} (x);` });
    openDatabase(dir, { migrations: [...MIGRATIONS, ...later] }).close();
  }
  const kept = listBackups(dir);
  expect(kept.map((p) => versionOf(p))).toEqual([SCHEMA_VERSION + 1, SCHEMA_VERSION + 2, SCHEMA_VERSION + 3]);
  expect(readdirSync(join(dir, 'backups'))).toHaveLength(3);
  expect(versionOf(join(dir, DATABASE_FILE))).toBe(SCHEMA_VERSION + 4);
});
