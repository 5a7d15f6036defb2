/**
 * Issue 16.8: a window asks the core for its first reads (the inbox's first page, the counts, the
 * accounts, settings, labels, scheduled replies, key storage) as soon as its code starts, not after
 * React and every component have been evaluated, so the answers travel meanwhile
 * (src/renderer/src/firstReads.ts). Observed in the page: when each read is asked, has React
 * taken the root element yet (createRoot marks it with its `__reactContainer$…` key)? And the store
 * takes those answers: each is asked once while the window loads, and the rows show.
 *
 * Also what the window parses before it can ask anything: the built bundle carries no zod (81 KB
 * of it, minified, came in with the keymap's schema, which only main and the core validate with).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_DIR } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { reactInWorld } from '../support/reactin-core';

const ROWS = '[role="option"][data-conversation-id]';

const FIRST_READS = ['keyStorage', 'listAccounts', 'viewCounts', 'listConversations', 'getSettings', 'listLabels', 'listScheduled'];

/** Runs before the app's scripts: records every call to the core with whether React had the root element then. */
const RECORD_CALLS = `(() => {
  const raw = window.__inboxInvoke;
  const calls = [];
  Object.defineProperty(window, '__firstReadsTest', { value: calls });
  window.__inboxInvoke = (method, args) => {
    const root = document.getElementById('root');
    const reactStarted = root !== null && Object.keys(root).some((k) => k.startsWith('__reactContainer'));
    calls.push({ method, reactStarted });
    return raw(method, args);
  };
})();`;

/**
 * Runs before the app's scripts: `__firstFrame` resolves, just after the first frame that painted
 * list rows, with how many there were, the list's height and a row's height.
 */
const FIRST_FRAME = `(() => {
  Object.defineProperty(window, '__firstFrame', {
    value: new Promise((resolve) => {
      const look = () => {
        const list = document.querySelector('[role="listbox"]');
        if (!list || list.childElementCount === 0) return requestAnimationFrame(look);
        const rows = list.childElementCount;
        const height = document.querySelector('.list-scroll').clientHeight;
        const rowHeight = list.firstElementChild.getBoundingClientRect().height;
        // A message posted from a frame callback arrives after that frame is painted.
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ rows, height, rowHeight });
        ch.port2.postMessage(0);
      };
      requestAnimationFrame(look);
    }),
  });
})();`;

/**
 * Runs before the app's scripts: presses j (a keydown on the page) in the same task as the DOM
 * first holds a selected row, before anything later the window schedules; `__keyAtFirstRows` says
 * it did.
 */
const KEY_AT_FIRST_ROWS = `(() => {
  Object.defineProperty(window, '__keyAtFirstRows', { value: false, writable: true });
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[role="option"][aria-selected="true"]')) return;
    observer.disconnect();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', code: 'KeyJ', bubbles: true }));
    window.__keyAtFirstRows = true;
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

/**
 * Runs before the app's scripts: what React schedules as a task of its own (through a
 * MessageChannel: the effects of a render not done at once, renders of the default lane) arrives
 * 2 s late, as on a machine too busy to run it soon after the first paint. What a key does must
 * not wait for it.
 */
const REACT_TASKS_LATE = `(() => {
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (...args) {
    setTimeout(() => post.apply(this, args), 2000);
  };
})();`;

const suite = browserSuite();

/** A synced ReactIn account of `conversations`, and a fresh window on it with `initScript` run first. */
async function openSynced(conversations: number, initScript: string) {
  const world = await reactInWorld({ conversations });
  suite.defer(() => world.dispose());
  await world.core.syncNow(world.accountId);
  const app = await suite.bench.open(world.core, { initScript });
  suite.defer(() => app.close());
  return { world, app, page: app.page };
}

describe('first reads', () => {
  it('are asked before React starts, once each, and the inbox rows show from their answers', async () => {
    const world = await reactInWorld({ conversations: 12 });
    suite.defer(() => world.dispose());
    await world.core.syncNow(world.accountId);
    const inbox = (await world.core.viewCounts()).inbox!;
    expect(inbox).toBeGreaterThan(0);

    const app = await suite.bench.open(world.core, { initScript: RECORD_CALLS });
    suite.defer(() => app.close());
    const { page } = app;
    await expect.poll(() => page.locator(ROWS).count(), { timeout: 15_000 }).toBe(inbox);

    const calls = (await page.evaluate('window.__firstReadsTest')) as { method: string; reactStarted: boolean }[];
    for (const method of FIRST_READS) {
      const asked = calls.filter((c) => c.method === method);
      expect(asked.length, `${method} asked once while the window loads`).toBe(1);
      expect(asked[0]!.reactStarted, `${method} asked before React took the page`).toBe(false);
    }
    expect(app.errors).toEqual([]);
  });

  it("draw the rows on screen in the window's first frame, and the rows around them after it", async () => {
    const { app, page } = await openSynced(40, FIRST_FRAME);
    const first = (await page.evaluate('window.__firstFrame')) as { rows: number; height: number; rowHeight: number };

    // Exactly the rows that fit: none beyond the list's bottom edge, no gap above it.
    const fit = Math.ceil(first.height / first.rowHeight);
    expect(first.rows).toBeGreaterThanOrEqual(fit);
    expect(first.rows).toBeLessThanOrEqual(fit + 1);
    // Then the rows below the fold, for scrolling and j, without a key pressed.
    await expect.poll(() => page.locator(ROWS).count()).toBeGreaterThanOrEqual(first.rows + 8);
    expect(app.errors).toEqual([]);
  });

  it('a key pressed as the first rows appear is not lost', async () => {
    const { app, page } = await openSynced(5, KEY_AT_FIRST_ROWS);
    await expect.poll(() => page.evaluate('window.__keyAtFirstRows')).toBe(true);
    // j moved the cursor from the first row to the second.
    const ids = await page.locator(ROWS).evaluateAll((els) => els.map((el) => el.getAttribute('data-conversation-id')));
    await expect.poll(() => page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-conversation-id')).toBe(ids[1]);
    expect(app.errors).toEqual([]);
  });

  it('a key pressed as the first rows appear shows at once, however late the page gets to its other work', async () => {
    const { world, app, page } = await openSynced(5, REACT_TASKS_LATE);
    const cursor = () => page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-conversation-id');
    await expect.poll(() => page.locator(ROWS).count()).toBe(5);
    const ids = await page.locator(ROWS).evaluateAll((els) => els.map((el) => el.getAttribute('data-conversation-id')));
    expect(await cursor()).toBe(ids[0]);
    // Read as soon as each key is answered, with no wait: the list shows the cursor where j put it.
    await page.keyboard.press('j');
    expect(await cursor()).toBe(ids[1]);
    await page.keyboard.press('j');
    expect(await cursor()).toBe(ids[2]);
    // And e archives the row the screen shows the cursor on.
    await page.keyboard.press('e');
    expect(await page.locator(`${ROWS}[data-conversation-id="${ids[2]}"]`).count()).toBe(0);
    await expect.poll(async () => (await world.core.listConversations({ view: 'archived' })).items.map((c) => c.id)).toEqual([ids[2]]);
    expect(app.errors).toEqual([]);
  });

  it('are not held up by zod: the built renderer does not carry it', () => {
    const scripts = readdirSync(join(RENDERER_DIR, 'assets')).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) expect(readFileSync(join(RENDERER_DIR, 'assets', file), 'utf8').includes('ZodError'), `${file} carries zod`).toBe(false);
  });
});
