/**
 * Sync runs: at most one per account at a time, polled by the schedule (sync-schedule.ts) or asked
 * for. Records each run's outcome on the account, tells listeners what changed, passes new
 * messages from other people on, and lets waiting deliveries go when a provider answers again.
 */
import type { Account } from '../../../shared/domain';
import { AppError } from '../errors';
import { syncAccount, syncNote, type SyncResult } from '../sync';
import { DEFAULT_SYNC_LIMITS } from '../sync-bounds';
import { SyncSchedule } from '../sync-schedule';
import type { CacheHealth } from './cache-health';
import type { CoreEvents } from './events';
import type { OutboxRunner } from './outbox-runner';
import { requireAccount, type CoreParts } from './parts';
import type { ProviderPool } from './provider-pool';

export class SyncRunner {
  private readonly syncing = new Map<string, Promise<SyncResult>>();
  /** Polls every account; its interval follows the settings. */
  readonly schedule: SyncSchedule;

  constructor(
    private readonly parts: CoreParts,
    private readonly pool: ProviderPool,
    private readonly events: CoreEvents,
    private readonly outbox: OutboxRunner,
    private readonly health: CacheHealth,
    intervalMs: number,
  ) {
    this.schedule = new SyncSchedule(parts.clock, { intervalMs }, () => parts.accounts.list(), (id) => this.syncNow(id));
  }

  /**
   * Syncs one account (throwing its error, which is also recorded on the account) or,
   * without an id, every account (never throwing: one account's failure stalls no other).
   */
  async syncNow(accountId?: string): Promise<void> {
    if (accountId !== undefined) {
      await this.syncOne(requireAccount(this.parts, accountId));
      return;
    }
    await Promise.all(this.parts.accounts.list().map((a) => this.syncOne(a).catch(() => undefined)));
  }

  /** Syncs one account, joining its run when one is already going. */
  syncOne(account: Account): Promise<SyncResult> {
    const running = this.syncing.get(account.id);
    if (running) return running;
    const run = this.runSync(account).finally(() => this.syncing.delete(account.id));
    this.syncing.set(account.id, run);
    return run;
  }

  /** Every run in flight (close waits for them). */
  inFlight(): Promise<unknown>[] {
    return [...this.syncing.values()];
  }

  private async runSync(account: Account): Promise<SyncResult> {
    const { accounts, clock, lifecycle } = this.parts;
    // A first sync brings the whole history: that is not news to notify about.
    const wasListedBefore = accounts.listedToEnd(account.id);
    accounts.setStatus(account.id, { state: 'syncing', lastSyncedAt: account.status.lastSyncedAt });
    this.events.emit({ accounts: true });
    try {
      const result = await syncAccount(account, this.pool.providerFor(account), {
        db: this.parts.db,
        accounts,
        conversations: this.parts.conversations,
        messages: this.parts.messages,
        clock,
        progress: (ids) => this.events.emit({ conversations: ids }),
        limits: { ...DEFAULT_SYNC_LIMITS, ...this.parts.opts.syncLimits },
        signal: lifecycle.signal,
        crashPoint: this.parts.opts.crashPoint,
      });
      // Their reply answers a follow-up reminder: it clears itself (its rows are in this sync's change event).
      this.parts.followUps.clearAnswered();
      accounts.setStatus(account.id, { state: 'ok', lastSyncedAt: clock.now(), message: syncNote(account, result) });
      this.schedule.settled(accounts.get(account.id) ?? account, true);
      this.events.emit({ accounts: true, conversations: result.changedConversationIds });
      if (result.inbound.length > 0 && wasListedBefore) this.events.emitInbound(result.inbound);
      // The provider answers again: deliveries waiting on the network need not wait out their back-off.
      if (this.parts.outbox.wakeAccount(account.id, clock.now()) > 0) this.outbox.kick();
      return result;
    } catch (thrown) {
      const err = this.health.storageFailure(thrown);
      if (this.health.damaged) throw err; // nothing more is written to a damaged cache, not even the account's status
      // Closed mid-sync: not a failure of the account; the next start resumes where it stopped.
      if (lifecycle.closed) {
        accounts.setStatus(account.id, account.status);
        throw err;
      }
      accounts.setStatus(account.id, { ...statusFor(err, clock.now()), lastSyncedAt: account.status.lastSyncedAt });
      const now = accounts.get(account.id);
      if (now) this.schedule.settled(now, false);
      this.events.emit({ accounts: true });
      throw err;
    }
  }
}

function statusFor(err: unknown, now: number): { state: Account['status']['state']; message: string; retryAt: number | null } {
  if (!(err instanceof AppError)) return { state: 'error', message: 'Sync failed unexpectedly; it will be tried again.', retryAt: null };
  switch (err.code) {
    case 'auth':
      return { state: 'key-rejected', message: err.message, retryAt: null };
    case 'disconnected':
      return { state: 'disconnected', message: err.message, retryAt: null };
    case 'network':
      return { state: 'offline', message: err.message, retryAt: null };
    case 'rate-limited':
      return { state: 'rate-limited', message: err.message, retryAt: err.retryAfterMs !== null ? now + err.retryAfterMs : null };
    default:
      return { state: 'error', message: err.message, retryAt: null };
  }
}
