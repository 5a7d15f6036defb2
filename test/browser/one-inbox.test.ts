/**
 * The unified inbox in Chromium: one account of every provider, each against its simulator.
 * Rows from all four interleave by time, each marked with its account, and a reply typed in
 * the UI reaches the right simulator and thread for each.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProviderKind } from '../../src/shared/domain';
import { isFocused, launchBench, type Bench } from '../support/bench';
import { fourProviders, type FourProviders } from '../support/four-providers';

const ROWS = '[role="option"][data-conversation-id]';
const PROVIDERS = ['reactin', 'linkup', 'connectsafely', 'crispy'] as const satisfies readonly Exclude<ProviderKind, 'demo'>[];

let bench: Bench;
let world: FourProviders;

beforeAll(async () => {
  bench = await launchBench();
  world = await fourProviders({ conversations: 5 });
  await world.core.syncNow();
});
afterAll(async () => {
  await world?.dispose();
  await bench?.close();
});

it('shows all four providers in one list and sends a reply from the UI through each', async () => {
  // A tall window, so the virtualized list has all 20 rows in the page at once.
  const app = await bench.open(world.core, { viewport: { width: 1280, height: 1600 } });
  const page = app.page;
  await expect.poll(() => page.locator(ROWS).count()).toBe(20);
  const chips = await page.locator(`${ROWS} .account-chip`).allTextContents();
  expect(new Set(chips)).toEqual(new Set(['ReactIn seat', 'Linkup seat', 'ConnectSafely seat', 'Crispy seat']));
  await app.screenshot('one-inbox-four-providers');

  for (const p of PROVIDERS) {
    const remoteId = world.remoteIds(p)[2]!;
    const id = world.core.conversationIdFor(world.accounts[p], remoteId)!;
    // Walk to the row with the keyboard, as a person would.
    const ids = await page.locator(ROWS).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-conversation-id')));
    const selected = await page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-conversation-id');
    const from = ids.indexOf(selected);
    const to = ids.indexOf(id);
    for (let i = from; i < to; i++) await page.keyboard.press('j');
    for (let i = from; i > to; i--) await page.keyboard.press('k');
    await expect.poll(() => page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-conversation-id')).toBe(id);

    await page.keyboard.press('r');
    const composer = page.getByRole('textbox', { name: 'Reply' });
    await expect.poll(() => isFocused(composer)).toBe(true);
    const text = `Typed in the unified inbox for ${p}`;
    await composer.pressSequentially(text);
    await page.keyboard.press('Control+Enter');
    await page.locator('.message--mine').filter({ hasText: text }).waitFor();
    await page.keyboard.press('Escape'); // leave the composer
    await page.keyboard.press('Escape'); // close the thread
  }

  await world.core.deliverOutbox();
  for (const p of PROVIDERS) expect(world.sent(p)).toEqual([[world.remoteIds(p)[2]!, `Typed in the unified inbox for ${p}`]]);
  await app.screenshot('one-inbox-replies-sent');
  expect(app.errors).toEqual([]);
  await app.close();
});
