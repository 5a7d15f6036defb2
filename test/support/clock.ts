/**
 * A virtual clock for tests. Time only moves when the test says so (`advance`), or, in
 * autoAdvance mode, whenever code waits: each setTimeout jumps virtual time to its due
 * time and runs on the next event-loop turn, so a 60-second Retry-After takes no real time.
 */
import type { Clock } from '../../src/main/core/ports';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export const DEFAULT_VIRTUAL_START = Date.UTC(2026, 10, 21, 9);

export class VirtualClock implements Clock {
  private current: number;
  private readonly autoAdvance: boolean;
  /** Kept sorted by due time, then by insertion (ids grow). */
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: number = DEFAULT_VIRTUAL_START, opts: { autoAdvance?: boolean } = {}) {
    this.current = start;
    this.autoAdvance = opts.autoAdvance ?? false;
  }

  /** Moves time on without running any timer, as when the computer sleeps (timers do not run then). */
  jump(ms: number): void {
    this.current += ms;
  }

  /** Virtual epoch ms. */
  now(): number {
    return this.current;
  }

  /** Schedules `fn` at now + ms (negative or NaN delays count as 0). */
  setTimeout(fn: () => void, ms: number): number {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: Timer = { id: this.nextId++, due: this.current + delay, fn };
    const at = this.timers.findIndex((t) => t.due > timer.due);
    if (at === -1) this.timers.push(timer);
    else this.timers.splice(at, 0, timer);
    // One step per scheduled timer; each step runs whichever timer is earliest then.
    if (this.autoAdvance) setImmediate(() => this.runNext());
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward by ms, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    while (this.timers.length > 0 && this.timers[0].due <= target) this.runNext();
    this.current = Math.max(this.current, target);
  }

  /** Like advance, but lets promise continuations run between timers (for async code under test). */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    while (this.timers.length > 0 && this.timers[0].due <= target) {
      this.runNext();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.current = Math.max(this.current, target);
  }

  /** When the earliest waiting timer falls due (virtual epoch ms), or null when none waits. */
  get nextDueAt(): number | null {
    return this.timers[0]?.due ?? null;
  }

  /** How many timers are waiting. */
  get pendingCount(): number {
    return this.timers.length;
  }

  private runNext(): void {
    const timer = this.timers.shift();
    if (!timer) return;
    this.current = Math.max(this.current, timer.due);
    timer.fn();
  }
}
