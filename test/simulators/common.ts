/**
 * Pieces every provider simulator shares: a seeded PRNG for repeatable data, request-body
 * reading, path decoding, and opaque cursors that break a client which does not URL-encode them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export { prng } from '../../src/main/core/demo/generator';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** decodeURIComponent that never throws: a malformed segment matches nothing. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '\u0000invalid';
  }
}

// Cursor: standard base64 of a marker plus JSON. The marker bytes encode to "++++////" and the
// JSON is padded so the text ends in "=" or "==": a client that does not URL-encode breaks.
const CURSOR_MARKER = Buffer.from([0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff]);

/** An opaque cursor carrying `value`; `padding` chooses whether it ends in "==" (1) or "=" (2). */
export function encodeOpaqueCursor(value: Record<string, unknown>, padding: 1 | 2 = 1): string {
  let json = JSON.stringify(value);
  while ((CURSOR_MARKER.length + json.length) % 3 !== padding) json += ' ';
  return Buffer.concat([CURSOR_MARKER, Buffer.from(json)]).toString('base64');
}

/** The value inside a cursor from encodeOpaqueCursor, or null when it is not one. */
export function decodeOpaqueCursor(cursor: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cursor) || cursor.length % 4 !== 0) return null;
  const bytes = Buffer.from(cursor, 'base64');
  if (!bytes.subarray(0, CURSOR_MARKER.length).equals(CURSOR_MARKER)) return null;
  try {
    const v: unknown = JSON.parse(bytes.subarray(CURSOR_MARKER.length).toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const isOffset = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * Whether an id a client sent names a stored one, as a server whose storage is UTF-8 (any
 * database) sees it: an id holding a lone surrogate, which it once sent out as "\udc00" in JSON,
 * can only come back (in a URL or a body) as U+FFFD.
 */
export function sameId(stored: string, asked: string): boolean {
  return stored === asked || stored.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') === asked;
}

export interface Loopback {
  port: number;
  /** Cuts open connections and stops listening. */
  close(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1 at a free port. A handler that throws answers 500 with
 * `errorBody(message)` (each provider's own error shape), so a simulator bug shows in the test.
 */
export async function serveOnLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  errorBody: (message: string) => unknown,
): Promise<Loopback> {
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody(`simulator error: ${String(err)}`)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
