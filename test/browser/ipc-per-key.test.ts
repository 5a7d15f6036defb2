/**
 * One `e` costs at most two IPC round trips in the real renderer against a real core (the archive
 * and one read of the list; the counts come with the core's change event). Calls are counted at
 * the page's bridge, as the preload would see them.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../support/browser-suite';
import { reactInWorld } from '../support/reactin-core';

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;

/** Counts every call the page makes through window.inbox, per method, and keeps them in order. */
const COUNT_CALLS_SCRIPT = `(() => {
  const calls = [];
  const answered = [];
  Object.defineProperty(window, '__calls', { value: calls });
  Object.defineProperty(window, '__answeredCalls', { value: answered });
  const raw = window.__inboxInvoke;
  const pictures = [];
  Object.defineProperty(window, '__pictureCalls', { value: pictures });
  window.__inboxInvoke = (method, args) => {
    calls.push(method);
    if (method === 'avatar') pictures.push(args[0]);
    const answer = raw(method, args);
    answer.then(() => answered.push(method), () => answered.push(method));
    return answer;
  };
})();`;

const suite = browserSuite();

describe('IPC per key', () => {
  it('five e presses make five archives and at most five list reads, and no count reads', async () => {
    const world = await reactInWorld({ conversations: 12 });
    suite.defer(() => world.dispose());
    await world.core.syncNow(world.accountId);
    const app = await suite.bench.open(world.core, { initScript: COUNT_CALLS_SCRIPT });
    suite.defer(() => app.close());
    const { page } = app;
    const inbox = (await world.core.viewCounts()).inbox!;
    await expect.poll(() => page.locator(ROWS).count()).toBe(inbox);
    // Everything the first load asked has been answered before counting starts.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __calls: string[]; __answeredCalls: string[] }).__calls.length - (globalThis as unknown as { __answeredCalls: string[] }).__answeredCalls.length)).toBe(0);
    const from = await page.evaluate(() => (globalThis as unknown as { __calls: string[] }).__calls.length);

    for (let i = 1; i <= 5; i++) {
      const id = await page.locator(SELECTED).getAttribute('data-conversation-id');
      await page.keyboard.press('e');
      await page.locator(`${ROWS}[data-conversation-id="${id}"]`).waitFor({ state: 'detached' });
      // This e has been answered and the list read after it too, before the next key.
      await expect
        .poll(() => page.evaluate(() => (globalThis as unknown as { __answeredCalls: string[] }).__answeredCalls.filter((m) => m === 'archive').length))
        .toBe(i);
      await expect.poll(async () => (await world.core.viewCounts()).archived).toBe(i);
    }
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __calls: string[]; __answeredCalls: string[] }).__calls.length - (globalThis as unknown as { __answeredCalls: string[] }).__answeredCalls.length)).toBe(0);
    const calls = await page.evaluate((n) => (globalThis as unknown as { __calls: string[] }).__calls.slice(n), from);
    const per = (m: string) => calls.filter((c) => c === m).length;
    console.log(`IPC calls for five e: ${calls.length} (${[...new Set(calls)].map((m) => `${m} ${per(m)}`).join(', ')})`);
    expect(per('archive')).toBe(5);
    expect(calls.length, calls.join(', ')).toBeLessThanOrEqual(10);
    expect(await page.locator(ROWS).count()).toBe(inbox - 5);
    expect(app.errors).toEqual([]);
  });

  it('a row asks main for a picture only where the person has one: in the list and in search results as they are typed', async () => {
    const world = await reactInWorld({ conversations: 4 });
    suite.defer(() => world.dispose());
    for (let n = 1; n <= 4; n++) {
      const c = world.sim.addConversation({ name: `No Picture ${n}`, participants: [{ id: `li_nopic_${n}`, name: `No Picture ${n}`, avatarUrl: null, linkedinUrl: `https://www.linkedin.com/in/nopic-${n}`, headline: null, company: null, leadId: null }] });
      world.sim.addInboundMessage(c.id, `Our quokka budget, question ${n}`);
    }
    await world.core.syncNow(world.accountId);
    const { items } = await world.core.listConversations({ view: 'inbox', limit: 50 });
    const without = items.filter((c) => c.participant.avatarUrl === null).map((c) => c.id);
    const withPicture = items.filter((c) => c.participant.avatarUrl !== null).map((c) => c.id);
    expect(without).toHaveLength(4);
    expect(withPicture.length).toBeGreaterThan(0);

    const app = await suite.bench.open(world.core, { initScript: COUNT_CALLS_SCRIPT });
    suite.defer(() => app.close());
    const { page } = app;
    const quiet = () => expect.poll(() => page.evaluate(() => (globalThis as unknown as { __calls: string[] }).__calls.length - (globalThis as unknown as { __answeredCalls: string[] }).__answeredCalls.length)).toBe(0);
    const askedFor = () => page.evaluate(() => [...(globalThis as unknown as { __pictureCalls: string[] }).__pictureCalls]);
    await expect.poll(() => page.locator(ROWS).count()).toBe(items.length);
    await quiet();
    // The rows of people with a picture ask for it (and this page shows them all).
    expect(new Set(await askedFor())).toEqual(new Set(withPicture));

    await page.keyboard.press('/');
    await page.getByRole('searchbox').pressSequentially('quokka');
    await expect.poll(() => page.locator(ROWS).count()).toBe(4);
    await quiet();
    const asked = await askedFor();
    expect(asked.filter((id) => without.includes(id))).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
