/**
 * Sync benchmarks: requests, simulated time and (Linkup) credits for a first sync of 3,000
 * conversations and for an incremental sync after 20 of them got a new message, against the
 * loopback ReactIn and Linkup simulators on a virtual clock (a rate-limit wait jumps instead of
 * sleeping, so a 100-minute sync takes seconds). These are counts and simulated minutes, not
 * wall time: each is one sample.
 *
 * Beside each figure, the physical floor: the fewest requests that can carry the data at the
 * largest page the API serves (100), and the time those need under the rate limit (n requests at
 * L a minute need ceil(n / L) - 1 minutes: the first L go at once); for Linkup, the fewest
 * credits (1 per 10 items returned, rounded up per answer).
 *
 * Baseline: the naive loop, a straightforward client on the same virtual clock that obeys the
 * same limits (the app's RequestBudget): list every page (100 a page), then fetch the messages of
 * every thread on a first sync (it must cache everything) or of every unread thread on an
 * incremental one (it keeps no cursor and no state).
 */
import { Agent, request } from 'undici';
import { createCore, MemorySecretStore, type InboxCore } from '../src/main/core';
import { RATE_RULES, RequestBudget } from '../src/main/core/providers/budget';
import { startLinkupSimulator, type LinkupSim } from '../test/simulators/linkup';
import type { ReactInSim } from '../test/simulators/reactin';
import { VirtualClock } from '../test/support/clock';
import { sendAtOnce, tempDataDir } from '../test/support/core';
import { reactInWorld } from '../test/support/reactin-core';
import type { Figure } from './stats';

export interface SyncBenchOptions {
  firstSync: number;
  changed: number;
  log: (line: string) => void;
}

export const FULL_SYNC: Omit<SyncBenchOptions, 'log'> = { firstSync: 3000, changed: 20 };

const MINUTE = 60_000;
const MAX_PAGE = 100;
const REACTIN_GET_PER_MINUTE = 30; // documented (RATE_RULES.reactin)
const LINKUP_PER_MINUTE = 60; // assumed: Linkup publishes none (RATE_RULES.linkup)

interface Run {
  requests: number;
  minutes: number;
  credits?: number;
  rejected: number;
}

/** ceil(n / L) - 1 minutes: n requests at L a sliding minute. */
const floorMinutes = (requests: number, perMinute: number) => Math.max(0, Math.ceil(requests / perMinute) - 1);
const pages = (items: number) => Math.max(1, Math.ceil(items / MAX_PAGE));
const credits = (items: number) => Math.ceil(items / 10);

/** Picks `n` conversations spread over the whole list (not the newest ones). */
function spread<T>(xs: readonly T[], n: number): T[] {
  const step = Math.floor(xs.length / n);
  return Array.from({ length: n }, (_, i) => xs[Math.min(xs.length - 1, i * step + Math.floor(step / 2))]!);
}

// ---- ReactIn --------------------------------------------------------------------------

async function naiveReactIn(sim: ReactInSim, clock: VirtualClock, mode: 'first' | 'incremental'): Promise<Run> {
  const budget = new RequestBudget(RATE_RULES.reactin, clock);
  const agent = new Agent();
  const before = sim.requests.length;
  const start = clock.now();
  async function get(path: string): Promise<Record<string, unknown>> {
    for (;;) {
      await budget.acquire('GET');
      const res = await request(`${sim.baseUrl}/org_test${path}`, { dispatcher: agent, headers: { authorization: 'Bearer rk_test_5f1e' } });
      const retry = res.headers['retry-after'];
      budget.observe(res.statusCode, res.headers, typeof retry === 'string' ? Number(retry) * 1000 : null);
      const body = (await res.body.json()) as Record<string, unknown>;
      if (res.statusCode === 429) continue;
      if (res.statusCode !== 200) throw new Error(`naive ReactIn: ${res.statusCode} for ${path}`);
      return body;
    }
  }
  try {
    const conversations: { id: string; unreadCount: number }[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/conversations?limit=${MAX_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      conversations.push(...(page.items as { id: string; unreadCount: number }[]));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    for (const c of conversations) {
      if (mode === 'incremental' && c.unreadCount === 0) continue;
      let next: string | null = null;
      do {
        const page = await get(`/conversations/${encodeURIComponent(c.id)}/messages?limit=${MAX_PAGE}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
        next = page.nextCursor as string | null;
      } while (next);
    }
  } finally {
    await agent.close();
  }
  const made = sim.requests.slice(before);
  return { requests: made.length, minutes: (clock.now() - start) / MINUTE, rejected: made.filter((r) => r.status === 429).length };
}

async function benchReactIn(opts: SyncBenchOptions): Promise<Figure[]> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9), { autoAdvance: true });
  const world = await reactInWorld({ conversations: opts.firstSync, getPerMinute: REACTIN_GET_PER_MINUTE, postPerMinute: 60, now: () => clock.now(), clock });
  try {
    const visible = () => world.sim.conversations.filter((c) => c.messages.length > 0);
    const n = visible().length;
    const ours = async (): Promise<Run> => {
      const before = world.sim.requests.length;
      const start = clock.now();
      await world.core.syncNow(world.accountId);
      const made = world.sim.requests.slice(before);
      return { requests: made.length, minutes: (clock.now() - start) / MINUTE, rejected: made.filter((r) => r.status === 429).length };
    };
    const rest = () => clock.advanceAsync(10 * MINUTE); // polls are minutes apart: the rate window is empty again
    await rest(); // adding the account tested the key with one request: not part of the sync

    const first = await ours();
    const cached = (await world.core.listConversations({ view: 'all', limit: 1 })).total;
    if (cached !== n) throw new Error(`ReactIn first sync cached ${cached} of ${n} conversations`);
    const firstFloor = pages(n) + visible().reduce((s, c) => s + pages(c.messages.length), 0);
    opts.log(`sync: ReactIn first sync ${first.requests} requests, ${first.minutes.toFixed(1)} simulated min`);
    await rest();
    const naiveFirst = await naiveReactIn(world.sim, clock, 'first');
    await rest();

    // 20 conversations across the list get a new message from the other person.
    const changed = spread(visible().sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp), opts.changed);
    for (const c of changed) world.sim.addInboundMessage(c.id, 'Circling back on this — does next week still work?', clock.now());
    const incremental = await ours();
    const incFloor = pages(opts.changed + 1) + opts.changed; // the changed ones and one known one to stop at, then their new message
    await rest();
    const naiveIncremental = await naiveReactIn(world.sim, clock, 'incremental');
    opts.log(`sync: ReactIn incremental ${incremental.requests} requests; naive ${naiveIncremental.requests}`);
    for (const r of [first, incremental, naiveFirst, naiveIncremental]) if (r.rejected > 0) throw new Error(`ReactIn: ${r.rejected} requests were refused with 429`);

    const label = `ReactIn (${REACTIN_GET_PER_MINUTE} GET/min)`;
    return [
      {
        section: 'sync',
        name: `Sync ${label}: first sync ${n.toLocaleString('en')} conv, requests`,
        unit: 'req',
        samples: [first.requests],
        baseline: [naiveFirst.requests],
        reference: { label: 'floor', value: firstFloor },
        note: 'one sample each (counts and simulated minutes on a virtual clock, 0 × 429 checked). Floor: every list page and every thread at 100 items a page; time floor = ceil(requests / limit) - 1 minutes. Baseline (naive loop, same RequestBudget): every list page, then the messages of every thread (first sync: it must cache them all) or of every unread thread (incremental).',
      },
      {
        section: 'sync',
        name: `Sync ${label}: first sync, simulated time`,
        unit: 'min',
        samples: [first.minutes],
        baseline: [naiveFirst.minutes],
        reference: { label: 'floor', value: floorMinutes(firstFloor, REACTIN_GET_PER_MINUTE) },
      },
      { section: 'sync', name: `Sync ${label}: incremental, ${opts.changed} changed, requests`, unit: 'req', samples: [incremental.requests], baseline: [naiveIncremental.requests], reference: { label: 'floor', value: incFloor } },
      {
        section: 'sync',
        name: `Sync ${label}: incremental, simulated time`,
        unit: 'min',
        samples: [incremental.minutes],
        baseline: [naiveIncremental.minutes],
        reference: { label: 'floor', value: floorMinutes(incFloor, REACTIN_GET_PER_MINUTE) },
      },
    ];
  } finally {
    await world.dispose();
  }
}

// ---- Linkup ---------------------------------------------------------------------------

const LINKUP_KEY = 'lk_bench_7';
const LINKUP_ACCOUNT = 'acc_42';

async function naiveLinkup(sim: LinkupSim, clock: VirtualClock, mode: 'first' | 'incremental'): Promise<Run> {
  const budget = new RequestBudget(RATE_RULES.linkup, clock);
  const agent = new Agent();
  const before = sim.requests.length;
  const spentBefore = sim.creditsUsed;
  const start = clock.now();
  async function call(action: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (;;) {
      await budget.acquire('POST');
      const res = await request(`${sim.baseUrl}/messages`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'x-api-key': LINKUP_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ account_id: LINKUP_ACCOUNT, action, params }),
      });
      const retry = res.headers['retry-after'];
      budget.observe(res.statusCode, res.headers, typeof retry === 'string' ? Number(retry) * 1000 : null);
      const body = (await res.body.json()) as { data?: Record<string, unknown> };
      if (res.statusCode === 429) continue;
      if (res.statusCode !== 200 || !body.data) throw new Error(`naive Linkup: ${res.statusCode} for ${action}`);
      return body.data;
    }
  }
  try {
    const conversations: { conversation_id: string; unread: number }[] = [];
    let cursor: string | null = null;
    do {
      const data = await call('list_inbox', { category: 'INBOX', count: MAX_PAGE, ...(cursor ? { cursor } : {}) });
      conversations.push(...(data.conversations as { conversation_id: string; unread: number }[]));
      cursor = data.next_cursor as string | null;
    } while (cursor);
    for (const c of conversations) {
      if (mode === 'incremental' && c.unread === 0) continue;
      let next: string | null = null;
      do {
        const data = await call('get_conversation', { conversation_id: c.conversation_id, count: MAX_PAGE, ...(next ? { cursor: next } : {}) });
        next = data.next_cursor as string | null;
      } while (next);
    }
  } finally {
    await agent.close();
  }
  const made = sim.requests.slice(before);
  return { requests: made.length, minutes: (clock.now() - start) / MINUTE, credits: sim.creditsUsed - spentBefore, rejected: made.filter((r) => r.status === 429).length };
}

async function benchLinkup(opts: SyncBenchOptions): Promise<Figure[]> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9), { autoAdvance: true });
  const sim = await startLinkupSimulator({ apiKey: LINKUP_KEY, accountId: LINKUP_ACCOUNT, conversations: opts.firstSync, perMinute: LINKUP_PER_MINUTE, now: () => clock.now() });
  const { dir, cleanup } = tempDataDir('inbox-bench-linkup-');
  const dispatcher = new Agent();
  let core: InboxCore | null = null;
  try {
    core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher, clock, settings: sendAtOnce() });
    const account = await core.addAccount({ provider: 'linkup', name: 'Sales seat', apiKey: LINKUP_KEY, config: { accountId: LINKUP_ACCOUNT, baseUrl: sim.baseUrl } });
    const live = core;
    const ours = async (): Promise<Run> => {
      const before = sim.requests.length;
      const spent = sim.creditsUsed;
      const start = clock.now();
      await live.syncNow(account.id);
      const made = sim.requests.slice(before);
      return { requests: made.length, minutes: (clock.now() - start) / MINUTE, credits: sim.creditsUsed - spent, rejected: made.filter((r) => r.status === 429).length };
    };
    const rest = () => clock.advanceAsync(10 * MINUTE);
    await rest();

    const visible = () => sim.conversations.filter((c) => c.messages.length > 0);
    const n = visible().length;
    const firstFloor = {
      requests: pages(n) + visible().reduce((s, c) => s + pages(c.messages.length), 0),
      credits: credits(n) + visible().reduce((s, c) => s + credits(c.messages.length), 0),
    };
    const first = await ours();
    const cached = (await core.listConversations({ view: 'all', limit: 1 })).total;
    if (cached !== n) throw new Error(`Linkup first sync cached ${cached} of ${n} conversations`);
    opts.log(`sync: Linkup first sync ${first.requests} requests, ${first.credits} credits, ${first.minutes.toFixed(1)} simulated min`);
    await rest();
    const naiveFirst = await naiveLinkup(sim, clock, 'first');
    await rest();

    const changed = spread(visible().sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp), opts.changed);
    for (const c of changed) sim.addInboundMessage(c.id, 'Circling back on this — does next week still work?', clock.now());
    const incremental = await ours();
    const incFloor = { requests: pages(opts.changed + 1) + opts.changed, credits: credits(opts.changed + 1) + opts.changed };
    await rest();
    const naiveIncremental = await naiveLinkup(sim, clock, 'incremental');
    opts.log(`sync: Linkup incremental ${incremental.requests} requests, ${incremental.credits} credits; naive ${naiveIncremental.requests} requests, ${naiveIncremental.credits} credits`);
    for (const r of [first, incremental, naiveFirst, naiveIncremental]) if (r.rejected > 0) throw new Error(`Linkup: ${r.rejected} requests were refused with 429`);

    const label = `Linkup (${LINKUP_PER_MINUTE} req/min, assumed)`;
    const rows = (what: string, run: Run, naive: Run, floor: { requests: number; credits: number }): Figure[] => [
      { section: 'sync', name: `Sync ${label}: ${what}, requests`, unit: 'req', samples: [run.requests], baseline: [naive.requests], reference: { label: 'floor', value: floor.requests } },
      {
        section: 'sync',
        name: `Sync ${label}: ${what}, simulated time`,
        unit: 'min',
        samples: [run.minutes],
        baseline: [naive.minutes],
        reference: { label: 'floor', value: floorMinutes(floor.requests, LINKUP_PER_MINUTE) },
      },
      { section: 'sync', name: `Sync ${label}: ${what}, credits`, unit: 'credits', samples: [run.credits!], baseline: [naive.credits!], reference: { label: 'floor', value: floor.credits } },
    ];
    return [...rows(`first sync ${n.toLocaleString('en')} conv`, first, naiveFirst, firstFloor), ...rows(`incremental, ${opts.changed} changed`, incremental, naiveIncremental, incFloor)];
  } finally {
    await core?.close();
    await sim.close();
    await dispatcher.close();
    cleanup();
  }
}

export async function benchSync(opts: SyncBenchOptions): Promise<Figure[]> {
  return [...(await benchReactIn(opts)), ...(await benchLinkup(opts))];
}
