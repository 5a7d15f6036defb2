/**
 * When each account syncs: on an interval, on window focus, on resume from sleep and on demand,
 * each account on its own clock so a slow or failing one never holds back another. Errors back
 * off (doubling up to half an hour); a provider's "wait until" is obeyed; a rejected key or a
 * disconnected account waits for the person rather than hammering the provider.
 * One timer at a time, never longer than a minute: a JS timer cannot be trusted across sleep.
 */
import type { Account } from '../../shared/domain';
import type { Clock } from './ports';

export interface ScheduleOptions {
  intervalMs: number;
  /** Focus and resume sync only accounts not synced for this long. */
  freshForMs?: number;
}

const MAX_TIMER_MS = 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;

interface Slot {
  dueAt: number;
  failures: number;
}

export class SyncSchedule {
  private readonly slots = new Map<string, Slot>();
  private timer: unknown = null;
  private stopped = true;

  constructor(
    private readonly clock: Clock,
    private opts: ScheduleOptions,
    private readonly accounts: () => Account[],
    /** Syncs one account; resolves when done, rejects with its error. */
    private readonly run: (accountId: string) => Promise<void>,
  ) {}

  /** Starts polling: every account is due at once. */
  start(): void {
    this.stopped = false;
    for (const a of this.accounts()) this.slot(a.id).dueAt = this.clock.now();
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Window focus or resume from sleep: sync what is stale now, not at its next turn. */
  wake(): void {
    const now = this.clock.now();
    const fresh = this.opts.freshForMs ?? 30_000;
    for (const a of this.accounts()) {
      const s = this.slot(a.id);
      const stale = (a.status.lastSyncedAt ?? 0) < now - fresh;
      const waitingOnPerson = a.status.state === 'key-rejected' || a.status.state === 'disconnected';
      const providerSaidWait = a.status.retryAt !== null && a.status.retryAt > now;
      if (stale && !waitingOnPerson && !providerSaidWait) s.dueAt = Math.min(s.dueAt, now);
    }
    this.tick();
  }

  /** Records the outcome of a sync, whoever started it, and sets that account's next turn. */
  settled(account: Account, ok: boolean): void {
    const s = this.slot(account.id);
    const now = this.clock.now();
    if (ok) {
      s.failures = 0;
      s.dueAt = now + this.opts.intervalMs;
    } else {
      s.failures++;
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (s.failures - 1));
      const state = account.status.state;
      if (state === 'key-rejected' || state === 'disconnected') s.dueAt = now + BACKOFF_MAX_MS;
      else if (state === 'rate-limited' && account.status.retryAt !== null) s.dueAt = Math.max(account.status.retryAt, now + 1_000);
      else s.dueAt = now + backoff;
    }
    this.tick();
  }

  /** Changes the polling interval; accounts already waiting keep their turn unless it is now due sooner. */
  setInterval(intervalMs: number): void {
    const shorter = intervalMs < this.opts.intervalMs;
    this.opts = { ...this.opts, intervalMs };
    if (shorter) {
      const latest = this.clock.now() + intervalMs;
      for (const s of this.slots.values()) if (s.failures === 0 && s.dueAt !== Infinity) s.dueAt = Math.min(s.dueAt, latest);
      this.tick();
    }
  }

  /** Forgets a removed account. */
  forget(accountId: string): void {
    this.slots.delete(accountId);
  }

  /** When the account syncs next (epoch ms), for status and tests. */
  nextDueAt(accountId: string): number | null {
    return this.slots.get(accountId)?.dueAt ?? null;
  }

  private slot(id: string): Slot {
    let s = this.slots.get(id);
    if (!s) {
      s = { dueAt: this.clock.now(), failures: 0 };
      this.slots.set(id, s);
    }
    return s;
  }

  /** Starts every due account, then arms one short timer for the next check. */
  private tick(): void {
    if (this.stopped) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const now = this.clock.now();
    let next = Infinity;
    for (const a of this.accounts()) {
      const s = this.slot(a.id);
      if (s.dueAt <= now) {
        s.dueAt = Infinity; // until settled() sets the next turn
        void this.run(a.id).catch(() => undefined);
      } else next = Math.min(next, s.dueAt);
    }
    if (next !== Infinity) this.timer = this.clock.setTimeout(() => this.tick(), Math.min(MAX_TIMER_MS, Math.max(0, next - now)));
  }
}
