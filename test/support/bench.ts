/**
 * The real-browser bench: the BUILT renderer (out/renderer) served from a loopback HTTP
 * server, opened in Debian's Chromium through playwright-core, with `window.inbox` bound
 * to a real core in the test process through exactly the path the app uses in main:
 * createInboxDispatcher(core) answering IpcResult, and change events pushed to the page.
 *
 * One Chromium per test file (launchBench in beforeAll), one fresh context per test
 * (bench.open(core)). Page errors, console errors and any request that tries to leave
 * the loopback server are collected in `errors`, so a test can assert none happened.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { InboxCore } from '../../src/main/core';
import { createInboxDispatcher } from '../../src/main/ipc/handlers';
import { IPC_METHODS, type ShellApi } from '../../src/shared/ipc';

const ROOT = resolve(__dirname, '..', '..');
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
export const RESULTS_DIR = join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Starts CHROMIUM with every --disable-features merged into one switch (see the script). */
export const CHROMIUM_LAUNCHER = join(ROOT, 'test', 'support', 'chromium.sh');
/**
 * Chrome's own browser UI that headless Chromium builds for every new window: the omnibox popup,
 * a WebUI page of about 70 modules loaded in a renderer of its own each time a test opens a page.
 * On a 2-core machine it competed with the page under test for the CPU: half the bench's first
 * render (700 ms) was Chrome loading its omnibox. An Electron window has no omnibox, so neither
 * do our pages.
 */
export const CHROME_UI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Merged with Playwright's own list by CHROMIUM_LAUNCHER: Chromium would keep only one of them.
  `--disable-features=${CHROME_UI_FEATURES.join(',')}`,
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Builds `window.inbox` in the page: exactly IPC_METHODS (the core's and the shell's), onChanged and onOpenConversation, the shape the
 * Electron preload exposes. Kept as plain JavaScript text so no test-side transform
 * (helpers like __name) leaks into the page.
 */
const BRIDGE_SCRIPT = `(() => {
  const methods = ${JSON.stringify(IPC_METHODS)};
  const listeners = new Set();
  const bridge = {};
  for (const method of methods) {
    bridge[method] = (...args) => window.__inboxInvoke(method, args);
  }
  bridge.onChanged = (listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  };
  const openListeners = new Set();
  bridge.onOpenConversation = (listener) => {
    openListeners.add(listener);
    return () => { openListeners.delete(listener); };
  };
  Object.defineProperty(window, '__inboxOpen', {
    value: (id) => { for (const listener of [...openListeners]) listener(id); },
  });
  Object.defineProperty(window, '__inboxChanged', {
    value: (event) => {
      for (const listener of [...listeners]) {
        try { listener(event); } catch (err) { setTimeout(() => { throw err; }); }
      }
    },
  });
  Object.defineProperty(window, 'inbox', { value: Object.freeze(bridge), enumerable: true });
})();`;

/** With jsonAnswers: the binding answers with a JSON string, parsed here before the bridge sees it. */
const JSON_ANSWERS_SCRIPT = `(() => {
  const raw = window.__inboxInvoke;
  window.__inboxInvoke = (method, args) => raw(method, args).then((text) => JSON.parse(text));
})();`;

export interface BenchPage {
  page: Page;
  /** Page errors, console errors, internal core errors and blocked remote requests, as they happened. */
  errors: string[];
  /** Saves test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface Bench {
  baseUrl: string;
  browser: Browser;
  /**
   * Opens the app in a fresh browser context, its window.inbox bound to `core`. `onReceive` sees
   * everything main hands the page: each IPC answer and each change event, as sent.
   */
  open(
    core: InboxCore,
    opts?: {
      viewport?: { width: number; height: number };
      colorScheme?: 'light' | 'dark';
      onReceive?: (payload: unknown) => void;
      /** Appended to index.html's URL, e.g. '?virtualize=off' (the benchmarks' unvirtualized baseline). */
      query?: string;
      /** Plain JavaScript run in the page before the app's own scripts (the benchmarks' probes). */
      initScript?: string;
      /**
       * Answers cross as one JSON string, parsed in the page: far cheaper than Playwright's own
       * serializer for big answers (100 search hits), and closer to what Electron's IPC costs.
       * The benchmarks use it; tests keep the default.
       */
      jsonAnswers?: boolean;
      /** The shell's own methods (ShellApi), e.g. a fake openLogsFolder; without it they are unknown requests. */
      shell?: ShellApi;
    },
  ): Promise<BenchPage>;
  close(): Promise<void>;
}

function assertBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The built renderer is missing (${RENDERER_DIR}/index.html). Run \`npx electron-vite build\` (or \`npm run build\`) before the browser tests.`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
}

/** Serves out/renderer on 127.0.0.1 (port chosen by the OS); nothing outside that folder. */
async function serveRenderer(): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = resolve(RENDERER_DIR, '.' + (pathname === '/' ? '/index.html' : pathname));
      if (req.method !== 'GET' || !file.startsWith(RENDERER_DIR + sep)) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

/** Starts the static server and one Chromium, for every test of a file. */
export async function launchBench(): Promise<Bench> {
  assertBuilt();
  const { server, baseUrl } = await serveRenderer();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_LAUNCHER, env: { ...process.env, INBOX_CHROMIUM: CHROMIUM }, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  } catch (err) {
    server.close();
    throw err;
  }
  const pages = new Set<BenchPage>();

  async function open(core: InboxCore, opts: Parameters<Bench['open']>[1] = {}): Promise<BenchPage> {
    const errors: string[] = [];
    const context = await browser.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      colorScheme: opts.colorScheme ?? 'light',
      reducedMotion: 'reduce',
      locale: 'en-US',
    });
    // A missing element fails with Playwright's own message, well inside the test timeout, yet
    // a page on a loaded 2-core machine gets the time it needs.
    context.setDefaultTimeout(15_000);
    // The app must never reach past its own files: anything else is recorded and refused.
    await context.route(
      (url) => url.protocol.startsWith('http') && url.origin !== baseUrl,
      (route) => {
        errors.push(`request to a remote address: ${route.request().url()}`);
        return route.abort('blockedbyclient');
      },
    );
    const dispatch = createInboxDispatcher(core, (err, method) => errors.push(`internal error in ${method}: ${String(err)}`), opts.shell);
    const receive = opts.onReceive ?? (() => {});
    await context.exposeBinding('__inboxInvoke', async (_source, method: unknown, args: unknown) => {
      const answer = await dispatch(method as string, args as unknown[]);
      receive(answer);
      return opts.jsonAnswers ? JSON.stringify(answer) : answer;
    });
    await context.addInitScript({ content: BRIDGE_SCRIPT });
    if (opts.jsonAnswers) await context.addInitScript({ content: JSON_ANSWERS_SCRIPT });
    if (opts.initScript) await context.addInitScript({ content: opts.initScript });

    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
    });
    // Main sends change events after the fact, like webContents.send; so does the bench.
    const unsubscribe = core.onChanged((event) => {
      receive(event);
      if (!page.isClosed()) void page.evaluate((e) => (globalThis as unknown as { __inboxChanged?: (e: unknown) => void }).__inboxChanged?.(e), event).catch(() => {});
    });
    await page.goto(`${baseUrl}/index.html${opts.query ?? ''}`);

    const bp: BenchPage = {
      page,
      errors,
      async screenshot(name) {
        mkdirSync(RESULTS_DIR, { recursive: true });
        const path = join(RESULTS_DIR, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      async close() {
        unsubscribe();
        pages.delete(bp);
        await context.close().catch(() => {});
      },
    };
    pages.add(bp);
    return bp;
  }

  return {
    baseUrl,
    browser,
    open,
    async close() {
      for (const p of [...pages]) await p.close();
      await browser.close().catch(() => {});
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Whether the element has the keyboard focus in its page. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === el.ownerDocument.activeElement);
}

/** One-off convenience: a bench with a single page; close() ends both. */
export async function openBench({ core }: { core: InboxCore }): Promise<BenchPage> {
  const bench = await launchBench();
  const page = await bench.open(core);
  return { ...page, close: () => bench.close() };
}
