/**
 * Using the screen: compact one-line rows as a setting (at least 16 rows at 1280×800, where
 * comfortable rows show 8), the divider between list and thread (mouse, keyboard, remembered),
 * a useful right pane when no thread is open or the list is empty, a bulk bar that does not
 * push the list down, and a thread toolbar that stays on one row at 1280 px.
 */
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, MemorySettingsStore, type InboxCore } from '../../src/main/core';
import { DEFAULT_SETTINGS, LIST_WIDTH_MAX, LIST_WIDTH_MIN, type AppSettings } from '../../src/shared/domain';
import type { BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const suite = browserSuite();

async function demoApp(
  opts: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; settings?: Partial<AppSettings>; demo?: boolean } = {},
): Promise<{ core: InboxCore; app: BenchPage; dir: string }> {
  const { dir, cleanup } = tempDataDir('inbox-layout-');
  const settings = new MemorySettingsStore();
  settings.save({ ...DEFAULT_SETTINGS, ...opts.settings });
  const demo = opts.demo ?? true;
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: demo, settings });
  if (demo) await core.syncNow();
  const app = await suite.bench.open(core, { viewport: opts.viewport, colorScheme: opts.colorScheme });
  suite.defer(cleanup, () => core.close(), () => app.close());
  await app.page.locator(demo ? ROWS : '[data-empty="no-accounts"]').first().waitFor();
  return { core, app, dir };
}

/** Rows a person can read whole: inside the scrolling list's visible box. */
function fullyVisibleRows(app: BenchPage): Promise<number> {
  return app.page.locator('.list-scroll').evaluate((scroll) => {
    const box = scroll.getBoundingClientRect();
    return [...scroll.querySelectorAll('[role="option"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    }).length;
  });
}

describe('compact rows', () => {
  it('at 1280×800 compact rows (a setting, and a palette command) show at least 16, each one line, twice the comfortable ones', async () => {
    const { core, app } = await demoApp();
    const { page } = app;
    // Comfortable rows are two lines: 8 at 1280×800 without a banner, fewer under the demo's
    // (counted once the banner is there, so the count is the one a person sees).
    await page.locator('[data-banner="demo-list"]').waitFor();
    const comfortable = await fullyVisibleRows(app);
    expect(comfortable).toBeGreaterThanOrEqual(6);
    expect(comfortable).toBeLessThanOrEqual(8);

    await page.getByRole('button', { name: /Accounts & settings/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts & settings' });
    await dialog.getByRole('radio', { name: /Compact/ }).check();
    await expect.poll(async () => (await core.getSettings()).density).toBe('compact');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => fullyVisibleRows(app)).toBeGreaterThanOrEqual(Math.max(16, 2 * comfortable));
    const first = page.locator(ROWS).first();
    // One line: name, preview, chips and time side by side.
    const parts = await first.evaluate((row) => {
      const top = (sel: string) => row.querySelector(sel)?.getBoundingClientRect();
      const name = top('.row-name')!;
      const preview = top('.row-preview')!;
      const time = top('.row-time')!;
      const chip = top('.label-chips') ?? time;
      return { height: row.getBoundingClientRect().height, sameLine: [preview, time, chip].every((b) => Math.abs(b.top + b.height / 2 - (name.top + name.height / 2)) < 6), previewText: row.querySelector('.row-preview')?.textContent ?? '' };
    });
    expect(parts.height).toBeLessThanOrEqual(42);
    expect(parts.sameLine).toBe(true);
    expect(parts.previewText.length).toBeGreaterThan(0);
    await app.screenshot('layout-compact-1280');

    // j still follows the cursor in compact rows.
    for (let i = 0; i < 20; i++) await page.keyboard.press('j');
    const selected = page.locator(`${ROWS}[aria-selected="true"]`);
    expect(await selected.evaluate((row) => {
      const box = row.closest('.list-scroll')!.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    })).toBe(true);

    // The palette switches back, and the choice is kept.
    await page.keyboard.press('Control+k');
    await page.locator('.palette-input').fill('comfortable rows');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await core.getSettings()).density).toBe('comfortable');
    await expect.poll(() => page.locator('.conversation-list--compact').count()).toBe(0);
    // The cursor stayed on screen through the switch; back at the top, as many rows as at first.
    expect(await selected.evaluate((row) => {
      const box = row.closest('.list-scroll')!.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom;
    })).toBe(true);
    for (let i = 0; i < 20; i++) await page.keyboard.press('k');
    await expect.poll(() => fullyVisibleRows(app)).toBe(comfortable);
    expect(app.errors).toEqual([]);
  });
});

const listWidth = (app: BenchPage) => app.page.locator('.list-pane').evaluate((el) => Math.round(el.getBoundingClientRect().width));

describe('the divider between list and thread', () => {
  it('is a separator that the mouse drags and ← → Home End move; the width is saved and restored at start', async () => {
    const { core, app } = await demoApp();
    const { page } = app;
    await page.keyboard.press('Enter');
    await page.locator('.thread-header').waitFor();
    const divider = page.getByRole('separator', { name: /Width of the conversation list/ });
    expect(await divider.getAttribute('aria-orientation')).toBe('vertical');
    expect(Number(await divider.getAttribute('aria-valuemin'))).toBe(LIST_WIDTH_MIN);
    const max = Number(await divider.getAttribute('aria-valuemax'));
    expect(max).toBe(Math.min(LIST_WIDTH_MAX, 1280 - 232 - 360));
    const start = await listWidth(app);
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBe(start);

    // Keyboard: three steps right, then the ends.
    await divider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => listWidth(app)).toBe(start + 48);
    await expect.poll(() => divider.getAttribute('aria-valuenow')).toBe(String(start + 48));
    await expect.poll(async () => (await core.getSettings()).listWidth).toBe(start + 48);
    await page.keyboard.press('Home');
    await expect.poll(() => listWidth(app)).toBe(LIST_WIDTH_MIN);
    await page.keyboard.press('End');
    await expect.poll(() => listWidth(app)).toBe(max);
    // The keys that moved the divider did nothing else: the thread is still open.
    expect(await page.locator('.thread-header').count()).toBe(1);

    // Mouse: drag the divider to 560 px of list.
    const box = (await divider.boundingBox())!;
    const listLeft = await page.locator('.list-pane').evaluate((el) => el.getBoundingClientRect().left);
    await page.mouse.move(box.x + box.width / 2, box.y + 300);
    await page.mouse.down();
    await page.mouse.move(listLeft + 500, box.y + 300, { steps: 4 });
    await page.mouse.move(listLeft + 560, box.y + 300, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => listWidth(app)).toBe(560);
    await expect.poll(async () => (await core.getSettings()).listWidth).toBe(560);
    await app.screenshot('layout-divider-dragged');

    // Restored at start.
    await app.close();
    const again = await suite.bench.open(core);
    suite.defer(() => again.close());
    await again.page.locator(ROWS).first().waitFor();
    expect(await listWidth(again)).toBe(560);
    expect(await again.page.getByRole('separator').getAttribute('aria-valuenow')).toBe('560');
    expect(app.errors).toEqual([]);
    expect(again.errors).toEqual([]);
  });
});

describe('no empty screen, nothing pushed or clipped', () => {
  it('at 1920×1080 with no thread open, the right pane shows the view’s summary and the keys to start; with an empty list too', async () => {
    const { core, app } = await demoApp({ viewport: { width: 1920, height: 1080 } });
    const { page } = app;
    const counts = await core.viewCounts();
    const pane = page.locator('.thread-pane');
    await expect.poll(() => pane.locator('h2').textContent()).toBe('Inbox');
    const text = (await pane.textContent()) ?? '';
    expect(text).toContain(`${counts.inbox} conversations`);
    expect(text).toContain(`${counts.unread} unread`);
    expect(text).toContain(`${counts['needs-reply']} waiting on you`);
    const keys = await pane.locator('kbd').allTextContents();
    for (const k of ['j', 'k', 'Enter', 'e', '/', '?']) expect(keys).toContain(k);
    await app.screenshot('layout-summary-1920');

    // An empty view: the pane still says where things are and how to move on.
    await page.locator('[data-view="archived"]').click();
    await page.locator('[data-empty="archived"]').waitFor();
    await expect.poll(() => pane.locator('h2').textContent()).toBe('Archived');
    expect(await pane.textContent()).toContain('0 conversations');
    expect(await pane.locator('kbd').allTextContents()).toContain('g');
    expect(app.errors).toEqual([]);
  });

  it('the bulk bar does not push the list down', async () => {
    const { app } = await demoApp();
    const { page } = app;
    const firstTop = () => page.locator(ROWS).first().evaluate((el) => Math.round(el.getBoundingClientRect().top));
    const before = await firstTop();
    await page.keyboard.press('x');
    await page.locator('.bulk-bar').waitFor();
    expect(await firstTop()).toBe(before);
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.bulk-bar .bulk-count').textContent()).toMatch(/^\d+ selected$/);
    expect(await firstTop()).toBe(before);
    // Its keys and Clear are all visible (nothing cut off).
    const bar = await page.locator('.bulk-bar').evaluate((el) => ({ clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1 }));
    expect(bar.clipped).toBe(false);
    await app.screenshot('layout-bulk-1280');
  });

  it('at 1280 px the thread toolbar stays on one row and shows every label chip whole; the search placeholder is not cut off', async () => {
    const { core, app } = await demoApp();
    const { page } = app;
    const first = (await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!;
    for (const name of ['Hiring pipeline', 'Follow up next week', 'Investors']) {
      const label = await core.createLabel(name);
      await core.setLabels([first.id], [label.id], []);
    }
    await page.locator(`${ROWS}[data-conversation-id="${first.id}"] .label-chip`).first().waitFor();
    await page.locator(`${ROWS}[data-conversation-id="${first.id}"]`).click();
    await page.locator('.thread-header').waitFor();
    await expect.poll(() => page.locator('.thread-pane .label-chip').count()).toBe(3);
    const layout = await page.locator('.thread-pane').evaluate((pane) => {
      const buttons = [...pane.querySelectorAll('.thread-toolbar button')].map((b) => b.getBoundingClientRect());
      const chips = [...pane.querySelectorAll('.label-chip')];
      const paneBox = pane.getBoundingClientRect();
      return {
        rows: new Set(buttons.map((b) => Math.round(b.top))).size,
        chipsWhole: chips.every((c) => {
          const b = c.getBoundingClientRect();
          return c.scrollWidth <= c.clientWidth + 1 && b.left >= paneBox.left && b.right <= paneBox.right;
        }),
      };
    });
    expect(layout.rows).toBe(1);
    expect(layout.chipsWhole).toBe(true);
    // In the row, chips may end in "…", but the "+1" for the third label is whole, not cut off.
    const more = await page.locator(`${ROWS}[data-conversation-id="${first.id}"]`).evaluate((row) => {
      const chips = row.querySelector('.label-chips')!.getBoundingClientRect();
      const plus = row.querySelector('.label-chip--more')!;
      const box = plus.getBoundingClientRect();
      return { text: plus.textContent, whole: box.left >= chips.left - 0.5 && box.right <= chips.right + 0.5 && plus.scrollWidth <= plus.clientWidth + 1 };
    });
    expect(more).toEqual({ text: '+1', whole: true });
    await app.screenshot('layout-thread-labels-1280');

    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    const search = page.getByRole('searchbox');
    await search.waitFor();
    const fits = await search.evaluate((input) => {
      const el = input as unknown as { placeholder: string; clientWidth: number; ownerDocument: { createElement(t: string): { getContext(k: string): { font: string; measureText(t: string): { width: number } } } }; };
      const style = input.ownerDocument.defaultView!.getComputedStyle(input);
      const ctx = el.ownerDocument.createElement('canvas').getContext('2d');
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: ctx.measureText(el.placeholder).width, room };
    });
    expect(fits.text).toBeLessThanOrEqual(fits.room);
  });

  it('moving the only archived conversation back does not say "Nothing archived yet"', async () => {
    const { app } = await demoApp();
    const { page } = app;
    await page.keyboard.press('e');
    await page.locator('[data-view="archived"]').click();
    await page.locator(ROWS).first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Shift+E');
    const empty = page.locator('[data-empty="archived"]');
    await empty.waitFor();
    expect(await empty.locator('h2').textContent()).toBe('Nothing archived');
  });

  it('with no account, the key-hint bar offers only keys that do something', async () => {
    const { app } = await demoApp({ demo: false });
    const hints = await app.page.locator('.key-hints kbd').allTextContents();
    for (const k of ['j', 'k', 'e', 'h', 'l', 'x', 'r', 'z', '/']) expect(hints).not.toContain(k);
    expect(hints).toContain('?');
    expect(hints).toContain('Ctrl+K');
    // And the right pane is not blank: it says how to start.
    expect(await app.page.locator('.thread-pane').textContent()).toMatch(/account/i);
  });
});
