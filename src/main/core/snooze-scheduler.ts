/**
 * Wakes snoozed conversations when they are due. Due times are absolute instants in SQLite,
 * so nothing is lost across restarts: start() fires what came due while the app was closed
 * (grouped), wake() does the same after sleep, and the shared due-time timer (due-timer.ts,
 * at most a minute ahead) covers the rest. The outbox runner uses the same timer for outbox
 * entries and scheduled replies.
 */
import { DueTimer } from './due-timer';
import type { Clock } from './ports';

export class SnoozeScheduler {
  private readonly timer: DueTimer;
  private running = false;

  constructor(
    private readonly clock: Clock,
    /** The earliest snooze still to come (epoch ms), or null. */
    private readonly nextDueAt: () => number | null,
    /** Brings back every snooze due at or before `now`, as one group. */
    private readonly fireDue: (now: number) => void,
  ) {
    this.timer = new DueTimer(clock, () => this.check());
  }

  start(): void {
    this.running = true;
    this.check();
  }

  stop(): void {
    this.running = false;
    this.timer.disarm();
  }

  /** After resume from sleep, or when a snooze was added or removed. */
  check(): void {
    if (!this.running) return;
    this.timer.disarm();
    const now = this.clock.now();
    const next = this.nextDueAt();
    if (next !== null && next <= now) this.fireDue(now);
    this.timer.arm(this.nextDueAt()); // null: nothing to wait for, no timer at all
  }
}
