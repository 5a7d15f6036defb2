/**
 * Feedback (action toasts and notices) lives in one region that never covers anything a person
 * works with: on every screen we can reach, a long notice and an action toast are raised and
 * their boxes are compared with every control, the composer, the key-hint bar and the focused
 * element. A toast whose subject is gone (the selection it counted) disappears with it.
 */
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { Locator } from 'playwright-core';
import type { BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const suite = browserSuite();

/** As long as the longest sentence the app says (an error with what to do next). */
const LONG_NOTICE =
  'ReactIn rejected the API key for “Sales seat”, so its conversations were not checked. Update the key in Accounts & settings; everything else keeps working from the cache meanwhile.';

async function openApp(opts: { demo: boolean; viewport?: { width: number; height: number } }): Promise<{ core: InboxCore; app: BenchPage }> {
  const { dir, cleanup } = tempDataDir('inbox-feedback-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: opts.demo });
  if (opts.demo) await core.syncNow();
  const app = await suite.bench.open(core, { viewport: opts.viewport });
  suite.defer(cleanup, () => core.close(), () => app.close());
  await app.page.locator(opts.demo ? ROWS : '[data-empty="no-accounts"]').first().waitFor();
  return { core, app };
}

/** An element as Playwright hands it to a function run in the page (the tests are compiled without the DOM library). */
type PageElement = Parameters<Extract<Parameters<Locator['evaluate']>[0], (...args: never[]) => unknown>>[0];

interface Overlap {
  feedback: string;
  covers: string;
}

/**
 * Every box of a toast or notice that intersects a control, the composer, the key-hint bar or
 * the focused element, each clipped to what its scrolling ancestors actually show.
 */
function overlapsInPage(body: PageElement): Overlap[] {
  const document = body.ownerDocument;
  const win = document.defaultView!;
  const { innerWidth, innerHeight } = win;
  type Box = { left: number; top: number; right: number; bottom: number };
  const intersect = (a: Box, b: Box): Box => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
  const area = (b: Box) => Math.max(0, b.right - b.left) * Math.max(0, b.bottom - b.top);
  const visibleBox = (el: PageElement): Box => {
    let box: Box = el.getBoundingClientRect();
    box = intersect(box, { left: 0, top: 0, right: innerWidth, bottom: innerHeight });
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = win.getComputedStyle(p);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') box = intersect(box, p.getBoundingClientRect());
    }
    return box;
  };
  const name = (el: PageElement) =>
    `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
  const feedback = [...document.querySelectorAll('.toast, .notice')];
  if (feedback.length === 0) return [{ feedback: 'none', covers: 'no toast or notice is on screen' }];
  const inFeedback = (el: PageElement) => feedback.some((f) => f.contains(el));
  const protectedEls = new Set<PageElement>(
    [...document.querySelectorAll('button, input, select, textarea, a[href], [role="option"], [role="separator"], [role="tab"], .composer, .key-hints, .bulk-bar')].filter(
      (el) => !inFeedback(el),
    ),
  );
  const active = document.activeElement;
  if (active && active !== document.body && !inFeedback(active)) protectedEls.add(active);
  const found: Overlap[] = [];
  for (const f of feedback) {
    const fb = f.getBoundingClientRect();
    for (const el of protectedEls) {
      const shown = visibleBox(el);
      if (area(shown) === 0) continue;
      // More than a hairline: borders that touch are not covering.
      if (area(intersect(fb, shown)) > 4) found.push({ feedback: name(f), covers: name(el) });
    }
  }
  return found;
}

/** Raises a long notice the way main does (a change event) and, when given, a toast by key; then no box may overlap and the focus must stay. */
async function raiseFeedbackOn(app: BenchPage, screen: string, toastKey?: string): Promise<void> {
  const { page } = app;
  const focused = () => page.locator('body').evaluate((body) => body.ownerDocument.activeElement?.outerHTML.slice(0, 120) ?? null);
  const focusBefore = await focused();
  await page.evaluate((text) => (globalThis as unknown as { __inboxChanged: (e: unknown) => void }).__inboxChanged({ notice: text }), LONG_NOTICE);
  await page.locator('.notice', { hasText: 'ReactIn rejected the API key' }).waitFor();
  if (toastKey) {
    await page.keyboard.press(toastKey);
    await page.locator('.toast').waitFor();
  }
  const overlaps = await page.locator('body').evaluate(overlapsInPage);
  if (overlaps.length > 0) await app.screenshot(`feedback-overlap-${screen}`);
  expect(overlaps, `on the ${screen} screen`).toEqual([]);
  expect(await focused(), `focus on the ${screen} screen`).toBe(focusBefore);
  // Clear it for the next screen (the close button is part of the region).
  await page.locator('.notice .notice-close').click();
  await page.locator('.notice').waitFor({ state: 'detached' });
}

describe('feedback never covers controls', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ]) {
    it(`on every screen with conversations at ${viewport.width}×${viewport.height}`, async () => {
      const { app } = await openApp({ demo: true, viewport });
      const { page } = app;

      await raiseFeedbackOn(app, 'list', 'z');
      await page.keyboard.press('Control+a');
      await page.locator('.bulk-bar').waitFor();
      await raiseFeedbackOn(app, 'bulk selection');
      await page.keyboard.press('Escape');

      await page.keyboard.press('Enter');
      await page.locator('.thread-header').waitFor();
      await raiseFeedbackOn(app, 'thread', 'z');

      await page.keyboard.press('r');
      await page.locator('.composer-input').waitFor();
      await page.keyboard.type('Thanks, talk soon');
      await raiseFeedbackOn(app, 'composer');
      await page.keyboard.press('Escape');

      await page.keyboard.press('l');
      await page.getByRole('dialog', { name: /label/i }).waitFor();
      await raiseFeedbackOn(app, 'label picker');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: /label/i }).waitFor({ state: 'detached' });

      await page.keyboard.press('h');
      await page.getByRole('dialog', { name: /snooze/i }).waitFor();
      await raiseFeedbackOn(app, 'snooze picker');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: /snooze/i }).waitFor({ state: 'detached' });

      await page.keyboard.press('Control+k');
      await page.locator('.palette').waitFor();
      await raiseFeedbackOn(app, 'palette');
      await page.keyboard.press('Escape');
      await page.locator('.palette').waitFor({ state: 'detached' });

      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await raiseFeedbackOn(app, 'help');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });

      await page.keyboard.press('Escape'); // the thread closes
      await page.keyboard.press('/');
      await page.getByRole('searchbox').waitFor();
      await page.keyboard.type('deck');
      await page.locator(ROWS).first().waitFor();
      await raiseFeedbackOn(app, 'search');
      await page.getByRole('button', { name: 'Close' }).first().click();

      await page.getByRole('button', { name: /Accounts & settings/ }).click();
      await page.getByRole('dialog', { name: 'Accounts & settings' }).waitFor();
      await raiseFeedbackOn(app, 'settings');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Accounts & settings' }).waitFor({ state: 'detached' });

      // An empty view.
      await page.locator('[data-view="archived"]').click();
      await page.locator('[data-empty="archived"]').waitFor();
      await raiseFeedbackOn(app, 'empty archived view');
      expect(app.errors).toEqual([]);
    });
  }

  it('with no account: the empty inbox and the add-account screen', async () => {
    const { app } = await openApp({ demo: false });
    const { page } = app;
    await raiseFeedbackOn(app, 'no accounts');
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByRole('dialog', { name: 'Accounts & settings' }).waitFor();
    await raiseFeedbackOn(app, 'add account');
    expect(app.errors).toEqual([]);
  });
});

describe('a toast whose subject is gone disappears', () => {
  it('"Selected N conversations" leaves when Esc clears the selection', async () => {
    const { core, app } = await openApp({ demo: true });
    const { page } = app;
    const inbox = (await core.viewCounts()).inbox;
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.toast .toast-text').textContent()).toBe(`Selected ${inbox} conversations`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.bulk-bar').count()).toBe(0);
    await expect.poll(() => page.locator('.toast').count()).toBe(0);
  });

  it('"already archived" leaves when that conversation leaves the screen', async () => {
    const { app } = await openApp({ demo: true });
    const { page } = app;
    await page.keyboard.press('e');
    await page.locator('[data-view="archived"]').click();
    await page.locator(ROWS).first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('e');
    await page.locator('.notice', { hasText: 'already archived' }).waitFor();
    await page.keyboard.press('Shift+E');
    await expect.poll(() => page.locator(ROWS).count()).toBe(0);
    await expect.poll(() => page.locator('.notice', { hasText: 'already archived' }).count()).toBe(0);
  });
});
