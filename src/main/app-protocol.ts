/**
 * The renderer is served on app://inbox/ through `protocol.handle`, not from file://. A page on
 * file:// can read other local files (Electron grants it extra privileges, which the packaged
 * app switches off with its GrantFileProtocolExtraPrivileges fuse), and every file URL is
 * "our origin"; on app://inbox/ the page has one origin of its own, only the built renderer
 * folder is reachable, and every response carries the Content-Security-Policy header.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './window';

export const APP_SCHEME = 'app';
export const APP_HOST = 'inbox';
/** The page the main window loads in a built or packaged app. */
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * How the scheme is registered (before 'ready'): standard (an origin, relative URLs) and secure
 * (a secure context, like https), with V8's code cache (Chromium keeps it for https only unless a
 * scheme asks): from the second launch on, the window runs its scripts without parsing and
 * compiling them again. Deliberately not bypassCSP, not corsEnabled, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

// The few types the built renderer contains (Vite's output: html, js, css, fonts, images).
// A table this small is clearer than a MIME library; anything else is served as bytes.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * The file under `rendererDir` that an app:// URL names, or null when the URL is for another
 * host or would leave the folder (`..`, encoded slashes, NUL).
 */
export function rendererFileFor(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  return file.startsWith(root + sep) ? file : null;
}

/** The `protocol.handle` handler: the renderer's files, each with the CSP header; 404 for anything else. */
export function createRendererHandler(
  rendererDir: string,
  read: (file: string) => Promise<Uint8Array> = readFile,
): (request: Request) => Promise<Response> {
  const headers = (type: string) => ({
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  });
  const notFound = () => new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: headers('text/plain; charset=utf-8') });
    const file = rendererFileFor(request.url, rendererDir);
    if (!file) return notFound();
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : Buffer.from(body), {
      status: 200,
      headers: headers(CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'),
    });
  };
}
