/**
 * Brings things back when they come due: snoozed conversations, follow-up reminders, any source of
 * absolute due times. Due times are absolute instants in SQLite, so nothing is lost across
 * restarts: start() fires what came due while the app was closed (grouped per source), wake()
 * does the same after sleep, and one due-time timer (due-timer.ts, at most a minute ahead) for
 * every source together covers the rest. The outbox runner uses the same kind of timer for outbox
 * retries and scheduled replies.
 */
import { DueTimer } from './due-timer';
import type { Clock } from './ports';

/** One kind of thing with due times (snoozes, follow-ups). */
export interface DueSource {
  /** The earliest due time still to come (epoch ms), or null. */
  nextDueAt: () => number | null;
  /** Brings back everything due at or before `now`, as one group. */
  fireDue: (now: number) => void;
}

export class DueScheduler {
  private readonly timer: DueTimer;
  private running = false;
  private readonly sources: DueSource[];

  constructor(
    private readonly clock: Clock,
    ...sources: DueSource[]
  ) {
    this.sources = sources;
    this.timer = new DueTimer(clock, () => this.check());
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
    this.timer.disarm();
  }

  /** After resume from sleep, or when a due time was added or removed. */
  check(): void {
    if (!this.running) return;
    this.timer.disarm();
    const now = this.clock.now();
    for (const source of this.sources) {
      const next = source.nextDueAt();
      if (next !== null && next <= now) source.fireDue(now);
    }
    this.timer.arm(this.earliest()); // null: nothing to wait for, no timer at all
  }

  private earliest(): number | null {
    let min: number | null = null;
    for (const source of this.sources) {
      const next = source.nextDueAt();
      if (next !== null && (min === null || next < min)) min = next;
    }
    return min;
  }
}
