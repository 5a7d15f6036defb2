/**
 * Hostile provider content in a real Chromium: a ReactIn account (loopback simulator) full of
 * markup, `javascript:` links, direction overrides, invisible and control characters, a
 * 200-character unbroken name and a megabyte message, synced into a real core. Nothing runs,
 * markup shows as the literal text it is, `javascript:` is never a link, rows keep one height
 * with the time at the right edge, the panes keep their widths, and the megabyte message opens.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { MAX_MESSAGE_CHARS, MESSAGE_SHORTENED } from '../../src/main/core/providers/sanitize';
import { EXPECTED, HOSTILE, plant, type HostileConversation } from '../simulators/hostile';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { VirtualClock } from '../support/clock';
import { sendAtOnce, tempDataDir } from '../support/core';

const API_KEY = 'rk_hostile_browser';
const ORG = 'org_hostile';
const ROWS = '[role="option"][data-conversation-id]';

const suite = browserSuite();

const minutesAgo = (n: number) => Date.now() - n * 60_000;

const CONVERSATIONS: HostileConversation[] = [
  { key: 'plain', name: 'Ada Lovelace', headline: 'Mathematician', company: 'Analytical Engines', messages: [{ text: 'A normal message.', at: minutesAgo(10) }] },
  {
    key: 'markup',
    name: HOSTILE.img,
    headline: HOSTILE.script,
    company: HOSTILE.img,
    avatarUrl: HOSTILE.jsLink,
    profileUrl: HOSTILE.jsLink,
    messages: [
      { text: HOSTILE.scriptMessage, at: minutesAgo(30) },
      { text: HOSTILE.linkMessage, at: minutesAgo(29) },
      { text: HOSTILE.rtlMessage, at: minutesAgo(28) },
      { text: 'After the override: still left to right.', at: minutesAgo(27) },
      { text: HOSTILE.megabyte, at: minutesAgo(5) },
    ],
  },
  { key: 'script', name: HOSTILE.script, messages: [{ text: `See ${HOSTILE.jsLink} and ${HOSTILE.dataLink}`, at: minutesAgo(12) }] },
  { key: 'rtl', name: HOSTILE.rtlName, headline: HOSTILE.rtlMessage, messages: [{ text: HOSTILE.rtlMessage, at: minutesAgo(14) }] },
  { key: 'long', name: HOSTILE.longName, headline: 'X'.repeat(500), messages: [{ text: 'Y'.repeat(300_000), at: minutesAgo(16) }] },
  { key: 'invisible', name: `${HOSTILE.zeroWidthName} ${HOSTILE.controlName}`, messages: [{ text: HOSTILE.controlMessage, at: minutesAgo(18) }] },
];

interface World {
  sim: ReactInSim;
  core: InboxCore;
  accountId: string;
  apps: BenchPage[];
  /** Messages of any dialog (alert, confirm, prompt) a page opened. */
  dialogs: string[];
  open(colorScheme: 'light' | 'dark'): Promise<BenchPage>;
  local(key: string): string;
}

async function setup(): Promise<World> {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 0, getPerMinute: 100_000, postPerMinute: 100_000 });
  const remote = new Map(CONVERSATIONS.map((c) => [c.key, plant({ kind: 'reactin', sim }, c)]));
  const { dir, cleanup } = tempDataDir('inbox-hostile-browser-');
  const dispatcher = new Agent();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }), settings: sendAtOnce() });
  const account = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
  await core.syncNow(account.id);
  const world: World = {
    sim,
    core,
    accountId: account.id,
    apps: [],
    dialogs: [],
    async open(colorScheme) {
      const app = await suite.bench.open(core, { colorScheme });
      app.page.on('dialog', (d) => {
        world.dialogs.push(d.message());
        void d.dismiss();
      });
      world.apps.push(app);
      await expect.poll(() => app.page.locator(ROWS).count()).toBe(CONVERSATIONS.length);
      return app;
    },
    local: (key) => core.conversationIdFor(account.id, remote.get(key)!)!,
  };
  suite.defer(cleanup, () => sim.close(), () => dispatcher.close(), () => core.close(), async () => {
    for (const a of world.apps) await a.close();
  });
  return world;
}

/** Opens a conversation by clicking its row, and waits for its thread. */
async function openRow(app: BenchPage, id: string): Promise<void> {
  await app.page.locator(`${ROWS}[data-conversation-id="${id}"]`).click();
  await app.page.locator(`.thread-pane[data-thread-id="${id}"] .bubble`).first().waitFor();
}

/** Nothing ran: no flag set by a script, no dialog, no error, no request past the app's own files. */
async function expectNothingRan(w: World, app: BenchPage): Promise<void> {
  expect(await app.page.evaluate('window.__pwned')).toBeUndefined();
  expect(w.dialogs).toEqual([]);
  expect(app.errors).toEqual([]);
  // No element came from provider markup.
  expect(await app.page.locator('img[src="x"], a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
  expect(await app.page.locator('b', { hasText: 'bold?' }).count()).toBe(0);
  expect(await app.page.evaluate("[...document.scripts].some((s) => (s.textContent || '').includes('__pwned'))")).toBe(false);
}

/** Where the element's text visibly ends: its text's right edge, cut at the first ancestor (or itself) that clips. */
async function paintedRight(app: BenchPage, selector: string): Promise<number> {
  return app.page.evaluate<number>(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const range = document.createRange();
    range.selectNodeContents(el);
    let right = range.getBoundingClientRect().right;
    for (let node = el; node; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== 'visible') right = Math.min(right, node.getBoundingClientRect().right);
    }
    return right;
  })()`);
}

type Box = { x: number; y: number; width: number; height: number };
async function box(app: BenchPage, selector: string): Promise<Box> {
  const b = await app.page.locator(selector).first().boundingBox();
  expect(b, selector).not.toBeNull();
  return b!;
}

describe('hostile provider content in the app', () => {
  it('shows names and messages as literal text, runs nothing, never links javascript:, and keeps every row the same height with the time at the right, in light and dark', async () => {
    const w = await setup();
    for (const scheme of ['light', 'dark'] as const) {
      const app = await w.open(scheme);
      const page = app.page;

      // Markup is text in the list.
      const names = await page.locator(`${ROWS} .row-name`).allTextContents();
      expect(names).toEqual(expect.arrayContaining([HOSTILE.img, HOSTILE.script, EXPECTED.rtlName, EXPECTED.longName, `${EXPECTED.zeroWidthName} ${EXPECTED.controlName}`]));
      expect(await page.locator(`${ROWS}[data-conversation-id="${w.local('markup')}"] .row-role`).textContent()).toBe(`${HOSTILE.script} · ${HOSTILE.img}`);
      // A direction override cannot disguise a file name in the list: the preview reads as sent, minus the override.
      expect(await page.locator(`${ROWS}[data-conversation-id="${w.local('rtl')}"] .row-preview`).textContent()).toBe('Invoice fdp.exe attached');

      // Rows: one height for all, however long or strange their text; time and account at the right edge.
      const rows = await page.locator(ROWS).evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          const time = el.querySelector('.row-time')!.getBoundingClientRect();
          const name = el.querySelector('.row-name')!.getBoundingClientRect();
          const chip = el.querySelector('.account-chip')!.getBoundingClientRect();
          const body = el.querySelector('.row-body')!.getBoundingClientRect();
          return { id: el.getAttribute('data-conversation-id'), height: r.height, right: r.right, timeRight: time.right, timeLeft: time.left, nameRight: name.right, chipRight: chip.right, bodyRight: body.right };
        }),
      );
      const plainHeight = rows.find((r) => r.id === w.local('plain'))!.height;
      for (const r of rows) {
        expect(Math.abs(r.height - plainHeight), `row ${r.id}`).toBeLessThanOrEqual(1);
        expect(Math.abs(r.timeRight - r.bodyRight), `time of ${r.id}`).toBeLessThanOrEqual(1);
        expect(Math.abs(r.chipRight - r.bodyRight), `account of ${r.id}`).toBeLessThanOrEqual(1);
        expect(r.nameRight, `name of ${r.id}`).toBeLessThanOrEqual(r.timeLeft);
      }

      // The panes keep their widths: nothing is wider than the window, the list stays within its column.
      const viewport = page.viewportSize()!;
      const list = await box(app, '.list-pane');
      expect(list.width).toBeLessThanOrEqual(400);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);

      await app.screenshot(`hostile-list-${scheme}`);
      await expectNothingRan(w, app);
    }
  });

  it('opens the thread with markup, javascript: links and an override as text, and a megabyte message, without widening the pane', async () => {
    const w = await setup();
    for (const scheme of ['light', 'dark'] as const) {
      const app = await w.open(scheme);
      const page = app.page;
      await openRow(app, w.local('markup'));

      const pane = `.thread-pane[data-thread-id="${w.local('markup')}"]`;
      expect(await page.locator(`${pane} .thread-name`).textContent()).toBe(HOSTILE.img);
      // No Profile button: the javascript: profile address was dropped before it was stored.
      expect(await page.locator(`${pane} .thread-profile`).count()).toBe(0);

      // The newest message is the megabyte one, kept at 100,000 characters and saying it was shortened.
      const bubbles = page.locator(`${pane} .bubble`);
      const last = bubbles.last();
      const lastText = (await last.textContent())!;
      expect(lastText.length).toBe(MAX_MESSAGE_CHARS);
      expect(lastText.endsWith(MESSAGE_SHORTENED)).toBe(true);
      // It wraps inside the message column: the thread does not scroll sideways and keeps its place.
      const messages = page.locator(`${pane} .messages`);
      expect(await messages.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      const [paneBox, listBox, lastBox] = await Promise.all([box(app, pane), box(app, '.list-pane'), last.boundingBox()]);
      const viewport = page.viewportSize()!;
      expect(paneBox.x + paneBox.width).toBeLessThanOrEqual(viewport.width + 0.5);
      expect(paneBox.x).toBeGreaterThanOrEqual(listBox.x + listBox.width - 0.5);
      expect(lastBox!.x + lastBox!.width).toBeLessThanOrEqual(paneBox.x + paneBox.width);

      // Scroll up to the older ones: markup and links as text.
      await messages.evaluate((el) => el.scrollTo(0, 0));
      await page.locator(`${pane} .bubble`, { hasText: 'After the override' }).waitFor();
      const texts = await bubbles.allTextContents();
      expect(texts).toEqual(expect.arrayContaining([HOSTILE.scriptMessage, HOSTILE.linkMessage, HOSTILE.rtlMessage, 'After the override: still left to right.']));
      expect(await page.locator(`${pane} .bubble a`).count()).toBe(0);

      // The override stays inside its own message: the next one starts at the same left edge as all of theirs.
      const lefts = await page.locator(`${pane} .message--theirs .bubble`).evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
      expect(new Set(lefts).size).toBe(1);
      const after = await page.locator(`${pane} .message`, { hasText: 'After the override' }).evaluate((el) => {
        const bubble = el.querySelector('.bubble')!.getBoundingClientRect();
        const time = el.querySelector('time')!.getBoundingClientRect();
        return { bubbleLeft: bubble.left, timeLeft: time.left };
      });
      expect(after.timeLeft).toBeGreaterThanOrEqual(after.bubbleLeft);

      await app.screenshot(`hostile-thread-${scheme}`);
      await expectNothingRan(w, app);
    }
  });

  it('shows a 200-character name and a long unbroken message within the pane, the header buttons still in reach', async () => {
    const w = await setup();
    const app = await w.open('light');
    const page = app.page;
    const id = w.local('long');
    await openRow(app, id);
    const pane = `.thread-pane[data-thread-id="${id}"]`;

    expect(await page.locator(`${pane} .thread-name`).textContent()).toBe(EXPECTED.longName);
    const [paneBox, nameBox, chipBox] = await Promise.all([box(app, pane), box(app, `${pane} .thread-name`), box(app, `${pane} .thread-header .account-chip`)]);
    // The name ends (in an ellipsis) before the account chip; the chip stays inside the pane.
    expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(chipBox.x + 0.5);
    expect(await paintedRight(app, `${pane} .thread-name`)).toBeLessThanOrEqual(chipBox.x + 0.5);
    expect(chipBox.x + chipBox.width).toBeLessThanOrEqual(paneBox.x + paneBox.width + 0.5);
    expect(await page.locator(`${pane} .messages`).evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const bubble = await box(app, `${pane} .bubble`);
    expect(bubble.x + bubble.width).toBeLessThanOrEqual(paneBox.x + paneBox.width);
    // The sender's long name under the message wraps within the message, not past the pane.
    expect(await paintedRight(app, `${pane} .message-meta`)).toBeLessThanOrEqual(paneBox.x + paneBox.width);
    await app.screenshot('hostile-long-name');

    // The message from the invisible-and-control-character name: new line and tab kept, controls gone.
    await openRow(app, w.local('invisible'));
    expect(await page.locator(`.thread-pane[data-thread-id="${w.local('invisible')}"] .bubble`).textContent()).toBe(EXPECTED.controlMessage);

    await expectNothingRan(w, app);
  });
});
