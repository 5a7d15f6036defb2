/**
 * The Electron security checklist, in one place. Each `describe` is one item; a reader who
 * wants to know whether the app is hardened reads this file top to bottom.
 *
 *  1. Every renderer is isolated and sandboxed, with no Node and full web security.
 *  2. The built renderer page carries a Content-Security-Policy: scripts only from the app,
 *     no remote images or connections (the same policy main also sends as a header).
 *  3. No web contents navigates away (will-navigate and its relatives are prevented).
 *  4. window.open is denied.
 *  5. Every permission request and check is refused.
 *  6. shell.openExternal only ever sees an allowlisted https link.
 *  7. Every IPC channel refuses a sender frame that is not the top frame of our own page.
 *  8. The renderer is served on app://inbox/ through protocol.handle, never from file://; a
 *     packaged app has no DevTools and no menu item to reload the page or open them.
 *
 * Proven elsewhere, and relied on here: test/shell/app.test.ts (startApp hardens every web
 * contents the app creates, through deps.hardenWebContents), test/shell/register.test.ts (the
 * trusted-sender check's edge cases: URL forms, dev server origins, file:// copies of the page, a frame that
 * throws), test/core/links.test.ts (the allowlist verdicts, lookalike hosts), and
 * test/shell/preload.test.ts (the preload exposes exactly the contract, never ipcRenderer),
 * test/shell/app-protocol.test.ts (what app:// serves, and every path it refuses), test/shell/app-menu.test.ts
 * (the menus) and test/shell/fuses.test.ts (the packaged executable's Electron fuses).
 *
 * Item 2 reads out/renderer/index.html: build first (`npx electron-vite build`; `npm test` does).
 */
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const BUILT_PAGE = join(ROOT, 'out', 'renderer', 'index.html');
const SOURCE_PAGE = join(ROOT, 'src', 'renderer', 'index.html');

const electron = vi.hoisted(() => ({
  windows: [] as { options: any }[],
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  openExternal: vi.fn(async (_url: string) => {}),
  writeText: vi.fn((_text: string) => {}),
  app: {
    isPackaged: false,
    getPath: (name: string) => `/fake/${name}`,
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
  },
  /** Data directory for the real core behind the openLink channel. */
  dataDir: '',
  registerSchemesAsPrivileged: vi.fn(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  setApplicationMenu: vi.fn(),
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    options: any;
    webContents = { session: { webRequest: { onHeadersReceived: vi.fn() } } };
    constructor(options: any) {
      super();
      this.options = options;
      electron.windows.push(this);
    }
    loadedUrl = '';
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    loadFile(file: string) {
      this.loadedUrl = `loadFile ${file}`;
      return Promise.resolve();
    }
  }
  return (await import('../support/electron-stub')).inertElectron({
    app: electron.app,
    shell: { openExternal: electron.openExternal },
    clipboard: { writeText: electron.writeText },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => electron.handlers.set(channel, listener),
      removeHandler: (channel: string) => electron.handlers.delete(channel),
    },
    BrowserWindow,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    protocol: {
      registerSchemesAsPrivileged: electron.registerSchemesAsPrivileged,
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => electron.protocolHandlers.set(scheme, handler),
    },
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: electron.setApplicationMenu },
  });
});
// Preferences the window reads its bounds from: none saved.
vi.mock('electron-store', () => ({
  default: class {
    get() {
      return undefined;
    }
    set() {}
  },
}));
// The shell's own createCore call, with its ports, on a temporary data directory and in-memory secrets.
vi.mock('../../src/main/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/main/core')>();
  return {
    ...actual,
    createCore: vi.fn((opts: Parameters<typeof actual.createCore>[0]) =>
      actual.createCore({ ...opts, dataDir: electron.dataDir, secrets: new actual.MemorySecretStore(), settings: undefined, seedDemo: false }),
    ),
  };
});

import type { Agent } from 'undici';
import { createCore, type InboxCore } from '../../src/main/core';
import { electronShell } from '../../src/main/index';
import { CONTENT_SECURITY_POLICY, createMainWindow, installContentSecurityPolicy, mainWindowOptions } from '../../src/main/window';
import { APP_SCHEME_PRIVILEGES, RENDERER_URL } from '../../src/main/app-protocol';
import type { PreferenceStore, Preferences } from '../../src/main/preferences';
import { INBOX_METHODS, IPC_METHODS, SHELL_METHODS, invokeChannel, type InboxApi } from '../../src/shared/ipc';
import { validArgs } from '../support/ipc-samples';
import { tempDataDir } from '../support/core';

beforeEach(() => {
  electron.windows.length = 0;
  electron.handlers.clear();
  electron.openExternal.mockClear();
  electron.app.enableSandbox.mockClear();
  electron.app.isPackaged = false;
  electron.registerSchemesAsPrivileged.mockClear();
  electron.protocolHandlers.clear();
  electron.setApplicationMenu.mockClear();
  delete process.env.ELECTRON_RENDERER_URL;
});

// ---- 1 ------------------------------------------------------------------------------

/** What every renderer's webPreferences must say. */
const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
} as const;

function memoryPreferences(initial: Partial<Preferences> = {}): PreferenceStore {
  const data: Preferences = { windowBounds: null, settings: {}, ...initial };
  return { get: (key) => data[key], set: (key, value) => void (data[key] = value) };
}

/** Every .ts/.tsx file under src, with its path relative to the repository. */
function sourceFiles(dir = join(ROOT, 'src')): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [{ path: relative(ROOT, full), text: readFileSync(full, 'utf8') }] : [];
  });
}

describe('1. every renderer is isolated and sandboxed, with no Node and full web security', () => {
  it('the main window options say so', () => {
    expect(mainWindowOptions('/app/out/preload/index.cjs').webPreferences).toMatchObject({ ...HARDENED_WEB_PREFERENCES, preload: '/app/out/preload/index.cjs' });
  });

  it('the window the app really creates gets those options, wherever it opens and whatever it loads', () => {
    const source = { preloadPath: '/app/out/preload/index.cjs', rendererUrl: RENDERER_URL, devTools: true };
    createMainWindow({ ...source, preferences: memoryPreferences() });
    createMainWindow({ ...source, preferences: memoryPreferences({ windowBounds: { x: 10, y: 10, width: 900, height: 700, maximized: true } }) });
    createMainWindow({ ...source, devServerUrl: 'http://localhost:5173', preferences: memoryPreferences() });
    expect(electron.windows).toHaveLength(3);
    for (const win of electron.windows) expect(win.options.webPreferences).toMatchObject(HARDENED_WEB_PREFERENCES);
  });

  it('the shell switches the sandbox on for every renderer, before the app is ready', () => {
    electronShell();
    expect(electron.app.enableSandbox).toHaveBeenCalledTimes(1);
  });

  it('no source file weakens a renderer, and only window.ts creates a window', () => {
    const weakening = [
      /contextIsolation:\s*false/,
      /sandbox:\s*false/,
      /nodeIntegration(InWorker|InSubFrames)?:\s*true/,
      /webSecurity:\s*false/,
      /allowRunningInsecureContent:\s*true/,
      /webviewTag:\s*true/,
      /experimentalFeatures:\s*true/,
      /no-sandbox|disable-web-security/,
    ];
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(50);
    const offending = files.flatMap((f) => weakening.filter((re) => re.test(f.text)).map((re) => `${f.path}: ${re}`));
    expect(offending).toEqual([]);
    expect(files.filter((f) => /new BrowserWindow\(/.test(f.text)).map((f) => f.path)).toEqual([join('src', 'main', 'window.ts')]);
  });
});

// ---- 2 ------------------------------------------------------------------------------

/** The attributes of every tag named `tag` in an HTML text (comments removed first). */
function tagsOf(html: string, tag: string): Record<string, string>[] {
  const text = html.replace(/<!--[\s\S]*?-->/g, '');
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...text.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((m) => {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attrs[a[1]!.toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    }
    return attrs;
  });
}

/** A policy as directive → sources. */
function parsePolicy(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}

function metaPolicyOf(file: string): { policies: string[]; html: string } {
  const html = readFileSync(file, 'utf8');
  const policies = tagsOf(html, 'meta')
    .filter((m) => m['http-equiv']?.toLowerCase() === 'content-security-policy')
    .map((m) => m.content ?? '');
  return { policies, html };
}

describe('2. the built renderer page carries a strict Content-Security-Policy', () => {
  it('has exactly one policy, ahead of every script and stylesheet, and the same as the source page', () => {
    if (!existsSync(BUILT_PAGE)) throw new Error(`${BUILT_PAGE} is missing: run \`npx electron-vite build\` first (npm test does).`);
    const built = metaPolicyOf(BUILT_PAGE);
    expect(built.policies).toHaveLength(1);
    const at = built.html.search(/<meta[^>]*http-equiv="Content-Security-Policy"/i);
    expect(at).toBeGreaterThan(0);
    for (const later of [/<script\b/i, /<link\b[^>]*rel="stylesheet"/i]) expect(built.html.search(later)).toBeGreaterThan(at);
    expect(metaPolicyOf(SOURCE_PAGE).policies).toEqual(built.policies);
  });

  it('allows scripts only from the app itself, and no remote image, connection, plugin or base', () => {
    const policy = parsePolicy(metaPolicyOf(BUILT_PAGE).policies[0]!);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]); // no 'unsafe-inline', no 'unsafe-eval', no host
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['img-src']).toEqual(["'self'", 'data:']);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    // Nothing anywhere names a remote place: no wildcard, scheme-wide source or host.
    const remote = Object.entries(policy).flatMap(([d, sources]) => sources.filter((s) => /^(\*|https?:|wss?:|ftp:|blob:|filesystem:|[^']*\.[a-z]{2,})/i.test(s)).map((s) => `${d} ${s}`));
    expect(remote).toEqual([]);
  });

  it('loads only its own files: module scripts and stylesheets next to it, no inline script', () => {
    const html = readFileSync(BUILT_PAGE, 'utf8');
    const scripts = tagsOf(html, 'script');
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s.src).toMatch(/^\.\/assets\/[\w.-]+\.js$/);
    expect(html.replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/<script\b[^>]*>[^<\s]/i);
    // Stylesheets, and the app chunk the entry imports (modulepreload: fetched from the start).
    for (const l of tagsOf(html, 'link')) expect(l.href).toMatch(/^(\.\/assets\/[\w.-]+\.(css|js)|data:,?)$/);
  });

  it('main sends the same policy as a header, plus frame-ancestors, and replaces any a response carried', () => {
    const meta = parsePolicy(metaPolicyOf(BUILT_PAGE).policies[0]!);
    expect(parsePolicy(CONTENT_SECURITY_POLICY)).toEqual({ ...meta, 'frame-ancestors': ["'none'"] });

    let listener: any;
    installContentSecurityPolicy({ webRequest: { onHeadersReceived: (l: unknown) => (listener = l) } } as any);
    const done = vi.fn();
    listener({ responseHeaders: { 'content-security-policy': ['default-src *'], 'CONTENT-SECURITY-POLICY': ["script-src 'unsafe-eval'"], 'Content-Type': ['text/html'] } }, done);
    expect(done).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('is installed on the main window’s session', () => {
    createMainWindow({ preloadPath: '/p.cjs', rendererUrl: RENDERER_URL, devTools: false, preferences: memoryPreferences() });
    expect((electron.windows[0] as any).webContents.session.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
  });
});

// ---- 3, 4, 5 -------------------------------------------------------------------------

/** A web contents whose session records the handlers installed on it. */
function fakeContents() {
  const session = {
    requestHandler: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    checkHandler: null as null | ((...a: unknown[]) => boolean),
    deviceHandler: null as null | ((...a: unknown[]) => boolean),
    setPermissionRequestHandler(h: any) {
      this.requestHandler = h;
    },
    setPermissionCheckHandler(h: any) {
      this.checkHandler = h;
    },
    setDevicePermissionHandler(h: any) {
      this.deviceHandler = h;
    },
  };
  return Object.assign(new EventEmitter(), {
    session,
    openHandler: null as null | ((d: { url: string }) => { action: string }),
    setWindowOpenHandler(h: any) {
      this.openHandler = h;
    },
  });
}

/** A web contents hardened by the function the real shell hands to startApp. */
function hardenedContents() {
  const contents = fakeContents();
  electronShell().hardenWebContents(contents as any);
  return contents;
}

function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

describe('3. no web contents navigates away', () => {
  it('prevents every navigation, frame navigation, redirect and webview', () => {
    const contents = hardenedContents();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'https://www.linkedin.com/in/x']) {
        const event = preventable();
        contents.emit(name, event, url);
        expect(event.defaultPrevented, `${name} ${url}`).toBe(true);
      }
    }
  });
});

describe('4. window.open is denied', () => {
  it('whatever the URL, including allowlisted ones (links go through openLink instead)', () => {
    const contents = hardenedContents();
    for (const url of ['https://www.linkedin.com/in/someone', 'https://evil.example/', 'file:///etc/passwd', 'about:blank', 'javascript:alert(1)']) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
  });
});

describe('5. every permission is refused', () => {
  it('requests, checks and devices', () => {
    const contents = hardenedContents();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      const answer = vi.fn();
      contents.session.requestHandler!(contents, permission, answer);
      expect(answer, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(contents.session.checkHandler!(contents, permission, 'file://', {}), permission).toBe(false);
    }
    for (const deviceType of ['usb', 'hid', 'serial']) expect(contents.session.deviceHandler!({ deviceType })).toBe(false);
  });
});

// ---- 6, 7: through the handlers the real shell registers on ipcMain -----------------------

/** The frame of our own page, as Electron describes the main window's top frame. */
const OUR_PAGE = RENDERER_URL;
const topFrame = (url: string) => ({ url, parent: null });

function invoke(method: string, frame: unknown, ...args: unknown[]) {
  const handler = electron.handlers.get(invokeChannel(method as never));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler({ senderFrame: frame }, ...args);
}

describe('6. shell.openExternal only sees allowlisted https links', () => {
  let core: InboxCore | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await core?.close();
    // Once: a stale clean-up would run again after the next test, whatever the order.
    const done = cleanup;
    cleanup = () => {};
    done();
    core = undefined;
  });

  it('is called in one place in the source, behind the allowlist', () => {
    const calls = sourceFiles().flatMap((f) => f.text.split('\n').filter((l) => /\bopenExternal\(/.test(l) && /shell\./.test(l)).map((l) => `${f.path}: ${l.trim()}`));
    expect(calls).toEqual([`${join('src', 'main', 'index.ts')}: openExternal: (url) => openAllowedLink((checked) => shell.openExternal(checked), url),`]);
  });

  it('from the renderer’s openLink to the browser: only allowed links, normalised, each refusal a sentence', async () => {
    const tmp = tempDataDir('inbox-checklist-');
    electron.dataDir = tmp.dir;
    const shell = electronShell();
    core = (await shell.openCore({ notify: vi.fn() } as any)) as unknown as InboxCore;
    cleanup = () => {
      void (vi.mocked(createCore).mock.calls.at(-1)![0].dispatcher as Agent).close();
      tmp.cleanup();
    };
    shell.registerIpc(core);

    const allowed = ['https://www.linkedin.com/in/jane', 'https://LNKD.IN/abc', 'https://us02web.zoom.us/j/1?pwd=x', 'https://calendly.com/jane/30min'];
    const refused = [
      'http://www.linkedin.com/in/jane',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'https://evil.example/?linkedin.com',
      'https://linkedin.com.evil.example/',
      'https://l\u0456nkedin.com/in/x',
      'https://user:pw@linkedin.com/',
      'https://www.linkedin.com:8443/in/x',
      'smb://server/share',
    ];
    for (const url of allowed) expect(await invoke('openLink', topFrame(OUR_PAGE), url)).toEqual({ ok: true, value: { opened: true } });
    // Refused web addresses go on the clipboard (by main, normalised); other schemes never do.
    const copied = new Set(['http://www.linkedin.com/in/jane', 'https://evil.example/?linkedin.com', 'https://linkedin.com.evil.example/', 'https://l\u0456nkedin.com/in/x', 'https://www.linkedin.com:8443/in/x']);
    for (const url of refused) {
      expect(await invoke('openLink', topFrame(OUR_PAGE), url)).toEqual({ ok: true, value: { opened: false, reason: expect.stringMatching(/opened from this app[;,.]/), copied: copied.has(url) } });
    }
    expect(electron.writeText.mock.calls).toEqual([
      ['http://www.linkedin.com/in/jane'],
      ['https://evil.example/?linkedin.com'],
      ['https://linkedin.com.evil.example/'],
      ['https://xn--lnkedin-rog.com/in/x'],
      ['https://www.linkedin.com:8443/in/x'],
    ]);
    expect(electron.openExternal.mock.calls).toEqual([
      ['https://www.linkedin.com/in/jane'],
      ['https://lnkd.in/abc'],
      ['https://us02web.zoom.us/j/1?pwd=x'],
      ['https://calendly.com/jane/30min'],
    ]);
  });
});

describe('7. every IPC channel refuses a frame that is not the top frame of our page', () => {
  /** An InboxApi whose every method records its call. */
  function recordingApi() {
    const calls: [string, unknown[]][] = [];
    const api = Object.fromEntries(INBOX_METHODS.map((m) => [m, async (...args: unknown[]) => void calls.push([m, args])])) as unknown as InboxApi;
    return { api, calls };
  }

  const foreign: [string, unknown][] = [
    ['no frame (navigated away or closed)', null],
    ['an iframe inside our own page', { url: OUR_PAGE, parent: topFrame(OUR_PAGE) }],
    ['a remote page', topFrame('https://evil.example/index.html')],
    ['another local file', topFrame(pathToFileURL('/tmp/evil/index.html').href)],
    ['our built page opened from file://', topFrame(pathToFileURL(BUILT_PAGE).href)],
    ['another page of our scheme', topFrame('app://inbox/other.html')],
    ['another host of our scheme', topFrame('app://evil/index.html')],
    ['about:blank', topFrame('about:blank')],
    ['a data: page', topFrame('data:text/html,<script>1</script>')],
    ['a dev server, when none is in use', topFrame('http://localhost:5173/')],
  ];

  it(`registers all ${IPC_METHODS.length} channels (the core's and the shell's), and our page reaches each core method`, async () => {
    const { api, calls } = recordingApi();
    electronShell().registerIpc(api);
    expect([...electron.handlers.keys()].sort()).toEqual(IPC_METHODS.map((m) => invokeChannel(m)).sort());
    const samples = validArgs();
    for (const m of INBOX_METHODS) expect(await invoke(m, topFrame(OUR_PAGE), ...samples[m]), m).toEqual({ ok: true, value: null });
    expect(calls).toEqual(INBOX_METHODS.map((m) => [m, samples[m]]));
  });

  it.each(foreign)('refuses %s on every channel, before validation or the core', async (_what, frame) => {
    const { api, calls } = recordingApi();
    electronShell().registerIpc(api);
    const samples = validArgs();
    for (const m of INBOX_METHODS) {
      expect(await invoke(m, frame, ...samples[m]), m).toEqual({
        ok: false,
        error: { code: 'invalid-input', message: 'This request did not come from the app window, so it was refused.' },
      });
    }
    for (const m of SHELL_METHODS) expect(await invoke(m, frame), m).toMatchObject({ ok: false, error: { message: 'This request did not come from the app window, so it was refused.' } });
    expect(calls).toEqual([]);
  });

  it('a packaged app never trusts a dev server named in the environment', async () => {
    electron.app.isPackaged = true;
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const { api, calls } = recordingApi();
    electronShell().registerIpc(api);
    for (const m of INBOX_METHODS) expect(await invoke(m, topFrame('http://localhost:5173/'), ...validArgs()[m])).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });
});

// ---- 8 ------------------------------------------------------------------------------

describe('8. the renderer is served on app://inbox/, and a packaged app has no DevTools', () => {
  it('the scheme is registered before ready, as a secure standard origin that does not bypass the CSP', () => {
    electronShell();
    expect(electron.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });

  it('the window the shell opens loads app://inbox/index.html, which serves the built page with the CSP header', async () => {
    electronShell().createWindow();
    expect((electron.windows[0] as any).loadedUrl).toBe(RENDERER_URL);
    const serve = electron.protocolHandlers.get('app');
    expect(serve).toBeDefined();
    const page = await serve!(new Request(RENDERER_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe(readFileSync(join(ROOT, 'src', 'renderer', 'index.html'), 'utf8')); // index.ts serves ../renderer from its own folder
    expect((await serve!(new Request('app://inbox/../main/index.ts'))).status).toBe(404);
  });

  it('no source file loads a page from file://', () => {
    const offending = sourceFiles().filter((f) => /\bloadFile\(|loadURL\(\s*['"`]file:/.test(f.text)).map((f) => f.path);
    expect(offending).toEqual([]);
  });

  it('a packaged app’s window has DevTools off, and its menu has no reload or DevTools item', () => {
    electron.app.isPackaged = true;
    electronShell().createWindow();
    expect((electron.windows[0] as any).options.webPreferences.devTools).toBe(false);
    expect(electron.setApplicationMenu).toHaveBeenCalledTimes(1);
    const menu = JSON.stringify(electron.setApplicationMenu.mock.calls[0]![0]);
    for (const role of ['reload', 'forceReload', 'toggleDevTools', 'viewMenu']) expect(menu).not.toContain(`"${role}"`);
    expect(menu).toContain('"editMenu"');
  });

  it('a development build keeps DevTools', () => {
    electronShell().createWindow();
    expect((electron.windows[0] as any).options.webPreferences.devTools).toBe(true);
  });
});
