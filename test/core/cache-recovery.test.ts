/**
 * A damaged cache is found, named and recovered. Each case makes a real damaged file (a scribbled
 * header, a cut file, a zeroed index page, a 0-byte or missing file, damage while the app runs),
 * opens a core on it and checks what a person would see: a sentence naming the file, the damaged
 * files moved aside, their labels, snoozes with notes, drafts and archive state kept, and a resync
 * bringing the conversations back. A full disk is named as a full disk.
 */
import { existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { DAMAGED_DIR, DAMAGED_MARKER, LOCAL_STATE_FILE, type CacheHistory } from '../../src/main/core/db/recovery';
import { CHECK_AFTER_FIRST_PAGE_MS } from '../../src/main/core/services/cache-health';
import { createInboxDispatcher } from '../../src/main/ipc/handlers';
import { cleanupAfterEach } from '../support/cleanups';
import { offlineDispatcher, tempDataDir } from '../support/core';

// Each case builds a demo cache, damages it, recovers and resyncs it: seconds of work, more on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const defer = cleanupAfterEach();
const DAY = 86_400_000;

class MemoryHistory implements CacheHistory {
  existed = false;
  cacheExisted(): boolean {
    return this.existed;
  }
  rememberCache(): void {
    this.existed = true;
  }
}

interface Before {
  dir: string;
  file: string;
  history: MemoryHistory;
  conversations: number;
  labelled: string;
  snoozed: string;
  archived: string;
  drafted: string;
  /** The person with a note; their conversation comes back by resync, under a new local id. */
  noted: string;
}

async function open(dir: string, history: MemoryHistory, seedDemo = true): Promise<InboxCore> {
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo, cacheHistory: history });
  defer(() => core.close());
  return core;
}

/** A cache with the demo account and local-only state on four conversations, closed cleanly. */
async function cacheWithLocalState(): Promise<Before> {
  const { dir, cleanup } = tempDataDir('inbox-recovery-');
  defer(cleanup);
  const history = new MemoryHistory();
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true, cacheHistory: history });
  const rows = (await core.listConversations({ view: 'inbox', limit: 10 })).items;
  const [labelled, snoozed, archived, drafted] = rows.map((r) => r.id) as [string, string, string, string];
  const label = await core.createLabel('Hot lead');
  await core.setLabels([labelled], [label.id], []);
  await core.snooze(snoozed, { until: Date.now() + 3 * DAY, note: 'Ask about the budget' });
  await core.archive(archived);
  await core.saveDraft(drafted, 'Thanks — does Tuesday work?');
  // A note on a person (one of ten conversations that carry nothing else of the person's): only this computer has it.
  await core.saveNote(rows[5]!.id, 'Met at the Lisbon offsite');
  const conversations = (await core.listConversations({ view: 'all' })).total;
  await core.close();
  return { dir, file: join(dir, DATABASE_FILE), history, conversations, labelled, snoozed, archived, drafted, noted: rows[5]!.participant.name };
}

/** What the person had, checked on the recovered core, then a resync that brings every conversation and its messages back. */
async function expectKeptAndResynced(core: InboxCore, b: Before): Promise<void> {
  expect((await core.listLabels()).map((l) => l.name)).toEqual(['Hot lead']);
  expect((await core.listConversations({ view: 'snoozed' })).items.map((c) => [c.id, c.snoozeNote])).toEqual([[b.snoozed, 'Ask about the budget']]);
  expect((await core.listConversations({ view: 'archived' })).items.map((c) => c.id)).toEqual([b.archived]);
  await core.syncNow();
  expect((await core.listConversations({ view: 'all' })).total).toBe(b.conversations);
  const labelled = (await core.listConversations({ view: 'all', limit: 1000 })).items.find((c) => c.id === b.labelled)!;
  expect(labelled.labels.map((l) => l.name)).toEqual(['Hot lead']);
  const thread = await core.openConversation(b.drafted);
  expect(thread.draft).toBe('Thanks — does Tuesday work?');
  expect(thread.messages.length).toBeGreaterThan(0);
  const noted = (await core.listConversations({ view: 'all', limit: 1000 })).items.filter((c) => c.hasNote);
  expect(noted.map((c) => c.participant.name)).toEqual([b.noted]);
  expect((await core.openConversation(noted[0]!.id)).note?.text).toBe('Met at the Lisbon offsite');
}

function damagedCopies(dir: string): string[] {
  const root = join(dir, DAMAGED_DIR);
  return existsSync(root) ? readdirSync(root).flatMap((sub) => readdirSync(join(root, sub)).map((f) => join(DAMAGED_DIR, sub, f))) : [];
}

function overwrite(file: string, at: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
}

/** The page size and root page of an index, read from the (sound) file. */
function indexPage(file: string, index: string): { pageSize: number; root: number } {
  const db = new DatabaseSync(file, { readOnly: true });
  const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  const root = (db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(index) as { rootpage: number }).rootpage;
  db.close();
  return { pageSize, root };
}

describe('a cache damaged while the app was closed', () => {
  it('a scribbled header: named, moved aside, local-only state back from the rolling copy, conversations resynced', async () => {
    const b = await cacheWithLocalState();
    overwrite(b.file, 0, Buffer.alloc(100, 0x5a));
    const core = await open(b.dir, b.history);
    const said = core.cacheRecovery();
    expect(said).toContain(b.file);
    expect(said).toMatch(/damaged \(it is no longer a database file\)\. It was moved to .*damaged/);
    expect(said).toContain('1 label');
    expect(damagedCopies(b.dir)).toContain(join(DAMAGED_DIR, readdirSync(join(b.dir, DAMAGED_DIR))[0]!, DATABASE_FILE));
    expect((await core.listAccounts()).map((a) => a.provider)).toEqual(['demo']); // not a second demo account
    await expectKeptAndResynced(core, b);
  });

  it('a file cut in half: the same, and the app does not answer "could not be opened" on every start', async () => {
    const b = await cacheWithLocalState();
    truncateSync(b.file, Math.floor(statSync(b.file).size / 2));
    const core = await open(b.dir, b.history);
    expect(core.cacheRecovery()).toContain(b.file);
    await expectKeptAndResynced(core, b);
    await core.close();
    const again = await open(b.dir, b.history);
    expect(again.cacheRecovery()).toBeNull(); // recovered once, sound since
  });
});

describe('the check of the whole file runs after open, off the opening path', () => {
  it('a zeroed index page: the first page is answered before the check reports, then the person is told, writing stops, and the next start recovers from the damaged file itself', async () => {
    const b = await cacheWithLocalState();
    // An index the first page does not read: only SQLite's check of every page can find it.
    const { pageSize, root } = indexPage(b.file, 'messages_by_time');
    overwrite(b.file, (root - 1) * pageSize, Buffer.alloc(pageSize));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const core = await createCore({ dataDir: b.dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true, cacheHistory: b.history, cacheCheck: { hold: held } });
    defer(() => core.close());
    const notices: string[] = [];
    core.onChanged((e) => {
      if (e.notice) notices.push(e.notice);
    });
    expect(core.cacheRecovery()).toBeNull(); // opening did not wait for SQLite's check of every page
    core.start();
    rmSync(join(b.dir, LOCAL_STATE_FILE)); // no rolling copy: what is kept must come from the damaged file
    const page = await core.listConversations({ view: 'inbox', limit: 50 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(notices).toEqual([]); // the check is held: nothing found yet
    expect(existsSync(join(b.dir, DAMAGED_MARKER))).toBe(false);

    release();
    await expect.poll(() => notices, { timeout: 60_000 }).toEqual([expect.stringContaining(`The message cache (${b.file}) is damaged, so the app stopped writing to it.`)]);
    expect(existsSync(join(b.dir, DAMAGED_MARKER))).toBe(true);
    const ipc = createInboxDispatcher(core);
    expect(await ipc('createLabel', ['After the check'])).toEqual({ ok: false, error: { code: 'storage', message: expect.stringContaining('stopped writing') } });
    await core.close();

    const next = await open(b.dir, b.history);
    expect(next.cacheRecovery()).toMatch(/damage was found while the app was running/);
    await expectKeptAndResynced(next, b);
  });

  it('a sound cache: the check finds nothing, nobody is told anything and nothing is marked', async () => {
    const b = await cacheWithLocalState();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let checked!: (damage: string | null) => void;
    const done = new Promise<string | null>((resolve) => (checked = resolve));
    const core = await createCore({ dataDir: b.dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true, cacheHistory: b.history, cacheCheck: { hold: held, checked } });
    defer(() => core.close());
    const notices: string[] = [];
    core.onChanged((e) => {
      if (e.notice) notices.push(e.notice);
    });
    core.start();
    await core.listConversations({ view: 'inbox', limit: 50 }); // the window's first page: the check follows it
    release();
    expect(await done).toBeNull();
    expect(notices).toEqual([]);
    expect(existsSync(join(b.dir, DAMAGED_MARKER))).toBe(false);
    await core.archive((await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!.id); // still writing
  });
});

describe('the check waits for the window’s first rows', () => {
  it('it starts only once the first page of the list is served and the window has had a moment to draw it', async () => {
    const b = await cacheWithLocalState();
    let checkedAt: number | null = null;
    const core = await createCore({ dataDir: b.dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true, cacheHistory: b.history, cacheCheck: { checked: () => (checkedAt = Date.now()) } });
    defer(() => core.close());
    core.start();
    // A check of this small file takes well under a second once started: it has not, with no page asked for.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(checkedAt).toBeNull();

    const served = Date.now();
    await core.listConversations({ view: 'inbox', limit: 50 });
    await expect.poll(() => checkedAt, { timeout: 60_000 }).not.toBeNull();
    expect(checkedAt! - served).toBeGreaterThanOrEqual(CHECK_AFTER_FIRST_PAGE_MS - 50);
  });
});

describe('a cache that vanished', () => {
  it('a 0-byte file, when this computer had a cache, is reported (not a new install) and local-only state comes back', async () => {
    const b = await cacheWithLocalState();
    truncateSync(b.file, 0);
    rmSync(`${b.file}-wal`, { force: true });
    const core = await open(b.dir, b.history);
    expect(core.cacheRecovery()).toMatch(new RegExp(`The message cache \\(${b.file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) was empty \\(0 bytes\\), though this computer had one before`));
    await expectKeptAndResynced(core, b);
  });

  it('a missing file is reported the same way; a first start on a new computer is not', async () => {
    const b = await cacheWithLocalState();
    rmSync(b.file);
    const core = await open(b.dir, b.history);
    expect(core.cacheRecovery()).toMatch(/was missing, though this computer had one before/);
    await expectKeptAndResynced(core, b);

    const fresh = tempDataDir('inbox-recovery-');
    defer(fresh.cleanup);
    const first = await open(fresh.dir, new MemoryHistory());
    expect(first.cacheRecovery()).toBeNull();
    expect((await first.listAccounts()).map((a) => a.provider)).toEqual(['demo']);
  });
});

describe('damage found while the app runs', () => {
  it('list and thread answer with the file named (never "Your data is safe"), writing stops, and the next start recovers', async () => {
    const b = await cacheWithLocalState();
    const core = await open(b.dir, b.history);
    const ipc = createInboxDispatcher(core);
    // Everything into the main file, then two index pages zeroed under the running app: the ones
    // the inbox page (migration 11's inbox index) and a thread read.
    const other = new DatabaseSync(b.file);
    other.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    for (const index of ['conversations_inbox', 'messages_by_conversation']) {
      const { pageSize, root } = indexPage(b.file, index);
      overwrite(b.file, (root - 1) * pageSize, Buffer.alloc(pageSize));
    }
    other.exec("INSERT INTO meta (key, value) VALUES ('poke', '1')"); // a new WAL frame: the app's page cache is dropped
    other.close();

    const list = await ipc('listConversations', [{ view: 'inbox' }]);
    expect(list).toEqual({ ok: false, error: { code: 'storage', message: expect.stringContaining(`The message cache (${b.file}) is damaged`) } });
    expect(JSON.stringify(list)).not.toMatch(/data is safe/i);
    const write = await ipc('createLabel', ['After damage']);
    expect(write).toEqual({ ok: false, error: { code: 'storage', message: expect.stringContaining('stopped writing') } });
    await core.close();

    const next = await open(b.dir, b.history);
    expect(next.cacheRecovery()).toMatch(/damage was found while the app was running/);
    expect((await next.listLabels()).map((l) => l.name)).toEqual(['Hot lead']);
  });

  it('a full disk is named as a full disk, and what was being saved is not half-saved', async () => {
    const b = await cacheWithLocalState();
    const core = await open(b.dir, b.history);
    const ipc = createInboxDispatcher(core);
    // The cache may not grow by one page: what SQLite reports when the disk is full.
    const db = (core as unknown as { db: DatabaseSync }).db;
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages}`);
    let answer: unknown = null;
    // A draft in every conversation: pages the schema freed (migration 15 rebuilds the message
    // index) and a replaced draft's pages are reused first, so one conversation's drafts may never grow the file.
    const ids = (await core.listConversations({ view: 'all', limit: 1000 })).items.map((c) => c.id);
    for (let i = 0; i < 500; i++) {
      answer = await ipc('saveDraft', [ids[i % ids.length]!, `draft ${i} `.repeat(1500)]);
      if (!(answer as { ok: boolean }).ok) break;
    }
    expect(answer).toEqual({ ok: false, error: { code: 'storage', message: `The disk is full: the message cache (${b.file}) cannot grow, so this change was not saved. Free some disk space and try again.` } });
    expect(readFileSync(b.file).length).toBeGreaterThan(0);
  });
});
