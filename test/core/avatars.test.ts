/**
 * Profile pictures, fetched by the core from a small image server on 127.0.0.1 through a
 * dispatcher that records every origin it is asked for and refuses anything off this computer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
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
  private server!: Server;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
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
async function world(avatarUrls: (string | null | ((images: ImageServer) => string))[], opts: { images?: ImageServer } = {}): Promise<World> {
  const images = opts.images ?? (await new ImageServer().start());
  const sim = await startReactInSimulator({ apiKey: 'rk_pics', organizationId: 'org_pics', conversations: avatarUrls.length, getPerMinute: 1000, postPerMinute: 1000 });
  sim.conversations.forEach((c, i) => {
    const u = avatarUrls[i]!;
    c.participants[0]!.avatarUrl = typeof u === 'function' ? u(images) : u;
  });
  const { dir, cleanup } = tempDataDir('inbox-avatars-');
  const clock = new VirtualClock(Date.now());
  const dispatcher = new LoopbackOnlyAgent();
  const open = () => createCore({ dataDir: dir, secrets, dispatcher, clock, avatarTimeoutMs: 400 });
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
    const w = await world(paths.map((p) => (i: ImageServer) => i.url(p)));
    const started = Date.now();
    const answers = await Promise.all(w.ids.map((id) => w.core.avatar(id)));
    expect(answers).toEqual(paths.map(() => null));
    expect(Date.now() - started).toBeLessThan(5_000); // the hang was cut off by the timeout
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
