/**
 * JSON over HTTP for provider adapters: one place for timeouts, Retry-After and
 * network-failure mapping. Adapters map status codes and error bodies to AppErrors.
 */
import { request, type Dispatcher } from 'undici';
import { AppError } from '../errors';
import type { Clock } from '../ports';
import type { RequestBudget } from './budget';
import { unreadableResponse } from './errors-common';
import { wellFormed } from './sanitize';
import { parseRetryAfter, waitOut429 } from './kit/rate-limit';

export { parseRetryAfter };

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** A read sent with another method than GET (Linkup reads are POSTs): it changes nothing. */
  read?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined when the body was empty. Every string in it is well formed (no lone surrogates). */
  body: unknown;
  /** Set when the body was not valid JSON (or too large to read: see MAX_BODY_BYTES). */
  malformed: boolean;
}

export interface HttpOptions {
  dispatcher: Dispatcher;
  clock: Clock;
  /** Provider name for error sentences. */
  providerLabel: string;
  /** The account's display name, for error sentences. */
  accountName?: string;
  /** Give up when the server sends nothing for this long (undici's idle timers). */
  timeoutMs?: number;
  /** Give up on one attempt after this long in all, however steadily bytes arrive. */
  deadlineMs?: number;
  /** Aborted when the app closes: requests in flight and rate-limit waits end at once. */
  signal?: AbortSignal;
  /** How many times to wait out a 429 before reporting it. */
  maxRateLimitRetries?: number;
  /** Never wait longer than this for one Retry-After; report rate-limited instead. */
  maxRetryAfterMs?: number;
  /** The account's request budget: each attempt waits for room in it, and each answer corrects it. */
  budget?: RequestBudget;
  /** The wait a 429 asks for (ms), null for none, 'stop' to hand it back at once; Retry-After when unset. */
  rateLimitWait?: (res: HttpResponse, now: number) => number | null | 'stop';
}

const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * A whole attempt, headers and body: a page is well under 1 MB, and even a 20 MB answer
 * (MAX_BODY_BYTES) arrives in this time at 2 Mbit/s. A server dripping a byte every few seconds
 * keeps the idle timers quiet; this ends it.
 */
const DEFAULT_DEADLINE_MS = 90_000;
/**
 * The largest answer read, counted as it streams in (a Content-Length above it is refused before
 * reading). A full page of 100 conversations is well under 1 MB; 20 MB leaves room for long
 * threads and still bounds memory. A larger successful read is refused with 'bad-response'; a
 * larger answer to a write that succeeded is an unreadable success (the write happened), and a
 * larger error answer keeps its status, unread.
 */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** A \u escape of a surrogate: only then can JSON.parse produce a lone one. */
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;

export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Sends one request, waiting out 429s as the provider asks (within limits; see waitOut429). */
export async function sendJson(req: HttpRequest, opts: HttpOptions): Promise<HttpResponse> {
  const attempt = async (): Promise<HttpResponse> => {
    if (opts.signal?.aborted) throw closingError(opts.providerLabel, false);
    try {
      await opts.budget?.acquire(req.method, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw closingError(opts.providerLabel, false);
      throw err;
    }
    const res = await sendOnce(req, opts);
    opts.budget?.observe(res.status, res.headers, parseRetryAfter(res.headers['retry-after'], opts.clock.now()));
    return res;
  };
  return waitOut429(attempt, {
    clock: opts.clock,
    budget: opts.budget,
    signal: opts.signal,
    maxRetries: opts.maxRateLimitRetries ?? 2,
    maxWaitMs: opts.maxRetryAfterMs ?? 120_000,
    waitFor: opts.rateLimitWait ?? ((res, now) => parseRetryAfter(res.headers['retry-after'], now)),
    closing: () => closingError(opts.providerLabel, false),
  });
}

async function sendOnce(req: HttpRequest, opts: HttpOptions): Promise<HttpResponse> {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(opts.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
  /** Why the attempt failed: the app is closing, the deadline passed, or the network. */
  const failure = (err: unknown, mayHaveReachedProvider: boolean): AppError =>
    opts.signal?.aborted ? closingError(opts.providerLabel, mayHaveReachedProvider) : networkError(err, opts.providerLabel, mayHaveReachedProvider, deadline.aborted);
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  let res: Dispatcher.ResponseData;
  try {
    res = await request(req.url, {
      method: req.method,
      headers,
      body,
      dispatcher: opts.dispatcher,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal,
    });
  } catch (err) {
    throw failure(err, req.method !== 'GET');
  }
  let text: string;
  try {
    const read = await readCapped(res);
    if (read === null) {
      const ok = res.statusCode >= 200 && res.statusCode <= 299;
      if (ok && (req.method === 'GET' || req.read === true)) throw tooLarge(opts, res.statusCode);
      // A write the provider accepted did happen: an unreadable success, never a failure to retry.
      // An error status still says what went wrong (401, 429, 5xx) without its body.
      return { status: res.statusCode, headers: res.headers, body: undefined, malformed: true };
    }
    text = read;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw failure(err, true);
  }
  let parsed: unknown;
  let malformed = false;
  if (text.length > 0) {
    try {
      // JSON may spell a lone surrogate ("\udc00"); it would make encodeURIComponent throw later.
      parsed = ESCAPED_SURROGATE.test(text) ? JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? wellFormed(value) : value)) : JSON.parse(text);
    } catch {
      malformed = true;
    }
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, malformed };
}

/** The body as text, or null (and the connection dropped) once it passes MAX_BODY_BYTES. */
async function readCapped(res: Dispatcher.ResponseData): Promise<string | null> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    res.body.destroy();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      res.body.destroy();
      return null;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function tooLarge(opts: HttpOptions, status: number): AppError {
  const mb = Math.round(MAX_BODY_BYTES / (1024 * 1024));
  const what = `larger than ${mb} MB`;
  return opts.accountName !== undefined
    ? unreadableResponse(opts.providerLabel, what, opts.accountName, status)
    : new AppError('bad-response', `${opts.providerLabel} sent a response this app cannot read (${what}) — it will be tried again on the next sync.`, { status });
}

/** The app is closing: the request was abandoned (a write may still have reached the provider). */
export function closingError(provider: string, mayHaveReachedProvider: boolean): AppError {
  return new AppError('network', `The app closed before ${provider} answered — it will be tried again on the next start.`, { retryable: true, mayHaveReachedProvider });
}

function networkError(err: unknown, provider: string, isWrite: boolean, pastDeadline = false): AppError {
  const code = (err as { code?: string } | null)?.code ?? '';
  const timedOut = pastDeadline || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  const message = timedOut
    ? `${provider} did not answer in time — it will be retried.`
    : refused
      ? `Cannot reach ${provider} — you may be offline. It will be retried.`
      : `The connection to ${provider} failed — it will be retried.`;
  // A write that timed out or was cut off may still have been carried out by the provider.
  return new AppError('network', message, { retryable: true, mayHaveReachedProvider: isWrite && !refused, cause: err });
}
