/**
 * No requests to arbitrary places (issue 13, item 2): a base URL is refused before any request
 * when it carries credentials, a query or a fragment, or names this computer or a private
 * network (loopback only when the core's creator allows it). A test against a host the person has
 * not saved quotes nothing the server wrote, and every network failure there reads the same.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { ProviderRoutes } from '../../src/main/core/net/outbound';
import type { NewAccount } from '../../src/shared/domain';
import { startReactInSimulator } from '../simulators/reactin';
import { startCanary } from '../support/canary';
import { cleanupAfterEach } from '../support/cleanups';
import { VirtualClock } from '../support/clock';
import { tempDataDir } from '../support/core';

const onCleanup = cleanupAfterEach();
const KEY = 'rk_policy_7c2d9e41';

async function core(opts: { allowLoopbackBaseUrls?: boolean; dir?: string; secrets?: MemorySecretStore } = {}): Promise<InboxCore> {
  const dir = opts.dir ?? (() => {
    const t = tempDataDir('inbox-policy-');
    onCleanup(t.cleanup);
    return t.dir;
  })();
  const dispatcher = new Agent();
  const c = await createCore({ dataDir: dir, secrets: opts.secrets ?? new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }), allowLoopbackBaseUrls: opts.allowLoopbackBaseUrls });
  onCleanup(() => dispatcher.close(), () => c.close());
  return c;
}

const reactin = (baseUrl: string, apiKey = KEY): NewAccount => ({ provider: 'reactin', name: 'Sales seat', apiKey, config: { organizationId: 'org_p', baseUrl } });

describe('a base URL', () => {
  it.each([
    ['https://api.example.com/v1?token=abc', /may not contain a query/],
    ['https://api.example.com/v1?', /may not contain a query/],
    ['https://api.example.com/v1#frag', /or a fragment/],
    ['https://user:pass@api.example.com/v1', /carries a user name or password/],
    ['https://user@api.example.com/v1', /carries a user name or password/],
    ['https://169.254.169.254/latest', /private or reserved network address \(169\.254\.169\.254\)/],
    ['https://10.0.0.8/api', /private or reserved network address/],
    ['https://[::ffff:192.168.1.1]/api', /private or reserved network address/],
    ['https://[64:ff9b::a9fe:a9fe]/api', /private or reserved network address/],
    ['https://[fd00::1]/api', /private or reserved network address/],
    ['http://api.example.com/v1', /must use https/],
    ['ftp://api.example.com/v1', /must use https/],
  ])('%s is refused with a sentence, before any request, whoever created the core', async (baseUrl, sentence) => {
    for (const allowLoopbackBaseUrls of [false, true]) {
      const c = await core({ allowLoopbackBaseUrls });
      await expect(c.addAccount(reactin(baseUrl))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(sentence) });
      expect(await c.testAccount(reactin(baseUrl))).toMatchObject({ ok: false, code: 'invalid-input', message: expect.stringMatching(sentence) });
      expect(await c.listAccounts()).toEqual([]);
    }
  });

  it('naming this computer is refused unless whoever created the core allows it, and the server hears nothing', async () => {
    const canary = await startCanary();
    onCleanup(() => canary.close());
    const port = new URL(canary.origin).port;
    const strict = await core();
    for (const baseUrl of [`${canary.origin}/api`, `https://127.0.0.1:${port}/api`, `http://localhost:${port}/api`, `https://localhost.:${port}/api`, `https://api.localhost:${port}/api`, `http://[::1]:${port}/api`, `https://127.1.2.3:${port}/api`]) {
      await expect(strict.addAccount(reactin(baseUrl)), baseUrl).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/points at this computer .*only sent to public addresses/) });
      expect(await strict.testAccount(reactin(baseUrl)), baseUrl).toMatchObject({ ok: false, code: 'invalid-input' });
    }
    expect(canary.connections).toBe(0);
    // Allowed by the creator of the core (tests, development): the request goes, and is answered.
    const permissive = await core({ allowLoopbackBaseUrls: true });
    expect(await permissive.testAccount(reactin(`${canary.origin}/api`))).toMatchObject({ ok: false });
    expect(canary.saw(KEY)).toBe(true);
  });
});

describe('the route of a request', () => {
  it("goes through the core's dispatcher for the provider's own address, and through a public-only Agent for a typed host", async () => {
    const given = new Agent();
    const routes = new ProviderRoutes(given, { allowLoopback: false });
    onCleanup(() => given.close(), () => routes.close());
    expect(routes.dispatcherFor('reactin', { organizationId: 'o' })).toBe(given);
    expect(routes.dispatcherFor('linkup', { baseUrl: 'https://api.linkupapi.com/v2' })).toBe(given);
    const typed = routes.dispatcherFor('reactin', { organizationId: 'o', baseUrl: 'https://reactin.example.eu/api' });
    expect(typed).not.toBe(given);
    expect(typed).toBeInstanceOf(Agent);
    // One Agent for every typed host, closed with the core.
    expect(routes.dispatcherFor('crispy', { baseUrl: 'https://crispy.example.eu/api/v1' })).toBe(typed);
    // Tests and development builds that allow loopback keep every request on the dispatcher they watch.
    const watched = new ProviderRoutes(given, { allowLoopback: true });
    expect(watched.dispatcherFor('reactin', { organizationId: 'o', baseUrl: 'https://reactin.example.eu/api' })).toBe(given);
  });
});

describe('a connection test against a host the person has not saved', () => {
  it('quotes nothing the server wrote', async () => {
    const canary = await startCanary(() => ({ status: 400, body: { message: 'internal: db=10.0.0.5 user=svc_admin; see https://evil.example/phish' } }));
    onCleanup(() => canary.close());
    const c = await core({ allowLoopbackBaseUrls: true });
    const verdict = await c.testAccount(reactin(`${canary.origin}/api`));
    expect(verdict).toEqual({ ok: false, code: 'invalid-input', message: "ReactIn refused the request for 'Sales seat'." });
    await expect(c.addAccount(reactin(`${canary.origin}/api`))).rejects.toMatchObject({ message: expect.not.stringMatching(/svc_admin|evil|10\.0\.0\.5/) });
  });

  it.each([
    ['reactin', { organizationId: 'org_p' }],
    ['linkup', { accountId: 'acc_p' }],
    ['connectsafely', {}],
    ['crispy', {}],
  ] as const)('quotes nothing a %s look-alike wrote, in any of its error shapes', async (provider, config) => {
    const marker = 'INTERNAL-HOST-db7.corp';
    const canary = await startCanary(() => ({ status: 400, body: { success: false, message: marker, error: { code: 'bad_request', message: marker } } }));
    onCleanup(() => canary.close());
    const c = await core({ allowLoopbackBaseUrls: true });
    const verdict = await c.testAccount({ provider, name: 'Seat', apiKey: 'typed_key_0001', config: { ...config, baseUrl: `${canary.origin}/api` } });
    expect(canary.requests.length).toBeGreaterThan(0);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).not.toContain(marker);
    expect(verdict.message).toMatch(/'Seat'/);
  });

  it('says the same one sentence whether the port is closed, resets, or answers garbage over TCP', async () => {
    const closed = await freePort();
    const resets = await tcpServer((socket) => socket.destroy());
    const garbage = await tcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    const c = await core({ allowLoopbackBaseUrls: true });
    const messages = new Set<string>();
    for (const port of [closed, resets, garbage]) {
      const verdict = await c.testAccount(reactin(`http://127.0.0.1:${port}/api`));
      expect(verdict).toMatchObject({ ok: false, code: 'network' });
      messages.add(verdict.message.replace(String(port), 'PORT'));
    }
    expect([...messages]).toEqual([`No answer came from http://127.0.0.1:PORT. Check the base URL, or leave it empty to use ReactIn's own address (https://app.reactin.io/api).`]);
  });
});

describe('a saved host that echoes the key', () => {
  it.each([
    ['reversed', (k: string) => [...k].reverse().join('')],
    ['in base64', (k: string) => Buffer.from(`Bearer ${k}`).toString('base64')],
    ['in hex', (k: string) => Buffer.from(k).toString('hex')],
    ['in part', (k: string) => `${k.slice(0, 12)}…`],
    ['upper-cased', (k: string) => k.toUpperCase()],
  ])('never shows it %s, in a connection test or on the account after a sync', async (_how, spell) => {
    // The saved host: an empty inbox at first, then a 400 that carries the key spelled some other way.
    let echo = false;
    const host = await startCanary(() => (echo ? { status: 400, body: { message: `invalid request for key ${spell(KEY)}` } } : { status: 200, body: { items: [], nextCursor: null } }));
    onCleanup(() => host.close());
    const c = await core({ allowLoopbackBaseUrls: true });
    const account = await c.addAccount(reactin(`${host.origin}/api`));
    echo = true;
    const verdict = await c.testAccount({ ...reactin(`${host.origin}/api`), apiKey: undefined }, account.id);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^ReactIn refused the request for 'Sales seat'/);
    expect(verdict.message).not.toContain(spell(KEY));
    await c.syncNow(account.id).catch(() => undefined);
    const status = (await c.listAccounts())[0]!.status.message ?? '';
    expect(status).toMatch(/^ReactIn refused the request for 'Sales seat'/);
    expect(status).not.toContain(spell(KEY));
  });
});

describe('the origin kept with a stored key', () => {
  it('is filled in for accounts saved before it was kept, and sync refuses a key saved for another origin', async () => {
    const sim = await startReactInSimulator({ apiKey: KEY, organizationId: 'org_p', conversations: 2 });
    onCleanup(() => sim.close());
    const t = tempDataDir('inbox-policy-');
    onCleanup(t.cleanup);
    const secrets = new MemorySecretStore();
    let c = await core({ allowLoopbackBaseUrls: true, dir: t.dir, secrets });
    const id = (await c.addAccount(reactin(sim.baseUrl))).id;
    await c.close();
    const setOrigin = (origin: string | null) => {
      const db = new DatabaseSync(join(t.dir, DATABASE_FILE));
      db.prepare('UPDATE accounts SET key_origin = ? WHERE id = ?').run(origin, id);
      db.close();
    };
    setOrigin(null); // as an account saved by an earlier version
    c = await core({ allowLoopbackBaseUrls: true, dir: t.dir, secrets });
    await c.syncNow(id);
    expect((await c.listAccounts())[0]!.status.state).toBe('ok');
    await c.close();

    setOrigin('https://elsewhere.example'); // the settings and the key's origin disagree
    c = await core({ allowLoopbackBaseUrls: true, dir: t.dir, secrets });
    const before = sim.requests.length;
    await expect(c.syncNow(id)).rejects.toMatchObject({ code: 'auth', message: expect.stringMatching(/was saved for https:\/\/elsewhere\.example.*type the key again/) });
    expect(sim.requests.length).toBe(before);
    expect((await c.listAccounts())[0]!.status.state).toBe('key-rejected');
  });
});

async function tcpServer(onSocket: (s: import('node:net').Socket) => void): Promise<number> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    onSocket(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onCleanup(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: one that was free a moment ago. */
async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
