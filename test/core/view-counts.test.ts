/**
 * The counts a triage key reports are kept between changes (src/main/core/store/view-counts.ts):
 * a key changes a few conversations, and the counts follow from those few instead of a pass over
 * the whole cache. They must still be exactly what counting from scratch gives, whatever happened
 * in between (a sync, a label made or deleted, an undo, an account added), and a person pressing
 * keys in a row must not pay for a recount per key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction, ChangeEvent, ViewCounts } from '../../src/shared/domain';
import { prng } from '../../src/shared/prng';
import type { ConversationStore } from '../../src/main/core/store/conversations';
import type { ViewCountKeeper } from '../../src/main/core/store/view-counts';
import type { AccountStore } from '../../src/main/core/store/accounts';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

interface Parts {
  conversations: ConversationStore;
  accounts: AccountStore;
  viewCounts: ViewCountKeeper;
}
const partsOf = (w: ReactInWorld) => (w.core as unknown as { parts: Parts }).parts;

/** Every view counted from scratch, past the kept counts. */
function countedAfresh(w: ReactInWorld): ViewCounts {
  const { conversations, accounts } = partsOf(w);
  return conversations.counts(accounts.list().map((a) => a.id));
}

/** The counts the last change event carried (a triage key's event carries them). */
function lastCounts(events: ChangeEvent[]): ViewCounts {
  const withCounts = events.filter((e) => e.counts);
  expect(withCounts.length).toBeGreaterThan(0);
  return withCounts.at(-1)!.counts!;
}

describe('view counts kept between changes', () => {
  it('a run of triage keys reports the same counts as counting from scratch, without recounting per key', async () => {
    world = await reactInWorld({ conversations: 12 });
    await world.core.syncNow(world.accountId);
    const ids = world.sim.conversations.map((c) => localId(world!, c.id));
    const events: ChangeEvent[] = [];
    world.core.onChanged((e) => events.push(e));
    const keeper = partsOf(world).viewCounts;

    await world.core.archive(ids[0]!); // the first key may count everything
    const countedBefore = keeper.fullCounts;
    for (const id of ids.slice(1, 8)) {
      await world.core.archive(id);
      expect(lastCounts(events)).toEqual(countedAfresh(world));
    }
    await world.core.markUnread(ids[9]!);
    expect(lastCounts(events)).toEqual(countedAfresh(world));
    await world.core.snooze(ids[10]!, { until: Date.now() + 86_400_000 });
    expect(lastCounts(events)).toEqual(countedAfresh(world));
    await world.core.unarchive(ids[1]!);
    expect(lastCounts(events)).toEqual(countedAfresh(world));
    // Eleven keys, no pass over the cache: each followed from the conversation it changed.
    expect(keeper.fullCounts).toBe(countedBefore);
    expect(await world.core.viewCounts()).toEqual(countedAfresh(world));
    expect(keeper.fullCounts).toBe(countedBefore);
  });

  it('stays right through random keys mixed with syncs, new and deleted labels, undo and a second account', async () => {
    for (const seed of [1, 2, 3]) {
      world = await reactInWorld({ conversations: 10 });
      await world.core.syncNow(world.accountId);
      const w = world;
      const rnd = prng(seed);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const events: ChangeEvent[] = [];
      w.core.onChanged((e) => events.push(e));
      const labels: string[] = [(await w.core.createLabel('Hot')).id];
      const keeper = partsOf(w).viewCounts;
      let incremental = 0;
      let recountedAfterElsewhere = 0;

      for (let step = 0; step < 60; step++) {
        const ids = w.sim.conversations.map((c) => localId(w, c.id));
        const some = ids.filter(() => rnd() < 0.3);
        const roll = rnd();
        const fullBefore = keeper.fullCounts;
        let triage = true;
        if (roll < 0.15) await w.core.archive(pick(ids), pick(['smart', 'forever'] as const));
        else if (roll < 0.25) await w.core.unarchive(pick(ids));
        else if (roll < 0.33) await w.core.markRead(pick(ids));
        else if (roll < 0.41) await w.core.markUnread(pick(ids));
        else if (roll < 0.48) await w.core.snooze(pick(ids), { until: Date.now() + 3_600_000 });
        else if (roll < 0.53) await w.core.unsnooze(pick(ids));
        else if (roll < 0.6 && labels.length > 0) await w.core.setLabels(some.length ? some : [pick(ids)], [pick(labels)], []);
        else if (roll < 0.66 && labels.length > 0) await w.core.setLabels([pick(ids)], [], [pick(labels)]);
        else if (roll < 0.74) {
          const action = pick<BulkAction>([{ kind: 'archive' }, { kind: 'unarchive' }, { kind: 'markRead' }, { kind: 'markUnread' }]);
          await w.core.bulk(some.length ? some : [pick(ids)], action);
        } else {
          // Something other than a key changed the cache: the next count must notice.
          triage = false;
          const other = rnd();
          if (other < 0.3) {
            w.sim.addInboundMessage(pick(w.sim.conversations).id, `reply ${step}`, Date.now() + step * 1000);
            await w.core.syncNow(w.accountId);
          } else if (other < 0.5) labels.push((await w.core.createLabel(`Label ${step}`)).id);
          else if (other < 0.65 && labels.length > 0) await w.core.deleteLabel(labels.splice(Math.floor(rnd() * labels.length), 1)[0]!);
          else if (other < 0.85) await w.core.undo();
          else {
            const c = w.sim.addConversation({ id: `new-${seed}-${step}`, name: `Newcomer ${step}` });
            w.sim.addInboundMessage(c.id, 'hello', Date.now());
            await w.core.syncNow(w.accountId);
          }
          expect(await w.core.viewCounts(), `seed ${seed}, step ${step}: counts read after a change from elsewhere`).toEqual(countedAfresh(w));
          if (keeper.fullCounts > fullBefore) recountedAfterElsewhere++;
        }
        if (triage) {
          expect(lastCounts(events), `seed ${seed}, step ${step}`).toEqual(countedAfresh(w));
          if (keeper.fullCounts === fullBefore) incremental++;
        }
        events.length = 0;
      }
      // Most keys followed from what they changed, and changes from elsewhere made the counts be
      // read afresh: the proof is about both paths, so both were taken.
      expect(incremental, `seed ${seed}`).toBeGreaterThan(15);
      expect(recountedAfterElsewhere, `seed ${seed}`).toBeGreaterThan(2);
      await w.dispose();
      world = undefined;
    }
  });

  it('counts a second account from the moment it is added', async () => {
    world = await reactInWorld({ conversations: 3 });
    await world.core.syncNow(world.accountId);
    const [a] = world.sim.conversations.map((c) => localId(world!, c.id));
    expect((await world.core.viewCounts())[`account:${world.accountId}`]).toBe(3);
    const second = await world.core.addAccount({ provider: 'reactin', name: 'Second seat', apiKey: 'rk_test_5f1e', config: { organizationId: 'org_test', baseUrl: world.sim.baseUrl } });
    const events: ChangeEvent[] = [];
    world.core.onChanged((e) => events.push(e));
    await world.core.archive(a!);
    expect(lastCounts(events)[`account:${second.id}`]).toBe(0);
    expect(lastCounts(events)).toEqual(countedAfresh(world));
  });
});
