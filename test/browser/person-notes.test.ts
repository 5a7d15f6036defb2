/**
 * Notes on a person and snippets that never embarrass, in a real Chromium against a real core
 * and the loopback ReactIn simulator: `n` opens the note in the thread header, Ctrl+Enter saves it,
 * Esc cancels and keeps nothing, search finds it (plain words and note:); a reply with a snippet
 * variable left empty is asked about before it goes out, and only goes out when the person says so.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { startReactInSimulator, type ReactInSim, type SimParticipant } from '../simulators/reactin';
import { isFocused, type BenchPage } from '../support/bench';
import { seriousViolations } from '../support/axe';
import { browserSuite } from '../support/browser-suite';
import { VirtualClock } from '../support/clock';
import { sendAtOnce, tempDataDir } from '../support/core';

const API_KEY = 'rk_notes_key';
const ORG = 'org_notes';
const ROWS = '[role="option"][data-conversation-id]';

const suite = browserSuite();

function person(id: string, name: string, company: string | null, linkedinUrl: string | null): SimParticipant {
  return { id, name, avatarUrl: null, linkedinUrl, headline: 'Head of Research', company, leadId: null };
}

const ADA = person('li_ada', 'Ada Lovelace', 'Analytical Engines', 'https://www.linkedin.com/in/ada-lovelace');
const GRACE = person('li_grace', 'Grace Hopper', null, null);

interface World {
  sim: ReactInSim;
  core: InboxCore;
  app: BenchPage;
  restart(): Promise<void>;
}

async function setup(): Promise<World> {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 0, getPerMinute: 1000, postPerMinute: 1000 });
  const a = sim.addConversation({ id: 'cnv_ada', name: ADA.name, participants: [ADA] });
  sim.addInboundMessage(a.id, 'Hello from the engine room!', Date.now() - 60_000);
  const g = sim.addConversation({ id: 'cnv_grace', name: GRACE.name, participants: [GRACE] });
  sim.addInboundMessage(g.id, 'Hi there.', Date.now() - 120_000);
  const { dir, cleanup } = tempDataDir('inbox-notes-');
  const secrets = new MemorySecretStore();
  const dispatcher = new Agent();
  const clock = new VirtualClock(Date.now(), { autoAdvance: true });
  const settings = sendAtOnce();
  const openCore = () => createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher, clock, settings });
  const world = { sim } as World;
  world.core = await openCore();
  const account = await world.core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
  await world.core.syncNow(account.id);
  world.app = await suite.bench.open(world.core);
  suite.defer(cleanup, () => sim.close(), () => dispatcher.close(), () => world.core.close(), () => world.app.close());
  await expect.poll(() => world.app.page.locator(ROWS).count()).toBe(2);
  world.restart = async () => {
    await world.app.close();
    await world.core.close();
    world.core = await openCore();
    world.app = await suite.bench.open(world.core);
    await expect.poll(() => world.app.page.locator(ROWS).count()).toBe(2);
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

describe('notes on a person in Chromium', () => {
  it('n opens the note, Ctrl+Enter saves it into the header, Esc keeps nothing, search finds it, a failed save keeps the text, a restart keeps it', async () => {
    const w = await setup();
    const page = w.app.page;
    await openByKeys(w.app, ADA.name);
    const header = page.locator('.thread-header');
    await header.getByRole('button', { name: /Add a note/ }).waitFor();

    // n: the editor, with the cursor in it.
    await page.keyboard.press('n');
    const box = page.getByRole('textbox', { name: `Note on ${ADA.name}` });
    await box.waitFor();
    expect(await isFocused(box)).toBe(true);
    await page.keyboard.type('Met at the Difference Engine meetup; loves quokkas');
    await w.app.screenshot('person-note-editing');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Control+Enter');
    const shown = header.getByRole('note', { name: `Note on ${ADA.name}` });
    await shown.filter({ hasText: 'loves quokkas' }).waitFor();
    expect(await box.count()).toBe(0);
    expect((await w.core.openConversation((await w.core.listConversations({ view: 'inbox' })).items.find((c) => c.title === ADA.name)!.id)).note?.text).toBe(
      'Met at the Difference Engine meetup; loves quokkas',
    );
    await w.app.screenshot('person-note');
    expect(await seriousViolations(page)).toEqual([]);
    // Her row in the list carries a small marker; Grace's does not.
    await page.locator(ROWS).filter({ hasText: ADA.name }).locator('.note-chip').waitFor();
    expect(await page.locator(ROWS).filter({ hasText: GRACE.name }).locator('.note-chip').count()).toBe(0);

    // Esc in the editor cancels: what was typed is not kept, and the thread stays open.
    await page.keyboard.press('n');
    await box.waitFor();
    await page.keyboard.type(' and wombats');
    await page.keyboard.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
    expect(await shown.textContent()).not.toContain('wombats');
    await page.locator('.thread-name').filter({ hasText: ADA.name }).waitFor();

    // Saving fails (the core answers as it does with a full disk): the reason shows, the text stays, the next save goes through.
    await page.evaluate(`(() => {
      const raw = window.__inboxInvoke;
      let failures = 1;
      window.__inboxInvoke = (method, args) => method === 'saveNote' && failures-- > 0
        ? Promise.resolve({ ok: false, error: { code: 'storage', message: 'The disk is full. Free some space, then save again.' } })
        : raw(method, args);
    })()`);
    await page.keyboard.press('n');
    await box.waitFor();
    await page.keyboard.type(' and wombats');
    await page.keyboard.press('Control+Enter');
    await header.getByRole('alert').filter({ hasText: 'The note was not saved: The disk is full. Free some space, then save again.' }).waitFor();
    expect(await box.inputValue()).toBe('Met at the Difference Engine meetup; loves quokkas and wombats');
    expect(await isFocused(box)).toBe(true);
    await page.keyboard.press('Control+Enter');
    await shown.filter({ hasText: 'loves quokkas and wombats' }).waitFor();
    expect(await header.getByRole('alert').count()).toBe(0);

    // Leaving the box (Tab) saves too.
    await page.keyboard.press('n');
    await box.waitFor();
    await page.keyboard.type('; saved on leaving');
    await page.keyboard.press('Tab');
    await shown.filter({ hasText: 'wombats; saved on leaving' }).waitFor();

    // Search: a plain word finds the person through the note, saying it is a note; so does note:.
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    const field = page.getByRole('searchbox', { name: 'Search conversations' });
    await field.waitFor();
    await field.fill('quokkas');
    const hit = page.locator(ROWS).filter({ hasText: 'Note: ' });
    await expect.poll(() => page.locator(ROWS).count()).toBe(1);
    await hit.waitFor();
    expect(await hit.locator('.row-name').textContent()).toBe(ADA.name);
    expect(await page.locator(ROWS).first().textContent()).toContain('quokkas');
    await field.fill('note:engine');
    // "engine" is in Ada's message too; note: finds notes only, still Ada's, through her note.
    await expect.poll(() => page.locator(ROWS).filter({ hasText: 'Note: ' }).count()).toBe(1);
    await field.fill('note:hello');
    await page.getByRole('status').filter({ hasText: 'Nothing matches' }).waitFor();
    await field.fill('');
    await page.getByRole('status').filter({ hasText: 'note:' }).waitFor();

    await w.restart();
    await openByKeys(w.app, ADA.name);
    await w.app.page.locator('.thread-header').getByRole('note', { name: `Note on ${ADA.name}` }).filter({ hasText: 'loves quokkas' }).waitFor();
    expect(w.app.errors).toEqual([]);
  });

  it('asks before sending a reply with a snippet variable left empty: Edit goes back to it, Send anyway sends', async () => {
    const w = await setup();
    const page = w.app.page;
    await w.core.updateSettings({ snippets: [{ id: 'snp_intro', name: 'Intro', body: 'Hi {firstName|there}, how are things at {company}?' }] });
    await openByKeys(w.app, GRACE.name);

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('intro');
    await expect.poll(() => palette.locator('[cmdk-item][data-selected="true"] .palette-text').textContent()).toBe('Snippet: Intro');
    await page.keyboard.press('Enter');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => composer.inputValue()).toBe('Hi Grace, how are things at {company}?');

    // Ctrl+Enter: nothing goes out; the question does, with the focus on Edit.
    await composer.focus();
    await page.keyboard.press('Control+Enter');
    const question = page.getByRole('alertdialog');
    await question.filter({ hasText: '{company} is empty for this person: send anyway, or edit?' }).waitFor();
    await expect.poll(() => isFocused(question.getByRole('button', { name: 'Edit' }))).toBe(true);
    await w.app.screenshot('send-question');
    expect(await seriousViolations(page)).toEqual([]);
    await w.core.deliverOutbox();
    expect(w.sim.sent).toEqual([]);
    expect(await page.locator('.message--mine').count()).toBe(0);

    // Esc (or Edit): back in the box with the variable selected, the thread still open.
    await page.keyboard.press('Escape');
    await expect.poll(() => question.count()).toBe(0);
    expect(await isFocused(composer)).toBe(true);
    expect(await composer.evaluate((el) => {
      const box = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return box.value.slice(box.selectionStart, box.selectionEnd);
    })).toBe('{company}');
    await page.locator('.thread-name').filter({ hasText: GRACE.name }).waitFor();

    // Asked again; Shift+Tab then Enter is Send anyway: it goes out as it stands.
    await page.keyboard.press('Control+Enter');
    await question.waitFor();
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => isFocused(question.getByRole('button', { name: 'Send anyway' }))).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('.message--mine').filter({ hasText: 'how are things at {company}?' }).waitFor();
    await expect.poll(() => question.count()).toBe(0);
    await w.core.deliverOutbox();
    expect(w.sim.sent.map((s) => s.content)).toEqual(['Hi Grace, how are things at {company}?']);
    expect(w.app.errors).toEqual([]);
  });
});
