/**
 * Issue 16.8: a page of a view costs the same at any size of the cache. Its `total` ("12,345
 * conversations") comes from the view counts the core keeps (src/main/core/store/view-counts.ts)
 * when they are right, instead of counting the view's rows again for every page: that count is a
 * pass over the view (about 4 ms at 100,000 conversations, against 0.2 ms at 10,000) that the
 * window's first load and every list read after a key paid. It must still be the true total,
 * whatever happened in between.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViewId } from '../../src/shared/domain';
import type { Db } from '../../src/main/core/db/database';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.dispose();
  world = undefined;
});

const dbOf = (w: ReactInWorld) => (w.core as unknown as { parts: { db: Db } }).parts.db;

/** The view's rows counted from scratch, through pages of the largest size the core accepts. */
async function countedAfresh(w: ReactInWorld, view: ViewId): Promise<number> {
  let n = 0;
  for (let offset = 0; ; offset += 1000) {
    const page = await w.core.listConversations({ view, offset, limit: 1000 });
    n += page.items.length;
    if (page.items.length < 1000) return n;
  }
}

/** The SQL the core prepares while `read` runs. */
async function statementsDuring(w: ReactInWorld, read: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(dbOf(w), 'prepare');
  try {
    await read();
    return spy.mock.calls.map((c) => String(c[0]));
  } finally {
    spy.mockRestore();
  }
}

describe('the total of a page of the list', () => {
  it('comes from the kept counts, without counting the view again, and is the true total', async () => {
    world = await reactInWorld({ conversations: 12 });
    await world.core.syncNow(world.accountId);
    const label = await world.core.createLabel('Hot');
    const ids = world.sim.conversations.map((c) => localId(world!, c.id));
    await world.core.setLabels([ids[2]!], [label.id], []);
    await world.core.viewCounts(); // the window's first load asks for them: now they are kept

    for (const view of ['inbox', 'archived', 'snoozed', `label:${label.id}`, `account:${world.accountId}`] as ViewId[]) {
      const sql = await statementsDuring(world, () => world!.core.listConversations({ view, limit: 5 }));
      // (The row query's own per-conversation counts of pending and failed messages are fine.)
      expect(sql.filter((s) => /COUNT\(\*\)\s+AS\s+n\s+FROM\s+conversations\b/i.test(s)), `a page of ${view}`).toEqual([]);
    }

    // Keys in between: each page's total is still what counting the view gives.
    await world.core.archive(ids[0]!);
    await world.core.archive(ids[1]!);
    await world.core.snooze(ids[3]!, { until: Date.now() + 86_400_000 });
    await world.core.unarchive(ids[1]!);
    for (const view of ['inbox', 'archived', 'snoozed', `label:${label.id}`] as ViewId[]) {
      const { total } = await world.core.listConversations({ view, limit: 5 });
      expect(total, view).toBe(await countedAfresh(world, view));
    }
    expect((await world.core.listConversations({ view: 'archived', limit: 5 })).total).toBe(1);
  });

  it('is counted when the kept counts are not right (before the first count, after a sync)', async () => {
    world = await reactInWorld({ conversations: 12 });
    await world.core.syncNow(world.accountId);
    // Nothing asked for the counts yet: the page counts its view, and says how many there are.
    const first = await world.core.listConversations({ view: 'inbox', limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.total).toBe(12);
    await world.core.viewCounts();
    const added = world.sim.addConversation({ name: 'Noor Haddad' });
    world.sim.addInboundMessage(added.id, 'Are you free on Thursday?');
    await world.core.syncNow(world.accountId);
    const { total } = await world.core.listConversations({ view: 'inbox', limit: 5 });
    expect(total).toBe(13);
    expect(total).toBe(await countedAfresh(world, 'inbox'));
  });
});
