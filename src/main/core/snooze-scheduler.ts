/**
 * Wakes snoozed conversations when they are due. Due times are absolute instants in SQLite,
 * so nothing is lost across restarts: start() fires what came due while the app was closed
 * (grouped), wake() does the same after sleep, and a short re-check timer covers the rest.
 * Exactly one timer is armed at any moment, never longer than a minute: a JS timer is capped
 * at about 24.8 days and does not run while the computer sleeps, so no long timer is trusted.
 */
import type { Clock } from './ports';

const MAX_TIMER_MS = 60_000;

export class SnoozeScheduler {
  private timer: unknown = null;
  private running = false;

  constructor(
    private readonly clock: Clock,
    /** The earliest snooze still to come (epoch ms), or null. */
    private readonly nextDueAt: () => number | null,
    /** Brings back every snooze due at or before `now`, as one group. */
    private readonly fireDue: (now: number) => void,
  ) {}

  start(): void {
    this.running = true;
    this.check();
  }

  stop(): void {
    this.running = false;
    this.disarm();
  }

  /** After resume from sleep, or when a snooze was added or removed. */
  check(): void {
    if (!this.running) return;
    this.disarm();
    const now = this.clock.now();
    const next = this.nextDueAt();
    if (next !== null && next <= now) this.fireDue(now);
    const upcoming = this.nextDueAt();
    if (upcoming === null) return; // nothing to wait for: no timer at all
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, upcoming - now));
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.check();
    }, wait);
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
