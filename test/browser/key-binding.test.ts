/**
 * The Edit-account form and a stored key's binding (issue 13, item 1): when the person changes
 * the Base URL to another address, the form stops offering to keep the stored key, asks for it
 * again, and sends nothing anywhere until it is typed; the stored key never reaches the new host.
 */
import { Agent } from 'undici';
import { expect, it } from 'vitest';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { startReactInSimulator } from '../simulators/reactin';
import { browserSuite } from '../support/browser-suite';
import { startCanary } from '../support/canary';
import { tempDataDir } from '../support/core';

const API_KEY = 'rk_binding_secret_5d21a9';
const ORG = 'org_binding';
const suite = browserSuite();

it('asks for the key again when the base URL moves, and never sends the stored key to the new address', async () => {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 2, getPerMinute: 1000 });
  // The regional instance the person moves to: it knows the key too, so the move succeeds once it is typed.
  const regional = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 2, getPerMinute: 1000 });
  const canary = await startCanary();
  const { dir, cleanup } = tempDataDir('inbox-binding-');
  const agent = new Agent();
  const secrets = new MemorySecretStore();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher: agent });
  const app = await suite.bench.open(core);
  suite.defer(cleanup, () => sim.close(), () => regional.close(), () => canary.close(), () => agent.close(), () => core.close(), () => app.close());
  const account = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });
  const { page } = app;

  await page.getByRole('button', { name: /Accounts & settings/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Accounts' });
  const card = dialog.locator(`[data-account-id="${account.id}"]`);
  await card.getByRole('button', { name: 'Edit Sales seat' }).click();
  const edit = card.getByRole('form', { name: 'Edit Sales seat' });
  const key = edit.locator('input[type="password"]');
  expect(await key.getAttribute('placeholder')).toBe('Keep the stored key');
  expect(await key.getAttribute('aria-required')).toBe('false');

  // Another address: the form no longer offers to keep the stored key.
  await edit.getByLabel('Base URL').fill(`${canary.origin}/api`);
  expect(await key.getAttribute('placeholder')).not.toBe('Keep the stored key');
  expect(await key.getAttribute('aria-required')).toBe('true');
  expect(await edit.getByLabel('API key (type it again)').count()).toBe(1);
  const savedOrigin = new URL(sim.baseUrl).origin;
  const sentence = `The stored key is only sent to ${savedOrigin}. Type the API key again to use the new base URL.`;
  const simRequests = sim.requests.length;
  for (const button of ['Test connection', 'Save']) {
    await edit.getByRole('button', { name: button }).click();
    await edit.locator('[data-verdict="fail"]').filter({ hasText: sentence }).waitFor();
  }
  expect(await key.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  expect(canary.connections).toBe(0);
  expect(sim.requests.length).toBe(simRequests);
  expect((await core.listAccounts())[0]!.config.baseUrl).toBe(sim.baseUrl);
  await app.screenshot('accounts-edit-base-url-needs-key');

  // Back to the saved address: keeping the stored key is offered again.
  await edit.getByLabel('Base URL').fill(sim.baseUrl);
  expect(await key.getAttribute('placeholder')).toBe('Keep the stored key');

  // The key typed again for the regional instance: tested there, then saved, and sync goes there.
  await edit.getByLabel('Base URL').fill(regional.baseUrl);
  await key.fill(API_KEY);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => edit.count()).toBe(0);
  expect((await core.listAccounts())[0]!.config.baseUrl).toBe(regional.baseUrl);
  const before = sim.requests.length;
  await core.syncNow(account.id);
  expect(sim.requests.length).toBe(before);
  expect(regional.requests.length).toBeGreaterThan(0);
  expect(canary.saw(API_KEY)).toBe(false);
  expect(app.errors).toEqual([]);
});
