/**
 * Quit during a first sync (issue 13, item 4): close() aborts the request in flight and the
 * rate-limit wait, and the sync stops before its next page, so closing takes well under 3 s even
 * while the core waits out ReactIn's 30 GET a minute. The next start resumes the sync: no
 * conversation twice, every one arrives with its thread.
 *
 * The first run is in real time at ReactIn's real rate (the simulator enforces it too): the 3,000
 * conversations take 30 list pages, so the core must wait a minute after the 29th (the connection
 * test took the first slot) — that is when the person quits. Only close() is timed. The second run
 * waits on a virtual clock that skips the rate-limit waits (the simulator counts on the same clock).
 */
import { Agent } from 'undici';
import { expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { systemClock, type Clock } from '../../src/main/core/ports';
import { startReactInSimulator } from '../simulators/reactin';
import { cleanupAfterEach } from '../support/cleanups';
import { VirtualClock } from '../support/clock';
import { sendAtOnce, tempDataDir } from '../support/core';
import { localId, reactInWorld } from '../support/reactin-core';

const defer = cleanupAfterEach();
const CONVERSATIONS = 3_000;

it('quits within 3 s while a first sync of 3,000 conversations waits for ReactIn, and the next start resumes it', async () => {
  let clock: Clock = systemClock;
  const sim = await startReactInSimulator({ apiKey: 'rk_quit', organizationId: 'org_quit', conversations: CONVERSATIONS, getPerMinute: 30, now: () => clock.now() });
  const dispatcher = new Agent();
  const { dir, cleanup } = tempDataDir('inbox-quit-');
  const secrets = new MemorySecretStore();
  const open = () => createCore({ dataDir: dir, secrets, dispatcher, clock, settings: sendAtOnce(), allowLoopbackBaseUrls: true });
  let core: InboxCore = await open();
  defer(cleanup, () => dispatcher.close(), () => sim.close(), () => core.close());
  const accountId = (await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: 'rk_quit', config: { organizationId: 'org_quit', baseUrl: sim.baseUrl } })).id;

  const firstSync = core.syncNow(accountId).then(
    () => 'finished',
    () => 'stopped',
  );
  // The 30th GET of the minute has gone out: the next one must wait about a minute.
  await vi.waitFor(() => expect(sim.requests.length).toBeGreaterThanOrEqual(30), { timeout: 30_000, interval: 50 });
  const started = performance.now();
  await core.close();
  const closeMs = performance.now() - started;
  console.info(`quit test: close() took ${Math.round(closeMs)} ms with ${sim.requests.length} requests sent`);
  expect(closeMs).toBeLessThan(3_000);
  expect(await firstSync).toBe('stopped');
  const requestsAtQuit = sim.requests.length;
  expect(requestsAtQuit).toBeLessThan(35); // nothing more went out once it closed

  // The next start: the account is not left saying "syncing", and one sync brings the rest.
  clock = new VirtualClock(Date.now(), { autoAdvance: true });
  core = await open();
  const [account] = await core.listAccounts();
  expect(account!.status.state).not.toBe('syncing');
  const listedBefore = (await core.listConversations({ view: 'all', limit: 1 })).total;
  expect(listedBefore).toBeGreaterThan(0);
  expect(listedBefore).toBeLessThan(CONVERSATIONS);

  await core.syncNow(accountId);
  const all = await core.listConversations({ view: 'all', limit: 1000, offset: 0 });
  expect(all.total).toBe(CONVERSATIONS);
  const remoteIds = new Set(sim.conversations.map((c) => core.conversationIdFor(accountId, c.id)));
  expect(remoteIds.size).toBe(CONVERSATIONS); // each conversation once, none missing
  expect(remoteIds.has(null)).toBe(false);
  // Every thread arrived once: one message request per conversation after the restart.
  const threadRequests = sim.requests.slice(requestsAtQuit).filter((r) => r.path.endsWith('/messages'));
  expect(threadRequests).toHaveLength(CONVERSATIONS);
  const sample = sim.conversations.filter((_, i) => i % 300 === 0);
  for (const sc of sample) {
    const thread = await core.openConversation(core.conversationIdFor(accountId, sc.id)!);
    expect(thread.messages.map((m) => m.text)).toEqual([...sc.messages].reverse().map((m) => m.text));
  }
  expect((await core.listAccounts())[0]!.status).toMatchObject({ state: 'ok', message: null });
}, 400_000); // the resumed sync is 3,030 requests: minutes on a loaded machine

it('quits at once while a reply waits for the rate limit, keeping the reply queued without spending one of its attempts', async () => {
  // ReactIn takes one POST a minute here and says so (X-RateLimit-Remaining: 0): the second reply waits about a minute.
  const world = await reactInWorld({ conversations: 3, postPerMinute: 1, clock: systemClock });
  defer(() => world.dispose());
  await world.core.syncNow(world.accountId);
  const [a, b] = world.sim.conversations;
  await world.core.sendReply(localId(world, a!.id), 'first');
  await world.core.deliverOutbox();
  const second = await world.core.sendReply(localId(world, b!.id), 'second');
  const delivering = world.core.deliverOutbox();
  await vi.waitFor(() => expect(world.core.outboxEntries().map((e) => e.status)).toEqual(['done', 'inflight']), { timeout: 30_000, interval: 50 });

  const started = performance.now();
  await world.core.close();
  expect(performance.now() - started).toBeLessThan(3_000);
  await delivering;

  const core = await world.reopen();
  const entry = core.outboxEntries().find((e) => e.status !== 'done')!;
  expect(entry).toMatchObject({ status: 'pending', attempts: 0 });
  const thread = await core.openConversation(localId(world, b!.id));
  expect(thread.messages.find((m) => m.id === second.id)).toMatchObject({ status: 'pending', text: 'second' });
  expect(world.sim.sent.map((s) => s.content)).toEqual(['first']);
}, 60_000);
