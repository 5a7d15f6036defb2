/**
 * kill -9 during sync: a child process syncs a large ReactIn account from the loopback simulator
 * and is SIGKILLed inside the write transaction of a page of messages, after some pages were
 * committed (the core's crash point 'sync-page-written-not-committed'). After every kill the cache file (with the
 * -wal the dead process left) must open and pass SQLite's own checks, the full-text indexes must
 * agree with their tables, and in the end one sync must leave the cache equal to ReactIn:
 * every conversation, every message once.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Agent } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { bundleForNode } from '../support/bundle';
import { VirtualClock } from '../support/clock';
import { tempDataDir } from '../support/core';

const root = join(__dirname, '..', '..');
const worker = join(root, 'test', '.generated', 'sync-worker.mjs');
const KEY = 'rk_crash_sync_key';
const ORG = 'org_crash_sync';
const KILLS = 20;
const MAX_RUNS = 60;
const LEFT_ALONE = 6;

let sim: ReactInSim;
let data: { dir: string; cleanup: () => void };
let accountId = '';

beforeAll(async () => {
  await bundleForNode(join(root, 'test', 'crash', 'sync-worker.ts'), worker);
  // Limits far above the documented ones: the app still paces itself, on the worker's virtual clock.
  sim = await startReactInSimulator({ apiKey: KEY, organizationId: ORG, conversations: 400, getPerMinute: 10_000_000, postPerMinute: 10_000_000, seed: 42 });
  data = tempDataDir('inbox-crash-sync-');
  const dispatcher = new Agent();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: data.dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
  accountId = (await core.addAccount({ provider: 'reactin', name: 'Big seat', apiKey: KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } })).id;
  await core.close();
  await dispatcher.close();
}, 60_000);

afterAll(async () => {
  await sim?.close();
  data?.cleanup();
});

/**
 * Runs the worker. With `killAtPage`, SIGKILLs it inside the transaction writing that page of
 * messages (counted from the run's start), unless the sync finishes first.
 */
function runWorker(killAtPage: number | null): Promise<{ outcome: 'killed' | 'synced' }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { CRASH_DATA_DIR: data.dir, CRASH_KEYS: JSON.stringify({ [accountId]: KEY }) };
    if (killAtPage !== null) env.CRASH_PAGE_NTH = String(killAtPage);
    const child = spawn(process.execPath, [worker], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let landed = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!landed && out.includes('at sync-page-written-not-committed\n')) {
        landed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      if (out.includes('synced\n')) resolve({ outcome: 'synced' });
      else if (signal === 'SIGKILL' && landed) resolve({ outcome: 'killed' });
      else reject(new Error(`worker exited with ${code ?? signal}: ${err}`));
    });
  });
}

/** What a support engineer would run on the file a crash left behind. */
function inspect(): { integrity: string; foreignKeyProblems: unknown[]; messagesFts: string; peopleFts: string; messages: number } {
  expect(existsSync(join(data.dir, DATABASE_FILE))).toBe(true);
  const db = new DatabaseSync(join(data.dir, DATABASE_FILE));
  const ftsCheck = (table: string): string => {
    try {
      db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  };
  try {
    return {
      integrity: (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
      foreignKeyProblems: db.prepare('PRAGMA foreign_key_check').all(),
      messagesFts: ftsCheck('messages_fts'),
      peopleFts: ftsCheck('people_fts'),
      messages: (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** A small deterministic PRNG, so a failing run can be repeated. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it(`keeps the cache sound through ${KILLS} kill -9s inside a sync's write transaction, and the next sync makes it equal to ReactIn`, async () => {
  const rand = prng(20261121);
  let kills = 0;
  /** Kills that fell after the run had written some of its work and before it had written all of it. */
  let midWrite = 0;
  let finished = 0;
  let added = 0;
  const cachedAtKill: number[] = [];
  const remoteTotal = () => sim.conversations.reduce((n, c) => n + c.messages.length, 0);
  let cached = 0;
  for (let run = 0; run < MAX_RUNS && kills < KILLS; run++) {
    // The account keeps living between crashes: replies, messages from the phone, new threads.
    for (let i = 0; i < 25; i++) {
      const c = sim.conversations[Math.floor(rand() * sim.conversations.length)]!;
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++, added++) {
        if (rand() < 0.7) sim.addInboundMessage(c.id, `inbound ${run}-${i}-${k} about the renewal`);
        else sim.addOwnMessage(c.id, `from my phone ${run}-${i}-${k}`);
      }
    }
    for (let i = 0; i < 3; i++) {
      const fresh = sim.addConversation({ name: `New Contact ${run}-${i}` });
      for (let k = 0; k < 10; k++, added++) sim.addInboundMessage(fresh.id, `Hi, we met at the meetup (${run}-${i}-${k})`);
    }
    const expected = remoteTotal();

    // Once, the app is left alone: the first full sync completes, and later kills land in
    // incremental syncs, which stop listing early and must still pick up what a kill left behind.
    // Killed at a page from the 3rd to the 40th: earlier pages of the run are committed, that one is not.
    const { outcome } = await runWorker(run === LEFT_ALONE ? null : 3 + Math.floor(rand() * 38));
    const after = inspect();
    expect(after, `after run ${run} (${outcome})`).toMatchObject({ integrity: 'ok', foreignKeyProblems: [], messagesFts: 'ok', peopleFts: 'ok' });
    if (outcome === 'killed') {
      kills++;
      cachedAtKill.push(after.messages);
      if (after.messages > cached && after.messages < expected) midWrite++;
    } else {
      finished++;
    }
    cached = after.messages;
  }
  expect(kills).toBeGreaterThanOrEqual(KILLS);
  // Every kill fell inside a write transaction; in nearly all, part of that run's messages were
  // already committed and part not (a page re-read after an earlier kill may hold nothing new).
  expect(midWrite).toBeGreaterThanOrEqual(KILLS * 0.8);
  expect(finished).toBe(1); // only the run left alone

  // One more start, left alone, finishes the sync.
  expect((await runWorker(null)).outcome).toBe('synced');
  expect(inspect()).toMatchObject({ integrity: 'ok', foreignKeyProblems: [], messagesFts: 'ok', peopleFts: 'ok' });

  // The cache equals ReactIn: every thread with messages, each message exactly once, in order.
  const dispatcher = new Agent();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: data.dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now()) });
  try {
    const visible = sim.conversations.filter((c) => c.messages.length > 0);
    expect((await core.listConversations({ view: 'all', limit: 1 })).total).toBe(visible.length);
    const db = new DatabaseSync(join(data.dir, DATABASE_FILE), { readOnly: true });
    const threadOf = db.prepare('SELECT remote_id, text FROM messages WHERE conversation_id = ? ORDER BY sent_at, remote_id');
    let total = 0;
    try {
      for (const c of visible) {
        const id = core.conversationIdFor(accountId, c.id);
        expect(id, `${c.id} is cached`).not.toBeNull();
        const local = (threadOf.all(id!) as { remote_id: string; text: string }[]).map((m) => [m.remote_id, m.text]);
        const remote = [...c.messages].sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id)).map((m) => [m.id, m.text]);
        expect(local, c.id).toEqual(remote);
        total += remote.length;
      }
      expect((db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n).toBe(total);
    } finally {
      db.close();
    }
    // And the person finds what arrived between the crashes.
    expect((await core.search('renewal', 50)).total).toBeGreaterThan(0);
  } finally {
    await core.close();
    await dispatcher.close();
  }
  console.info(`crash-sync test: ${kills} kills inside a sync's write transaction, ${midWrite} of them mid-write (part of the run's messages committed, part not), ${finished} run left alone, ${added} messages added between runs, cache sizes at the kills ${cachedAtKill.join(', ')}`);
  // 22 worker starts and a full comparison: about 40 s on a quiet machine, over 120 s at load 13.
}, 360_000);

it('fetches every thread a sync cut short by an error had listed as changed, even those below where the next scan stops', async () => {
  const small = await startReactInSimulator({ apiKey: KEY, organizationId: ORG, conversations: 150, getPerMinute: 10_000_000, postPerMinute: 10_000_000, seed: 7 });
  const dir = tempDataDir('inbox-cut-short-');
  const dispatcher = new Agent();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir.dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
  try {
    const id = (await core.addAccount({ provider: 'reactin', name: 'Seat', apiKey: KEY, config: { organizationId: ORG, baseUrl: small.baseUrl } })).id;
    await core.syncNow(id);
    // 120 threads get a new message: more than one page of the list (100 a page).
    const touched = small.conversations.slice(0, 120);
    for (const [i, c] of touched.entries()) small.addInboundMessage(c.id, `Any news on the proposal? (${i})`);
    // The list is read, about ten threads are fetched, then ReactIn fails: the sync stops there.
    small.injectFaultAt(small.requests.length + 12, { status: 500 });
    await expect(core.syncNow(id)).rejects.toThrow();
    // The next sync reaches a thread it already has on the first page and stops listing there;
    // the threads listed before but never fetched must come in all the same.
    await core.syncNow(id);
    for (const [i, c] of touched.entries()) {
      const thread = await core.openConversation(core.conversationIdFor(id, c.id)!);
      expect(thread.messages.filter((m) => m.text === `Any news on the proposal? (${i})`), c.id).toHaveLength(1);
      expect(thread.messages).toHaveLength(c.messages.length);
    }
  } finally {
    await core.close();
    await dispatcher.close();
    await small.close();
    dir.cleanup();
  }
});
