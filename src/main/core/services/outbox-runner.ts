/**
 * Runs the outbox in the background: one delivery pass at a time (a call during a pass asks for
 * one more), and the shared due-time timer (due-timer.ts, as snoozes use) for the next entry that
 * comes due — a retry, a reply's undo window or a scheduled reply's time. `kick` is the one way
 * any action asks for a delivery pass; wake() after sleep kicks too, so what came due meanwhile goes.
 */
import { DueTimer } from '../due-timer';
import { deliverDue, type DeliveryReport } from '../outbox';
import type { CoreEvents } from './events';
import { requireAccount, type CoreParts } from './parts';
import type { ProviderPool } from './provider-pool';

export class OutboxRunner {
  private delivering: Promise<DeliveryReport> | null = null;
  private deliverAgain = false;
  private readonly timer: DueTimer;

  constructor(
    private readonly parts: CoreParts,
    private readonly pool: ProviderPool,
    private readonly events: CoreEvents,
  ) {
    this.timer = new DueTimer(parts.clock, () => void this.deliver());
  }

  /** Something was queued or became deliverable: deliver now, once the core has started (before that, start() delivers). */
  kick(): void {
    if (this.parts.lifecycle.started) void this.deliver();
  }

  /** Delivers every outbox entry that is due now. Safe to call concurrently. */
  async deliver(): Promise<void> {
    if (this.delivering) {
      this.deliverAgain = true;
      await this.delivering;
      return;
    }
    const { parts } = this;
    try {
      do {
        this.deliverAgain = false;
        this.delivering = deliverDue({
          db: parts.db,
          outbox: parts.outbox,
          messages: parts.messages,
          conversations: parts.conversations,
          clock: parts.clock,
          providerFor: (id) => this.pool.providerFor(requireAccount(parts, id)),
          changed: (cid, scheduled) => this.events.emit({ conversations: cid ? [cid] : 'all', ...(scheduled ? { scheduled: true } : {}) }),
          notice: (text) => this.events.emit({ notice: text }),
          signal: parts.lifecycle.signal,
          crashPoint: parts.opts.crashPoint,
        });
        const report = await this.delivering;
        this.armTimer(report.nextDueAt);
      } while (this.deliverAgain && !parts.lifecycle.closed);
    } finally {
      this.delivering = null;
    }
  }

  /** The pass in flight, if any (close waits for it). */
  inFlight(): Promise<unknown> {
    return this.delivering ?? Promise.resolve();
  }

  /** Stops the timer for the next due entry (at close, or when the cache is damaged). */
  stopTimer(): void {
    this.timer.disarm();
  }

  private armTimer(at: number | null): void {
    const { lifecycle } = this.parts;
    // Re-checked on every delivery pass, so a long wait never rests on one long timer.
    this.timer.arm(!lifecycle.started || lifecycle.closed ? null : at);
  }
}
