/**
 * Pieces every provider simulator shares: a seeded PRNG for repeatable data, request-body
 * reading, path decoding, and opaque cursors that break a client which does not URL-encode them.
 */
import type { IncomingMessage } from 'node:http';

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
