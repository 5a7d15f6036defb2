import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { RequestBudget } from '../../src/main/core/providers/budget';
import { VirtualClock } from '../support/clock';
import { reactInWorld, type ReactInWorld } from '../support/reactin-core';

/** A ceiling, not a wait: syncing 3,000 conversations took ~190 s on this 2-core machine at load 15. */
const HEAVY_TIMEOUT_MS = 600_000;

let world: ReactInWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

describe('request budgets', () => {
  it('syncs 3,000 ReactIn conversations with zero 429s at over 90% of the allowed 30 GET a minute', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9), { autoAdvance: true });
    world = await reactInWorld({ conversations: 3000, getPerMinute: 30, postPerMinute: 60, now: () => clock.now(), clock });
    const start = clock.now();
    const before = world.sim.requests.length;
    await world.core.syncNow(world.accountId);
    const requests = world.sim.requests.slice(before);
    const elapsed = clock.now() - start;

    expect((await world.core.listConversations({ view: 'all', limit: 1 })).total).toBe(3000);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    const gets = requests.filter((r) => r.method === 'GET').length;
    expect(gets).toBe(30 + 3000); // 30 list pages of 100, one message page per conversation
    // The floor: 30 requests in any minute, so n requests need (ceil(n / 30) - 1) minutes.
    const floorMs = (Math.ceil(gets / 30) - 1) * 60_000;
    const achieved = floorMs / elapsed;
    expect(achieved).toBeGreaterThanOrEqual(0.9);
    expect(achieved).toBeLessThanOrEqual(1);
    console.info(`budget: ${gets} GETs in ${(elapsed / 60_000).toFixed(1)} simulated minutes, floor ${(floorMs / 60_000).toFixed(1)}, ${(achieved * 100).toFixed(1)}% of the allowed rate, 0 × 429`);
  }, HEAVY_TIMEOUT_MS);

  it('holds back when the provider says nothing remains, instead of collecting 429s', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9), { autoAdvance: true });
    world = await reactInWorld({ conversations: 40, getPerMinute: 30, now: () => clock.now(), clock });
    // Another client with the same key has used 28 of this minute's 30 GETs.
    for (let i = 0; i < 28; i++) {
      const res = await request(`${world.sim.baseUrl}/org_test/conversations?limit=1`, { headers: { authorization: 'Bearer rk_test_5f1e' } });
      await res.body.dump();
    }
    const before = world.sim.requests.length;
    await world.core.syncNow(world.accountId);
    const ours = world.sim.requests.slice(before);
    expect(ours.filter((r) => r.status === 429)).toEqual([]);
    expect((await world.core.listConversations({ view: 'all', limit: 1 })).total).toBe(40);
  }, 60_000);
});

describe('RequestBudget', () => {
  it('never lets more than the limit into any sliding window', async () => {
    const clock = new VirtualClock(0, { autoAdvance: true });
    const budget = new RequestBudget([{ methods: ['GET'], limit: 5, windowMs: 1000 }, { methods: 'all', limit: 8, windowMs: 2000 }], clock);
    const times: { m: string; t: number }[] = [];
    const methods = ['GET', 'POST', 'GET', 'GET', 'POST', 'GET', 'GET', 'GET', 'POST', 'GET', 'GET', 'POST', 'GET', 'GET', 'GET'] as const;
    await Promise.all(methods.map(async (m) => {
      await budget.acquire(m);
      times.push({ m, t: clock.now() });
    }));
    expect(times.map((x) => x.m)).toEqual([...methods]); // in call order
    for (const { t } of times) {
      expect(times.filter((x) => x.m === 'GET' && x.t > t - 1000 && x.t <= t).length).toBeLessThanOrEqual(5);
      expect(times.filter((x) => x.t > t - 2000 && x.t <= t).length).toBeLessThanOrEqual(8);
    }
  });

  it('waits out a Retry-After before the next request', async () => {
    const clock = new VirtualClock(0, { autoAdvance: true });
    const budget = new RequestBudget([], clock);
    await budget.acquire('GET');
    budget.observe(429, {}, 7_000);
    await budget.acquire('GET');
    expect(clock.now()).toBe(7_000);
  });
});
