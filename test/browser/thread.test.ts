/**
 * The thread view in a real Chromium, against a real core and the loopback ReactIn simulator:
 * day dividers, a 2,000-message thread that opens at the bottom without drawing every
 * message, jumping to an old message, links (allowed ones reach the core's openExternal port,
 * refused ones are copied by main through its copyText port: the page has no clipboard permission), the participant's profile (p), the reply box (new lines, the
 * counter near the limit, a draft that survives a restart) and snippets.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { MAX_REPLY_LENGTH, THREAD_PAGE_MESSAGES } from '../../src/shared/domain';
import { startReactInSimulator, type ReactInSim, type SimParticipant } from '../simulators/reactin';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { VirtualClock } from '../support/clock';
import { sendAtOnce, tempDataDir } from '../support/core';
import { png } from '../support/png';
import { wholeThread } from '../support/thread';

const API_KEY = 'rk_thread_key';
const ORG = 'org_thread';
const ROWS = '[role="option"][data-conversation-id]';
const DAY = 86_400_000;
/** A ceiling, not a wait, for the longest tests here: they took over 30 s with the machine at load 20. */
const LONG_TEST_TIMEOUT_MS = 120_000;

const suite = browserSuite();

function person(id: string, name: string, company: string | null, linkedinUrl: string | null): SimParticipant {
  return { id, name, avatarUrl: null, linkedinUrl, headline: 'Head of Research', company, leadId: null };
}

/** The parts of a textarea the tests touch (this file is type-checked without the DOM library). */
interface TextArea {
  value: string;
  selectionStart: number;
  selectionEnd: number;
  setSelectionRange(start: number, end: number): void;
  blur(): void;
}

const ADA = person('li_ada', 'Ada Lovelace', 'Analytical Engines', 'https://www.linkedin.com/in/ada-lovelace');

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

interface World {
  sim: ReactInSim;
  core: InboxCore;
  app: BenchPage;
  /** What the core asked the browser to open (its openExternal port). */
  opened: string[];
  /** What the core put on the clipboard (its copyText port, Electron's clipboard in the app). */
  copied: string[];
  /** Closes the page and the core, opens the core again on the same data directory, and a new page on it. */
  restart(): Promise<void>;
}

/**
 * A ReactIn account whose conversations `build` puts in the simulator, synced into a core with
 * an openExternal port that records links, and the app open on it with the first row opened.
 */
async function setup(build: (sim: ReactInSim) => void, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<World> {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 0, getPerMinute: 1000, postPerMinute: 1000 });
  build(sim);
  const { dir, cleanup } = tempDataDir('inbox-thread-');
  const secrets = new MemorySecretStore();
  const dispatcher = new Agent();
  // The core keeps ReactIn's 30 GET a minute: its waits jump ahead on a virtual clock instead of sleeping.
  const clock = new VirtualClock(Date.now(), { autoAdvance: true });
  const settings = sendAtOnce();
  const opened: string[] = [];
  const copied: string[] = [];
  const openCore = () =>
    createCore({
      allowLoopbackBaseUrls: true, // its simulators listen on 127.0.0.1
      dataDir: dir,
      secrets,
      dispatcher,
      clock,
      settings,
      openExternal: async (url) => void opened.push(url),
      copyText: (text) => void copied.push(text),
      allowLoopbackImages: true, // the picture server of "shows profile pictures" is on 127.0.0.1
    });
  const world = { sim, opened, copied } as World;
  world.core = await openCore();
  const account = await world.core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
  await world.core.syncNow(account.id);
  world.app = await suite.bench.open(world.core, { colorScheme: opts.colorScheme });
  suite.defer(cleanup, () => sim.close(), () => dispatcher.close(), () => world.core.close(), () => world.app.close());
  await expect.poll(() => world.app.page.locator(ROWS).count()).toBe((await world.core.viewCounts()).inbox);
  world.restart = async () => {
    await world.app.close();
    await world.core.close();
    world.core = await openCore();
    world.app = await suite.bench.open(world.core, { colorScheme: opts.colorScheme });
    await expect.poll(() => world.app.page.locator(ROWS).count()).toBeGreaterThan(0);
  };
  return world;
}

/** Opens the conversation with this person from the list, with the keys. */
async function openByKeys(app: BenchPage, name: string): Promise<void> {
  const names = await app.page.locator(`${ROWS} .row-name`).allTextContents();
  const at = names.indexOf(name);
  expect(at).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < at; i++) await app.page.keyboard.press('j');
  await app.page.keyboard.press('Enter');
  await app.page.locator('.thread-name').filter({ hasText: name }).waitFor();
}

/** Runs a palette entry: Ctrl+K, type, check the entry under the cursor is the one meant, Enter. */
async function fromPalette(app: BenchPage, typed: string, entry: string): Promise<void> {
  await app.page.keyboard.press('Control+k');
  const palette = app.page.getByRole('dialog', { name: 'Command palette' });
  await palette.waitFor();
  await app.page.keyboard.type(typed);
  await expect.poll(() => palette.locator('[cmdk-item][data-selected="true"] .palette-text').textContent()).toBe(entry);
  await app.page.keyboard.press('Enter');
  await expect.poll(() => palette.count()).toBe(0);
}

/** Searches with / and opens the result under the cursor (at the message that matched). */
async function fromSearch(app: BenchPage, query: string, conversationId: string): Promise<void> {
  await app.page.keyboard.press('/');
  const field = app.page.getByRole('searchbox', { name: 'Search conversations' });
  await field.waitFor();
  await field.fill(query);
  await expect.poll(() => app.page.locator('[role="option"][aria-selected="true"]').getAttribute('data-conversation-id')).toBe(conversationId);
  await app.page.keyboard.press('Enter');
}

/** Whether the element is entirely inside the visible part of the message list. */
async function inView(app: BenchPage, selector: string): Promise<boolean> {
  return app.page.evaluate<boolean>(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const box = document.querySelector('.messages');
    if (!el || !box) return false;
    const a = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return a.height > 0 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  })()`);
}

/** Pixels between the bottom of the message list's content and the bottom of its view. */
function distanceFromBottom(app: BenchPage): Promise<number> {
  return app.page.locator('.messages').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

/** The message drawn highest in the visible part of the list: its id, its place, and its top relative to the list's top. */
function topVisibleMessage(app: BenchPage): Promise<{ id: string; posinset: number; top: number } | null> {
  return app.page.evaluate<{ id: string; posinset: number; top: number } | null>(`(() => {
    const box = document.querySelector('.messages').getBoundingClientRect();
    const rows = [...document.querySelectorAll('.thread-row[aria-posinset]')]
      .map((row) => ({ row, rect: row.getBoundingClientRect() }))
      .filter(({ rect }) => rect.height > 0 && rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1)
      .sort((a, b) => a.rect.top - b.rect.top);
    const first = rows[0];
    if (!first) return null;
    const message = first.row.querySelector('[data-message-id]');
    return { id: message.getAttribute('data-message-id'), posinset: Number(first.row.getAttribute('aria-posinset')), top: first.rect.top - box.top };
  })()`);
}

/** Where a message is drawn relative to the list's top, or null when it is not drawn. */
function topOf(app: BenchPage, messageId: string): Promise<number | null> {
  return app.page.evaluate<number | null>(`(() => {
    const el = document.querySelector('[data-message-id="${messageId}"]');
    if (!el) return null;
    return el.closest('.thread-row').getBoundingClientRect().top - document.querySelector('.messages').getBoundingClientRect().top;
  })()`);
}

function noticeText(app: BenchPage): Promise<string> {
  return app.page.locator('.notice').textContent().then((t) => t ?? '');
}

describe('the thread view', () => {
  it('groups messages under day dividers, tells mine from theirs, and gives the exact time on hover, in light and dark', async () => {
    const today = startOfToday();
    const times = { old: today - 40 * DAY + 10 * 3_600_000, threeDays: today - 3 * DAY + 15 * 3_600_000, yesterday: today - DAY + 11 * 3_600_000 };
    const w = await setup((sim) => {
      const c = sim.addConversation({ id: 'cnv_ada', name: ADA.name, participants: [ADA] });
      sim.addOwnMessage(c.id, 'Hi Ada, loved your notes on the engine.', times.old);
      sim.addInboundMessage(c.id, 'Thank you! They took a while.', times.old + 60_000);
      sim.addOwnMessage(c.id, 'Could we talk this week?', times.threeDays);
      sim.addInboundMessage(c.id, 'Yes — Thursday works.', times.yesterday);
      sim.addInboundMessage(c.id, 'Here are the slides: https://docs.google.com/presentation/d/abc', Math.min(Date.now() - 60_000, today + 60_000 + (Date.now() - today) / 2));
    });
    const page = w.app.page;
    await openByKeys(w.app, ADA.name);

    const dividers = await page.locator('.day-divider').allTextContents();
    const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'long' }).format(times.threeDays);
    const oldDate = new Date(times.old);
    expect(dividers).toHaveLength(4);
    expect(dividers.slice(1)).toEqual([weekday, 'Yesterday', 'Today']);
    expect(dividers[0]).toContain(new Intl.DateTimeFormat('en-US', { month: 'long' }).format(oldDate));
    expect(dividers[0]).toContain(String(oldDate.getDate()));
    // Each divider sits right above its day's first message.
    const order = await page.locator('.thread-row').evaluateAll((rows) =>
      rows
        .map((r) => ({ top: r.getBoundingClientRect().top, text: r.querySelector('.day-divider')?.textContent ?? r.querySelector('.bubble')?.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((r) => r.text),
    );
    expect(order.slice(0, 5)).toEqual([dividers[0], 'Hi Ada, loved your notes on the engine.', 'Thank you! They took a while.', weekday, 'Could we talk this week?']);

    // Mine on the right in the accent colour; theirs on the left.
    const mine = page.locator('.message--mine .bubble').first();
    const theirs = page.locator('.message--theirs .bubble').first();
    const [mineBox, theirsBox, paneBox] = await Promise.all([mine.boundingBox(), theirs.boundingBox(), page.locator('.messages').boundingBox()]);
    expect(mineBox!.x + mineBox!.width).toBeGreaterThan(paneBox!.x + paneBox!.width * 0.8);
    expect(theirsBox!.x).toBeLessThan(paneBox!.x + paneBox!.width * 0.2);
    const colours = async () => Promise.all([mine, theirs].map((b) => b.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor)));
    const light = await colours();
    expect(light[0]).not.toBe(light[1]);

    // The time of day under a message; the whole date and time when the pointer rests on it.
    const time = page.locator('.message--mine time').first();
    const title = await time.getAttribute('title');
    expect(title).toContain(String(oldDate.getFullYear()));
    expect(title).toContain(await time.textContent());
    await w.app.screenshot('thread-light');

    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours();
    expect(dark).not.toEqual(light);
    expect(dark[0]).not.toBe(dark[1]);
    await w.app.screenshot('thread-dark');
    expect(w.app.errors).toEqual([]);
  });

  it('opens a 2,000-message thread at the newest message without drawing them all, follows new ones, and jumps to an old one', async () => {
    const start = Date.now() - 2_000 * 1_800_000;
    const w = await setup((sim) => {
      const c = sim.addConversation({ id: 'cnv_long', name: ADA.name, participants: [ADA] });
      for (let i = 0; i < 2_000; i++) {
        const text = `Message number ${i + 1}${i % 7 === 0 ? ' — a longer one, to make the heights differ: ' + 'lorem ipsum '.repeat(12) : ''}`;
        if (i % 2 === 0) sim.addInboundMessage(c.id, text, start + i * 1_800_000);
        else sim.addOwnMessage(c.id, text, start + i * 1_800_000);
      }
    });
    const page = w.app.page;
    const id = w.core.conversationIdFor((await w.core.listAccounts())[0]!.id, 'cnv_long')!;
    // The core answers the newest page only; the whole thread is there page by page.
    const opened = await w.core.openConversation(id);
    expect(opened.messages.length).toBeLessThanOrEqual(THREAD_PAGE_MESSAGES);
    expect(opened.olderCount + opened.messages.length).toBe(2_000);
    const messages = await wholeThread(w.core, id);
    expect(messages).toHaveLength(2_000);

    await openByKeys(w.app, ADA.name);
    await page.getByRole('region', { name: '2,000 messages' }).waitFor();
    // The newest message is in view at the bottom; only a window of the 2,000 is in the page.
    const newest = `[data-message-id="${messages.at(-1)!.id}"]`;
    await expect.poll(() => inView(w.app, newest)).toBe(true);
    await expect.poll(() => distanceFromBottom(w.app)).toBeLessThan(2);
    const drawn = await page.locator('.message').count();
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThan(200);
    expect(await page.locator('.thread-row[aria-posinset="2000"]').getAttribute('aria-setsize')).toBe('2000');
    await w.app.screenshot('thread-long');

    // They write again: the thread shows it and stays at the bottom.
    w.sim.addInboundMessage('cnv_long', 'And one more thing — see you Thursday.');
    await w.core.syncNow();
    const arrived = page.locator('.message').filter({ hasText: 'And one more thing — see you Thursday.' });
    await arrived.waitFor();
    await expect.poll(() => distanceFromBottom(w.app)).toBeLessThan(2);
    expect(await arrived.evaluate((el) => el.closest('.thread-row')?.getAttribute('aria-posinset'))).toBe('2001');

    // A search result opens it again at message 5: scrolled there and highlighted, still windowed.
    const target = messages[4]!;
    expect(await page.locator(`[data-message-id="${target.id}"]`).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);
    await fromSearch(w.app, '"Message number 5"', id);
    const jumped = page.locator(`[data-message-id="${target.id}"]`);
    await jumped.waitFor();
    await expect.poll(() => inView(w.app, `[data-message-id="${target.id}"]`)).toBe(true);
    expect(await jumped.getAttribute('class')).toContain('message--focus');
    expect(await jumped.locator('.bubble').textContent()).toBe('Message number 5');
    expect(await page.locator('.message').count()).toBeLessThan(200);
    await w.app.screenshot('thread-jump');
    // The highlight is brief.
    await expect.poll(() => jumped.getAttribute('class'), { timeout: 6_000 }).not.toContain('message--focus');
    expect(w.app.errors).toEqual([]);
  }, LONG_TEST_TIMEOUT_MS);

  it('loads older pages of a long thread as the person scrolls up, without the view jumping, back to the first message', async () => {
    const start = Date.now() - 450 * 1_800_000;
    const w = await setup((sim) => {
      const c = sim.addConversation({ id: 'cnv_paged', name: ADA.name, participants: [ADA] });
      for (let i = 0; i < 450; i++) {
        const text = `Paged message ${i + 1}${i % 5 === 0 ? ' — taller: ' + 'lorem ipsum '.repeat(15) : ''}`;
        if (i % 2 === 0) sim.addInboundMessage(c.id, text, start + i * 1_800_000);
        else sim.addOwnMessage(c.id, text, start + i * 1_800_000);
      }
    });
    const page = w.app.page;
    const list = page.locator('.messages');
    await openByKeys(w.app, ADA.name);
    await page.getByRole('region', { name: '450 messages' }).waitFor();
    await expect.poll(() => page.locator('.thread-row[aria-posinset="450"]').count()).toBe(1);
    await expect.poll(() => distanceFromBottom(w.app)).toBeLessThan(2);

    // Read up to just short of where the next page is asked for, then a little further: the page before
    // comes, and what was in view stays where it was (moved only by the 200 pixels scrolled).
    await list.evaluate((el) => {
      el.scrollTop = 900;
    });
    await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBe(900);
    const before = await list.evaluate((el) => el.scrollHeight);
    const anchor = (await topVisibleMessage(w.app))!;
    expect(anchor.posinset).toBeGreaterThan(1); // the first message is not loaded yet
    await list.evaluate((el) => {
      el.scrollTop = 700;
    });
    await expect.poll(() => list.evaluate((el) => el.scrollHeight)).toBeGreaterThan(before);
    await expect.poll(async () => Math.abs((await topOf(w.app, anchor.id))! - (anchor.top + 200))).toBeLessThan(2);
    expect(await list.evaluate((el) => el.scrollTop)).toBeGreaterThan(900);

    // On up to the first message: every message once, in order.
    for (let i = 0; i < 10 && (await page.locator('.thread-row[aria-posinset="1"]').count()) === 0; i++) {
      const height = await list.evaluate((el) => el.scrollHeight);
      await list.evaluate((el) => {
        el.scrollTop = 0;
      });
      await expect
        .poll(async () => (await page.locator('.thread-row[aria-posinset="1"]').count()) > 0 || (await list.evaluate((el) => el.scrollHeight)) > height)
        .toBe(true);
    }
    const first = page.locator('.thread-row[aria-posinset="1"]');
    await first.waitFor();
    expect(await first.locator('.bubble').textContent()).toMatch(/^Paged message 1 — taller: lorem ipsum/);
    const drawn = await page.locator('.thread-row[aria-posinset]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-posinset'))));
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(Math.min(...drawn)).toBe(1);
    await page.getByRole('region', { name: '450 messages' }).waitFor();

    // Opened again at an old message from search, my reply still shows at the bottom, after message 450.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);
    const id = w.core.conversationIdFor((await w.core.listAccounts())[0]!.id, 'cnv_paged')!;
    await fromSearch(w.app, '"Paged message 7"', id);
    const hit = page.locator('.message--focus');
    await hit.waitFor();
    expect(await hit.locator('.bubble').textContent()).toBe('Paged message 7');
    expect(await page.locator('.thread-row[aria-posinset="450"]').count()).toBe(0);
    await page.keyboard.press('r');
    await page.getByRole('textbox', { name: 'Reply' }).pressSequentially('Catching up on all of this now.');
    await page.keyboard.press('Control+Enter');
    const mine = page.locator('.message--mine').filter({ hasText: 'Catching up on all of this now.' });
    await mine.waitFor();
    expect(await mine.evaluate((el) => el.closest('.thread-row')?.getAttribute('aria-posinset'))).toBe('451');
    await expect.poll(() => distanceFromBottom(w.app)).toBeLessThan(2);
    await page.getByRole('region', { name: '451 messages' }).waitFor();
    expect(w.app.errors).toEqual([]);
  }, 60_000);

  it('opens allowed links through the core, and copies refused ones with the reason', async () => {
    const w = await setup((sim) => {
      const c = sim.addConversation({ id: 'cnv_links', name: ADA.name, participants: [ADA] });
      sim.addInboundMessage(c.id, 'Book a slot: https://calendly.com/ada/30min. My old site is at https://example.com/portfolio (ancient). Not a link: javascript:alert(1)', Date.now() - 60_000);
    });
    const page = w.app.page;
    // No clipboard permission is granted: the app's window denies every one, so main does the copying.
    await openByKeys(w.app, ADA.name);

    const bubble = page.locator('.message--theirs .bubble');
    // The text is exactly the message (links are text too), and only http(s) addresses are links.
    expect(await bubble.textContent()).toBe('Book a slot: https://calendly.com/ada/30min. My old site is at https://example.com/portfolio (ancient). Not a link: javascript:alert(1)');
    const links = bubble.locator('a');
    expect(await links.allTextContents()).toEqual(['https://calendly.com/ada/30min', 'https://example.com/portfolio']);
    const allowed = bubble.locator('a[data-link="allowed"]');
    const refused = bubble.locator('a[data-link="refused"]');
    expect(await allowed.textContent()).toBe('https://calendly.com/ada/30min');
    expect(await refused.textContent()).toBe('https://example.com/portfolio');
    // They look different: a link that will not open is not dressed as one that will.
    const style = (l: typeof allowed) => l.evaluate((el) => `${el.ownerDocument.defaultView!.getComputedStyle(el).textDecorationStyle} ${el.ownerDocument.defaultView!.getComputedStyle(el).cursor}`);
    expect(await style(allowed)).not.toBe(await style(refused));

    await allowed.click();
    await expect.poll(() => w.opened).toEqual(['https://calendly.com/ada/30min']);
    await expect.poll(() => noticeText(w.app)).toContain('Opened in your browser');
    expect(w.copied).toEqual([]);

    await refused.click();
    await expect.poll(() => noticeText(w.app)).toContain('Links to example.com are not opened from this app');
    expect(await noticeText(w.app)).toContain('It is copied — paste it into your browser if you trust it.');
    expect(await noticeText(w.app)).not.toContain('Copy it from the message');
    expect(w.copied).toEqual(['https://example.com/portfolio']);
    expect(w.opened).toEqual(['https://calendly.com/ada/30min']);
    // Nothing navigated away from the app.
    expect(new URL(page.url()).origin).toBe(suite.bench.baseUrl);
    await w.app.screenshot('thread-links');
    expect(w.app.errors).toEqual([]);
  });

  it('shows profile pictures that main fetched and cached, as data: URLs; the page itself loads nothing remote', async () => {
    const picture = png(200, 40, 40);
    let served = 0;
    const images = createServer((req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'image/png' }).end(picture);
    });
    await new Promise<void>((done) => images.listen(0, '127.0.0.1', done));
    suite.defer(() => new Promise<void>((done) => images.close(() => done())));
    const url = `http://127.0.0.1:${(images.address() as AddressInfo).port}/ada.png`;
    const w = await setup((sim) => {
      sim.addConversation({ id: 'cnv_pic', name: ADA.name, participants: [{ ...ADA, avatarUrl: url }] });
      sim.addInboundMessage('cnv_pic', 'Here is my new headshot.', Date.now() - 60_000);
      sim.addConversation({ id: 'cnv_nopic', name: 'Grace Hopper', participants: [person('li_grace', 'Grace Hopper', null, null)] });
      sim.addInboundMessage('cnv_nopic', 'No picture on my profile.', Date.now() - 120_000);
    });
    const page = w.app.page;
    const id = w.core.conversationIdFor((await w.core.listAccounts())[0]!.id, 'cnv_pic')!;
    const img = page.locator(`${ROWS}[data-conversation-id="${id}"] .avatar img`);
    await img.waitFor();
    expect(await img.getAttribute('src')).toBe(`data:image/png;base64,${picture.toString('base64')}`);
    expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    // Without a picture: initials.
    expect(await page.locator(`${ROWS}:not([data-conversation-id="${id}"]) .avatar`).first().textContent()).toBe('GH');
    // The open thread shows it too, from main's cache: still one download.
    await openByKeys(w.app, ADA.name);
    await page.locator('.thread-header .avatar img').waitFor();
    expect(served).toBe(1);
    await w.app.screenshot('avatars');
    expect(w.app.errors).toEqual([]); // includes any request that tried to leave the page's own server
  });

  it('p opens the profile of the person in the open conversation, and says so when there is none', async () => {
    const nobody = person('li_anon', 'Charles Babbage', null, null);
    const w = await setup((sim) => {
      const a = sim.addConversation({ id: 'cnv_ada', name: ADA.name, participants: [ADA] });
      sim.addInboundMessage(a.id, 'Hello!', Date.now() - 60_000);
      const b = sim.addConversation({ id: 'cnv_charles', name: nobody.name, participants: [nobody] });
      sim.addInboundMessage(b.id, 'Greetings.', Date.now() - 120_000);
    });
    const page = w.app.page;
    await openByKeys(w.app, ADA.name);
    await page.keyboard.press('p');
    await expect.poll(() => w.opened).toEqual([ADA.linkedinUrl]);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-thread-id]').count()).toBe(0);
    await openByKeys(w.app, nobody.name);
    await page.keyboard.press('p');
    await expect.poll(() => noticeText(w.app)).toContain('no LinkedIn profile link for Charles Babbage');
    expect(w.opened).toEqual([ADA.linkedinUrl]);
    expect(w.app.errors).toEqual([]);
  });

  it('keeps Enter and Shift+Enter as new lines, grows, and counts characters near the limit', async () => {
    const w = await setup((sim) => {
      const c = sim.addConversation({ id: 'cnv_ada', name: ADA.name, participants: [ADA] });
      sim.addInboundMessage(c.id, 'Hello!', Date.now() - 60_000);
    });
    const page = w.app.page;
    await openByKeys(w.app, ADA.name);
    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(composer)).toBe(true);
    const height = () => composer.evaluate((el) => el.getBoundingClientRect().height);
    const before = await height();

    await composer.pressSequentially('Dear Ada,');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Enter');
    await composer.pressSequentially('Thursday works.');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Enter');
    await composer.pressSequentially('Best');
    expect(await composer.inputValue()).toBe('Dear Ada,\n\nThursday works.\n\n\n\nBest');
    expect(w.core.outboxEntries()).toEqual([]);
    expect(await page.locator('.message--mine').count()).toBe(0);
    // The box grew with its lines.
    expect(await height()).toBeGreaterThan(before + 40);

    // No counter far from the limit; from 9,000 characters it says how many are left.
    expect(await page.locator('.char-count').count()).toBe(0);
    await composer.fill('x'.repeat(8_999));
    expect(await page.locator('.char-count').count()).toBe(0);
    await composer.press('End');
    await composer.pressSequentially('y');
    expect(await page.locator('.char-count').textContent()).toBe('9,000 / 10,000');
    expect(await page.locator('.char-limit').textContent()).toBe('1,000 characters left — a reply can be at most 10,000.');
    const calm = await page.locator('.char-limit').evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color);
    // Still a bounded box, however long the text.
    expect(await height()).toBeLessThan(page.viewportSize()!.height / 2);

    await composer.fill('x'.repeat(MAX_REPLY_LENGTH + 12));
    expect(await page.locator('.char-count').textContent()).toBe('10,012 / 10,000');
    expect(await page.locator('.char-limit').textContent()).toBe('12 characters over the 10,000 a reply can have — shorten it to send.');
    expect(await page.locator('.char-limit').evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)).not.toBe(calm);
    expect(await composer.getAttribute('aria-invalid')).toBe('true');
    await w.app.screenshot('composer-over-limit');
    expect(w.app.errors).toEqual([]);
  });

  it('keeps a draft across a restart of the app, and forgets it once sent', async () => {
    const w = await setup((sim) => {
      const c = sim.addConversation({ id: 'cnv_ada', name: ADA.name, participants: [ADA] });
      sim.addInboundMessage(c.id, 'Shall we meet?', Date.now() - 60_000);
    });
    const id = w.core.conversationIdFor((await w.core.listAccounts())[0]!.id, 'cnv_ada')!;
    await openByKeys(w.app, ADA.name);
    await w.app.page.keyboard.press('r');
    const text = 'Half a thought about Thursday —\nand a second line';
    await w.app.page.getByRole('textbox', { name: 'Reply' }).pressSequentially(text);
    // Saved shortly after typing stops, without leaving the box.
    await expect.poll(async () => (await w.core.openConversation(id)).draft, { timeout: 3_000 }).toBe(text);

    await w.restart();
    await openByKeys(w.app, ADA.name);
    const composer = w.app.page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => composer.inputValue()).toBe(text);

    // Sent: the core forgets it, and a restart finds the box empty.
    await composer.focus();
    await w.app.page.keyboard.press('Control+Enter');
    await w.app.page.locator('.message--mine').filter({ hasText: 'Half a thought' }).waitFor();
    expect((await w.core.openConversation(id)).draft).toBe('');
    await w.restart();
    await openByKeys(w.app, ADA.name);
    expect(await w.app.page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('');
    expect(w.app.errors).toEqual([]);
  });

  it('inserts a snippet at the caret with the first name and company filled in, and points at what it could not fill', async () => {
    const nobody = person('li_grace', 'Grace Hopper', null, null);
    const w = await setup((sim) => {
      const a = sim.addConversation({ id: 'cnv_ada', name: ADA.name, participants: [ADA] });
      sim.addInboundMessage(a.id, 'Hello!', Date.now() - 60_000);
      const b = sim.addConversation({ id: 'cnv_grace', name: nobody.name, participants: [nobody] });
      sim.addInboundMessage(b.id, 'Hi there.', Date.now() - 120_000);
    });
    const page = w.app.page;

    // Made in Settings: a name already taken is refused in the form.
    await page.getByRole('button', { name: 'Accounts & settings' }).click();
    const dialog = page.getByRole('dialog');
    const section = dialog.locator('[data-section="snippets"]');
    await section.getByRole('button', { name: 'New snippet' }).click();
    await section.getByLabel('Name').fill('Intro');
    await section.getByLabel('Text').fill('how are things at {company}, {firstName}?');
    await section.getByRole('button', { name: 'Add snippet' }).click();
    await section.getByRole('status').filter({ hasText: 'Added “Intro”.' }).waitFor();
    await section.getByRole('button', { name: 'New snippet' }).click();
    await section.getByLabel('Name').fill(' intro ');
    await section.getByLabel('Text').fill('Something else');
    await section.getByRole('button', { name: 'Add snippet' }).click();
    await section.getByRole('alert').filter({ hasText: 'There is already a snippet called “Intro”.' }).waitFor();
    expect(await section.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await w.app.screenshot('snippets-settings');
    await section.getByRole('button', { name: 'Cancel' }).click();
    const snippets = (await w.core.getSettings()).snippets;
    expect(snippets.map((s) => [s.name, s.body])).toEqual([['Intro', 'how are things at {company}, {firstName}?']]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // Into the reply box at the caret, filled in for Ada.
    await openByKeys(w.app, ADA.name);
    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await composer.pressSequentially('Hi — \n\nBest, Charles');
    await composer.evaluate((el) => (el as unknown as TextArea).setSelectionRange(5, 5));
    await composer.evaluate((el) => (el as unknown as TextArea).blur());
    await fromPalette(w.app, 'intro', 'Snippet: Intro');
    await expect.poll(() => composer.inputValue()).toBe('Hi — how are things at Analytical Engines, Ada?\n\nBest, Charles');
    expect(await isFocused(composer)).toBe(true);

    // Grace's company is not known: the placeholder stays, selected to be typed over, and the app says so.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await openByKeys(w.app, nobody.name);
    await fromPalette(w.app, 'snippet intro', 'Snippet: Intro');
    const graceBox = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => graceBox.inputValue()).toBe('how are things at {company}, Grace?');
    await expect.poll(() => noticeText(w.app)).toContain('Replace {company} in your reply');
    expect(
      await graceBox.evaluate((el) => {
        const box = el as unknown as TextArea;
        return box.value.slice(box.selectionStart, box.selectionEnd);
      }),
    ).toBe('{company}');
    await page.keyboard.type('your team');
    expect(await graceBox.inputValue()).toBe('how are things at your team, Grace?');
    expect(w.app.errors).toEqual([]);
  });
});
