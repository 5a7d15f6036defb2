/**
 * JSON over HTTP for provider adapters: one place for timeouts, Retry-After and
 * network-failure mapping. Adapters map status codes and error bodies to AppErrors.
 */
import { request, type Dispatcher } from 'undici';
import { AppError } from '../errors';
import { sleep, type Clock } from '../ports';
import type { RequestBudget } from './budget';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined when the body was empty. */
  body: unknown;
  /** Set when the body was not valid JSON. */
  malformed: boolean;
}

export interface HttpOptions {
  dispatcher: Dispatcher;
  clock: Clock;
  /** Provider name for error sentences. */
  providerLabel: string;
  /** Give up waiting for a response after this long. */
  timeoutMs?: number;
  /** How many times to wait out a 429 before reporting it. */
  maxRateLimitRetries?: number;
  /** Never wait longer than this for one Retry-After; report rate-limited instead. */
  maxRetryAfterMs?: number;
  /** The account's request budget: each attempt waits for room in it, and each answer corrects it. */
  budget?: RequestBudget;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs * 1000);
  const date = Date.parse(v);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return null;
}

export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Sends one request, waiting out 429s as the provider asks (within limits). */
export async function sendJson(req: HttpRequest, opts: HttpOptions): Promise<HttpResponse> {
  const maxRetries = opts.maxRateLimitRetries ?? 2;
  const maxWait = opts.maxRetryAfterMs ?? 120_000;
  for (let attempt = 0; ; attempt++) {
    await opts.budget?.acquire(req.method);
    const res = await sendOnce(req, opts);
    const retryAfter = parseRetryAfter(res.headers['retry-after'], opts.clock.now());
    opts.budget?.observe(res.status, res.headers, retryAfter);
    if (res.status !== 429 || attempt >= maxRetries) return res;
    const wait = retryAfter ?? 1000 * 2 ** attempt;
    if (wait > maxWait) return res;
    // With a budget, the next acquire() already waits out the Retry-After it observed.
    if (!opts.budget) await sleep(opts.clock, wait);
  }
}

async function sendOnce(req: HttpRequest, opts: HttpOptions): Promise<HttpResponse> {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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
    });
  } catch (err) {
    throw networkError(err, opts.providerLabel, req.method !== 'GET');
  }
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    throw networkError(err, opts.providerLabel, true);
  }
  let parsed: unknown;
  let malformed = false;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      malformed = true;
    }
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, malformed };
}

function networkError(err: unknown, provider: string, isWrite: boolean): AppError {
  const code = (err as { code?: string } | null)?.code ?? '';
  const timedOut = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  const message = timedOut
    ? `${provider} did not answer in time — it will be retried.`
    : refused
      ? `Cannot reach ${provider} — you may be offline. It will be retried.`
      : `The connection to ${provider} failed — it will be retried.`;
  // A write that timed out or was cut off may still have been carried out by the provider.
  return new AppError('network', message, { retryable: true, mayHaveReachedProvider: isWrite && !refused, cause: err });
}
