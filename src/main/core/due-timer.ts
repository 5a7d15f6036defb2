/**
 * The one timer for things due at an absolute time (snoozes coming back, outbox entries and
 * scheduled replies coming due). Due times live in SQLite as absolute instants; this timer only
 * says when to look again, never longer than a minute ahead: a JS timer is capped at about 24.8
 * days and does not run while the computer sleeps, so no long timer is trusted, and after sleep
 * the owner looks again at once (wake).
 */
import type { Clock } from './ports';

/** The longest the app waits before looking at its due times again. */
export const MAX_TIMER_MS = 60_000;

export class DueTimer {
  private timer: unknown = null;

  constructor(
    private readonly clock: Clock,
    /** Runs when the armed time comes (or a minute has passed, whichever is first). */
    private readonly onDue: () => void,
  ) {}

  /** Arms the one timer for `at` (epoch ms), capped at a minute; null disarms it. */
  arm(at: number | null): void {
    this.disarm();
    if (at === null) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, at - this.clock.now()));
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.onDue();
    }, wait);
  }

  disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
