/**
 * The shape of a JSON value, and nothing of its content: field names and types, arrays by the
 * shapes of their first items, strings only by a length bucket and a character class. This is
 * what the connection doctor keeps of every answer, so a report can be sent to us without a
 * message text, a name or a key in it. Hand-written: no library summarises JSON this way.
 */

/** How long a string is, in broad steps (never its exact length). */
export type LengthBucket = '0' | '1-16' | '17-64' | '65-256' | '>256';

/** What a string looks like, never what it says. */
export type CharClass = 'empty' | 'iso-date' | 'url' | 'urn' | 'digits' | 'hex' | 'base64url' | 'base64' | 'text';

export type Shape =
  | { type: 'null' }
  | { type: 'boolean' }
  | { type: 'number'; integer: boolean }
  | { type: 'string'; length: LengthBucket; chars: CharClass }
  /** A string holding JSON (an MCP tool result's text block): the shape of that JSON. */
  | { type: 'json-text'; inner: Shape }
  | { type: 'array'; count: number; items: Shape[] }
  | { type: 'object'; fields: Record<string, Shape> }
  /** An object keyed by data (ids, names) rather than field names: only how many and the values' shapes. */
  | { type: 'map'; count: number; values: Shape[] };

const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$.-]{0,63}$/;
/** Arrays are summarised by this many of their first items. */
const SAMPLE_ITEMS = 3;
const MAX_DEPTH = 12;

/** The shape of a parsed JSON value. */
export function shapeOf(value: unknown, depth = 0): Shape {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: 'number', integer: Number.isInteger(value) };
  if (typeof value === 'string') return stringShape(value, depth);
  if (depth >= MAX_DEPTH) return { type: 'map', count: 0, values: [] };
  if (Array.isArray(value)) return { type: 'array', count: value.length, items: distinct(value.slice(0, SAMPLE_ITEMS).map((v) => shapeOf(v, depth + 1))) };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    // Keys that are not field names (spaces, a person's name, a URL) are data: never written out.
    if (entries.length > 64 || entries.some(([k]) => !FIELD_NAME.test(k))) {
      return { type: 'map', count: entries.length, values: distinct(entries.slice(0, SAMPLE_ITEMS).map(([, v]) => shapeOf(v, depth + 1))) };
    }
    const fields: Record<string, Shape> = {};
    for (const [k, v] of entries) fields[k] = shapeOf(v, depth + 1);
    return { type: 'object', fields };
  }
  return { type: 'null' };
}

function stringShape(value: string, depth: number): Shape {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && depth < MAX_DEPTH) {
    try {
      return { type: 'json-text', inner: shapeOf(JSON.parse(trimmed), depth + 1) };
    } catch {
      // Not JSON: an ordinary string.
    }
  }
  return { type: 'string', length: lengthBucket(value.length), chars: charClass(value) };
}

/** The length bucket of a string of `n` characters. */
export function lengthBucket(n: number): LengthBucket {
  if (n === 0) return '0';
  if (n <= 16) return '1-16';
  if (n <= 64) return '17-64';
  if (n <= 256) return '65-256';
  return '>256';
}

/** The character class of a string: what kind of token it is, never its content. */
export function charClass(s: string): CharClass {
  if (s.length === 0) return 'empty';
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return 'iso-date';
  if (/^https?:\/\/\S+$/.test(s)) return 'url';
  if (/^urn:[a-z0-9_]+:\S+$/i.test(s)) return 'urn';
  if (/^\d+$/.test(s)) return 'digits';
  if (/^[0-9a-f]+$/i.test(s)) return 'hex';
  if (/^[A-Za-z0-9_-]+$/.test(s)) return 'base64url';
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return 'base64';
  return 'text';
}

function distinct(shapes: Shape[]): Shape[] {
  const seen = new Set<string>();
  return shapes.filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A one-line rendering of a shape, e.g. `{ items: array(12) of { id: string(1-16, base64url) }, nextCursor: null }`. */
export function describeShape(shape: Shape): string {
  switch (shape.type) {
    case 'null':
    case 'boolean':
      return shape.type;
    case 'number':
      return shape.integer ? 'integer' : 'number';
    case 'string':
      return `string(${shape.length}, ${shape.chars})`;
    case 'json-text':
      return `json-text ${describeShape(shape.inner)}`;
    case 'array':
      return shape.items.length === 0 ? `array(${shape.count})` : `array(${shape.count}) of ${shape.items.map(describeShape).join(' | ')}`;
    case 'map':
      return `map(${shape.count}) of ${shape.values.map(describeShape).join(' | ') || 'nothing'}`;
    case 'object': {
      const parts = Object.entries(shape.fields).map(([k, v]) => `${k}: ${describeShape(v)}`);
      return `{ ${parts.join(', ')} }`;
    }
  }
}
