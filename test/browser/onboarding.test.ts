/**
 * Onboarding in a real Chromium against a real core: the demo account's conversations are
 * visibly demo data (a banner with "Add your account" on the list and in the thread), and once
 * the first real account has finished its first sync, one prompt offers to remove the demo.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { startReactInSimulator } from '../simulators/reactin';
import type { BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const API_KEY = 'rk_onboarding_2b7f';
const ORG = 'org_onboarding';
const WAIT = { timeout: 10_000 };

const suite = browserSuite();

/** A first start: the demo account only, and a ReactIn simulator ready to be added. */
async function firstStart() {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 4, getPerMinute: 1000, postPerMinute: 1000 });
  for (const c of sim.conversations) sim.setDisconnected(c.id, false);
  const { dir, cleanup } = tempDataDir('inbox-onboarding-');
  const agent = new Agent();
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent, seedDemo: true, allowLoopbackBaseUrls: true });
  const pages: BenchPage[] = [];
  const open = async () => {
    const app = await suite.bench.open(core);
    pages.push(app);
    await app.page.locator(ROWS).first().waitFor();
    return app;
  };
  suite.defer(cleanup, () => sim.close(), () => agent.close(), () => core.close(), async () => {
    for (const p of pages) await p.close();
  });
  const addReal = async (c: InboxCore = core) => {
    const account = await c.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
    await c.syncNow(account.id);
    return account;
  };
  return { core, open, addReal };
}

describe('onboarding in Chromium', () => {
  it('the demo data says it is demo data; "Add your account" opens the add form, from the list and from a thread', async () => {
    const { open } = await firstStart();
    const app = await open();
    const { page } = app;
    const banner = page.locator('[data-banner="demo-list"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Demo conversations, generated on this computer.');
    await app.screenshot('onboarding-demo-banner');
    await banner.getByRole('button', { name: 'Add your account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts' });
    await dialog.getByRole('form', { name: 'Add an account' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), WAIT).toBe(0);

    // In an open demo thread too.
    await page.keyboard.press('Enter');
    const inThread = page.locator('[data-thread-id] [data-banner="demo-thread"]');
    await inThread.waitFor();
    expect(await inThread.textContent()).toContain('A demo conversation');
    await inThread.getByRole('button', { name: 'Add your account' }).click();
    await dialog.getByRole('form', { name: 'Add an account' }).waitFor();
    expect(app.errors).toEqual([]);
  });

  it('after the first real account has synced, one prompt offers to remove the demo; removing takes its conversations away, and it never asks again', async () => {
    const { core, open, addReal } = await firstStart();
    const app = await open();
    const { page } = app;
    const prompt = page.getByRole('dialog', { name: 'Remove the demo account?' });
    expect(await prompt.count()).toBe(0);

    const real = await addReal();
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('“Sales seat” has synced');
    // With a real account, the list no longer says everything is demo data.
    await expect.poll(() => page.locator('[data-banner="demo-list"]').count(), WAIT).toBe(0);
    await app.screenshot('onboarding-demo-offer');
    await prompt.getByRole('button', { name: 'Remove the demo' }).click();
    await expect.poll(() => prompt.count(), WAIT).toBe(0);
    await expect.poll(async () => (await core.listAccounts()).map((a) => a.id), WAIT).toEqual([real.id]);
    const inbox = (await core.viewCounts()).inbox!;
    await expect.poll(() => page.locator(ROWS).count(), WAIT).toBe(inbox);
    expect(new Set(await page.locator(`${ROWS} .account-chip`).allTextContents())).toEqual(new Set(['Sales seat']));

    // A new window (a restart of the screen) does not ask again.
    await app.close();
    const again = await open();
    await again.page.locator(ROWS).first().waitFor();
    expect(await again.page.getByRole('dialog', { name: 'Remove the demo account?' }).count()).toBe(0);
    expect(app.errors).toEqual([]);
    expect(again.errors).toEqual([]);
  });

  it('"Keep it for now" keeps the demo, and the prompt does not come back', async () => {
    const { core, open, addReal } = await firstStart();
    const app = await open();
    await addReal();
    const prompt = app.page.getByRole('dialog', { name: 'Remove the demo account?' });
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'Keep it for now' }).click();
    await expect.poll(() => prompt.count(), WAIT).toBe(0);
    await expect.poll(() => core.demoOffer(), WAIT).toBeNull();
    expect((await core.listAccounts()).map((a) => a.provider).sort()).toEqual(['demo', 'reactin']);
    await app.close();
    const again = await open();
    await again.page.locator(ROWS).first().waitFor();
    expect(await again.page.getByRole('dialog', { name: 'Remove the demo account?' }).count()).toBe(0);
    expect(again.errors).toEqual([]);
  });
});
