/**
 * A dispatcher that lets every request of an adapter through unchanged and keeps, of each
 * answer, only what the doctor's report may hold: the status, the headers that matter (rate
 * limits, Retry-After, content type; an MCP session id only as "present"), the path with its
 * ids replaced, and the JSON shapes of the request and the answer (./shape.ts). Nothing else of
 * a body is kept, so no key, message text or name can reach the report from here.
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { shapeOf, type Shape } from './shape';

/** One exchange as the report shows it. */
export interface TraceEntry {
  /** Which probe made the request ("list conversations", "list messages"…). */
  probe: string;
  method: string;
  /** The path with ids and account values replaced (`/:org/conversations/:conversation/messages`). */
  path: string;
  /** Query parameter names only. */
  query: string[];
  requestBody: Shape | null;
  /** The operation a JSON body names (JSON-RPC method and tool, Linkup's action), when it is a plain word. */
  operation?: string;
  /** For an MCP tools/list answer: each tool's name and argument names. */
  tools?: { name: string; args: string[] }[];
  status: number | null;
  headers: Record<string, string>;
  body: Shape | null;
  /** What the answer's body was. */
  bodyKind: 'json' | 'server-sent-json' | 'empty' | 'not-json' | 'none';
  /** A transport failure (no answer): its code only. */
  failure?: string;
}

/** Headers whose values are numbers or dates about limits: kept with their value. */
const LIMIT_HEADER = /ratelimit|rate-limit|retry-after|credit|quota/i;
/** Headers kept only as "present": their value is a secret or an id. */
const PRESENCE_HEADERS = ['mcp-session-id'];
/** A limit header's value is kept only when it looks like a number or a date. */
const NUMERIC_VALUE = /^[\d\s.,:+TZ-]*$|^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} [\d:]+ GMT$/;
const PATH_WORD = /^(v\d+(\.\d+)?|[a-z]+([-_][a-z]+)*)$/;
/** Bodies larger than this are summarised as "not-json" rather than parsed again. */
const MAX_RECORDED_BYTES = 4 * 1024 * 1024;

/** Records the exchanges of the dispatcher it wraps. */
export class TraceRecorder {
  readonly entries: TraceEntry[] = [];
  /** The probe the next requests belong to (probes run one after another). */
  probe = 'setup';
  /** Values never written into a path (conversation ids, account settings), with their placeholder. */
  private readonly known = new Map<string, string>();

  /** Replaces `value` with `placeholder` wherever it appears as a path segment. */
  redact(value: string, placeholder: string): void {
    if (value.length > 0) this.known.set(value, placeholder);
  }

  /** `dispatcher` with every exchange recorded. */
  wrap(dispatcher: Dispatcher): Dispatcher {
    return dispatcher.compose((dispatch) => (opts, handler) => {
      const recorded = this.handlerFor(opts, handler);
      return dispatch(withBodyRecorded(opts, this.entries.at(-1)!), recorded);
    });
  }

  private handlerFor(opts: Dispatcher.DispatchOptions, inner: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
    const entry: TraceEntry = {
      probe: this.probe,
      method: String(opts.method),
      ...this.pathOf(opts),
      requestBody: typeof opts.body === 'string' ? jsonShape(opts.body) : null,
      operation: typeof opts.body === 'string' ? operationOf(opts.body) : undefined,
      status: null,
      headers: {},
      body: null,
      bodyKind: 'none',
    };
    this.entries.push(entry);
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      const text = size > MAX_RECORDED_BYTES ? null : Buffer.concat(chunks, size).toString('utf8');
      summariseBody(entry, text);
    };
    return {
      onRequestStart: (controller, context) => inner.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) => inner.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        if (statusCode >= 200) {
          entry.status = statusCode;
          entry.headers = selectHeaders(headers);
        }
        return inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => {
        size += chunk.length;
        if (size <= MAX_RECORDED_BYTES) chunks.push(Buffer.from(chunk));
        return inner.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        finish();
        return inner.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, err) => {
        entry.failure = (err as { code?: string } | null)?.code ?? (err as Error | null)?.name ?? 'error';
        return inner.onResponseError?.(controller, err);
      },
    };
  }

  private pathOf(opts: Dispatcher.DispatchOptions): { path: string; query: string[] } {
    const url = new URL(String(opts.path), 'http://x');
    const segments = url.pathname.split('/').map((raw) => {
      if (raw === '') return raw;
      const decoded = safeDecode(raw);
      const placeholder = this.known.get(decoded) ?? this.known.get(raw);
      if (placeholder) return `:${placeholder}`;
      return PATH_WORD.test(decoded) ? decoded : ':value';
    });
    return { path: segments.join('/'), query: [...new Set(url.searchParams.keys())].filter((k) => PATH_WORD.test(k) || /^[a-zA-Z_]+$/.test(k)) };
  }
}

/**
 * `opts` with a streamed request body (what undici's fetch sends, so the MCP client's) read
 * through as it goes out, so its shape and operation are recorded like a string body's.
 */
function withBodyRecorded(opts: Dispatcher.DispatchOptions, entry: TraceEntry): Dispatcher.DispatchOptions {
  const body = opts.body as unknown;
  if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) {
    if (body instanceof Uint8Array) record(entry, Buffer.from(body).toString('utf8'));
    return opts;
  }
  const source = body as AsyncIterable<Uint8Array | string>;
  async function* tee(): AsyncGenerator<Uint8Array | string> {
    const parts: Buffer[] = [];
    for await (const chunk of source) {
      parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
      yield chunk;
    }
    record(entry, Buffer.concat(parts).toString('utf8'));
  }
  return { ...opts, body: Readable.from(tee(), { objectMode: false }) };
}

function record(entry: TraceEntry, text: string): void {
  entry.requestBody = jsonShape(text);
  entry.operation = operationOf(text);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const WORD = /^[a-z][a-z_/]{0,63}$/;

/** `tools/call list_conversations`, `list_inbox`: what a JSON body asks for, when it says so in plain words. */
function operationOf(text: string): string | undefined {
  const json = parse(text) as { method?: unknown; action?: unknown; params?: { name?: unknown } } | undefined;
  if (!json || typeof json !== 'object') return undefined;
  const word = (v: unknown): string | undefined => (typeof v === 'string' && WORD.test(v) ? v : undefined);
  const method = word(json.method);
  if (method) return [method, word(json.params?.name)].filter(Boolean).join(' ');
  return word(json.action);
}

/** The tools of a tools/list answer: names and argument names, when they are plain words. */
function toolsOf(json: unknown): TraceEntry['tools'] {
  const tools = (json as { result?: { tools?: unknown } } | null)?.result?.tools;
  if (!Array.isArray(tools)) return undefined;
  return tools.flatMap((t: { name?: unknown; inputSchema?: { properties?: unknown } }) => {
    if (typeof t?.name !== 'string' || !WORD.test(t.name)) return [];
    const props = t.inputSchema?.properties;
    const args = props && typeof props === 'object' ? Object.keys(props).filter((k) => /^[A-Za-z_]{1,64}$/.test(k)) : [];
    return [{ name: t.name, args }];
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function jsonShape(text: string): Shape | null {
  try {
    return shapeOf(JSON.parse(text));
  } catch {
    return null;
  }
}

function selectHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headerPairs(raw)) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') out[lower] = value.split(';')[0]!.trim();
    else if (PRESENCE_HEADERS.includes(lower)) out[lower] = '(present)';
    else if (LIMIT_HEADER.test(lower)) out[lower] = NUMERIC_VALUE.test(value) ? value : '(present)';
  }
  return out;
}

function headerPairs(raw: unknown): [string, string][] {
  if (Array.isArray(raw)) {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([String(raw[i]), String(raw[i + 1])]);
    return pairs;
  }
  if (raw && typeof raw === 'object') {
    return Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]);
  }
  return [];
}

function summariseBody(entry: TraceEntry, text: string | null): void {
  if (text === null) {
    entry.bodyKind = 'not-json';
    return;
  }
  if (text.trim() === '') {
    entry.bodyKind = 'empty';
    return;
  }
  const json = jsonShape(text);
  if (json) {
    entry.body = json;
    entry.bodyKind = 'json';
    entry.tools = toolsOf(parse(text));
    return;
  }
  if ((entry.headers['content-type'] ?? '').includes('event-stream')) {
    // An MCP answer as server-sent events: the first data line that is JSON.
    for (const line of text.split(/\r?\n/)) {
      if (!line.startsWith('data:')) continue;
      const shape = jsonShape(line.slice(5).trim());
      if (shape) {
        entry.body = shape;
        entry.tools = toolsOf(parse(line.slice(5).trim()));
        entry.bodyKind = 'server-sent-json';
        return;
      }
    }
  }
  entry.bodyKind = 'not-json';
}
