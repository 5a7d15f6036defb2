/**
 * Profile pictures, fetched by the core from a small image server on 127.0.0.1 through a
 * dispatcher that records every origin it is asked for and refuses anything off this computer.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { isPrivateAddress } from '../../src/main/core/avatars';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { VirtualClock } from '../support/clock';
import { tempDataDir } from '../support/core';
import { png } from '../support/png';

const HOUR = 3_600_000;

const RED = png(255, 0, 0);
const BLUE = png(0, 0, 255);

/** The image server: each path is one behaviour; `hits` counts requests per path. */
class ImageServer {
  readonly hits = new Map<string, number>();
  /** What /a.png and /flaky.png serve now (tests swap it). */
  picture = RED;
  flakyUp = false;
  concurrent = 0;
  maxConcurrent = 0;
  /** TCP connections accepted, whatever came over them (a TLS hello to this plain-http server too). */
  connections = 0;
  private server!: Server;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  count(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.hits.set(path, this.count(path) + 1);
    const image = (type: string, body: Buffer) => {
      res.writeHead(200, { 'content-type': type, 'content-length': body.length });
      res.end(body);
    };
    if (path === '/a.png' || path === '/b.png' || path === '/target.png') return image('image/png', this.picture);
    if (path === '/typed.png') return image('image/png; charset=binary', RED);
    if (path === '/flaky.png') return this.flakyUp ? image('image/png', this.picture) : void res.writeHead(404).end();
    if (path === '/missing.png') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    if (path === '/liar.png') return image('image/png', Buffer.from('<html><script>alert(1)</script></html>'));
    if (path === '/page.html') return image('text/html', Buffer.from('<html></html>'));
    if (path === '/big-declared.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': 600 * 1024 });
      return void res.end(Buffer.concat([RED, Buffer.alloc(600 * 1024 - RED.length)]));
    }
    if (path === '/big-streamed.png') {
      // No length up front: the limit must be counted while reading.
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(RED);
      for (let i = 0; i < 10; i++) res.write(Buffer.alloc(64 * 1024));
      return void res.end();
    }
    if (path === '/hang.png') return; // never answers
    if (path === '/to-target') return void res.writeHead(302, { location: '/target.png' }).end();
    if (path === '/to-outside') return void res.writeHead(302, { location: 'http://media.example.test/x.png' }).end();
    if (path === '/to-file') return void res.writeHead(301, { location: 'file:///etc/passwd' }).end();
    if (path === '/loop') return void res.writeHead(307, { location: '/loop' }).end();
    if (path.startsWith('/slow/')) {
      this.concurrent++;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
      setTimeout(() => {
        this.concurrent--;
        image('image/png', RED);
      }, 150);
      return;
    }
    res.writeHead(404).end();
  }
}

/** Records every origin asked for, and refuses any that is not this computer (no test reaches the internet). */
class LoopbackOnlyAgent extends Agent {
  readonly asked: string[] = [];
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = String(options.origin);
    this.asked.push(`${origin}${options.path}`);
    if (!origin.startsWith('http://127.0.0.1:')) throw new Error(`the test dispatcher refuses ${origin}`);
    return super.dispatch(options, handler);
  }
}

interface World {
  core: InboxCore;
  images: ImageServer;
  sim: ReactInSim;
  clock: VirtualClock;
  dispatcher: LoopbackOnlyAgent;
  /** Local conversation id for each avatar URL given to `world()`, in order. */
  ids: string[];
  reopen(): Promise<void>;
  dispose(): Promise<void>;
}

let current: World | undefined;
afterEach(async () => {
  await current?.dispose();
  current = undefined;
});

/** A core with one ReactIn account whose conversations' first participants have these picture URLs. */
/**
 * `avatarTimeoutMs`: the app's own 10 s unless a test needs a hang cut off sooner. A 400 ms limit
 * for every test refused a redirected picture at load 11 (test:busy seed 730088953).
 */
async function world(
  avatarUrls: (string | null | ((images: ImageServer) => string))[],
  opts: { images?: ImageServer; asInTheApp?: boolean; avatarTimeoutMs?: number } = {},
): Promise<World> {
  const images = opts.images ?? (await new ImageServer().start());
  const sim = await startReactInSimulator({ apiKey: 'rk_pics', organizationId: 'org_pics', conversations: avatarUrls.length, getPerMinute: 1000, postPerMinute: 1000 });
  sim.conversations.forEach((c, i) => {
    const u = avatarUrls[i]!;
    c.participants[0]!.avatarUrl = typeof u === 'function' ? u(images) : u;
  });
  const { dir, cleanup } = tempDataDir('inbox-avatars-');
  const clock = new VirtualClock(Date.now());
  const dispatcher = new LoopbackOnlyAgent();
  // Tests' image servers are on this computer, which the app never fetches from; `asInTheApp` keeps the app's rule.
  const open = () => createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher, clock, avatarTimeoutMs: opts.avatarTimeoutMs ?? 10_000, allowLoopbackImages: !opts.asInTheApp });
  const secrets = new MemorySecretStore();
  const w: World = {
    core: await open(),
    images,
    sim,
    clock,
    dispatcher,
    ids: [],
    reopen: async () => {
      await w.core.close();
      w.core = await open();
    },
    dispose: async () => {
      await w.core.close();
      await Promise.all([sim.close(), images.close()]);
      await dispatcher.close();
      cleanup();
    },
  };
  current = w;
  const account = await w.core.addAccount({ provider: 'reactin', name: 'Pictures', apiKey: 'rk_pics', config: { organizationId: 'org_pics', baseUrl: sim.baseUrl } });
  await w.core.syncNow(account.id);
  w.ids = sim.conversations.map((c) => w.core.conversationIdFor(account.id, c.id)!);
  return w;
}

function bytesOf(dataUrl: string | null): { mime: string; bytes: Buffer } {
  const m = /^data:([^;]+);base64,(.*)$/.exec(dataUrl ?? '');
  if (!m) throw new Error(`not a data URL: ${String(dataUrl)}`);
  return { mime: m[1]!, bytes: Buffer.from(m[2]!, 'base64') };
}

describe('profile pictures', () => {
  it('come back as a data: URL of exactly the served bytes, fetched once and cached on disk', async () => {
    const w = await world([(i) => i.url('/a.png'), (i) => i.url('/a.png'), null]);
    const [a, b, none] = w.ids;
    // Three asks at once for the same picture (two conversations share it): one request.
    const answers = await Promise.all([w.core.avatar(a!), w.core.avatar(a!), w.core.avatar(b!)]);
    expect(answers.map(bytesOf)).toEqual([0, 1, 2].map(() => ({ mime: 'image/png', bytes: RED })));
    expect(w.images.count('/a.png')).toBe(1);
    expect(await w.core.avatar(a!)).toBe(answers[0]);
    expect(w.images.count('/a.png')).toBe(1);

    await w.reopen();
    expect(bytesOf(await w.core.avatar(a!)).bytes).toEqual(RED);
    expect(w.images.count('/a.png')).toBe(1);

    const before = w.dispatcher.asked.length;
    expect(await w.core.avatar(none!)).toBeNull(); // no picture: no request at all
    expect(w.dispatcher.asked.length).toBe(before);
    await expect(w.core.avatar('no-such-conversation')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('accept a content type with parameters and follow a redirect to an allowed address', async () => {
    const w = await world([(i) => i.url('/typed.png'), (i) => i.url('/to-target')]);
    expect(bytesOf(await w.core.avatar(w.ids[0]!)).bytes).toEqual(RED);
    expect(bytesOf(await w.core.avatar(w.ids[1]!)).bytes).toEqual(RED);
    expect(w.images.count('/target.png')).toBe(1);
  });

  it('are refused when too big, not the image they claim, missing, too slow, or redirected somewhere not allowed', async () => {
    const paths = ['/big-declared.png', '/big-streamed.png', '/liar.png', '/page.html', '/missing.png', '/hang.png', '/to-outside', '/to-file', '/loop'];
    const w = await world(
      paths.map((p) => (i: ImageServer) => i.url(p)),
      { avatarTimeoutMs: 400 },
    );
    const started = Date.now();
    const answers = await Promise.all(w.ids.map((id) => w.core.avatar(id)));
    // The hang was asked for once and answered null: the 400 ms limit cut it off (without it this
    // never resolves). The bound only catches a real hang, however loaded the machine is.
    expect(answers).toEqual(paths.map(() => null));
    expect(w.images.count('/hang.png')).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(w.dispatcher.asked.some((a) => a.includes('example.test') || a.startsWith('file:'))).toBe(false);
    expect(w.images.count('/loop')).toBe(4); // the first request and three redirects, no more

    // Each failure is remembered: asking again sends nothing.
    const asked = w.dispatcher.asked.length;
    expect(await Promise.all(w.ids.map((id) => w.core.avatar(id)))).toEqual(paths.map(() => null));
    expect(w.dispatcher.asked.length).toBe(asked);
  });

  it('never fetch javascript:, file:, data:, plain http off this computer, or URLs with a password', async () => {
    const urls = ['javascript:alert(1)', 'file:///etc/passwd', 'data:image/png;base64,AAAA', 'http://media.example.test/p.png', (i: ImageServer) => i.url('/a.png').replace('http://', 'http://user:secret@')];
    const w = await world(urls);
    const asked = w.dispatcher.asked.length;
    expect(await Promise.all(w.ids.map((id) => w.core.avatar(id)))).toEqual(urls.map(() => null));
    expect(w.dispatcher.asked.length).toBe(asked);
    expect(w.images.count('/a.png')).toBe(0);
  });

  it('in the app, never reach this computer or a private network, written as an address or as a name that resolves to one', async () => {
    const urls = [
      (i: ImageServer) => i.url('/a.png'), // plain http to 127.0.0.1
      (i: ImageServer) => `https://127.0.0.1:${i.port}/a.png`,
      (i: ImageServer) => `https://localhost:${i.port}/a.png`, // a name that resolves to 127.0.0.1
      (i: ImageServer) => `https://[::ffff:127.0.0.1]:${i.port}/a.png`,
      (i: ImageServer) => `https://0x7f.1:${i.port}/a.png`, // 127.0.0.1 spelt another way
      'https://10.0.0.1/x.png',
      'https://172.16.5.4/x.png',
      'https://192.168.1.20/x.png',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/x.png',
      'https://[fd12:3456::1]/x.png',
      'https://[fe80::1]/x.png',
      'https://0.0.0.0/x.png',
    ];
    const w = await world(urls, { asInTheApp: true });
    const askedBefore = w.dispatcher.asked.length;
    const requested: string[] = [];
    const onCreate = (message: unknown) => {
      const { origin, path } = (message as { request: { origin: string; path: string } }).request;
      requested.push(`${origin}${path}`);
    };
    subscribe('undici:request:create', onCreate);
    try {
      expect(await Promise.all(w.ids.map((id) => w.core.avatar(id)))).toEqual(urls.map(() => null));
      expect(await Promise.all(w.ids.map((id) => w.core.avatar(id)))).toEqual(urls.map(() => null));
    } finally {
      unsubscribe('undici:request:create', onCreate);
    }
    // Nothing reached the picture server on 127.0.0.1, not even a connection.
    expect(w.images.connections).toBe(0);
    expect(w.images.count('/a.png')).toBe(0);
    // Only the host name got as far as a request, refused when it resolved to 127.0.0.1; the
    // refusal is remembered like a bad picture, so asking again sent nothing.
    expect(requested).toEqual([`https://localhost:${w.images.port}/a.png`]);
    expect(w.dispatcher.asked.slice(askedBefore)).toEqual([]); // the app's pictures never use the core's dispatcher
  });

  it('tell private and loopback addresses from public ones', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '0.0.0.0', '::1', '[::1]', '::', 'fc00::1', 'fd00:ab::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '172.15.255.255', '192.169.0.1', '151.101.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', 'media.licdn.com']) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
  });

  it('try a failed picture again after a day, not before', async () => {
    const w = await world([(i) => i.url('/flaky.png')]);
    const [a] = w.ids;
    expect(await w.core.avatar(a!)).toBeNull();
    w.images.flakyUp = true;
    w.clock.jump(23 * HOUR);
    expect(await w.core.avatar(a!)).toBeNull();
    expect(w.images.count('/flaky.png')).toBe(1);
    await w.reopen(); // remembered on disk too
    expect(await w.core.avatar(a!)).toBeNull();
    w.clock.jump(2 * HOUR);
    expect(bytesOf(await w.core.avatar(a!)).bytes).toEqual(RED);
    expect(w.images.count('/flaky.png')).toBe(2);
  });

  it('refresh a week-old picture in the background, serving the cached one meanwhile', async () => {
    const w = await world([(i) => i.url('/a.png')]);
    const [a] = w.ids;
    expect(bytesOf(await w.core.avatar(a!)).bytes).toEqual(RED);
    w.images.picture = BLUE; // the person changed their photo
    w.clock.jump(6 * 24 * HOUR);
    expect(bytesOf(await w.core.avatar(a!)).bytes).toEqual(RED);
    expect(w.images.count('/a.png')).toBe(1);
    w.clock.jump(2 * 24 * HOUR);
    expect(bytesOf(await w.core.avatar(a!)).bytes).toEqual(RED); // at once, from the cache
    await vi.waitFor(async () => expect(bytesOf(await w.core.avatar(a!)).bytes).toEqual(BLUE));
    expect(w.images.count('/a.png')).toBe(2);
  });

  it('fetch at most four at once', async () => {
    const w = await world([1, 2, 3, 4, 5, 6, 7].map((n) => (i: ImageServer) => i.url(`/slow/${n}.png`)));
    const answers = await Promise.all(w.ids.map((id) => w.core.avatar(id)));
    expect(answers.every((x) => x !== null)).toBe(true);
    expect(w.images.maxConcurrent).toBe(4);
  });

  it('try again soon, not after a day, when the server could not be reached at all', async () => {
    // A port that was free a moment ago: nothing listens there yet.
    const probe = await new ImageServer().start();
    const port = probe.port;
    await probe.close();
    const images = new ImageServer();
    const w = await world([`http://127.0.0.1:${port}/a.png`]);
    const [a] = w.ids;
    expect(await w.core.avatar(a!)).toBeNull();
    await images.start(port); // back online
    try {
      expect(await w.core.avatar(a!)).toBeNull(); // not asked again right away
      expect(images.count('/a.png')).toBe(0);
      w.clock.jump(6 * 60_000);
      expect(bytesOf(await w.core.avatar(a!)).bytes).toEqual(RED);
      expect(images.count('/a.png')).toBe(1);
    } finally {
      await images.close();
    }
  });
});
