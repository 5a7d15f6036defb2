/**
 * The accounts screen in a real Chromium, against a real core and the loopback ReactIn
 * simulator: add (test first, refuse a wrong key without saving anything), every
 * provider's fields, edit (name everywhere, a refused key replacement keeps the old key),
 * remove, status and budgets per provider, and what `e` says about where an archive lives.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { openDatabase } from '../../src/main/core/db/database';
import { AccountStore } from '../../src/main/core/store/accounts';
import { ConversationStore } from '../../src/main/core/store/conversations';
import type { Account, ProviderKind } from '../../src/shared/domain';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { isFocused, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { tempDataDir } from '../support/core';
import { answeredInPage, RECORD_ANSWERS_SCRIPT } from '../support/page-answers';

const API_KEY = 'rk_acct_secret_81f2c7';
const WRONG_KEY = 'rk_wrong_key_0c9d44';
const ORG = 'org_accounts';
const ROWS = '[role="option"][data-conversation-id]';
const REJECTED = (name: string) => `ReactIn rejected the API key for '${name}' — update it in Settings.`;
/** In the Add-account form the advice is about that form, not Settings. */
const FORM_REJECTED = 'ReactIn did not accept this API key. Copy it again from ReactIn, paste it into “API key” here and check the Organization ID, then press Add account.';

const suite = browserSuite();

interface World {
  sim: ReactInSim;
  core: InboxCore;
  app: BenchPage;
  secrets: MemorySecretStore;
}

async function setup(opts: { conversations?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<World> {
  const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: opts.conversations ?? 6, getPerMinute: 1000, postPerMinute: 1000 });
  for (const c of sim.conversations) sim.setDisconnected(c.id, false);
  const { dir, cleanup } = tempDataDir('inbox-accounts-');
  const agent = new Agent();
  const secrets = new MemorySecretStore();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher: agent });
  const app = await suite.bench.open(core, { colorScheme: opts.colorScheme, initScript: RECORD_ANSWERS_SCRIPT });
  suite.defer(cleanup, () => sim.close(), () => agent.close(), () => core.close(), () => app.close());
  return { sim, core, app, secrets };
}

/** Adds the simulator's account through the core (not the form) and waits for its rows. */
async function withAccount(w: World, name = 'Sales seat'): Promise<string> {
  const account = await w.core.addAccount({ provider: 'reactin', name, apiKey: API_KEY, config: { organizationId: ORG, baseUrl: w.sim.baseUrl } });
  await w.core.syncNow(account.id);
  const inbox = (await w.core.viewCounts()).inbox!;
  expect(inbox).toBeGreaterThan(0);
  await expect.poll(() => w.app.page.locator(ROWS).count()).toBe(inbox);
  return account.id;
}

async function openAccounts(app: BenchPage) {
  await app.page.getByRole('button', { name: /Accounts & settings/ }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Accounts' });
  await dialog.waitFor();
  return dialog;
}

/** The help text a field points to with aria-describedby: what a person reads under it. */
function helpOf(field: ReturnType<BenchPage['page']['locator']>): Promise<string> {
  return field.evaluate((el) => el.ownerDocument.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
}

/** Whether an element's text is drawn in a green (or red) tone, as a person sees it. */
async function tone(locator: ReturnType<BenchPage['page']['locator']>): Promise<'green' | 'red' | 'other'> {
  const rgb = await locator.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color);
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number) as [number, number, number];
  if (g > r + 40 && g > b + 20) return 'green';
  if (r > g + 40 && r > b + 40) return 'red';
  return 'other';
}

async function archivedTotal(core: InboxCore): Promise<number> {
  return (await core.listConversations({ view: 'archived' })).total;
}

describe('the accounts screen in Chromium', () => {
  it('adds a ReactIn account: test connection is green, a wrong key is refused without saving, the right key adds it', async () => {
    const w = await setup({ conversations: 8 });
    const { core, app, sim, secrets } = w;
    const page = app.page;

    await page.locator('[data-empty="no-accounts"]').waitFor();
    await page.getByRole('button', { name: 'Add an account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts' });
    const form = dialog.getByRole('form', { name: 'Add an account' });
    await form.waitFor();

    // The four providers, ReactIn chosen, and the cursor on the picker (came here to add one).
    const radios = form.getByRole('radio');
    expect(await radios.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')))).toEqual(['ReactIn', 'Linkup', 'ConnectSafely', 'Crispy']);
    const reactin = form.getByRole('radio', { name: 'ReactIn' });
    expect(await reactin.isChecked()).toBe(true);
    await expect.poll(() => isFocused(reactin)).toBe(true);

    // Each field says where its value comes from.
    const name = form.getByLabel('Display name', { exact: true });
    const org = form.getByLabel('Organization ID', { exact: true });
    const filter = form.getByLabel('LinkedIn account ID (optional)', { exact: true });
    const key = form.getByLabel('API key', { exact: true });
    const baseUrl = form.getByLabel('Base URL (optional)', { exact: true });
    expect(await helpOf(org)).toContain('Settings → API Keys');
    expect(await helpOf(filter)).toMatch(/leave empty for all/i);
    expect(await helpOf(key)).toContain('keychain');
    expect(await helpOf(baseUrl)).toMatch(/self-hosted or regional/);
    expect(await key.getAttribute('type')).toBe('password');
    // The profile URL waits under Advanced.
    const profile = form.getByLabel('Your own LinkedIn profile URL (optional)', { exact: true });
    expect(await profile.isVisible()).toBe(false);
    await form.getByText('Advanced', { exact: true }).click();
    expect(await profile.isVisible()).toBe(true);
    expect(await helpOf(profile)).toMatch(/tell your messages from theirs/);

    await name.fill('Sales seat');
    await org.fill(ORG);
    await key.fill(API_KEY);
    await baseUrl.fill(sim.baseUrl);

    // Test connection: green, with the core's message, and nothing saved.
    await form.getByRole('button', { name: 'Test connection' }).click();
    const ok = form.locator('[data-verdict="ok"]');
    await ok.waitFor();
    expect(await ok.textContent()).toBe("Connected to ReactIn: the key and settings of 'Sales seat' work.");
    expect(await ok.getAttribute('role')).toBe('status');
    expect(await tone(ok)).toBe('green');
    expect(await core.listAccounts()).toEqual([]);
    await app.screenshot('accounts-add-test-ok');

    // A wrong key: typing forgets the green verdict; the test and the add both say ReactIn refused it.
    await key.fill(WRONG_KEY);
    expect(await ok.count()).toBe(0);
    await form.getByRole('button', { name: 'Test connection' }).click();
    const refused = form.locator('[data-verdict="fail"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(FORM_REJECTED);
    expect(await tone(refused)).toBe('red');
    await form.getByRole('button', { name: 'Add account' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe(FORM_REJECTED);
    await expect.poll(() => form.getByRole('button', { name: 'Add account' }).isEnabled()).toBe(true);
    expect(await core.listAccounts()).toEqual([]);
    // What was typed is still there, so one fix and Enter tries again.
    expect(await name.inputValue()).toBe('Sales seat');
    expect(await org.inputValue()).toBe(ORG);
    expect(await baseUrl.inputValue()).toBe(sim.baseUrl);
    await app.screenshot('accounts-add-wrong-key');

    // The right key, and Enter in a field adds it.
    await key.fill(API_KEY);
    await name.focus();
    await page.keyboard.press('Enter');
    await form.getByRole('status').filter({ hasText: 'Added “Sales seat”' }).waitFor();
    const accounts = await core.listAccounts();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]!.provider).toBe('reactin');
    expect(accounts[0]!.config).toEqual({ organizationId: ORG, baseUrl: sim.baseUrl });
    expect(await secrets.get(accounts[0]!.id)).toBe(API_KEY);

    // The form is empty again and the key is nowhere in the page.
    expect(await key.inputValue()).toBe('');
    expect(await name.inputValue()).toBe('');
    const html = await page.content();
    expect(html).not.toContain(API_KEY);
    expect(html).not.toContain(WRONG_KEY);

    // Its card: provider, what ReactIn mirrors (nothing), and the first sync's result.
    const card = dialog.locator(`[data-account-id="${accounts[0]!.id}"]`);
    expect(await card.locator('.account-name').textContent()).toBe('Sales seat');
    expect(await card.locator('.account-provider').textContent()).toBe('ReactIn');
    expect(await card.locator('[data-fact="mirrors"]').textContent()).toBe('Archive, labels and snooze stay in this app (ReactIn has no such feature).');
    await expect.poll(() => card.locator('.account-status').textContent(), { timeout: 15_000 }).toBe('Synced just now — up to date.');
    await app.screenshot('accounts-added');

    // Esc goes back to the inbox, where its conversations are.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    const inbox = (await core.viewCounts()).inbox!;
    expect(inbox).toBeGreaterThan(0);
    await expect.poll(() => page.locator(ROWS).count()).toBe(inbox);
    expect(new Set(await page.locator(`${ROWS} .account-chip`).allTextContents())).toEqual(new Set(['Sales seat']));
    expect(await page.content()).not.toContain(API_KEY);
    expect(app.errors).toEqual([]);
  });

  it('shows each provider’s own fields; Linkup without account_id gets the core’s sentence and nothing is saved', async () => {
    const { core, app } = await setup();
    const page = app.page;
    const dialog = await openAccounts(app);
    const form = dialog.getByRole('form', { name: 'Add an account' });
    const label = (text: string) => form.getByLabel(text, { exact: true });

    // Arrow keys move through the picker, like any radio group; single keys do nothing here.
    await form.getByRole('radio', { name: 'ReactIn' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await form.getByRole('radio', { name: 'Linkup' }).isChecked()).toBe(true);

    // Linkup: account_id (required, acc_…) instead of the Organization ID; the key goes as x-api-key.
    expect(await label('Organization ID').count()).toBe(0);
    expect(await label('LinkedIn account ID (optional)').count()).toBe(0);
    const accountId = label('Account ID');
    expect(await accountId.isVisible()).toBe(true);
    expect(await accountId.getAttribute('placeholder')).toBe('acc_…');
    expect(await helpOf(accountId)).toMatch(/starts with acc_.*Linkup’s accounts page/);
    expect(await helpOf(label('API key'))).toContain('x-api-key');
    expect(await label('Base URL (optional)').getAttribute('placeholder')).toBe('https://api.linkupapi.com/v2');
    await app.screenshot('accounts-linkup-fields');

    // Crispy and ConnectSafely: the key, and an optional account id.
    await form.getByText('Crispy', { exact: true }).click();
    expect(await form.getByRole('radio', { name: 'Crispy' }).isChecked()).toBe(true);
    expect(await helpOf(label('API key'))).toMatch(/^Starts with crispy_/);
    expect(await label('API key').getAttribute('placeholder')).toBe('crispy_…');
    expect(await label('Account ID (optional)').isVisible()).toBe(true);
    expect(await label('Account ID').count()).toBe(0);
    expect(await label('Base URL (optional)').getAttribute('placeholder')).toBe('https://crispy.sh/api/v1');
    expect(await label('Messages a day (optional)').count()).toBe(0);
    await form.getByText('ConnectSafely', { exact: true }).click();
    expect(await helpOf(label('Account ID (optional)'))).toMatch(/default/);
    // ConnectSafely's daily message cap is the account's own setting: a number, 1-150, empty for 100.
    const cap = label('Messages a day (optional)');
    expect([await cap.getAttribute('type'), await cap.getAttribute('min'), await cap.getAttribute('max'), await cap.getAttribute('placeholder')]).toEqual(['number', '1', '150', '100']);
    expect(await helpOf(cap)).toMatch(/cookbook says 100, its API page 150; empty means 100/);
    await form.getByText('ReactIn', { exact: true }).click();
    expect(await label('Organization ID').isVisible()).toBe(true);
    expect(await label('Account ID (optional)').count()).toBe(0);

    // Linkup without account_id: the core's own sentence, and nothing saved.
    await form.getByText('Linkup', { exact: true }).click();
    await label('Display name').fill('Growth seat');
    await label('API key').fill('lk_test_key_77');
    const expected = await core.testAccount({ provider: 'linkup', name: 'Growth seat', config: {}, apiKey: 'lk_test_key_77' });
    expect(expected.ok).toBe(false);
    expect(expected.message.length).toBeGreaterThan(10);
    await form.getByRole('button', { name: 'Add account' }).click();
    const refused = form.locator('[data-verdict="fail"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(expected.message);
    expect(await core.listAccounts()).toEqual([]);
    expect(await label('Display name').inputValue()).toBe('Growth seat');
    expect(await page.content()).not.toContain('lk_test_key_77');
    await app.screenshot('accounts-linkup-refused');
    expect(app.errors).toEqual([]);
  });

  it('edits an account: the new name shows in the sidebar and on every row; a wrong replacement key is refused and the old key keeps working', async () => {
    const w = await setup({ conversations: 6 });
    const { core, app, secrets } = w;
    const page = app.page;
    const id = await withAccount(w);
    const before = await core.listConversations({ view: 'inbox', limit: 100 });

    let dialog = await openAccounts(app);
    let card = dialog.locator(`[data-account-id="${id}"]`);
    await card.getByRole('button', { name: 'Edit Sales seat' }).click();
    let edit = card.getByRole('form', { name: 'Edit Sales seat' });
    await edit.waitFor();

    // The provider is fixed; the settings are filled in; the key is not (empty keeps it).
    expect(await edit.getByRole('radio').count()).toBe(0);
    expect(await edit.locator('.edit-provider strong').textContent()).toBe('ReactIn');
    const name = edit.getByLabel('Display name', { exact: true });
    expect(await name.inputValue()).toBe('Sales seat');
    expect(await edit.getByLabel('Organization ID', { exact: true }).inputValue()).toBe(ORG);
    expect(await edit.getByLabel('Base URL (optional)', { exact: true }).inputValue()).toBe(w.sim.baseUrl);
    const replaceKey = edit.getByLabel('Replace API key', { exact: true });
    expect(await replaceKey.inputValue()).toBe('');
    expect(await replaceKey.getAttribute('type')).toBe('password');
    expect(await helpOf(replaceKey)).toMatch(/^Leave empty to keep the key stored in the keychain/);
    expect(await isFocused(name)).toBe(true);

    // Typing a name with j, e and r in it types; it does not move, archive or reply.
    const selectedBefore = await page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-conversation-id');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Jeremy’s seat');
    expect(await name.inputValue()).toBe('Jeremy’s seat');
    expect(await archivedTotal(core)).toBe(0);
    expect(await page.locator('[data-thread-id]').count()).toBe(0);
    expect(await page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-conversation-id')).toBe(selectedBefore);

    // Enter saves; a rename needs no connection test.
    const requestsBefore = w.sim.requests.length;
    await page.keyboard.press('Enter');
    await card.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await edit.count()).toBe(0);
    expect(await card.locator('.account-name').textContent()).toBe('Jeremy’s seat');
    expect((await core.listAccounts())[0]!.name).toBe('Jeremy’s seat');
    expect(w.sim.requests.length).toBe(requestsBefore);
    // Focus is back on the Edit button, and Esc returns to the inbox.
    expect(await isFocused(card.getByRole('button', { name: 'Edit Jeremy’s seat' }))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // The sidebar and every row's account chip say the new name.
    await expect.poll(() => page.locator('.account-entry .view-title').textContent()).toBe('Jeremy’s seat');
    await expect.poll(async () => [...new Set(await page.locator(`${ROWS} .account-chip`).allTextContents())]).toEqual(['Jeremy’s seat']);
    expect(await page.locator(ROWS).count()).toBe(before.total);

    // A wrong replacement key: refused with ReactIn's sentence, nothing saved.
    dialog = await openAccounts(app);
    card = dialog.locator(`[data-account-id="${id}"]`);
    await card.getByRole('button', { name: 'Edit Jeremy’s seat' }).click();
    edit = card.getByRole('form', { name: 'Edit Jeremy’s seat' });
    await edit.getByLabel('Replace API key', { exact: true }).fill(WRONG_KEY);
    await edit.getByRole('button', { name: 'Save' }).click();
    const refused = edit.locator('[data-verdict="fail"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(REJECTED('Jeremy’s seat'));
    expect(await tone(refused)).toBe('red');
    expect(await secrets.get(id)).toBe(API_KEY);
    await expect.poll(() => edit.getByRole('button', { name: 'Save' }).isEnabled()).toBe(true);
    await app.screenshot('accounts-edit-wrong-key');

    // The old key still works: a sync succeeds.
    await core.syncNow(id);
    expect((await core.listAccounts())[0]!.status.state).toBe('ok');
    await expect.poll(() => card.locator('.account-status').textContent()).toMatch(/^Synced .* up to date\.$/);

    // With the key field empty, Test connection uses the stored key: green.
    await edit.getByLabel('Replace API key', { exact: true }).fill('');
    await edit.getByRole('button', { name: 'Test connection' }).click();
    await edit.locator('[data-verdict="ok"]').filter({ hasText: "Connected to ReactIn: the key and settings of 'Jeremy’s seat' work." }).waitFor();

    // Esc leaves the edit only; a second Esc leaves the screen.
    await edit.getByLabel('Display name', { exact: true }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => edit.count()).toBe(0);
    expect(await dialog.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    const html = await page.content();
    expect(html).not.toContain(WRONG_KEY);
    expect(html).not.toContain(API_KEY);
    expect(app.errors).toEqual([]);
  });

  it('says when ReactIn rejects the key, and "Update key" goes straight to the key field (dark)', async () => {
    const w = await setup({ conversations: 3, colorScheme: 'dark' });
    const { core, app, sim } = w;
    const id = await withAccount(w);
    sim.revokeKey();
    await core.syncNow(id).catch(() => {});
    expect((await core.listAccounts())[0]!.status.state).toBe('key-rejected');

    // The sidebar says it, the card says it, with a way to fix it.
    await expect.poll(() => app.page.locator('.account-entry .account-status').textContent()).toBe(REJECTED('Sales seat'));
    const dialog = await openAccounts(app);
    const card = dialog.locator(`[data-account-id="${id}"]`);
    expect(await card.locator('.account-status').textContent()).toBe(REJECTED('Sales seat'));
    expect(await tone(card.locator('.account-status'))).toBe('red');
    await app.screenshot('accounts-key-rejected-dark');
    await card.getByRole('button', { name: 'Update key' }).click();
    const replaceKey = card.getByLabel('Replace API key', { exact: true });
    await expect.poll(() => isFocused(replaceKey)).toBe(true);
    await app.screenshot('accounts-update-key-dark');
    await app.page.keyboard.press('Escape');
    await expect.poll(() => replaceKey.count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Update key' }).count()).toBe(1);
    expect(app.errors).toEqual([]);
  });

  it('removes an account after confirmation: its conversations go, and its key leaves the keychain', async () => {
    const w = await setup({ conversations: 4 });
    const { core, app, secrets } = w;
    const page = app.page;
    const id = await withAccount(w);
    const dialog = await openAccounts(app);
    const card = dialog.locator(`[data-account-id="${id}"]`);

    // Esc cancels the confirmation, not the screen.
    await card.getByRole('button', { name: 'Remove…' }).click();
    const confirm = card.getByRole('alertdialog', { name: 'Remove Sales seat' });
    expect(await confirm.textContent()).toContain('its API key is deleted from the system keychain');
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await dialog.count()).toBe(1);
    expect(await core.listAccounts()).toHaveLength(1);

    await card.getByRole('button', { name: 'Remove…' }).click();
    await app.screenshot('accounts-remove-confirm');
    await confirm.getByRole('button', { name: 'Remove account' }).click();
    await expect.poll(async () => (await core.listAccounts()).length).toBe(0);
    expect(await secrets.get(id)).toBeNull();
    await dialog.getByText('No accounts yet.').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-empty="no-accounts"]').waitFor();
    expect(await page.locator(ROWS).count()).toBe(0);
    expect(await page.locator('.account-entry').count()).toBe(0);
    expect((await core.listConversations({ view: 'all' })).total).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('says once per account that an archive stays in this app, without taking the keys', async () => {
    const w = await setup({ conversations: 6 });
    const { core, app } = w;
    const page = app.page;
    await withAccount(w);
    const first = await page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-conversation-id');

    await page.keyboard.press('e');
    const notice = page.getByRole('status').filter({ hasText: 'Archived in this app only' });
    await notice.waitFor();
    expect(await notice.locator('span').textContent()).toBe('Archived in this app only — ReactIn has no archive. It returns when they reply.');
    await expect.poll(() => page.locator(`${ROWS}[data-conversation-id="${first}"]`).count()).toBe(0);
    await expect.poll(() => archivedTotal(core)).toBe(1);
    // The notice does not take the focus: the next e archives the next conversation at once.
    expect(await page.locator('.notice:focus, .notice :focus').count()).toBe(0);
    await app.screenshot('accounts-archive-notice');
    await page.keyboard.press('e');
    await expect.poll(() => archivedTotal(core)).toBe(2);

    // Dismissed, it does not come back for this account in this session.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await page.keyboard.press('e');
    await expect.poll(() => archivedTotal(core)).toBe(3);
    // The renderer has had the third archive's answer and acted on it: a notice would be on screen now.
    await expect.poll(async () => (await answeredInPage(app, 'archive')).count).toBe(3);
    expect(await page.locator('.notice').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('shows each provider’s status, what it mirrors and its budgets; a Crispy archive says it is in Crispy too', async () => {
    // Linkup, ConnectSafely and Crispy accounts as the core stores them, written straight into a
    // fresh cache (their adapters are not needed to show them); Crispy's daily caps come from its
    // adapter at run time, so they are added to what listAccounts answers.
    const { dir, cleanup } = tempDataDir('inbox-accounts-');
    const now = Date.now();
    const db = openDatabase(dir);
    const store = new AccountStore(db);
    const conversations = new ConversationStore(db);
    const add = (id: string, provider: ProviderKind, name: string, config: Account['config'], createdAt: number) =>
      store.insert({ id, provider, name, config, createdAt });
    add('acc-linkup', 'linkup', 'Growth seat', { accountId: 'acc_42' }, now - 3000);
    add('acc-cs', 'connectsafely', 'Recruiting', {}, now - 2000);
    add('acc-crispy', 'crispy', 'Founder', { accountId: 'acc_primary' }, now - 1000);
    store.addCredits('acc-linkup', 42);
    const retryAt = now + 25 * 60_000;
    store.setStatus('acc-linkup', { state: 'rate-limited', message: 'Linkup is limiting requests.', retryAt, lastSyncedAt: now - 3_600_000 });
    store.setStatus('acc-cs', { state: 'offline', message: 'Can’t reach ConnectSafely — check the connection.', lastSyncedAt: now - 2 * 3_600_000 });
    store.setStatus('acc-crispy', { state: 'ok', lastSyncedAt: now - 5 * 60_000 });
    conversations.upsert({ id: 'conv-crispy', accountId: 'acc-crispy', remoteId: 'chat_9f2a', title: 'Mara Lind', disconnected: false, now });
    conversations.setPreview('conv-crispy', { at: now - 60_000, text: 'Sounds good, talk Thursday.', fromMe: false });
    db.close();

    const agent = new Agent();
    const real = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent });
    const resetAt = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);
    const caps = [
      { action: 'organize', limit: 200, used: 13, resetAt },
      { action: 'send', limit: 150, used: 148, resetAt },
    ];
    const core = new Proxy(real, {
      get(target, prop) {
        if (prop === 'listAccounts')
          return async () => (await target.listAccounts()).map((a) => (a.provider === 'crispy' ? { ...a, usage: { ...a.usage, dailyCaps: caps } } : a));
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const app = await suite.bench.open(core);
    suite.defer(cleanup, () => agent.close(), () => real.close(), () => app.close());
    const page = app.page;
    await page.locator(ROWS).first().waitFor();

    const dialog = await openAccounts(app);
    const card = (id: string) => dialog.locator(`[data-account-id="${id}"]`);
    const facts = (id: string) => card(id).locator('.account-facts li').allTextContents();

    const clock = await page.evaluate((at) => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(at), retryAt);
    expect(await card('acc-linkup').locator('.account-status').textContent()).toBe(`Rate-limited by Linkup until ${clock}. Syncing resumes then on its own.`);
    expect(await facts('acc-linkup')).toEqual([
      'Archive, labels and snooze stay in this app (Linkup has no such feature).',
      'Linkup credits used by this app: 42 (every read costs credits).',
    ]);

    expect(await card('acc-cs').locator('.account-status').textContent()).toBe('Can’t reach ConnectSafely — check the connection. Last synced 2h ago.');
    expect(await facts('acc-cs')).toEqual([
      'Archive, labels and snooze stay in this app (ConnectSafely has no such feature).',
      'Opening a conversation marks it read in this app only: marking it seen in ConnectSafely sends the other person a read receipt.',
    ]);

    expect(await card('acc-crispy').locator('.account-status').textContent()).toBe('Synced 5m ago — up to date.');
    expect(await facts('acc-crispy')).toEqual([
      'Archive, labels and snooze sync to Crispy.',
      'Organize actions: 187 of 200 left today, resets 00:00 UTC',
      'Messages: 2 of 150 left today, resets 00:00 UTC',
    ]);
    // Almost used up reads as a warning.
    expect(await card('acc-crispy').locator('[data-fact="daily-cap"]').nth(1).getAttribute('class')).toContain('account-fact--low');

    await app.screenshot('accounts-providers');

    // Editing a Linkup account shows its account_id, filled in.
    await card('acc-linkup').getByRole('button', { name: 'Edit Growth seat' }).click();
    expect(await card('acc-linkup').getByLabel('Account ID', { exact: true }).inputValue()).toBe('acc_42');
    await app.screenshot('accounts-edit-linkup');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    // Archiving a Crispy conversation: it is archived there too, and the app says so.
    await page.locator(`${ROWS}[data-conversation-id="conv-crispy"]`).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('e');
    await page.getByRole('status').filter({ hasText: 'Archived — also in Crispy.' }).waitFor();
    await expect.poll(async () => (await real.listConversations({ view: 'archived' })).total).toBe(1);
    expect(real.outboxEntries().length).toBe(1);
    expect(app.errors).toEqual([]);
  });
});
