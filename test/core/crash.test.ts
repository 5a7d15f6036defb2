import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { startCrispySimulator, type CrispySim } from '../simulators/crispy';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { bundleForNode } from '../support/bundle';
import { VirtualClock } from '../support/clock';
import { sendAtOnce, tempDataDir } from '../support/core';

const root = join(__dirname, '..', '..');
const worker = join(root, 'test', '.generated', 'drain-worker.mjs');
const KEY = 'rk_crash_key';
const KILL_POINTS = 50;

const CRISPY_KEY = 'crispy_crash_key';

let sim: ReactInSim;
let crispy: CrispySim;
let data: { dir: string; cleanup: () => void };
let accountId = '';
let crispyId = '';
const dispatcher = new Agent();

beforeAll(async () => {
  await bundleForNode(join(root, 'test', 'crash', 'drain-worker.ts'), worker);
  // Each accepted send is stored at once but answered 30 ms later: a kill in between leaves
  // the app unsure whether it went, the case that must never turn into a duplicate.
  sim = await startReactInSimulator({ apiKey: KEY, organizationId: 'org_crash', conversations: 30, getPerMinute: 100_000, postPerMinute: 100_000, postAnswerDelayMs: 30 });
  crispy = await startCrispySimulator({ apiKey: CRISPY_KEY, conversations: 10, caps: { send: 10_000, organize: 10_000, read: 10_000 } });
  data = tempDataDir('inbox-crash-');
  const core = await openCore();
  accountId = (await core.addAccount({ provider: 'reactin', name: 'Crash seat', apiKey: KEY, config: { organizationId: 'org_crash', baseUrl: sim.baseUrl } })).id;
  crispyId = (await core.addAccount({ provider: 'crispy', name: 'Crispy seat', apiKey: CRISPY_KEY, config: { baseUrl: crispy.baseUrl } })).id;
  await core.syncNow();
  await core.close();
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await crispy?.close();
  await dispatcher.close();
  data?.cleanup();
});

async function openCore(): Promise<InboxCore> {
  const secrets = new MemorySecretStore();
  if (accountId) await secrets.set(accountId, KEY);
  if (crispyId) await secrets.set(crispyId, CRISPY_KEY);
  return createCore({ dataDir: data.dir, secrets, dispatcher, settings: sendAtOnce(), clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
}

/** Runs the worker; kills it with SIGKILL after `killAfterMs` unless it finishes first. */
function runWorker(killAfterMs: number | null): Promise<'killed' | 'drained'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker], {
      env: { ...process.env, CRASH_DATA_DIR: data.dir, CRASH_KEYS: JSON.stringify({ [accountId]: KEY, [crispyId]: CRISPY_KEY }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && out.includes('drained')) resolve('drained');
      else reject(new Error(`worker exited with ${code}: ${err}`));
    });
  });
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

it(`loses and duplicates no reply, and loses no organize action, when the app is killed at ${KILL_POINTS} random points while its outbox drains`, async () => {
  const rand = prng(20261121);
  const queued: { text: string; remoteId: string }[] = [];
  const crispyQueued: { text: string; chatId: string }[] = [];
  /** The archive state each Crispy chat must end in: the last action queued for it. */
  const lastOrganize = new Map<string, boolean>();
  let organizeQueued = 0;
  let kills = 0;
  let drainedEarly = 0;
  for (let point = 0; point < KILL_POINTS; point++) {
    // Top up the queue so every kill lands on work in progress.
    const core = await openCore();
    const all = (await core.listConversations({ view: 'all', limit: 100 })).items;
    const rows = all.filter((r) => r.accountId === accountId);
    const crispyRows = all.filter((r) => r.accountId === crispyId);
    for (let i = 0; i < 2; i++) {
      const row = crispyRows[Math.floor(rand() * crispyRows.length)]!;
      const chatId = crispy.conversations.find((c) => core.conversationIdFor(crispyId, c.chatId) === row.id)!.chatId;
      const archived = (await core.listConversations({ view: 'archived', limit: 100 })).items.some((c) => c.id === row.id);
      if (archived) await core.unarchive(row.id);
      else await core.archive(row.id);
      lastOrganize.set(chatId, !archived);
      organizeQueued++;
    }
    {
      const row = crispyRows[Math.floor(rand() * crispyRows.length)]!;
      const text = `crash-crispy-${point}`;
      await core.sendReply(row.id, text);
      crispyQueued.push({ text, chatId: crispy.conversations.find((c) => core.conversationIdFor(crispyId, c.chatId) === row.id)!.chatId });
    }
    for (let i = 0; i < 5; i++) {
      const row = rows[Math.floor(rand() * rows.length)]!;
      const text = `crash-reply-${point}-${i}`;
      await core.sendReply(row.id, text);
      queued.push({ text, remoteId: sim.conversations.find((c) => core.conversationIdFor(accountId, c.id) === row.id)!.id });
    }
    await core.close();
    const outcome = await runWorker(80 + Math.floor(rand() * 300));
    if (outcome === 'killed') kills++;
    else drainedEarly++;
  }
  expect(kills).toBeGreaterThanOrEqual(KILL_POINTS * 0.8); // the kills really landed mid-run
  // Some kills fell between ReactIn storing a reply and the app hearing so: the case that tempts a resend.
  expect(sim.unansweredSends).toBeGreaterThan(0);

  // Restart once more and let it finish.
  expect(await runWorker(null)).toBe('drained');

  // Zero lost, zero duplicated: each reply reached ReactIn exactly once, in its own thread.
  const sentTexts = sim.sent.map((s) => s.content);
  for (const q of queued) {
    expect(sentTexts.filter((t) => t === q.text)).toHaveLength(1);
    expect(sim.sent.find((s) => s.content === q.text)!.conversationId).toBe(q.remoteId);
  }
  expect(sentTexts).toHaveLength(queued.length);
  const crispyTexts = crispy.sent.map((s) => s.text);
  for (const q of crispyQueued) {
    expect(crispyTexts.filter((t) => t === q.text)).toHaveLength(1);
    expect(crispy.sent.find((s) => s.text === q.text)!.chatId).toBe(q.chatId);
  }
  // No organize action lost: every chat ends archived exactly as the last action left it.
  for (const [chatId, archived] of lastOrganize) {
    const c = crispy.conversations.find((x) => x.chatId === chatId)!;
    expect(c.archived || c.smartArchived, chatId).toBe(archived);
  }
  expect(crispy.organize.length).toBeGreaterThanOrEqual(organizeQueued);

  // And the app agrees: every entry delivered, every reply shown once as sent.
  const core = await openCore();
  expect(core.outboxEntries().filter((e) => e.status !== 'done')).toEqual([]);
  expect(core.outboxEntries()).toHaveLength(queued.length + crispyQueued.length + organizeQueued);
  for (const q of queued) {
    const id = core.conversationIdFor(accountId, q.remoteId)!;
    const copies = (await core.openConversation(id)).messages.filter((m) => m.text === q.text);
    expect(copies).toEqual([expect.objectContaining({ status: 'sent', fromMe: true })]);
  }
  await core.close();
  console.info(`crash test: ${kills} kills, ${drainedEarly} runs finished before their kill, ${sim.unansweredSends} sends stored but unanswered, ${queued.length + crispyQueued.length} replies, ${organizeQueued} organize actions (${crispy.organize.length} calls)`);
}, 180_000);
