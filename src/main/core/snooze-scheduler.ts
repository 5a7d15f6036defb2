/**
 * Brings things back when they come due: snoozed conversations, follow-up reminders, any source of
 * absolute due times. Due times are absolute instants in SQLite, so nothing is lost across
 * restarts: start() fires what came due while the app was closed (grouped per source), wake()
 * does the same after sleep, and a short re-check timer covers the rest. Exactly one timer is
 * armed at any moment for every source together, never longer than a minute: a JS timer is capped
 * at about 24.8 days and does not run while the computer sleeps, so no long timer is trusted.
 */
import type { Clock } from './ports';

const MAX_TIMER_MS = 60_000;

/** One kind of thing with due times (snoozes, follow-ups). */
export interface DueSource {
  /** The earliest due time still to come (epoch ms), or null. */
  nextDueAt: () => number | null;
  /** Brings back everything due at or before `now`, as one group. */
  fireDue: (now: number) => void;
}

export class DueScheduler {
  private timer: unknown = null;
  private running = false;
  private readonly sources: DueSource[];

  constructor(
    private readonly clock: Clock,
    ...sources: DueSource[]
  ) {
    this.sources = sources;
  }

  /** Adds a source of due times; the next check covers it. */
  add(source: DueSource): void {
    this.sources.push(source);
    this.check();
  }

  start(): void {
    this.running = true;
    this.check();
  }

  stop(): void {
    this.running = false;
    this.disarm();
  }

  /** After resume from sleep, or when a due time was added or removed. */
  check(): void {
    if (!this.running) return;
    this.disarm();
    const now = this.clock.now();
    for (const source of this.sources) {
      const next = source.nextDueAt();
      if (next !== null && next <= now) source.fireDue(now);
    }
    const upcoming = this.earliest();
    if (upcoming === null) return; // nothing to wait for: no timer at all
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, upcoming - now));
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.check();
    }, wait);
  }

  private earliest(): number | null {
    let min: number | null = null;
    for (const source of this.sources) {
      const next = source.nextDueAt();
      if (next !== null && (min === null || next < min)) min = next;
    }
    return min;
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
