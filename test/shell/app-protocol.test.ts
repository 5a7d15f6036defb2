/**
 * The renderer on app://inbox/ (src/main/app-protocol.ts): the built page and its assets are
 * served with the Content-Security-Policy header; nothing outside the renderer folder, and no
 * other host, is reachable however the URL is spelled. Run against a real folder on disk.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/electron-stub')).inertElectron());

import { APP_SCHEME_PRIVILEGES, createRendererHandler, RENDERER_URL, rendererFileFor } from '../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/window';
import { cleanupAfterEach } from '../support/cleanups';

const ROOT = resolve(__dirname, '..', '..');
const cleanup = cleanupAfterEach();

/** A renderer folder with a page and a script, and a private file beside the folder. */
function rendererFolder() {
  const parent = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  cleanup(() => rmSync(parent, { recursive: true, force: true }));
  const dir = join(parent, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Inbox</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("inbox")');
  writeFileSync(join(parent, 'inbox.sqlite'), 'every private message');
  return { dir, serve: createRendererHandler(dir) };
}

const get = (url: string, method = 'GET') => new Request(url, { method });

describe('the app:// scheme', () => {
  it('is registered as a standard secure origin, without bypassing the CSP', () => {
    // codeCache: V8 keeps the compiled app chunk between launches, as Chromium does for https
    // (off by default for custom schemes); the window's first row waits on that compile otherwise.
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, codeCache: true });
    expect(RENDERER_URL).toBe('app://inbox/index.html');
  });

  it('serves the page and its script with their types and the Content-Security-Policy header', async () => {
    const { serve } = rendererFolder();
    const page = await serve(get(RENDERER_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Inbox</title>');

    const script = await serve(get('app://inbox/assets/app.js?v=1#x'));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await script.text()).toBe('console.log("inbox")');
  });

  it.each([
    ['a dot-dot path', 'app://inbox/../inbox.sqlite'],
    ['an encoded dot-dot path', 'app://inbox/%2e%2e/inbox.sqlite'],
    ['an encoded slash', 'app://inbox/..%2Finbox.sqlite'],
    ['an encoded backslash', 'app://inbox/..%5Cinbox.sqlite'],
    ['a NUL byte', 'app://inbox/index.html%00.png'],
    ['another host', 'app://evil/index.html'],
    ['a host that only starts like ours', 'app://inbox.evil/index.html'],
    ['a file that does not exist', 'app://inbox/missing.js'],
  ])('answers 404 for %s, and never with a file outside the renderer', async (_what, url) => {
    const { serve } = rendererFolder();
    const answer = await serve(get(url));
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('private');
  });

  it('maps only URLs of its own scheme and host to files inside the folder', () => {
    const dir = '/opt/inbox/out/renderer';
    expect(rendererFileFor('app://inbox/', dir)).toBe(join(dir, 'index.html'));
    expect(rendererFileFor('app://inbox/assets/a.css', dir)).toBe(join(dir, 'assets', 'a.css'));
    expect(rendererFileFor('file:///opt/inbox/out/renderer/index.html', dir)).toBeNull();
    expect(rendererFileFor('https://inbox/index.html', dir)).toBeNull();
    expect(rendererFileFor('app://inbox/%E0%A4%A', dir)).toBeNull(); // malformed escape
    expect(rendererFileFor('not a url', dir)).toBeNull();
  });

  it('refuses to change anything: only GET and HEAD', async () => {
    const { serve } = rendererFolder();
    expect((await serve(get(RENDERER_URL, 'POST'))).status).toBe(405);
    expect((await serve(get(RENDERER_URL, 'HEAD'))).status).toBe(200);
  });

  it('serves every script and stylesheet the built page names (build first; npm test does)', async () => {
    const dir = join(ROOT, 'out', 'renderer');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(1);
    const serve = createRendererHandler(dir);
    for (const asset of assets) {
      const answer = await serve(get(new URL(`./${asset}`, RENDERER_URL).href));
      expect(answer.status, asset).toBe(200);
      expect(answer.headers.get('content-type'), asset).toMatch(/^text\/(javascript|css)/);
    }
  });
});
