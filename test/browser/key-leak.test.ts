/**
 * No key leaks. One end-to-end run with a distinctive key per provider, against the four loopback
 * simulators, driven through the built renderer in Chromium (and its window.inbox, which is how
 * the renderer talks to main): add all four (one through the form, with a connection test and a
 * wrong key first), sync, reply, triage, a key rotated at the provider (an auth error), the key
 * replaced in the edit form (a wrong one refused first), a provider that echoes the key in its
 * error text, a stored-key connection test, an account removed, a revoked key.
 *
 * Then every place a key could have gone is searched, as text and as bytes, for each key (and each
 * wrong or replaced key) in plain, URL-encoded and base64 forms:
 *  - every file under the data directory (the SQLite file, its -wal and -shm), while the core is
 *    open and again after it closed;
 *  - everything main handed the renderer: every IPC answer and change event;
 *  - the page: its HTML, its visible text, every field's value, localStorage, sessionStorage, cookies;
 *  - everything the core's process printed, and the bench's error log;
 *  - the app log people send us (main.log, src/main/log.ts), into which every failure of the run
 *    is written with its raw error, as the shell would (after the scan first finds a planted key).
 * Each search first finds something that is meant to be there, so a search that reads nothing fails.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { openAppLog } from '../../src/main/log';
import type { IpcResult } from '../../src/shared/ipc';
import type { Account, ConversationPage, Label, Message } from '../../src/shared/domain';
import { startConnectSafelySimulator, type ConnectSafelySimOptions } from '../simulators/connectsafely';
import { startCrispySimulator, type CrispySimOptions } from '../simulators/crispy';
import { startLinkupSimulator, type LinkupSimOptions } from '../simulators/linkup';
import { startReactInSimulator, type ReactInSimOptions } from '../simulators/reactin';
import { type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { sendAtOnce, tempDataDir } from '../support/core';

// Characters that URL-encoding and base64 change, so each form is a different needle.
const KEYS = {
  reactin: 'rk_LEAKCANARY+reactin/7f3a91c2e8=',
  linkup: 'lk_LEAKCANARY+linkup/3b8d5e0f11==',
  connectsafely: 'cs_LEAKCANARY+connect/9a0c4d7e52=',
  crispy: 'crispy_LEAKCANARY+crispy/1e6f2a8b',
};
const LINKUP_ROTATED = 'lk_ROTATEDCANARY+linkup/c4e1a97b30=';
const WRONG_KEY = 'lk_WRONGCANARY+typo/5d2b8e61fa==';
const EVERY_KEY = [...Object.values(KEYS), LINKUP_ROTATED, WRONG_KEY];
const ORG = 'org_leakcheck';
const LINKUP_ACCOUNT = 'acc_leakcheck';
/** Something the run puts in the cache on purpose: each search must find it, or it searched nothing. */
const REPLY_MARKER = 'REPLYMARKER-every-search-must-find-this';

/** The forms a key could take: as typed, URL-encoded, and base64 at each byte alignment. */
function needles(key: string): string[] {
  const forms = new Set([key, encodeURIComponent(key), Buffer.from(key).toString('base64url')]);
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from('\0'.repeat(pad) + key).toString('base64');
    forms.add(b64.slice(4, -4)); // the middle, the same whatever surrounds the key
  }
  return [...forms];
}

/** The key forms that occur in `text`, named for the failure message. */
function leaksIn(text: string): string[] {
  return EVERY_KEY.flatMap((key) => needles(key).filter((n) => text.includes(n)).map((n) => (n === key ? key : `${key} as ${n}`)));
}

/** The key forms that occur in a file's bytes, read as UTF-8 and as UTF-16. */
function leaksInBytes(bytes: Buffer): string[] {
  return EVERY_KEY.flatMap((key) =>
    needles(key).flatMap((n) => [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')].filter((b) => bytes.includes(b)).map(() => `${key} as ${n}`)),
  );
}

/** Each search must be able to find what it looks for: every key form, in text and in UTF-8 and UTF-16 bytes. */
function proveTheScansFind(): void {
  for (const key of EVERY_KEY) {
    for (const form of needles(key)) {
      expect(leaksIn(`…${form}…`), `the text scan finds ${form}`).not.toEqual([]);
      expect(leaksInBytes(Buffer.concat([Buffer.from('xx'), Buffer.from(form, 'utf16le'), Buffer.from('yy')])), `the byte scan finds ${form} in UTF-16`).not.toEqual([]);
      expect(leaksInBytes(Buffer.from(`{"k":"${form}"}`)), `the byte scan finds ${form} in UTF-8`).not.toEqual([]);
    }
    // base64 of the key inside a longer blob, at any alignment.
    for (const prefix of ['', 'a', 'ab']) expect(leaksIn(Buffer.from(`${prefix}${key}!`).toString('base64'))).not.toEqual([]);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** Every file of the data directory: name → what leaked in it; fails if the marker is not found. */
function scanDataDir(dir: string): { files: string[]; leaks: Record<string, string[]> } {
  const files = filesUnder(dir);
  const all = files.map((f) => readFileSync(f));
  expect(all.some((bytes) => bytes.includes(Buffer.from(REPLY_MARKER))), 'the scan reads the cache').toBe(true);
  const leaks = Object.fromEntries(files.map((f, i) => [f.slice(dir.length + 1), leaksInBytes(all[i]!)]).filter(([, l]) => l.length > 0));
  return { files: files.map((f) => f.slice(dir.length + 1)).sort(), leaks };
}

/** Every file of the logs folder: name → what leaked in it; fails unless `expected` is in one of them. */
function scanLogs(dir: string, expected: string): Record<string, string[]> {
  const files = filesUnder(dir);
  const all = files.map((f) => readFileSync(f));
  expect(all.some((bytes) => bytes.includes(Buffer.from(expected))), `the log scan reads ${expected}`).toBe(true);
  return Object.fromEntries(files.map((f, i) => [f.slice(dir.length + 1), leaksInBytes(all[i]!)]).filter(([, l]) => l.length > 0));
}

/** The core behind a proxy that writes every failure, raw error and all, to the app log, as the shell's IPC does. */
function loggingFailures(core: InboxCore, log: ReturnType<typeof openAppLog>): InboxCore {
  return new Proxy(core, {
    get(target, name, receiver) {
      const member = Reflect.get(target, name, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const out = member.apply(target, args);
        if (out instanceof Promise) return out.catch((err: unknown) => { log.error(`[ipc] ${String(name)} failed`, err); throw err; });
        return out;
      };
    },
  });
}

/** Text of any value, strings in full, for searching. */
function textOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? String(value);
}

/** The parts of the page's globals the scan reads (the test itself compiles without the DOM library). */
interface StorageLike {
  readonly length: number;
  key(i: number): string | null;
  getItem(key: string): string | null;
}
interface PageGlobals {
  document: {
    documentElement: { outerHTML: string };
    body: { innerText: string };
    querySelectorAll(selector: string): ArrayLike<{ value: string }>;
    cookie: string;
  };
  localStorage: StorageLike;
  sessionStorage: StorageLike;
}

const suite = browserSuite();

describe('no key leaks', () => {
  it('after a full run with four providers, no key is in the data directory, anything the renderer received, the page, or the log', async () => {
    // ---- the world: four simulators (Linkup's key is rotated at the provider later on)
    const reactinOpts: ReactInSimOptions = { apiKey: KEYS.reactin, organizationId: ORG, conversations: 3, seed: 21, getPerMinute: 1000, postPerMinute: 1000 };
    const linkupOpts: LinkupSimOptions = { apiKey: KEYS.linkup, accountId: LINKUP_ACCOUNT, conversations: 3, seed: 22, perMinute: 1000 };
    const connectOpts: ConnectSafelySimOptions = { apiKey: KEYS.connectsafely, conversations: 3, seed: 23, perMinute: 1000 };
    const crispyOpts: CrispySimOptions = { apiKey: KEYS.crispy, conversations: 3, seed: 24 };
    const [reactin, linkup, connectsafely, crispy] = await Promise.all([
      startReactInSimulator(reactinOpts),
      startLinkupSimulator(linkupOpts),
      startConnectSafelySimulator(connectOpts),
      startCrispySimulator(crispyOpts),
    ]);
    for (const c of reactin.conversations) reactin.setDisconnected(c.id, false);
    proveTheScansFind();
    const { dir, cleanup } = tempDataDir('inbox-keyleak-');
    const agent = new Agent();
    const secrets = new MemorySecretStore();
    const core: InboxCore = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher: agent, settings: sendAtOnce() });
    core.start(); // as the app runs it: syncs and outbox deliveries in the background too

    // The app log in the data directory's logs folder. First a key planted there past the log's
    // redaction: the log scan must report it, or it reads nothing.
    const logsDir = join(dir, 'logs');
    mkdirSync(logsDir);
    writeFileSync(join(logsDir, 'planted.log'), `PLANTED [ipc] failed x-api-key: ${encodeURIComponent(KEYS.linkup)}\n`);
    expect(scanLogs(logsDir, 'PLANTED')['planted.log']).toContain(`${KEYS.linkup} as ${encodeURIComponent(KEYS.linkup)}`);
    rmSync(join(logsDir, 'planted.log'));
    const appLog = openAppLog({ folder: logsDir, console: false });

    const printed: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map((a) => (typeof a === 'string' ? a : textOf(a))).join(' ')));
    }
    const received: unknown[] = [];
    const app: BenchPage = await suite.bench.open(loggingFailures(core, appLog), { onReceive: (payload) => received.push(payload) });
    suite.defer(
      () => vi.restoreAllMocks(),
      cleanup,
      () => Promise.all([reactin.close(), linkup.close(), connectsafely.close(), crispy.close()]),
      () => agent.close(),
      () => core.close(),
      () => app.close(),
    );
    const page = app.page;
    /** Calls window.inbox in the page, exactly as the renderer does. */
    const call = <T>(method: string, ...args: unknown[]) =>
      page.evaluate(([m, a]) => (globalThis as unknown as { inbox: Record<string, (...x: unknown[]) => Promise<unknown>> }).inbox[m as string]!(...(a as unknown[])), [method, args] as const) as Promise<IpcResult<T>>;
    const value = async <T>(method: string, ...args: unknown[]): Promise<T> => {
      const answer = await call<T>(method, ...args);
      if (!answer.ok) throw new Error(`${method} failed: ${answer.error.message}`);
      return answer.value;
    };
    const accountsDialog = async () => {
      const dialog = page.getByRole('dialog', { name: 'Accounts' });
      if ((await dialog.count()) === 0) await page.getByRole('button', { name: /Accounts & settings/ }).click();
      await dialog.waitFor();
      return dialog;
    };

    // ---- ReactIn through the form: a connection test, then add.
    await page.locator('[data-empty="no-accounts"]').waitFor();
    await page.getByRole('button', { name: 'Add an account' }).click();
    const form = page.getByRole('dialog', { name: 'Accounts' }).getByRole('form', { name: 'Add an account' });
    await form.getByLabel('Display name', { exact: true }).fill('ReactIn seat');
    await form.getByLabel('Organization ID', { exact: true }).fill(ORG);
    await form.getByLabel('API key', { exact: true }).fill(KEYS.reactin);
    await form.getByLabel('Base URL (optional)', { exact: true }).fill(reactin.baseUrl);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.locator('[data-verdict="ok"]').waitFor();
    await form.getByRole('button', { name: 'Add account' }).click();
    await form.getByRole('status').filter({ hasText: 'Added “ReactIn seat”' }).waitFor();
    await page.keyboard.press('Escape');

    // ---- The other three through window.inbox; a wrong key tested first.
    const linkupInput = { provider: 'linkup', name: 'Linkup seat', config: { accountId: LINKUP_ACCOUNT, baseUrl: linkup.baseUrl } };
    expect(await value('testAccount', { ...linkupInput, apiKey: WRONG_KEY })).toMatchObject({ ok: false, code: 'auth' });
    const ids = {
      reactin: (await core.listAccounts())[0]!.id,
      linkup: (await value<Account>('addAccount', { ...linkupInput, apiKey: KEYS.linkup })).id,
      connectsafely: (await value<Account>('addAccount', { provider: 'connectsafely', name: 'ConnectSafely seat', apiKey: KEYS.connectsafely, config: { baseUrl: connectsafely.baseUrl } })).id,
      crispy: (await value<Account>('addAccount', { provider: 'crispy', name: 'Crispy seat', apiKey: KEYS.crispy, config: { baseUrl: crispy.baseUrl } })).id,
    };
    await value('syncNow');
    for (const id of Object.values(ids)) expect((await core.listAccounts()).find((a) => a.id === id)!.status.state).toBe('ok');

    // ---- A reply in each account, delivered to each provider with its key.
    const first: Record<string, string> = {};
    for (const [provider, id] of Object.entries(ids)) {
      const page1 = await value<ConversationPage>('listConversations', { view: `account:${id}` });
      first[provider] = page1.items[0]!.id;
      await value('openConversation', first[provider]);
      await value<Message>('sendReply', first[provider], `${REPLY_MARKER} to ${provider}`);
    }
    await core.deliverOutbox();
    expect([reactin.sent.length, linkup.sent.length, connectsafely.sent.length, crispy.sent.length]).toEqual([1, 1, 1, 1]);

    // ---- Triage, mirrored to the providers that can (Crispy, ConnectSafely).
    const label = await value<Label>('createLabel', 'Leak check');
    await value('setLabels', [first.crispy, first.connectsafely], [label.id], []);
    await value('archive', first.crispy, 'smart');
    await value('snooze', first.reactin, { until: Date.now() + 86_400_000, note: 'later' });
    await value('markUnread', first.connectsafely);
    await value('bulk', Object.values(first), { kind: 'markRead' });
    await value('undo');
    await value('saveDraft', first.linkup, 'a draft');
    await core.deliverOutbox();
    expect(crispy.organize.length).toBeGreaterThan(0);

    // ---- Linkup rotates the key: an auth error; the edit form refuses a wrong key, takes the new one.
    linkup.setApiKey(LINKUP_ROTATED);
    expect(await call('syncNow', ids.linkup)).toMatchObject({ ok: false, error: { code: 'auth' } });
    const dialog = await accountsDialog();
    const linkupCard = dialog.locator(`[data-account-id="${ids.linkup}"]`);
    await linkupCard.getByRole('button', { name: 'Update key' }).click();
    const edit = linkupCard.getByRole('form', { name: 'Edit Linkup seat' });
    await edit.getByLabel('Replace API key', { exact: true }).fill(WRONG_KEY);
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.locator('[data-verdict="fail"]').waitFor();
    await edit.getByLabel('Replace API key', { exact: true }).fill(LINKUP_ROTATED);
    await edit.getByRole('button', { name: 'Save' }).click();
    await linkupCard.getByRole('status').filter({ hasText: 'Saved. Linkup accepted the new key' }).waitFor();
    expect(await secrets.get(ids.linkup)).toBe(LINKUP_ROTATED);
    await value('syncNow', ids.linkup);

    // ---- Providers that echo the key in their error text; a connection test with the stored key.
    crispy.injectFault({ status: 400, body: { error: { code: 'bad_token', message: `token ${KEYS.crispy} (sent as ${encodeURIComponent(KEYS.crispy)}) is not valid here` } } });
    expect(await call('syncNow', ids.crispy)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    connectsafely.injectFault({ body: { success: false, error: `Authorization Bearer ${KEYS.connectsafely} was not accepted for key ${KEYS.connectsafely}` } });
    expect(await call('syncNow', ids.connectsafely)).toMatchObject({ ok: false });
    expect(await value('testAccount', { provider: 'crispy', name: 'Crispy seat', config: { baseUrl: crispy.baseUrl } }, ids.crispy)).toMatchObject({ ok: true });

    // ---- Remove ConnectSafely (its key leaves the keychain); ReactIn's key is revoked.
    await value('removeAccount', ids.connectsafely);
    expect(await secrets.get(ids.connectsafely)).toBeNull();
    reactin.revokeKey();
    expect(await call('syncNow', ids.reactin)).toMatchObject({ ok: false, error: { code: 'auth' } });

    // The accounts screen shows the sentences those errors produced, and an edit form with its fields.
    await expect.poll(() => dialog.locator(`[data-account-id="${ids.reactin}"] .account-status`).textContent()).toBe("ReactIn rejected the API key for 'ReactIn seat' — update it in Settings.");
    await dialog.locator(`[data-account-id="${ids.crispy}"]`).getByRole('button', { name: 'Edit Crispy seat' }).click();
    await dialog.getByRole('form', { name: 'Edit Crispy seat' }).waitFor();
    await core.deliverOutbox();

    // ---- What the renderer received: every answer and change event.
    const receivedText = received.map(textOf).join('\n');
    expect(received.length).toBeGreaterThan(40);
    expect(receivedText).toContain(REPLY_MARKER);
    expect(receivedText).toContain('rejected the API key'); // the error sentences are in there
    expect(receivedText).toContain('is not valid here'); // and the echoing provider's words, minus the key
    expect(leaksIn(receivedText)).toEqual([]);

    // ---- The page: markup, visible text, field values, storage and cookies.
    const pageText = await page.evaluate(() => {
      const { document, localStorage, sessionStorage } = globalThis as unknown as PageGlobals;
      const fields = Array.from(document.querySelectorAll('input, textarea, select'), (el) => el.value);
      const storage = (s: StorageLike) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`);
      return [document.documentElement.outerHTML, document.body.innerText, ...fields, ...storage(localStorage), ...storage(sessionStorage), document.cookie].join('\n');
    });
    expect(pageText).toContain("ReactIn rejected the API key for 'ReactIn seat'");
    expect(leaksIn(pageText)).toEqual([]);

    // ---- The app log: every failure of the run, written with its raw error, plus for each key an
    // error as undici could throw it (the request inside, key in the URL and headers); no key in any form.
    for (const key of EVERY_KEY) {
      const url = `https://api.linkupapi.com/v2/messages?api_key=${encodeURIComponent(key)}`;
      appLog.error('[net] request failed', new TypeError(`fetch failed: ${url}`, { cause: Object.assign(new Error(`Bearer ${key} refused`), { request: { url, headers: { 'x-api-key': key } } }) }));
    }
    expect(scanLogs(logsDir, 'syncNow failed')).toEqual({});

    // ---- The cache while the core is open (WAL and shared memory present), then after it closed.
    const open = scanDataDir(dir);
    expect(open.files).toEqual(expect.arrayContaining(['inbox.sqlite', 'inbox.sqlite-shm', 'inbox.sqlite-wal']));
    expect(open.leaks).toEqual({});
    await app.close();
    await core.close();
    const closed = scanDataDir(dir);
    expect(closed.files).toContain('inbox.sqlite');
    expect(closed.leaks).toEqual({});

    // ---- What the process printed, and the bench's own error log. The core prints nothing at all
    // (the shell's log goes through describeForLog, test/shell/logging.test.ts), so anything here is news.
    expect(printed).toEqual([]);
    expect(leaksIn(app.errors.join('\n'))).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
