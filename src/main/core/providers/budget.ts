/**
 * Request budgets per account: every documented rate limit as a sliding window, so requests
 * wait before a limit bites rather than after a 429. Corrected by what the provider says:
 * X-RateLimit-Remaining of 0 (until X-RateLimit-Reset) and 429 Retry-After hold the window shut.
 *
 * A sliding window and not a token bucket: a bucket of capacity N refilling at N per minute
 * can send 2N in one minute (a full burst, then the refill), which a server counting a sliding
 * minute answers with 429.
 */
import type { ProviderKind } from '../../../shared/domain';
import { sleep, type Clock } from '../ports';
import { parseRateLimitReset } from './kit/rate-limit';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface WindowRule {
  /** Which methods count against this window; 'all' for a global limit. */
  methods: readonly HttpMethod[] | 'all';
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;
/** Resets further away than this are daily caps, not request rates. */
const SHORT_WINDOW_MS = 5 * MINUTE;

/**
 * The documented limits (providers/*.md). Linkup and Crispy publish no request rate; their
 * windows are conservative assumptions, and their own 429s correct us.
 */
export const RATE_RULES: Record<ProviderKind, readonly WindowRule[]> = {
  demo: [],
  reactin: [
    { methods: ['GET'], limit: 30, windowMs: MINUTE },
    { methods: ['POST', 'PATCH', 'PUT', 'DELETE'], limit: 60, windowMs: MINUTE },
  ],
  connectsafely: [
    { methods: 'all', limit: 60, windowMs: MINUTE },
    { methods: 'all', limit: 100, windowMs: 10_000 },
  ],
  linkup: [{ methods: 'all', limit: 60, windowMs: MINUTE }], // assumed: unpublished
  crispy: [{ methods: 'all', limit: 60, windowMs: MINUTE }], // assumed: unpublished
};

interface Window {
  rule: WindowRule;
  /** Send times inside the window, oldest first. */
  sent: number[];
}

export class RequestBudget {
  private readonly windows: Window[];
  /** The provider told us to wait until then (429 or nothing remaining). */
  private closedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  /** The provider put the account on hold until then (ConnectSafely's holdUntil): nothing may go before. */
  private hold = 0;

  constructor(rules: readonly WindowRule[], private readonly clock: Clock) {
    this.windows = rules.map((rule) => ({ rule, sent: [] }));
  }

  /** Waits until a request of `method` fits every window, then counts it. Requests go in call order; `signal` ends the wait. */
  acquire(method: HttpMethod, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom(method, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Learns from a response: a 429, or an exhausted X-RateLimit-Remaining, holds every request
   * back until the provider's time. A reset hours away is a daily cap (Crispy, ConnectSafely):
   * counted per action by the adapter, and no reason to hold back other calls.
   */
  observe(status: number, headers: Record<string, string | string[] | undefined>, retryAfterMs: number | null): void {
    const now = this.clock.now();
    const reset = parseRateLimitReset(headers['x-ratelimit-reset'], now);
    const shortReset = reset !== null && reset > now && reset - now <= SHORT_WINDOW_MS ? reset : null;
    if (status === 429) {
      const dailyCap = retryAfterMs === null && reset !== null && reset - now > SHORT_WINDOW_MS;
      if (!dailyCap) this.closedUntil = Math.max(this.closedUntil, retryAfterMs !== null ? now + retryAfterMs : (shortReset ?? now + MINUTE));
      return;
    }
    const remaining = first(headers['x-ratelimit-remaining']);
    if (remaining !== undefined && Number(remaining) === 0 && shortReset !== null) this.closedUntil = Math.max(this.closedUntil, shortReset);
  }

  /** Records a hold on the account: adapters refuse every request before `at`, across provider rebuilds. */
  holdUntil(at: number): void {
    this.hold = Math.max(this.hold, at);
  }

  /** When the account's hold ends, or null when it is not held now. */
  heldUntil(): number | null {
    return this.hold > this.clock.now() ? this.hold : null;
  }

  /** Milliseconds until a request of `method` could go, for status and tests. */
  delayFor(method: HttpMethod): number {
    const now = this.clock.now();
    let at = Math.max(now, this.closedUntil);
    for (const w of this.windows) {
      if (!applies(w.rule, method)) continue;
      prune(w, now);
      if (w.sent.length >= w.rule.limit) at = Math.max(at, w.sent[w.sent.length - w.rule.limit]! + w.rule.windowMs);
    }
    return at - now;
  }

  private async waitForRoom(method: HttpMethod, signal?: AbortSignal): Promise<void> {
    for (let wait = this.delayFor(method); wait > 0; wait = this.delayFor(method)) await sleep(this.clock, wait, signal);
    signal?.throwIfAborted();
    const now = this.clock.now();
    for (const w of this.windows) if (applies(w.rule, method)) w.sent.push(now);
  }
}

function applies(rule: WindowRule, method: HttpMethod): boolean {
  return rule.methods === 'all' || rule.methods.includes(method);
}

function prune(w: Window, now: number): void {
  let drop = 0;
  while (drop < w.sent.length && w.sent[drop]! <= now - w.rule.windowMs) drop++;
  if (drop > 0) w.sent.splice(0, drop);
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
