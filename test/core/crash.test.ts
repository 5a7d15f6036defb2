import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { bundleForNode } from '../support/bundle';
import { VirtualClock } from '../support/clock';
import { tempDataDir } from '../support/core';

const root = join(__dirname, '..', '..');
const worker = join(root, 'test', '.generated', 'drain-worker.mjs');
const KEY = 'rk_crash_key';
const KILL_POINTS = 50;

let sim: ReactInSim;
let data: { dir: string; cleanup: () => void };
let accountId = '';
const dispatcher = new Agent();

beforeAll(async () => {
  await bundleForNode(join(root, 'test', 'crash', 'drain-worker.ts'), worker);
  // Each accepted send is stored at once but answered 30 ms later: a kill in between leaves
  // the app unsure whether it went, the case that must never turn into a duplicate.
  sim = await startReactInSimulator({ apiKey: KEY, organizationId: 'org_crash', conversations: 30, getPerMinute: 100_000, postPerMinute: 100_000, postAnswerDelayMs: 30 });
  data = tempDataDir('inbox-crash-');
  const core = await openCore();
  accountId = (await core.addAccount({ provider: 'reactin', name: 'Crash seat', apiKey: KEY, config: { organizationId: 'org_crash', baseUrl: sim.baseUrl } })).id;
  await core.syncNow(accountId);
  await core.close();
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await dispatcher.close();
  data?.cleanup();
});

async function openCore(): Promise<InboxCore> {
  const secrets = new MemorySecretStore();
  if (accountId) await secrets.set(accountId, KEY);
  return createCore({ dataDir: data.dir, secrets, dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
}

/** Runs the worker; kills it with SIGKILL after `killAfterMs` unless it finishes first. */
function runWorker(killAfterMs: number | null): Promise<'killed' | 'drained'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker], {
      env: { ...process.env, CRASH_DATA_DIR: data.dir, CRASH_KEYS: JSON.stringify({ [accountId]: KEY }) },
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

it(`loses and duplicates no reply when the app is killed at ${KILL_POINTS} random points while its outbox drains`, async () => {
  const rand = prng(20261121);
  const queued: { text: string; remoteId: string }[] = [];
  let kills = 0;
  let drainedEarly = 0;
  for (let point = 0; point < KILL_POINTS; point++) {
    // Top up the queue so every kill lands on work in progress.
    const core = await openCore();
    const rows = (await core.listConversations({ view: 'all', limit: 100 })).items;
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

  // And the app agrees: every entry delivered, every reply shown once as sent.
  const core = await openCore();
  expect(core.outboxEntries().map((e) => e.status)).toEqual(queued.map(() => 'done'));
  for (const q of queued) {
    const id = core.conversationIdFor(accountId, q.remoteId)!;
    const copies = (await core.openConversation(id)).messages.filter((m) => m.text === q.text);
    expect(copies).toEqual([expect.objectContaining({ status: 'sent', fromMe: true })]);
  }
  await core.close();
  console.info(`crash test: ${kills} kills, ${drainedEarly} runs finished before their kill, ${sim.unansweredSends} sends stored but unanswered, ${queued.length} replies`);
}, 180_000);
