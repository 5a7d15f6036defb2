/**
 * Rate limits, read one way for every provider: Retry-After, X-RateLimit-Reset, and the one loop
 * that waits out a 429 before the adapter reports it.
 */
import { sleep, type Clock } from '../../ports';

type HeaderValue = string | string[] | undefined;

/** Below this a bare number is epoch seconds, above it epoch ms (1e12 ms is 2001; 1e12 s is year 33,658). */
const EPOCH_MS_FROM = 1e12;
/** Below this a bare number is seconds from now (1e9 s after 1970 is 2001: no reset is that far off). */
const EPOCH_SECONDS_FROM = 1e9;

/** 2026-11-22, 2026-11-22T00:00:00.000Z… */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
/** Sun, 22 Nov 2026 00:00:00 GMT (RFC 9110's IMF-fixdate). */
const HTTP_DATE = /^[a-z]{3}, \d{1,2} [a-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/i;

const first = (v: HeaderValue): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: HeaderValue, now: number): number | null {
  const v = first(value);
  if (!v) return null;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs * 1000);
  const date = Date.parse(v);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return null;
}

/**
 * X-RateLimit-Reset as epoch ms, in every form the four providers' docs use: epoch seconds
 * (Crispy), an ISO 8601 or HTTP date (ConnectSafely), epoch ms, or seconds from now. Null when
 * absent or unreadable (negative, garbage): the caller then falls back to Retry-After or its default.
 */
export function parseRateLimitReset(value: HeaderValue | number, now: number): number | null {
  const v = (typeof value === 'number' ? String(value) : first(value))?.trim();
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n >= EPOCH_MS_FROM) return n;
    if (n >= EPOCH_SECONDS_FROM) return n * 1000;
    return now + n * 1000;
  }
  // Only what looks like a date: V8's Date.parse also reads "-5" or "12abc" as some year.
  if (!ISO_DATE.test(v) && !HTTP_DATE.test(v)) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** How long a 429 asks to wait, in ms: Retry-After, else until X-RateLimit-Reset, else null. */
export function waitFrom429(headers: Record<string, HeaderValue>, now: number): number | null {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== null) return retryAfter;
  const reset = parseRateLimitReset(headers['x-ratelimit-reset'], now);
  return reset === null ? null : Math.max(0, reset - now);
}

/** What waitOut429 needs of a request budget (providers/budget.ts, which imports this file): that there is one, and it hears each answer. */
export interface AnswerObserver {
  observe(status: number, headers: Record<string, string | string[] | undefined>, retryAfterMs: number | null): void;
}

/** How waitOut429 decides. */
export interface RateLimitPolicy<R extends { status: number }> {
  clock: Clock;
  /** With a budget, the next attempt's acquire() already waits out the 429 it observed: no sleep here. */
  budget?: AnswerObserver;
  signal?: AbortSignal;
  /** How many 429s to wait out before handing one back. */
  maxRetries: number;
  /** A wait longer than this is not waited: the 429 is handed back. */
  maxWaitMs: number;
  /** The wait a 429 asks for in ms, null when it names none (then 1 s, 2 s, 4 s…), or 'stop' to hand it back at once (a daily cap, a hold). */
  waitFor(res: R, now: number): number | null | 'stop';
  /** The error when the app closes during a wait. */
  closing(): Error;
}

/** Makes `attempt` until it answers anything but a 429, or the 429 may not be waited out; returns that answer. */
export async function waitOut429<R extends { status: number }>(attempt: () => Promise<R>, policy: RateLimitPolicy<R>): Promise<R> {
  for (let n = 0; ; n++) {
    const res = await attempt();
    if (res.status !== 429 || n >= policy.maxRetries) return res;
    const asked = policy.waitFor(res, policy.clock.now());
    if (asked === 'stop') return res;
    const wait = asked ?? 1000 * 2 ** n;
    if (wait > policy.maxWaitMs) return res;
    if (!policy.budget) {
      try {
        await sleep(policy.clock, wait, policy.signal);
      } catch {
        throw policy.closing();
      }
    }
  }
}
