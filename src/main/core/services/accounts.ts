/**
 * Accounts: adding (tested first; the key goes to the SecretStore and nowhere else), testing,
 * editing, removing (with its key), the demo account and its offer, the connection doctor, and
 * sweeping keys that belong to no account.
 */
import { randomUUID } from 'node:crypto';
import type { Account, AccountPatch, ConnectionVerdict, DemoOffer, NewAccount } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import type { AppErrorCode } from '../../../shared/errors';
import type { AccountDiagnosis } from '../../../shared/ipc';
import { bindUnboundKeys, storedKeyRefusal } from '../accounts/key-binding';
import { KeyCleanup } from '../accounts/key-cleanup';
import { transaction } from '../db/database';
import { demoOfferFor, rememberDemoAnswer } from '../demo-offer';
import { runAccountDiagnosis, saveLastDiagnosis } from '../doctor/account-diagnosis';
import { AppError, invalidInput } from '../errors';
import { originOf } from '../net/base-url';
import type { UndoHistory } from '../undo-history';
import { checkAccountInput, probeConnection } from './connection-probe';
import type { CoreEvents } from './events';
import { requireAccount, type CoreParts } from './parts';
import type { ProviderPool } from './provider-pool';
import type { SyncRunner } from './sync-runner';

export class AccountsService {
  private readonly keyCleanup: KeyCleanup;
  private tidying: Promise<void> | null = null;
  /** The last connection-doctor report per account, for "Save…" (kept in memory only). */
  private readonly diagnoses = new Map<string, AccountDiagnosis>();

  constructor(
    private readonly parts: CoreParts,
    private readonly pool: ProviderPool,
    private readonly events: CoreEvents,
    private readonly sync: SyncRunner,
    private readonly undo: UndoHistory,
  ) {
    this.keyCleanup = new KeyCleanup(parts.db, parts.opts.secrets, parts.clock);
    bindUnboundKeys(parts.accounts);
  }

  /** First-start work: the demo account, when asked for and never created before. */
  async seedDemo(): Promise<void> {
    const { accounts, meta, clock, recovery } = this.parts;
    // A recovered or lost cache is not a first start: no demo account appears in place of the person's.
    if (recovery === null && meta.get('demo_created') === null && accounts.list().length === 0) {
      const demo = await this.add({ provider: 'demo', name: 'Demo', config: {} });
      meta.set('demo_created', String(clock.now()));
      await this.sync.syncNow(demo.id);
    }
  }

  /** Every account, with today's daily caps of those whose provider has counted them. */
  list(): Account[] {
    return this.parts.accounts.list().map((a) => {
      const caps = this.pool.dailyCaps(a.id);
      return caps.length > 0 ? { ...a, usage: { ...a.usage, dailyCaps: caps } } : a;
    });
  }

  /** Adds an account after testing it against its provider; the key goes to the SecretStore and nowhere else. */
  async add(input: NewAccount): Promise<Account> {
    const { parts } = this;
    if (input.provider === 'demo' && parts.accounts.list().some((a) => a.provider === 'demo')) {
      throw invalidInput('There is already a demo account; one is enough to try the app (remove it in Settings before adding it again).');
    }
    const { name, config } = checkAccountInput(input.provider, input.name, input.config, this.pool.addressRules);
    const apiKey = input.apiKey?.trim() ?? '';
    if (input.provider !== 'demo' && !apiKey) throw invalidInput(`Enter the ${PROVIDER_LABELS[input.provider]} API key.`);
    const { verdict, credits } = await probeConnection(parts, this.pool, { provider: input.provider, name, config, apiKey });
    if (!verdict.ok) throw new AppError(verdict.code as AppErrorCode, verdict.message);

    const id = randomUUID();
    const added = this.keyCleanup.beginAdding(id);
    try {
      // Recorded first: if the app stops after the key is stored and before the row is, the next start deletes the key.
      if (apiKey) {
        this.keyCleanup.record(id);
        try {
          await parts.opts.secrets.set(id, apiKey);
        } catch (err) {
          this.keyCleanup.settle(id); // nothing was stored
          throw err;
        }
        parts.opts.crashPoint?.('key-stored-account-not-yet');
      }
      try {
        transaction(parts.db, () => {
          parts.accounts.insert({ id, provider: input.provider, name, config, createdAt: parts.clock.now(), keyOrigin: originOf(input.provider, config) });
          if (credits > 0) parts.accounts.addCredits(id, credits); // the test call was paid for too
          this.keyCleanup.settle(id);
        });
        this.pool.budgets.adopt(id, input.provider, originOf(input.provider, config), apiKey);
      } catch (err) {
        // A key that cannot be deleted now stays recorded: the next start deletes it.
        if (apiKey) await parts.opts.secrets.delete(id).then(() => this.keyCleanup.settle(id), () => undefined);
        throw err;
      }
    } finally {
      added();
    }
    this.events.emit({ accounts: true });
    const account = parts.accounts.get(id)!;
    if (parts.lifecycle.started) void this.sync.syncOne(account).catch(() => undefined);
    return account;
  }

  /**
   * Tries settings against the provider with its cheapest authenticated call, without saving
   * anything. For an existing account (`accountId`), a missing key means the stored one.
   */
  async test(input: NewAccount, accountId?: string): Promise<ConnectionVerdict> {
    if (accountId !== undefined) requireAccount(this.parts, accountId);
    const { verdict, credits } = await probeConnection(this.parts, this.pool, input, accountId);
    if (accountId !== undefined && credits > 0) {
      this.parts.accounts.addCredits(accountId, credits);
      this.events.emit({ accounts: true });
    }
    return verdict;
  }

  /** Edits an account's name, settings or key; changed settings or key are tested first. */
  async update(accountId: string, patch: AccountPatch): Promise<Account> {
    const { accounts, opts } = this.parts;
    const current = requireAccount(this.parts, accountId);
    const { name, config } = checkAccountInput(current.provider, patch.name ?? current.name, patch.config ?? current.config, this.pool.addressRules);
    const apiKey = patch.apiKey?.trim() || undefined;
    // A new address needs the key typed again: the stored one is never sent anywhere else.
    const refusal = apiKey ? null : storedKeyRefusal(current, accounts.keyOrigin(accountId), { provider: current.provider, config });
    if (refusal && patch.config !== undefined) throw invalidInput(refusal);
    if (patch.config !== undefined || apiKey !== undefined) {
      const verdict = await this.test({ provider: current.provider, name, config, apiKey }, accountId);
      if (!verdict.ok) throw new AppError(verdict.code as AppErrorCode, verdict.message);
    }
    if (apiKey) await opts.secrets.set(accountId, apiKey);
    accounts.update(accountId, { name, config, keyOrigin: apiKey ? originOf(current.provider, config) : undefined });
    this.pool.forget(accountId); // rebuilt with the new settings on next use
    if (current.status.state === 'key-rejected' && apiKey) accounts.setStatus(accountId, { state: 'idle', lastSyncedAt: current.status.lastSyncedAt });
    this.events.emit({ accounts: true, conversations: 'all' });
    return accounts.get(accountId)!;
  }

  /** The offer to remove the demo account, once the first real account has synced; null when there is none to make. */
  demoOffer(): DemoOffer | null {
    return demoOfferFor(this.parts.accounts.list(), this.parts.meta);
  }

  /** Answers the demo offer once and for all; `remove`: the demo account and its conversations go. */
  async answerDemoOffer(remove: boolean): Promise<void> {
    const offer = this.demoOffer();
    rememberDemoAnswer(this.parts.meta, remove);
    if (remove && offer) await this.remove(offer.demoAccountId);
    else this.events.emit({ accounts: true });
  }

  /** Removes an account, its cached conversations and its key in the keychain. */
  async remove(accountId: string): Promise<void> {
    const { db, accounts, opts } = this.parts;
    const account = requireAccount(this.parts, accountId);
    // The row and the record that its key must go are one write; the key store is told after.
    transaction(db, () => {
      accounts.delete(accountId);
      if (account.provider !== 'demo') this.keyCleanup.record(accountId);
    });
    opts.crashPoint?.('account-removed-key-kept');
    this.pool.forget(accountId);
    this.pool.budgets.delete(accountId);
    this.sync.schedule.forget(accountId);
    this.undo.forgetMissing();
    // The account is gone from the inbox at once, whatever the keychain says next.
    this.events.emit({ accounts: true, conversations: 'all' });
    if (account.provider === 'demo') return;
    try {
      await opts.secrets.delete(accountId);
      this.keyCleanup.settle(accountId);
    } catch (err) {
      const why = err instanceof Error && err.message ? ` (${err.message.replace(/[.\s]+$/, '')})` : '';
      throw new AppError(
        'keychain',
        `'${account.name}' is removed, but its API key could not be deleted from ${opts.secrets.description ?? 'the keychain'}${why}. Delete it there, or revoke the key at ${PROVIDER_LABELS[account.provider]}.`,
      );
    }
    // The key store answers: a good moment to sweep keys that belong to no account.
    await this.tidyKeys().catch(() => undefined);
  }

  /** Finishes key deletions left undone and deletes keys that belong to no account (one sweep at a time). */
  tidyKeys(): Promise<void> {
    this.tidying ??= this.keyCleanup.tidy().finally(() => (this.tidying = null));
    return this.tidying;
  }

  /** At start: sweeps keys only when a deletion is waiting (start-up must not ask, or wait for, the keychain otherwise). */
  tidyKeysIfPending(): void {
    if (this.keyCleanup.hasPending()) void this.tidyKeys().catch(() => undefined);
  }

  /** The sweep in flight, if any (close waits for it). */
  inFlight(): Promise<unknown> {
    return this.tidying ?? Promise.resolve();
  }

  /** Runs the connection doctor on a saved account, with the same address rules, budget and key binding as a sync. */
  async diagnose(accountId: string): Promise<AccountDiagnosis> {
    const account = requireAccount(this.parts, accountId);
    // The doctor only reads; Linkup bills the probes' few items like any read, counted with the account's credits.
    const result = await runAccountDiagnosis(this.pool.contextFor(account));
    this.diagnoses.set(accountId, result);
    return result;
  }

  /** Saves the last doctor report of an account where the person picks; null when they cancel. */
  async saveDiagnosis(accountId: string): Promise<string | null> {
    const account = requireAccount(this.parts, accountId);
    return saveLastDiagnosis(this.diagnoses.get(accountId), account, this.parts.opts.chooseExportPath, this.parts.clock.now());
  }

}
