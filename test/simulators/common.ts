/**
 * Pieces every provider simulator shares: a seeded PRNG for repeatable data, request-body
 * reading, path decoding, opaque cursors that break a client which does not URL-encode them,
 * and the connection-level faults (hangs, resets, answers lost or cut after the work was done).
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
  // Idle connections stay open a minute, as the providers' front ends keep them (nginx 75 s, load
  // balancers 60 s). Node's default of 5 s raced the client's own 4 s on a loaded machine: the
  // client reused a connection the server was closing, and a sync failed with ECONNRESET.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Faults of the connection, the same at every provider (each simulator adds its own error bodies). */
export interface TransportFault {
  /** Real milliseconds to wait before answering (then answer as the rest of the fault says). */
  hangMs?: number;
  /** Cut the connection without answering (nothing was done). */
  reset?: boolean;
  /** Carry the request out, then cut the connection instead of answering: the client cannot tell whether it happened. */
  resetAfterWrite?: boolean;
  /** Carry the request out, then send only the first half of the answer's body (no longer JSON). */
  truncate?: boolean;
}

/** The faults ReactIn, Linkup and ConnectSafely simulators offer, each answered in its provider's words. */
export interface SimulatorFault extends TransportFault {
  /** 429 answers with the provider's rate-limit body and Retry-After: 1 (a storm: inject it many times). */
  status?: 500 | 502 | 429;
  /** 200 with a body that is not JSON. */
  malformed?: boolean;
  /** 200 with exactly this JSON body. */
  body?: unknown;
}

/** Faults injected into a simulator: each applies to the next `times` requests, in order. */
export class FaultInjector<F extends TransportFault> {
  private readonly queue: { fault: F; left: number }[] = [];
  private readonly hangs = new Set<NodeJS.Timeout>();

  inject(fault: F, times = 1): void {
    if (times > 0) this.queue.push({ fault, left: times });
  }

  /** The fault for the request arriving now, or null. */
  next(): F | null {
    const head = this.queue[0];
    if (!head) return null;
    if (--head.left <= 0) this.queue.shift();
    return head.fault;
  }

  /** Carries out a fault's hang or reset. False when no answer is to be written: cut, or the client left while it hung. */
  async hold(fault: F | null, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (fault?.hangMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (this.hangs.delete(t), resolve()), fault.hangMs);
        this.hangs.add(t);
      });
      if (res.destroyed) return false;
    }
    if (fault?.reset) {
      req.socket.destroy();
      return false;
    }
    return true;
  }

  /** Writes an answer, unless the fault spoils it (cut after the work, or half a body). False when no answer reached the client. */
  write(fault: F | null, req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, text: string): boolean {
    if (fault?.resetAfterWrite) {
      req.socket.destroy();
      return false;
    }
    if (res.destroyed) return false;
    res.writeHead(status, headers);
    res.end(fault?.truncate ? text.slice(0, text.length >> 1) : text);
    return true;
  }

  /** Ends every pending hang (the simulator is closing). */
  close(): void {
    for (const t of this.hangs) clearTimeout(t);
    this.hangs.clear();
  }
}
