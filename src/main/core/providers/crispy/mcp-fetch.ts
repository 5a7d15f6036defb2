/**
 * The `fetch` the MCP SDK client uses for Crispy: undici's fetch through the core's injected
 * dispatcher (never the global one), with what the provider kit gives every request: the key
 * read fresh per request, the account's request budget, a deadline for the whole exchange, the
 * body-size cap, and 429s waited out as Retry-After asks. It answers the SDK only with what it
 * can use; everything else becomes an AppError here, so SDK error texts (which quote bodies)
 * never reach a person. An SSE answer is read up to its first JSON-RPC response (as Crispy's own
 * bridge does, crispy.md §11) and handed on as a finished stream.
 *
 * 429s go through the kit's one loop (waitOut429), as every other request does.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { fetch, Headers, Response, type Dispatcher } from 'undici';
import { AppError } from '../../errors';
import type { Clock } from '../../ports';
import type { RequestBudget } from '../budget';
import { closingError, MAX_BODY_BYTES, parseRetryAfter, type HttpResponse } from '../http';
import { waitOut429 } from '../kit/rate-limit';
import { errorFromResponse, isDailyCapResponse, rateLimitNumbers, unreadable } from './errors';

/** What one tool call tells the fetches made on its behalf, and learns from them. */
export interface McpCallScope {
  /** The call changes something on Crispy (send_message): a lost answer may mean it happened. */
  write: boolean;
  /** The X-RateLimit-* numbers of the last answer. */
  numbers: ReturnType<typeof rateLimitNumbers>;
  /** The last HTTP answer was a 429 that says the day's cap is used up. */
  dailyCapHit: boolean;
}

/** The scope of the tool call a fetch belongs to (the SDK calls fetch inside our call). */
export const mcpCallScope = new AsyncLocalStorage<McpCallScope>();

/** The session id Crispy gave is no longer known (404 on a request that carried it): initialize again. */
export class McpSessionGone extends Error {
  constructor() {
    super('The MCP session ended.');
  }
}

export interface McpFetchDeps {
  dispatcher: Dispatcher;
  clock: Clock;
  budget?: RequestBudget;
  accountName: string;
  getApiKey(): Promise<string>;
  /** Deadline for one exchange, answer read whole included. */
  timeoutMs: number;
  maxRateLimitRetries: number;
  maxRetryAfterMs: number;
  /** Aborted when the core closes: requests and waits end at once. */
  signal?: AbortSignal;
  /** False for a host the person has not saved: nothing the server wrote is quoted back. */
  quoteServerText?: boolean;
}

type FetchLike = (url: string | URL, init?: RequestInit) => Promise<globalThis.Response>;

/** Builds the fetch for one account's MCP transport. */
export function createMcpFetch(deps: McpFetchDeps): FetchLike {
  const { accountName } = deps;
  return async (url, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    // The standalone server-sent stream carries nothing this app uses: not opened (the SDK accepts 405).
    if (method === 'GET') return new Response(null, { status: 405 }) as unknown as globalThis.Response;
    const scope = mcpCallScope.getStore();
    const write = scope?.write ?? false;
    const key = await deps.getApiKey();
    if (!key) throw new AppError('auth', `There is no Crispy API key for '${accountName}' — add it in Settings.`);
    const headers = new Headers(init.headers as Record<string, string> | undefined);
    headers.set('authorization', `Bearer ${key}`);
    const hadSession = headers.has('mcp-session-id');

    /** One exchange: a Response for the SDK, or the error answer (a 429 the loop below may wait out). */
    const exchange = async (): Promise<{ status: number; done?: globalThis.Response; answer?: HttpResponse }> => {
      await deps.budget?.acquire('POST', deps.signal);
      const deadline = AbortSignal.timeout(deps.timeoutMs);
      const signal = AbortSignal.any([deadline, ...(init.signal ? [init.signal] : []), ...(deps.signal ? [deps.signal] : [])]);
      let res: Awaited<ReturnType<typeof fetch>>;
      try {
        res = await fetch(url, { method, headers, body: init.body as string | undefined, signal, dispatcher: deps.dispatcher });
      } catch (err) {
        throw networkFailure(err, deadline.aborted, write, false);
      }
      const plain = Object.fromEntries(res.headers);
      deps.budget?.observe(res.status, plain, parseRetryAfter(plain['retry-after'], deps.clock.now()));
      if (scope) scope.numbers = rateLimitNumbers({ status: res.status, headers: plain, body: undefined, malformed: false }, deps.clock.now());

      if (res.status === 202 || (res.status === 405 && method === 'DELETE')) {
        await res.body?.cancel();
        return { status: res.status, done: new Response(null, { status: res.status, headers: res.headers }) as unknown as globalThis.Response };
      }
      const isSse = (res.headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream');
      let text: string | null;
      try {
        text = res.ok && isSse ? await readFirstSseAnswer(res) : await readCapped(res);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw networkFailure(err, deadline.aborted, write, true);
      }
      if (res.ok) {
        // An answer too large to read: for a write, whether it happened is unknown.
        if (text === null) throw tooLarge(accountName, res.status, write);
        if (!isSse && !isJson(text)) throw unreadableAnswer('not JSON', accountName, res.status, write);
        return { status: res.status, done: new Response(text, { status: res.status, headers: res.headers }) as unknown as globalThis.Response };
      }

      if (res.status === 404 && hadSession) throw new McpSessionGone();
      const answer: HttpResponse = { status: res.status, headers: plain, body: parseJson(text), malformed: text !== null && text !== '' && !isJson(text) };
      if (scope && res.status === 429 && isDailyCapResponse(answer, deps.clock.now())) scope.dailyCapHit = true;
      return { status: res.status, answer };
    };

    // A 429 was not carried out: the same message may go again once Crispy says so (a daily cap is handed back at once).
    const out = await waitOut429(exchange, {
      clock: deps.clock,
      budget: deps.budget,
      signal: deps.signal,
      maxRetries: deps.maxRateLimitRetries,
      maxWaitMs: deps.maxRetryAfterMs,
      waitFor: (r, now) => (isDailyCapResponse(r.answer!, now) ? 'stop' : parseRetryAfter(r.answer!.headers['retry-after'], now)),
      closing: () => closingError('Crispy', false),
    });
    if (out.done) return out.done;
    throw errorFromResponse(out.answer!, { accountName, secret: key, quote: deps.quoteServerText !== false, now: deps.clock.now() });
  };
}

/** The body as text, or null once it passes MAX_BODY_BYTES (the connection is dropped). */
async function readCapped(res: Awaited<ReturnType<typeof fetch>>): Promise<string | null> {
  if (!res.body) return '';
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await res.body.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    // Leaving the loop cancels the stream (and drops the connection).
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * An SSE answer up to and including the event that carries a JSON-RPC response (an object with
 * an id and a result or error); the rest of the stream is not waited for. Null past the size
 * cap. A stream that ends before any response was cut off: thrown as a network failure.
 */
async function readFirstSseAnswer(res: Awaited<ReturnType<typeof fetch>>): Promise<string | null> {
  if (!res.body) throw new Error('SSE answer without a body');
  const decoder = new TextDecoder();
  let text = '';
  let scanned = 0;
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) return null;
    text += decoder.decode(chunk, { stream: true });
    // Events end with a blank line (\n\n, \r\n\r\n or \r\r).
    const events = text.slice(scanned).split(/\r\n\r\n|\n\n|\r\r/);
    for (let i = 0; i < events.length - 1; i++) {
      scanned += events[i]!.length;
      scanned += text.slice(scanned).match(/^(\r\n\r\n|\n\n|\r\r)/)![0].length;
      // Leaving the loop cancels the rest of the stream.
      if (isResponseEvent(events[i]!)) return text.slice(0, scanned);
    }
  }
  throw new Error('The SSE stream ended before the answer');
}

function isResponseEvent(event: string): boolean {
  const data = event
    .split(/\r\n|\n|\r/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).replace(/^ /, ''))
    .join('\n');
  const msg = parseJson(data) as Record<string, unknown> | undefined;
  return typeof msg === 'object' && msg !== null && 'id' in msg && ('result' in msg || 'error' in msg);
}

function parseJson(text: string | null): unknown {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  if (text === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function tooLarge(accountName: string, status: number, write: boolean): AppError {
  return unreadableAnswer(`larger than ${Math.round(MAX_BODY_BYTES / (1024 * 1024))} MB`, accountName, status, write);
}

/** An answer that cannot be read; for a write it may still have happened, so it is tried again with care. */
export function unreadableAnswer(what: string, accountName: string, status: number | null, write: boolean): AppError {
  const err = unreadable(what, { accountName }, status);
  return write ? new AppError(err.code, err.message, { status, retryable: true, mayHaveReachedProvider: true }) : err;
}

/** The same sentences as the provider kit's (http.ts), for a fetch that failed or was cut. */
function networkFailure(err: unknown, timedOut: boolean, write: boolean, afterAnswerBegan: boolean): AppError {
  const cause = (err as { cause?: { code?: string } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: string } | null)?.code ?? '';
  const refused = !afterAnswerBegan && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN');
  const message = timedOut
    ? 'Crispy did not answer in time — it will be retried.'
    : refused
      ? 'Cannot reach Crispy — you may be offline. It will be retried.'
      : 'The connection to Crispy failed — it will be retried.';
  // A write that timed out or was cut off may still have been carried out by Crispy.
  return new AppError('network', message, { retryable: true, mayHaveReachedProvider: write && !refused, cause: err });
}
