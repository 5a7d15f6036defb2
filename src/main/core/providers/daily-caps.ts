/**
 * Per-account daily caps (Crispy: 150 sends, 200 organize and 200 mark-read a day;
 * ConnectSafely: 150 messages a day), counted locally and corrected from the provider's
 * X-RateLimit-* headers, so a call past the cap is refused before it is made, with a sentence.
 * Days reset at 00:00 UTC. In memory: a restart starts counting again from the provider's headers.
 */
import { AppError } from '../errors';
import type { Clock } from '../ports';

export interface CapState {
  limit: number;
  used: number;
  /** Epoch ms when the count resets. */
  resetAt: number;
}

export interface CapDescription {
  /** What is counted, for the sentence: "messages sent", "organize actions". */
  noun: string;
  limit: number;
  /** The person chose this limit (an account setting): the provider's headers may lower it, never raise it. */
  chosen?: boolean;
}

export function nextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** "It resets at 00:00 UTC (in about 15 h)." for a reset time. */
export function resetSentence(resetAt: number, now: number): string {
  return `It resets at ${utcTime(resetAt)} UTC (${inAbout(Math.max(0, resetAt - now))}).`;
}

function utcTime(at: number): string {
  const d = new Date(at);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function inAbout(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes < 90 ? `in about ${minutes} min` : `in about ${Math.round(minutes / 60)} h`;
}

export class DailyCaps<A extends string> {
  private readonly state = new Map<A, CapState>();

  constructor(
    private readonly caps: Record<A, CapDescription>,
    private readonly clock: Clock,
    private readonly providerLabel: string,
    private readonly accountName: string,
  ) {}

  /** Throws 'rate-limited' with a sentence when today's cap for `action` is used up. */
  check(action: A): void {
    const s = this.current(action);
    if (s.used < s.limit) return;
    const waitMs = Math.max(0, s.resetAt - this.clock.now());
    throw new AppError(
      'rate-limited',
      `${this.providerLabel} allows ${s.limit} ${this.caps[action].noun} a day for '${this.accountName}', and today's are used up. ${resetSentence(s.resetAt, this.clock.now())}`,
      { retryable: true, retryAfterMs: waitMs },
    );
  }

  /** Counts one use; the provider's own numbers, when its headers give them, win. */
  record(action: A, fromHeaders?: { limit?: number; remaining?: number; resetAt?: number } | null): void {
    const s = this.current(action);
    s.used++;
    if (fromHeaders) this.correct(action, fromHeaders);
  }

  /** Adopts the provider's numbers without counting a use (e.g. from a refused call). */
  correct(action: A, h: { limit?: number; remaining?: number; resetAt?: number }): void {
    const s = this.current(action);
    const chosen = this.caps[action].chosen ? this.caps[action].limit : Infinity;
    const serverLimit = h.limit !== undefined && Number.isFinite(h.limit) && h.limit > 0 ? h.limit : null;
    if (serverLimit !== null) s.limit = Math.min(serverLimit, chosen);
    // Used is what the provider counted against its own limit, whatever limit the person chose.
    if (h.remaining !== undefined && Number.isFinite(h.remaining)) s.used = Math.max(0, (serverLimit ?? s.limit) - h.remaining);
    if (h.resetAt !== undefined && Number.isFinite(h.resetAt) && h.resetAt > this.clock.now()) s.resetAt = h.resetAt;
  }

  /** Today's state for display and tests. */
  current(action: A): CapState {
    const now = this.clock.now();
    let s = this.state.get(action);
    if (!s || now >= s.resetAt) {
      s = { limit: this.caps[action].limit, used: 0, resetAt: nextUtcMidnight(now) };
      this.state.set(action, s);
    }
    return s;
  }
}
