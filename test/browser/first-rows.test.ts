/**
 * Issue 16.8: the first rows of the inbox are painted without waiting for the count of every view.
 * Counting every view is a pass over the whole cache (about 75 ms at 100,000 conversations on a
 * quiet machine, over 500 ms on a loaded one) and it is what the first load of a window pays;
 * one page of the inbox costs the same at any size. Here the core's viewCounts is held back until
 * the test lets it go: the rows must show meanwhile, and the counts once it answers.
 */
import { describe, expect, it } from 'vitest';
import type { InboxCore } from '../../src/main/core';
import { browserSuite } from '../support/browser-suite';
import { reactInWorld } from '../support/reactin-core';

const ROWS = '[role="option"][data-conversation-id]';

const suite = browserSuite();

/** The core with its viewCounts answered only after `release()`; `asked` tells whether the page has asked. */
function withHeldCounts(core: InboxCore): { core: InboxCore; release: () => void; asked: () => number } {
  let release!: () => void;
  const gate = new Promise<void>((ok) => (release = ok));
  let asked = 0;
  const held = new Proxy(core, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'viewCounts' || typeof value !== 'function') return value;
      return async () => {
        asked++;
        await gate;
        return (value as InboxCore['viewCounts']).call(target);
      };
    },
  });
  return { core: held, release, asked: () => asked };
}

describe('first rows', () => {
  it('the inbox rows show before the counts of every view have been worked out, and the counts follow', async () => {
    const world = await reactInWorld({ conversations: 12 });
    suite.defer(() => world.dispose());
    await world.core.syncNow(world.accountId);
    const inbox = (await world.core.viewCounts()).inbox!;
    expect(inbox).toBeGreaterThan(0);

    const held = withHeldCounts(world.core);
    suite.defer(() => held.release());
    const app = await suite.bench.open(held.core);
    suite.defer(() => app.close());
    const { page } = app;

    await expect.poll(() => held.asked(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The counts are still being worked out, and the person already sees the inbox.
    await expect.poll(() => page.locator(ROWS).count(), { timeout: 15_000 }).toBe(inbox);
    const inboxCount = page.locator('button.view-entry[data-view="inbox"] .count');
    expect(await inboxCount.textContent()).toBe('');

    held.release();
    await expect.poll(() => inboxCount.textContent(), { timeout: 15_000 }).toBe(String(inbox));
    expect(app.errors).toEqual([]);
  });
});
