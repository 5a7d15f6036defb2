/**
 * InboxCore: the headless application. Everything the renderer can ask for (InboxApi)
 * plus the lifecycle the shell drives (start, close) and change events.
 */
import { randomUUID } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import type {
  Account,
  AccountConfig,
  AccountPatch,
  ArchiveMode,
  BulkAction,
  ChangeEvent,
  ExportSummary,
  KeyStorageStatus,
  LinkVerdict,
  SearchResult,
  ConnectionVerdict,
  DemoOffer,
  ConversationPage,
  Label,
  LabelPatch,
  Message,
  NewAccount,
  ProviderKind,
  SnoozeRequest,
  Thread,
  ThreadPage,
  ThreadPageRequest,
  TriageResult,
  UndoResult,
  ViewCounts,
} from '../../shared/domain';
import type { AppErrorCode } from '../../shared/errors';
import { AFTER_TRIAGE_CHOICES, DENSITY_CHOICES, LIST_WIDTH_MAX, LIST_WIDTH_MIN, THEME_CHOICES, DEFAULT_SETTINGS, MAX_REPLY_LENGTH, MAX_SNIPPET_NAME, MAX_SNIPPETS, POLL_INTERVAL_CHOICES, PROVIDER_LABELS, UNDO_SEND_CHOICES, type AppSettings, type Snippet } from '../../shared/domain';
import { copyableLink, linkVerdict } from '../../shared/links';
import type { AccountDiagnosis, InboxApi, ListQuery } from '../../shared/ipc';
import { runAccountDiagnosis, saveLastDiagnosis } from './doctor/account-diagnosis';
import { assertKeyBound, bindUnboundKeys, storedKeyRefusal } from './accounts/key-binding';
import { failedVerdict } from './accounts/connection-verdict';
import { AvatarCache } from './avatars';
import { checkBaseUrl, isProviderOrigin, originOf, type AddressRules } from './net/base-url';
import { ProviderRoutes } from './net/outbound';
import { DATABASE_FILE, transaction, type Db } from './db/database';
import { markDamaged, openCache, writeRollingCopy, type CacheHistory } from './db/recovery';
import { isCorruption, storageError } from './db/storage-errors';
import { exportFileName, writeExport } from './export';
import { AppError, invalidInput, notFound, toErrorShape } from './errors';
import { deliverDue, type DeliveryReport } from './outbox';
import { MemorySettingsStore, silentNotifier, systemClock, type Clock, type CorePorts, type CrashPoint, type Notifier, type SettingsStore } from './ports';
import { KeyCleanup } from './accounts/key-cleanup';
import { guardStorage } from './storage-guard';
import { createProvider, SUPPORTED_PROVIDERS } from './providers/registry';
import { AccountBudgets } from './providers/account-budgets';
import { checkDailyCapSetting } from './accounts/daily-cap-setting';
import { PROVIDER_CAPABILITIES } from './providers/capabilities';
import type { MirrorAction, Provider } from './providers/types';
import { AccountStore } from './store/accounts';
import { ConversationStore, toSummary, type ConversationRecord } from './store/conversations';
import { MessageStore } from './store/messages';
import { threadPage } from './thread-pages';
import { DraftStore } from './store/drafts';
import { MetaStore } from './store/meta';
import { demoOfferFor, rememberDemoAnswer } from './demo-offer';
import { OutboxStore } from './store/outbox';
import * as chrono from 'chrono-node';
import { notifyInbound, notifyReminders, type NotificationContext } from './notification-rules';
import { SnoozeScheduler } from './snooze-scheduler';
import { LabelStore } from './store/labels';
import { syncAccount, syncNote, type InboundMessage, type SyncResult } from './sync';
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './sync-bounds';
import { Triage } from './triage';
import { SyncSchedule } from './sync-schedule';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, runSearch } from './search';
import { searchStoreFor } from './store/search';

export interface CoreOptions extends CorePorts {
  /** Create the demo account on first start (the app does; tests choose). */
  seedDemo?: boolean;
  /** Overrides the polling interval from the settings (tests). */
  pollIntervalMs?: number;
  /** How long one profile picture may take to download, in real ms (tests shorten it). */
  avatarTimeoutMs?: number;
  /**
   * Tests only: fetch profile pictures from this computer and private networks (plain http to
   * 127.0.0.1 included) through `dispatcher`. Without it (the app) pictures come only from public
   * https addresses, through an Agent of the avatar cache's own that checks each address it
   * connects to (see avatars.ts).
   */
  allowLoopbackImages?: boolean;
  /** Tests only: smaller caps on how far one sync pages (sync-bounds.ts). */
  syncLimits?: Partial<SyncLimits>;
  /**
   * Let accounts' base URLs name this computer (127.0.0.1, localhost, [::1]), over http or https:
   * for a local test server or simulator. Tests and development builds only; the packaged app never
   * sets it. Without it, keys go only to public https addresses.
   */
  allowLoopbackBaseUrls?: boolean;
  /** How many bytes all profile pictures together may take (tests shrink it). */
  avatarCacheBytes?: number;
  /** Tests only: called at each named point between two writes, so a test can kill the process there. */
  crashPoint?: (point: CrashPoint) => void;
  /** Whether this computer had a cache before (the shell keeps it in preferences), so a lost one is reported. */
  cacheHistory?: CacheHistory;
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
/** A draft may run past a reply's limit while being edited (the composer says so), up to twice it. */
const MAX_DRAFT_LENGTH = MAX_REPLY_LENGTH * 2;

export class InboxCore implements InboxApi {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly notifier: Notifier;
  private readonly accounts: AccountStore;
  private readonly conversations: ConversationStore;
  private readonly messages: MessageStore;
  private readonly outbox: OutboxStore;
  private readonly meta: MetaStore;
  private readonly drafts: DraftStore;
  private readonly avatars: AvatarCache;
  private readonly providers = new Map<string, Provider>();
  /** The last connection-doctor report per account, for "Save…" (kept in memory only). */
  private readonly diagnoses = new Map<string, AccountDiagnosis>();
  private readonly budgets: AccountBudgets;
  private readonly syncing = new Map<string, Promise<SyncResult>>();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private readonly inboundListeners = new Set<(messages: InboundMessage[]) => void>();
  private delivering: Promise<DeliveryReport> | null = null;
  private deliverAgain = false;
  private started = false;
  private closed = false;
  /** Aborted by close(): provider requests, rate-limit waits and syncs stop at once. */
  private readonly closing = new AbortController();
  private readonly schedule: SyncSchedule;
  private readonly labels: LabelStore;
  private readonly triage: Triage;
  private readonly snoozes: SnoozeScheduler;
  private readonly notify: NotificationContext;
  private activeConversationId: string | null = null;
  private windowFocused = true;
  private readonly settingsStore: SettingsStore;
  private settings: AppSettings;
  private outboxTimer: unknown = null;
  private readonly addressRules: AddressRules;
  private readonly routes: ProviderRoutes;
  private readonly keyCleanup: KeyCleanup;
  private tidying: Promise<void> | null = null;
  /** What recovering the cache at open did, for the person; null when it opened normally. */
  private readonly recovery: string | null;
  /** Damage found while running: nothing more is written, and the next start recovers. */
  private damaged: AppError | null = null;

  constructor(private readonly opts: CoreOptions) {
    this.clock = opts.clock ?? systemClock;
    this.notifier = opts.notifier ?? silentNotifier;
    const opened = openCache(opts.dataDir, { crashPoint: opts.crashPoint, history: opts.cacheHistory });
    this.db = opened.db;
    this.recovery = opened.recovery;
    this.keyCleanup = new KeyCleanup(this.db, opts.secrets, this.clock);
    this.budgets = new AccountBudgets(this.clock);
    this.accounts = new AccountStore(this.db);
    this.conversations = new ConversationStore(this.db);
    this.messages = new MessageStore(this.db);
    this.outbox = new OutboxStore(this.db);
    this.meta = new MetaStore(this.db);
    this.drafts = new DraftStore(this.db);
    this.addressRules = { allowLoopback: opts.allowLoopbackBaseUrls ?? false };
    this.routes = new ProviderRoutes(opts.dispatcher, this.addressRules);
    bindUnboundKeys(this.accounts);
    this.avatars = new AvatarCache({ db: this.db, dispatcher: opts.dispatcher, clock: this.clock, timeoutMs: opts.avatarTimeoutMs, allowLoopback: opts.allowLoopbackImages, maxTotalBytes: opts.avatarCacheBytes });
    this.settingsStore = opts.settings ?? new MemorySettingsStore();
    this.settings = readSettings(this.settingsStore.load());
    const intervalMs = opts.pollIntervalMs ?? this.settings.pollIntervalMinutes * 60_000;
    this.schedule = new SyncSchedule(this.clock, { intervalMs }, () => this.accounts.list(), (id) => this.syncNow(id));
    this.labels = new LabelStore(this.db);
    this.triage = new Triage({
      db: this.db,
      clock: this.clock,
      conversations: this.conversations,
      labels: this.labels,
      outbox: this.outbox,
      settings: () => this.settings,
      capLeft: (accountId, action) => {
        const account = this.accounts.get(accountId);
        const cap = account ? this.providerFor(account).dailyCaps?.().find((c) => c.action === action) : undefined;
        return cap ? cap.limit - cap.used : null;
      },
    });
    this.snoozes = new SnoozeScheduler(this.clock, () => this.conversations.nextSnoozeAt(), (now) => this.bringBackDue(now));
    // The open conversation is "being read" only while the window has focus.
    this.notify = { notifier: this.notifier, settings: () => this.settings, activeConversationId: () => (this.windowFocused ? this.activeConversationId : null) };
    this.onInbound((messages) => notifyInbound(this.notify, messages));
  }

  /** First-start work: the demo account, when asked for and never created before. */
  async init(): Promise<void> {
    // A recovered or lost cache is not a first start: no demo account appears in place of the person's.
    if (this.opts.seedDemo && this.recovery === null && this.meta.get('demo_created') === null && this.accounts.list().length === 0) {
      const demo = await this.addAccount({ provider: 'demo', name: 'Demo', config: {} });
      this.meta.set('demo_created', String(this.clock.now()));
      await this.syncNow(demo.id);
    }
  }

  // ---- change events -------------------------------------------------------------

  /**
   * Subscribes to new messages from other people, as sync finds them (not during an account's
   * first sync): the one event notifications and triage rules use. Returns an unsubscribe.
   */
  onInbound(listener: (messages: InboundMessage[]) => void): () => void {
    this.inboundListeners.add(listener);
    return () => this.inboundListeners.delete(listener);
  }

  private emitInbound(messages: InboundMessage[]): void {
    for (const l of this.inboundListeners) {
      try {
        l(messages);
      } catch {
        // A broken listener must not break sync.
      }
    }
  }

  /** Subscribes to data changes; returns an unsubscribe function. */
  onChanged(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: ChangeEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A broken listener must not break the core.
      }
    }
  }

  // ---- accounts ------------------------------------------------------------------

  async listAccounts(): Promise<Account[]> {
    return this.accounts.list().map((a) => {
      const caps = this.providers.get(a.id)?.dailyCaps?.() ?? [];
      return caps.length > 0 ? { ...a, usage: { ...a.usage, dailyCaps: caps } } : a;
    });
  }

  /** Adds an account after testing it against its provider; the key goes to the SecretStore and nowhere else. */
  async addAccount(input: NewAccount): Promise<Account> {
    if (input.provider === 'demo' && this.accounts.list().some((a) => a.provider === 'demo')) {
      throw invalidInput('There is already a demo account; one is enough to try the app (remove it in Settings before adding it again).');
    }
    const { name, config } = checkAccountInput(input.provider, input.name, input.config, this.addressRules);
    const apiKey = input.apiKey?.trim() ?? '';
    if (input.provider !== 'demo' && !apiKey) throw invalidInput(`Enter the ${PROVIDER_LABELS[input.provider]} API key.`);
    const { verdict, credits } = await this.probe({ provider: input.provider, name, config, apiKey });
    if (!verdict.ok) throw new AppError(verdict.code as AppErrorCode, verdict.message);

    const id = randomUUID();
    const added = this.keyCleanup.beginAdding(id);
    try {
      // Recorded first: if the app stops after the key is stored and before the row is, the next start deletes the key.
      if (apiKey) {
        this.keyCleanup.record(id);
        try {
          await this.opts.secrets.set(id, apiKey);
        } catch (err) {
          this.keyCleanup.settle(id); // nothing was stored
          throw err;
        }
        this.opts.crashPoint?.('key-stored-account-not-yet');
      }
      try {
        transaction(this.db, () => {
          this.accounts.insert({ id, provider: input.provider, name, config, createdAt: this.clock.now(), keyOrigin: originOf(input.provider, config) });
          if (credits > 0) this.accounts.addCredits(id, credits); // the test call was paid for too
          this.keyCleanup.settle(id);
        });
        this.budgets.adopt(id, input.provider, originOf(input.provider, config), apiKey);
      } catch (err) {
        // A key that cannot be deleted now stays recorded: the next start deletes it.
        if (apiKey) await this.opts.secrets.delete(id).then(() => this.keyCleanup.settle(id), () => undefined);
        throw err;
      }
    } finally {
      added();
    }
    this.emit({ accounts: true });
    const account = this.accounts.get(id)!;
    if (this.started) void this.syncOne(account).catch(() => undefined);
    return account;
  }

  /**
   * Tries settings against the provider with its cheapest authenticated call, without saving
   * anything. For an existing account (`accountId`), a missing key means the stored one.
   */
  async testAccount(input: NewAccount, accountId?: string): Promise<ConnectionVerdict> {
    if (accountId !== undefined) this.requireAccount(accountId);
    const { verdict, credits } = await this.probe(input, accountId);
    if (accountId !== undefined && credits > 0) {
      this.accounts.addCredits(accountId, credits);
      this.emit({ accounts: true });
    }
    return verdict;
  }

  /** Runs the provider's connection test; reports the verdict and any credits it cost. */
  private async probe(input: NewAccount, accountId?: string): Promise<{ verdict: ConnectionVerdict; credits: number }> {
    let checked: { name: string; config: AccountConfig };
    try {
      checked = checkAccountInput(input.provider, input.name, input.config, this.addressRules);
    } catch (err) {
      return { verdict: { ok: false, code: 'invalid-input', message: (err as AppError).message }, credits: 0 };
    }
    const typed = input.apiKey?.trim();
    const saved = accountId ? this.accounts.get(accountId) : null;
    // A stored key goes only to the provider and origin it was saved for: refused before any request.
    const refusal = saved && !typed ? storedKeyRefusal(saved, this.accounts.keyOrigin(saved.id), { provider: input.provider, config: checked.config }) : null;
    if (refusal) return { verdict: { ok: false, code: 'invalid-input', message: refusal }, credits: 0 };
    const key = typed || (accountId ? await this.opts.secrets.get(accountId) : null);
    const label = PROVIDER_LABELS[input.provider];
    if (input.provider !== 'demo' && !key) return { verdict: { ok: false, code: 'invalid-input', message: `Enter the ${label} API key.` }, credits: 0 };
    const probe: Account = {
      id: accountId ?? 'unsaved',
      provider: input.provider,
      name: checked.name,
      config: checked.config,
      createdAt: this.clock.now(),
      status: { state: 'idle', message: null, lastSyncedAt: null, retryAt: null },
      capabilities: PROVIDER_CAPABILITIES[input.provider],
      usage: { creditsUsed: null, dailyCaps: [] },
    };
    const origin = originOf(input.provider, checked.config);
    // Trusted: the provider's own address, or the one this account's key was saved for.
    const trusted = origin === null || isProviderOrigin(input.provider, origin) || (saved?.provider === input.provider && this.accounts.keyOrigin(saved.id) === origin);
    let credits = 0;
    let provider: Provider;
    try {
      provider = createProvider({
        account: probe,
        dispatcher: this.routes.dispatcherFor(input.provider, checked.config),
        clock: this.clock,
        // Counted: the server counts the connection test in the same window as what follows.
        budget: accountId ? this.budgets.forAccount(accountId, input.provider) : this.budgets.forUnsaved(input.provider, origin, key ?? ''),
        signal: this.closing.signal,
        getApiKey: async () => key ?? '',
        reportUsage: (u) => {
          if (u.kind === 'credits') credits += u.consumed;
        },
        quoteServerText: trusted,
      });
    } catch (err) {
      const shape = toErrorShape(err); // the adapter's check of the settings: nothing was sent
      return { verdict: { ok: false, code: shape.code, message: shape.message }, credits };
    }
    try {
      await provider.testConnection();
      return { verdict: { ok: true, message: `Connected to ${label}: the key and settings of '${checked.name}' work.` }, credits };
    } catch (err) {
      if (input.provider === 'demo' || origin === null) return { verdict: { ok: false, ...toErrorShape(err) }, credits };
      return { verdict: failedVerdict(err, { provider: input.provider, origin, trusted, key }), credits };
    }
  }

  /** Edits an account's name, settings or key; changed settings or key are tested first. */
  async updateAccount(accountId: string, patch: AccountPatch): Promise<Account> {
    const current = this.requireAccount(accountId);
    const { name, config } = checkAccountInput(current.provider, patch.name ?? current.name, patch.config ?? current.config, this.addressRules);
    const apiKey = patch.apiKey?.trim() || undefined;
    // A new address needs the key typed again: the stored one is never sent anywhere else.
    const refusal = apiKey ? null : storedKeyRefusal(current, this.accounts.keyOrigin(accountId), { provider: current.provider, config });
    if (refusal && patch.config !== undefined) throw invalidInput(refusal);
    if (patch.config !== undefined || apiKey !== undefined) {
      const verdict = await this.testAccount({ provider: current.provider, name, config, apiKey }, accountId);
      if (!verdict.ok) throw new AppError(verdict.code as AppErrorCode, verdict.message);
    }
    if (apiKey) await this.opts.secrets.set(accountId, apiKey);
    this.accounts.update(accountId, { name, config, keyOrigin: apiKey ? originOf(current.provider, config) : undefined });
    this.providers.delete(accountId); // rebuilt with the new settings on next use
    if (current.status.state === 'key-rejected' && apiKey) this.accounts.setStatus(accountId, { state: 'idle', lastSyncedAt: current.status.lastSyncedAt });
    this.emit({ accounts: true, conversations: 'all' });
    return this.accounts.get(accountId)!;
  }

  /** The offer to remove the demo account, once the first real account has synced; null when there is none to make. */
  async demoOffer(): Promise<DemoOffer | null> {
    return demoOfferFor(this.accounts.list(), this.meta);
  }

  /** Answers the demo offer once and for all; `remove`: the demo account and its conversations go. */
  async answerDemoOffer(remove: boolean): Promise<void> {
    const offer = demoOfferFor(this.accounts.list(), this.meta);
    rememberDemoAnswer(this.meta, remove);
    if (remove && offer) await this.removeAccount(offer.demoAccountId);
    else this.emit({ accounts: true });
  }

  /** Removes an account, its cached conversations and its key in the keychain. */
  async removeAccount(accountId: string): Promise<void> {
    const account = this.requireAccount(accountId);
    // The row and the record that its key must go are one write; the key store is told after.
    transaction(this.db, () => {
      this.accounts.delete(accountId);
      if (account.provider !== 'demo') this.keyCleanup.record(accountId);
    });
    this.opts.crashPoint?.('account-removed-key-kept');
    this.providers.delete(accountId);
    this.budgets.delete(accountId);
    this.schedule.forget(accountId);
    this.triage.forgetMissing();
    // The account is gone from the inbox at once, whatever the keychain says next.
    this.emit({ accounts: true, conversations: 'all' });
    if (account.provider === 'demo') return;
    try {
      await this.opts.secrets.delete(accountId);
      this.keyCleanup.settle(accountId);
    } catch (err) {
      const why = err instanceof Error && err.message ? ` (${err.message.replace(/[.\s]+$/, '')})` : '';
      throw new AppError(
        'keychain',
        `'${account.name}' is removed, but its API key could not be deleted from ${this.opts.secrets.description ?? 'the keychain'}${why}. Delete it there, or revoke the key at ${PROVIDER_LABELS[account.provider]}.`,
      );
    }
    // The key store answers: a good moment to sweep keys that belong to no account.
    await this.tidyKeys().catch(() => undefined);
  }

  /**
   * Finishes key deletions that a crash or an unreachable keychain left undone, and deletes keys
   * that belong to no account. start() runs it in the background when a deletion is waiting.
   */
  tidyKeys(): Promise<void> {
    this.tidying ??= this.keyCleanup.tidy().finally(() => (this.tidying = null));
    return this.tidying;
  }

  // ---- reading -------------------------------------------------------------------

  async listConversations(query: ListQuery): Promise<ConversationPage> {
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? DEFAULT_PAGE, MAX_PAGE);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) throw invalidInput('That page of the list does not exist.');
    const page = this.conversations.list(query.view, offset, limit);
    return { items: page.items.map(toSummary), total: page.total };
  }

  async viewCounts(): Promise<ViewCounts> {
    return this.countsNow();
  }

  private countsNow(): ViewCounts {
    return this.conversations.counts(this.accounts.list().map((a) => a.id));
  }

  /** Returns the thread's newest page (or the page around a message) and marks it read locally (no read receipt is sent). */
  async openConversation(conversationId: string, at: { around?: string } = {}): Promise<Thread> {
    let c = this.requireConversation(conversationId);
    if (c.unreadCount > 0 || c.readAt === null) {
      this.triage.markRead(conversationId, { recordUndo: false });
      if (c.unreadCount > 0) {
        this.emit({ conversations: [conversationId] });
        this.kickOutbox();
      }
      c = this.requireConversation(conversationId);
    }
    return {
      conversation: toSummary(c),
      ...threadPage(this.messages, conversationId, { around: at.around }),
      composer: c.disconnected
        ? { enabled: false, reason: `The LinkedIn account behind '${c.accountName}' is disconnected in ${PROVIDER_LABELS[c.provider]}. Reconnect it there to reply.` }
        : { enabled: true, reason: null },
      draft: this.drafts.get(conversationId),
    };
  }

  /** The page of a thread before, after or around a message (see thread-pages.ts). */
  async threadPage(conversationId: string, request: ThreadPageRequest): Promise<ThreadPage> {
    this.requireConversation(conversationId);
    return threadPage(this.messages, conversationId, request);
  }

  // ---- triage --------------------------------------------------------------------

  /** Archives: smart (default) comes back when the other person writes; 'forever' stays archived. Mirrored where offered. */
  async archive(conversationId: string, mode: ArchiveMode = 'smart'): Promise<TriageResult> {
    return this.afterTriage([conversationId], this.triage.archive(conversationId, mode));
  }

  /** Moves a conversation back to the inbox (and on the provider, where it mirrors archive). */
  async unarchive(conversationId: string): Promise<TriageResult> {
    return this.afterTriage([conversationId], this.triage.unarchive(conversationId));
  }

  /** Marks read here; tells the provider only when read receipts are switched on. */
  async markRead(conversationId: string): Promise<TriageResult> {
    return this.afterTriage([conversationId], this.triage.markRead(conversationId, { recordUndo: true }));
  }

  async markUnread(conversationId: string): Promise<TriageResult> {
    return this.afterTriage([conversationId], this.triage.markUnread(conversationId));
  }

  async listLabels(): Promise<Label[]> {
    return this.labels.list();
  }

  async createLabel(name: string, color?: string): Promise<Label> {
    const label = this.triage.createLabel(name, color);
    this.emit({ labels: true });
    return label;
  }

  async updateLabel(labelId: string, patch: LabelPatch): Promise<Label> {
    const label = this.triage.updateLabel(labelId, patch);
    this.emit({ labels: true, conversations: 'all' });
    this.kickOutbox();
    return label;
  }

  async deleteLabel(labelId: string): Promise<void> {
    this.triage.deleteLabel(labelId);
    this.emit({ labels: true, conversations: 'all' });
    this.kickOutbox();
  }

  async setLabels(conversationIds: string[], add: string[], remove: string[]): Promise<TriageResult> {
    const result = this.triage.setLabels(conversationIds, add, remove);
    this.emit({ labels: true });
    return this.afterTriage(conversationIds, result);
  }

  /** Snoozes until an absolute instant; the scheduler brings it back then, marked as a reminder. */
  async snooze(conversationId: string, request: SnoozeRequest): Promise<TriageResult> {
    const result = this.triage.snooze(conversationId, request);
    this.snoozes.check();
    return this.afterTriage([conversationId], result);
  }

  async unsnooze(conversationId: string): Promise<TriageResult> {
    const result = this.triage.unsnooze(conversationId);
    this.snoozes.check();
    return this.afterTriage([conversationId], result);
  }

  /** Reads "tomorrow 9am", "in 3 days", "mon 14:00" as an instant in the future (local time). */
  async parseSnoozeTime(text: string): Promise<{ until: number; description: string }> {
    const now = this.clock.now();
    const at = chrono.parseDate(text, new Date(now), { forwardDate: true });
    if (!at || !Number.isFinite(at.getTime())) {
      throw invalidInput(`“${text.trim().slice(0, 60)}” is not a time this app can read — try “tomorrow 9am”, “in 3 days” or “mon 14:00”.`);
    }
    if (at.getTime() <= now) throw invalidInput('That time has already passed — pick one in the future.');
    const description = at.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
    return { until: at.getTime(), description };
  }

  async clearReminder(conversationId: string): Promise<void> {
    this.requireConversation(conversationId);
    this.conversations.clearReminder(conversationId);
    this.emit({ conversations: [conversationId] });
  }

  /** Undoes the last triage action, or cancels the last reply still in its undo window. */
  async undo(): Promise<UndoResult | null> {
    const step = this.triage.popUndo();
    if (!step) return null;
    this.snoozes.check();
    this.emit({ conversations: step.conversationIds, labels: true });
    this.kickOutbox();
    return step.draft ? { description: step.description, draft: step.draft } : { description: step.description };
  }

  /** The conversation on screen gets no notifications. */
  async setActiveConversation(conversationId: string | null): Promise<void> {
    this.activeConversationId = conversationId;
  }

  /** The shell says whether the window has focus: a conversation on screen in a hidden window is not being read. */
  setWindowFocused(focused: boolean): void {
    this.windowFocused = focused;
  }

  private afterTriage(conversationIds: string[], result: TriageResult): TriageResult {
    // The counts ride along, so the window need not ask for them again after every key.
    this.emit({ conversations: conversationIds, counts: this.countsNow() });
    this.kickOutbox();
    return result;
  }

  private kickOutbox(): void {
    if (this.started) void this.deliverOutbox();
  }

  /** Snoozes that came due: back on top of the inbox as reminders, with one notification for the group. */
  private bringBackDue(now: number): void {
    const due = this.conversations.dueSnoozes(now);
    if (due.length === 0) return;
    const reminders = transaction(this.db, () =>
      due.map((d) => {
        // Each comes back at its own due time, so a group keeps the order it was snoozed for.
        this.conversations.remind(d.id, d.until, d.note);
        return { conversationId: d.id, name: this.conversations.get(d.id)?.participant.name ?? 'A conversation', note: d.note };
      }),
    );
    notifyReminders(this.notify, reminders);
    this.emit({ conversations: due.map((d) => d.id) });
  }

  // ---- sending -------------------------------------------------------------------

  /** Queues a reply: the pending message and its outbox entry are written in one transaction. */
  async sendReply(conversationId: string, text: string): Promise<Message> {
    if (typeof text !== 'string' || text.trim().length === 0) throw invalidInput('Write something before sending.');
    if (text.length > MAX_REPLY_LENGTH) throw invalidInput(`A reply can be at most ${MAX_REPLY_LENGTH.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`);
    const c = this.requireConversation(conversationId);
    if (c.disconnected) throw new AppError('disconnected', `The LinkedIn account behind '${c.accountName}' is disconnected. Reconnect it in ${PROVIDER_LABELS[c.provider]} to reply.`);
    const now = this.clock.now();
    const messageId = `m_${randomUUID()}`;
    // The reply waits out the undo window before it goes (0 s sends at once).
    const sendAt = now + this.settings.undoSendSeconds * 1000;
    const entryId = transaction(this.db, () => {
      this.messages.insert({ id: messageId, conversationId, remoteId: null, senderRemoteId: null, senderName: 'You', text, sentAt: now, fromMe: true, status: 'pending' });
      const recipient = this.conversations.firstParticipant(conversationId);
      const id = this.outbox.enqueue({ accountId: c.accountId, conversationId, payload: { kind: 'send', messageId, remoteConversationId: c.remoteId, recipient, text }, now, dueAt: sendAt });
      this.conversations.refreshLastMessage(conversationId);
      if (c.reminder) this.conversations.clearReminder(conversationId); // answered
      this.drafts.delete(conversationId); // sent: the composer starts empty next time
      return id;
    });
    this.triage.pushUndo({
      description: 'Sending cancelled',
      conversationIds: [conversationId],
      draft: { conversationId, text },
      revert: () => {
        const entry = this.outbox.get(entryId);
        if (!entry || entry.status !== 'pending' || entry.attempts > 0) throw new AppError('invalid-input', 'That reply has already been sent, so it cannot be undone.');
        this.outbox.delete(entryId);
        this.messages.delete(messageId);
        this.conversations.refreshLastMessage(conversationId);
        this.drafts.set(conversationId, text, this.clock.now()); // back in the composer, even after a restart
      },
    });
    this.emit({ conversations: [conversationId] });
    this.kickOutbox();
    return this.messages.get(messageId)!;
  }

  /** Tries a reply that could not be delivered again, from the start. */
  async retrySend(messageId: string): Promise<void> {
    const { entry, message } = this.requireUndelivered(messageId);
    if (entry.status === 'inflight') return; // already on its way
    transaction(this.db, () => {
      this.outbox.requeue(entry.id, this.clock.now());
      this.messages.markPending(messageId);
    });
    this.emit({ conversations: [message.conversationId] });
    if (this.started) void this.deliverOutbox();
  }

  /** Drops a reply that was not delivered (failed, or still waiting): it is never sent. */
  async discardSend(messageId: string): Promise<void> {
    const { entry, message } = this.requireUndelivered(messageId);
    if (entry.status === 'inflight') throw new AppError('invalid-input', 'This reply is being delivered right now and can no longer be discarded.');
    transaction(this.db, () => {
      this.outbox.delete(entry.id);
      this.messages.delete(messageId);
      this.conversations.refreshLastMessage(message.conversationId);
    });
    this.emit({ conversations: [message.conversationId] });
  }

  private requireUndelivered(messageId: string) {
    const message = this.messages.get(messageId);
    const entry = message ? this.outbox.bySendMessage(messageId) : null;
    if (!message || !entry || message.status === 'sent' || entry.status === 'done') {
      throw notFound('That reply was already delivered or no longer exists.');
    }
    return { message, entry };
  }

  /** Delivers every outbox entry that is due now. Safe to call concurrently. */
  async deliverOutbox(): Promise<void> {
    if (this.delivering) {
      this.deliverAgain = true;
      await this.delivering;
      return;
    }
    try {
      do {
        this.deliverAgain = false;
        this.delivering = deliverDue({
          db: this.db,
          outbox: this.outbox,
          messages: this.messages,
          conversations: this.conversations,
          clock: this.clock,
          providerFor: (id) => this.providerFor(this.requireAccount(id)),
          changed: (cid) => this.emit({ conversations: cid ? [cid] : 'all' }),
          notice: (text) => this.emit({ notice: text }),
          signal: this.closing.signal,
          crashPoint: this.opts.crashPoint,
        });
        const report = await this.delivering;
        this.armOutboxTimer(report.nextDueAt);
      } while (this.deliverAgain && !this.closed);
    } finally {
      this.delivering = null;
    }
  }

  // ---- bulk triage, search, drafts, profile pictures, opening links ----------------

  /** Applies one triage action to many conversations: one transaction, one undo step, one change event. */
  async bulk(conversationIds: string[], action: BulkAction): Promise<TriageResult> {
    const { result } = this.triage.bulk(conversationIds, action);
    if (action.kind === 'snooze' || action.kind === 'unsnooze') this.snoozes.check();
    return this.afterTriage([...new Set(conversationIds)], result);
  }

  /** Local full-text search with operators (the language is described in search.ts). */
  async search(query: string, limit: number = DEFAULT_SEARCH_LIMIT): Promise<SearchResult> {
    if (typeof query !== 'string') throw invalidInput('Type something to search for.');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) throw invalidInput(`Search shows 1 to ${MAX_SEARCH_LIMIT} results at a time.`);
    return runSearch({ store: searchStoreFor(this.db), conversations: this.conversations }, query, limit, new Date(this.clock.now()));
  }

  /** Keeps what the person is writing in a conversation; blank text forgets it. */
  async saveDraft(conversationId: string, text: string): Promise<void> {
    this.requireConversation(conversationId);
    if (typeof text !== 'string') throw invalidInput('A draft must be text.');
    if (text.length > MAX_DRAFT_LENGTH) throw invalidInput(`A draft can be at most ${MAX_DRAFT_LENGTH.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`);
    this.drafts.set(conversationId, text, this.clock.now());
  }

  /** The other person's profile picture as a data: URL (fetched once, then cached); null when there is none or it cannot be had. */
  async avatar(conversationId: string): Promise<string | null> {
    const c = this.requireConversation(conversationId);
    const url = c.participant.avatarUrl;
    const person = this.conversations.firstParticipant(conversationId)?.remoteId;
    return url && person ? this.avatars.dataUrl({ accountId: c.accountId, person }, url) : null;
  }

  /**
   * Opens a link in the browser when the allowlist permits it; otherwise says why not, and puts a
   * refused web address (http or https only, see copyableLink) on the clipboard through the
   * copyText port so the person can open it themselves if they trust it.
   */
  async openLink(url: string): Promise<LinkVerdict> {
    const verdict = linkVerdict(url);
    if (!verdict.allowed) {
      const copyable = copyableLink(url);
      if (copyable === null || !this.opts.copyText) return { opened: false, reason: verdict.reason, copied: false };
      try {
        await this.opts.copyText(copyable);
      } catch {
        return { opened: false, reason: verdict.reason, copied: false };
      }
      return { opened: false, reason: verdict.reason, copied: true };
    }
    const host = new URL(verdict.href).hostname;
    if (!this.opts.openExternal) return { opened: false, reason: `Links cannot be opened from here, so the link to ${host} was not opened.`, copied: false };
    try {
      await this.opts.openExternal(verdict.href);
    } catch {
      return { opened: false, reason: `The browser could not be opened for the link to ${host}.`, copied: false };
    }
    return { opened: true };
  }

  // ---- where keys are kept, and exporting all data ---------------------------------

  /** Where API keys are kept: the shell's KeyStoragePort, or else the SecretStore this core was given. */
  async keyStorage(): Promise<KeyStorageStatus> {
    if (this.opts.keyStorage) return this.opts.keyStorage.status();
    return { backend: 'keychain', description: this.opts.secrets.description ?? 'the secret store the app was started with', problem: null, fallbackOffered: false };
  }

  /** Switches key storage to the encrypted file; the port refuses (with a sentence) when it is not offered. */
  async useEncryptedKeyStorage(): Promise<KeyStorageStatus> {
    if (!this.opts.keyStorage) {
      const where = this.opts.secrets.description ?? 'the secret store the app was started with';
      throw new AppError('keychain', `Keys are kept in ${where} here; there is no encrypted file to switch to.`);
    }
    return this.opts.keyStorage.useEncryptedFile();
  }

  /**
   * Writes every piece of local data (never a key) to a JSON file the person picks; null when
   * they cancel. See export.ts for the format and how the file is written.
   */
  async exportData(): Promise<ExportSummary | null> {
    const choose = this.opts.chooseExportPath;
    if (!choose) throw new AppError('not-ready', 'This copy of the app cannot ask where to save a file, so nothing was exported.');
    const path = await choose(exportFileName(new Date(this.clock.now())));
    if (path === null) return null;
    if (typeof path !== 'string' || !isAbsolute(path)) throw invalidInput('Choose a folder and a file name for the export.');
    const counts = await writeExport({ databaseFile: join(this.opts.dataDir, DATABASE_FILE), path, settings: { ...this.settings }, now: this.clock.now(), crashPoint: this.opts.crashPoint });
    return { path, conversations: counts.conversations, messages: counts.messages, labels: counts.labels };
  }

  async diagnoseAccount(accountId: string): Promise<AccountDiagnosis> {
    const account = this.requireAccount(accountId);
    // The same address rules, budget and key binding as a sync: the doctor only reads.
    const result = await runAccountDiagnosis({
      account,
      dispatcher: this.routes.dispatcherFor(account.provider, account.config),
      clock: this.clock,
      budget: this.budgets.forAccount(account.id, account.provider),
      signal: this.closing.signal,
      getApiKey: this.keyReader(account),
      // Linkup bills the probes' few items like any read: counted with the account's credits.
      reportUsage: (u) => {
        if (u.kind === 'credits' && u.consumed > 0) this.accounts.addCredits(account.id, u.consumed);
      },
    });
    this.diagnoses.set(accountId, result);
    return result;
  }

  async saveDiagnosis(accountId: string): Promise<string | null> {
    const account = this.requireAccount(accountId);
    return saveLastDiagnosis(this.diagnoses.get(accountId), account, this.opts.chooseExportPath, this.clock.now());
  }

  // ---- sync ----------------------------------------------------------------------

  /**
   * Syncs one account (throwing its error, which is also recorded on the account) or,
   * without an id, every account (never throwing: one account's failure stalls no other).
   */
  async syncNow(accountId?: string): Promise<void> {
    if (accountId !== undefined) {
      await this.syncOne(this.requireAccount(accountId));
      return;
    }
    await Promise.all(this.accounts.list().map((a) => this.syncOne(a).catch(() => undefined)));
  }

  private syncOne(account: Account): Promise<SyncResult> {
    const running = this.syncing.get(account.id);
    if (running) return running;
    const run = this.runSync(account).finally(() => this.syncing.delete(account.id));
    this.syncing.set(account.id, run);
    return run;
  }

  private async runSync(account: Account): Promise<SyncResult> {
    // A first sync brings the whole history: that is not news to notify about.
    const wasListedBefore = this.accounts.listedToEnd(account.id);
    this.accounts.setStatus(account.id, { state: 'syncing', lastSyncedAt: account.status.lastSyncedAt });
    this.emit({ accounts: true });
    try {
      const result = await syncAccount(account, this.providerFor(account), {
        db: this.db,
        accounts: this.accounts,
        conversations: this.conversations,
        messages: this.messages,
        clock: this.clock,
        progress: (ids) => this.emit({ conversations: ids }),
        limits: { ...DEFAULT_SYNC_LIMITS, ...this.opts.syncLimits },
        signal: this.closing.signal,
        crashPoint: this.opts.crashPoint,
      });
      this.accounts.setStatus(account.id, { state: 'ok', lastSyncedAt: this.clock.now(), message: syncNote(account, result) });
      this.schedule.settled(this.accounts.get(account.id) ?? account, true);
      this.emit({ accounts: true, conversations: result.changedConversationIds });
      if (result.inbound.length > 0 && wasListedBefore) this.emitInbound(result.inbound);
      // The provider answers again: deliveries waiting on the network need not wait out their back-off.
      if (this.outbox.wakeAccount(account.id, this.clock.now()) > 0 && this.started) void this.deliverOutbox();
      return result;
    } catch (thrown) {
      const err = this.storageFailure(thrown);
      if (this.damaged) throw err; // nothing more is written to a damaged cache, not even the account's status
      // Closed mid-sync: not a failure of the account; the next start resumes where it stopped.
      if (this.closed) {
        this.accounts.setStatus(account.id, account.status);
        throw err;
      }
      this.accounts.setStatus(account.id, { ...statusFor(err, this.clock.now()), lastSyncedAt: account.status.lastSyncedAt });
      const now = this.accounts.get(account.id);
      if (now) this.schedule.settled(now, false);
      this.emit({ accounts: true });
      throw err;
    }
  }

  // ---- settings ------------------------------------------------------------------

  async getSettings(): Promise<AppSettings> {
    return { ...this.settings };
  }

  /** Changes settings and applies them at once (e.g. the polling interval). */
  async updateSettings(patch: Partial<AppSettings>): Promise<AppSettings> {
    const next = { ...this.settings, ...patch };
    if (!(POLL_INTERVAL_CHOICES as readonly number[]).includes(next.pollIntervalMinutes)) {
      throw invalidInput(`Check for new messages every ${POLL_INTERVAL_CHOICES.join(', ')} minutes.`);
    }
    if (!(UNDO_SEND_CHOICES as readonly number[]).includes(next.undoSendSeconds)) {
      throw invalidInput(`The undo window for sending can be ${UNDO_SEND_CHOICES.join(', ')} seconds.`);
    }
    if (patch.snippets !== undefined) next.snippets = checkSnippets(patch.snippets);
    if (!(AFTER_TRIAGE_CHOICES as readonly unknown[]).includes(next.afterTriage)) throw invalidInput('After archiving in a thread, open the next one, the previous one, or go back to the list.');
    if (!(DENSITY_CHOICES as readonly unknown[]).includes(next.density)) throw invalidInput('Rows can be comfortable or compact.');
    if (!(THEME_CHOICES as readonly unknown[]).includes(next.theme)) throw invalidInput('The theme can follow the system, or be light or dark.');
    if (!isListWidth(next.listWidth)) throw invalidInput(`The list can be ${LIST_WIDTH_MIN} to ${LIST_WIDTH_MAX} pixels wide.`);
    const known = new Set(this.accounts.list().map((a) => a.id));
    next.mutedAccountIds = [...new Set(next.mutedAccountIds)].filter((id) => known.has(id));
    this.settings = next;
    this.settingsStore.save(next);
    this.schedule.setInterval(next.pollIntervalMinutes * 60_000);
    this.emit({ settings: true });
    return { ...next };
  }

  // ---- lifecycle -----------------------------------------------------------------

  /** Begins polling every account and delivering the outbox in the background. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.schedule.start();
    this.snoozes.start(); // first brings back, grouped, whatever came due while the app was closed
    this.keepRollingCopy();
    if (this.recovery !== null) this.emit({ notice: this.recovery });
    // Only when a key deletion is waiting: start-up must not ask (or wait for) the keychain otherwise.
    if (this.keyCleanup.hasPending()) void this.tidyKeys().catch(() => undefined);
    void this.deliverOutbox();
  }

  /** The window got focus or the computer woke up: sync what is stale and retry waiting deliveries. */
  wake(): void {
    if (!this.started || this.closed) return;
    this.schedule.wake();
    this.snoozes.check();
    void this.deliverOutbox();
  }

  /** Stops timers, aborts provider requests and waits in flight, lets their work settle and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    this.schedule.stop();
    this.snoozes.stop();
    if (this.outboxTimer !== null) this.clock.clearTimeout(this.outboxTimer);
    await Promise.allSettled([...this.syncing.values(), this.delivering ?? Promise.resolve(), this.tidying ?? Promise.resolve(), this.avatars.close()]);
    await this.routes.close();
    this.listeners.clear();
    this.inboundListeners.clear();
    this.keepRollingCopy();
    this.db.close();
  }

  // ---- the cache itself ----------------------------------------------------------

  /** What recovering the cache did at open (moved aside, what was kept), for the person; null when it opened normally. */
  cacheRecovery(): string | null {
    return this.recovery;
  }

  /**
   * Turns a storage failure into its sentence. Damage stops all writing at once (timers, sync,
   * deliveries) and marks the cache so the next start recovers it; a full disk is named as such.
   */
  storageFailure(err: unknown): unknown {
    if (this.damaged) return this.damaged;
    const file = join(this.opts.dataDir, DATABASE_FILE);
    const found = storageError(err, file);
    if (found && isCorruption(err)) {
      this.damaged = found;
      markDamaged(this.opts.dataDir);
      this.schedule.stop();
      this.snoozes.stop();
      if (this.outboxTimer !== null) this.clock.clearTimeout(this.outboxTimer);
      this.emit({ notice: found.message });
    }
    return found ?? err;
  }

  /** Throws the damage sentence when damage was found while running: nothing more touches the file. */
  refuseIfDamaged(): void {
    if (this.damaged) throw this.damaged;
  }

  private keepRollingCopy(): void {
    if (this.damaged) return;
    try {
      writeRollingCopy(this.db, this.opts.dataDir);
    } catch {
      // A rolling copy that cannot be written now is tried again at the next start or close.
    }
  }

  // ---- helpers -------------------------------------------------------------------

  private armOutboxTimer(at: number | null): void {
    if (this.outboxTimer !== null) this.clock.clearTimeout(this.outboxTimer);
    this.outboxTimer = null;
    if (!this.started || this.closed || at === null) return;
    // Re-checked on every delivery pass, so a long wait never rests on one long timer.
    const wait = Math.min(Math.max(0, at - this.clock.now()), 60_000);
    this.outboxTimer = this.clock.setTimeout(() => void this.deliverOutbox(), wait);
  }

  private providerFor(account: Account): Provider {
    let p = this.providers.get(account.id);
    if (!p) {
      p = createProvider({
        account,
        dispatcher: this.routes.dispatcherFor(account.provider, account.config),
        clock: this.clock,
        budget: this.budgets.forAccount(account.id, account.provider),
        signal: this.closing.signal,
        reportUsage: (u) => {
          if (u.kind === 'credits' && u.consumed > 0) this.accounts.addCredits(account.id, u.consumed);
        },
        getApiKey: this.keyReader(account),
      });
      this.providers.set(account.id, p);
    }
    return p;
  }

  /** Reads the account's key before every request: it goes only where it was saved for, and only to an address allowed now. */
  private keyReader(account: Account): () => Promise<string> {
    return async () => {
      assertKeyBound(account, this.accounts.keyOrigin(account.id));
      if (account.config.baseUrl !== undefined) checkBaseUrl(account.config.baseUrl, account.provider, this.addressRules);
      const key = await this.opts.secrets.get(account.id);
      if (!key) throw new AppError('auth', `There is no API key for '${account.name}' in the keychain — add it in Settings.`);
      return key;
    };
  }

  private requireAccount(id: string): Account {
    const a = this.accounts.get(id);
    if (!a) throw notFound('That account no longer exists.');
    return a;
  }

  private requireConversation(id: string): ConversationRecord {
    const c = this.conversations.get(id);
    if (!c) throw notFound('That conversation is no longer in the cache.');
    return c;
  }

  /** For tests and diagnostics: the local id of a provider's conversation. */
  conversationIdFor(accountId: string, remoteId: string): string | null {
    return this.conversations.idByRemote(accountId, remoteId);
  }

  /** For tests and diagnostics: every outbox entry. */
  outboxEntries() {
    return this.outbox.all();
  }
}

/** Checks and trims what a person typed for an account; throws 'invalid-input' with a sentence. */
function checkAccountInput(provider: ProviderKind, rawName: string, rawConfig: AccountConfig, rules: AddressRules): { name: string; config: AccountConfig } {
  const name = rawName.trim();
  if (!name) throw invalidInput('Give the account a name.');
  if (!(SUPPORTED_PROVIDERS as readonly string[]).includes(provider)) {
    throw invalidInput(`${PROVIDER_LABELS[provider] ?? 'This provider'} accounts are not supported in this version yet.`);
  }
  const config = Object.fromEntries(
    Object.entries(rawConfig)
      .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => [k, (v as string).trim()]),
  ) as AccountConfig;
  // Half of an emoji (a lone surrogate, from a bad paste) cannot be put in a URL: say so, rather than fail inside an adapter.
  if (Object.values(config).some((v) => /\p{Cs}/u.test(v as string))) throw invalidInput('An account setting contains a broken character (half of an emoji or symbol) — retype it.');
  if (provider === 'reactin' && !config.organizationId) throw invalidInput('ReactIn needs the Organization ID from Settings → API Keys in ReactIn.');
  if (provider === 'linkup' && !config.accountId) throw invalidInput('Linkup needs the account_id of the connected LinkedIn account (from Linkup’s accounts page).');
  if (config.baseUrl !== undefined) checkBaseUrl(config.baseUrl, provider, rules);
  checkDailyCapSetting(provider, config);
  return { name, config };
}

/** Settings as stored, with anything missing or no longer valid replaced by its default. */
function isListWidth(w: unknown): boolean {
  return w === null || (typeof w === 'number' && Number.isInteger(w) && w >= LIST_WIDTH_MIN && w <= LIST_WIDTH_MAX);
}

function readSettings(stored: Partial<AppSettings>): AppSettings {
  const s = { ...DEFAULT_SETTINGS, ...stored };
  if (!(POLL_INTERVAL_CHOICES as readonly number[]).includes(s.pollIntervalMinutes)) s.pollIntervalMinutes = DEFAULT_SETTINGS.pollIntervalMinutes;
  if (!(UNDO_SEND_CHOICES as readonly number[]).includes(s.undoSendSeconds)) s.undoSendSeconds = DEFAULT_SETTINGS.undoSendSeconds;
  for (const k of ['sendReadReceipts', 'doNotDisturb', 'closeToTray'] as const) if (typeof s[k] !== 'boolean') s[k] = DEFAULT_SETTINGS[k];
  if (!Array.isArray(s.mutedAccountIds) || !s.mutedAccountIds.every((x) => typeof x === 'string')) s.mutedAccountIds = [];
  s.snippets = readSnippets(s.snippets);
  if (!(AFTER_TRIAGE_CHOICES as readonly unknown[]).includes(s.afterTriage)) s.afterTriage = DEFAULT_SETTINGS.afterTriage;
  if (!(DENSITY_CHOICES as readonly unknown[]).includes(s.density)) s.density = DEFAULT_SETTINGS.density;
  if (!(THEME_CHOICES as readonly unknown[]).includes(s.theme)) s.theme = DEFAULT_SETTINGS.theme;
  if (!isListWidth(s.listWidth)) s.listWidth = DEFAULT_SETTINGS.listWidth;
  return s;
}

/** Stored snippets, dropping any that are malformed or repeat an earlier one's id or name. */
function readSnippets(stored: unknown): Snippet[] {
  if (!Array.isArray(stored)) return [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const kept: Snippet[] = [];
  for (const x of stored as Partial<Snippet>[]) {
    if (kept.length >= MAX_SNIPPETS) break;
    if (typeof x !== 'object' || x === null || typeof x.id !== 'string' || typeof x.name !== 'string' || typeof x.body !== 'string') continue;
    const name = x.name.trim();
    if (!x.id || x.id.length > 200 || !name || name.length > MAX_SNIPPET_NAME || !x.body.trim() || x.body.length > MAX_REPLY_LENGTH) continue;
    if (ids.has(x.id) || names.has(name.toLowerCase())) continue;
    ids.add(x.id);
    names.add(name.toLowerCase());
    kept.push({ id: x.id, name, body: x.body });
  }
  return kept;
}

/** Checks the snippets a person saves; throws 'invalid-input' with a sentence naming the one at fault. */
function checkSnippets(snippets: Snippet[]): Snippet[] {
  if (!Array.isArray(snippets)) throw invalidInput('Snippets must be a list.');
  if (snippets.length > MAX_SNIPPETS) throw invalidInput(`You can keep at most ${MAX_SNIPPETS} snippets; remove some first.`);
  const ids = new Set<string>();
  const names = new Map<string, string>();
  return snippets.map((s) => {
    const name = typeof s?.name === 'string' ? s.name.trim() : '';
    if (typeof s?.id !== 'string' || !s.id || s.id.length > 200) throw invalidInput(name ? `The snippet '${name}' has no valid id.` : 'A snippet has no valid id.');
    if (!name) throw invalidInput('Give every snippet a name.');
    if (name.length > MAX_SNIPPET_NAME) throw invalidInput(`A snippet name can be at most ${MAX_SNIPPET_NAME} characters; '${name.slice(0, 20)}…' is longer.`);
    if (typeof s.body !== 'string' || !s.body.trim()) throw invalidInput(`The snippet '${name}' is empty; write the text it should insert.`);
    if (s.body.length > MAX_REPLY_LENGTH) throw invalidInput(`The snippet '${name}' is longer than a reply can be (${MAX_REPLY_LENGTH.toLocaleString('en')} characters).`);
    const clash = names.get(name.toLowerCase());
    if (clash !== undefined) throw invalidInput(`There is already a snippet called '${clash}'; give each snippet its own name.`);
    if (ids.has(s.id)) throw invalidInput(`Two snippets share the same id ('${s.id}'); each needs its own.`);
    ids.add(s.id);
    names.set(name.toLowerCase(), name);
    return { id: s.id, name, body: s.body };
  });
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

/** Opens the core on a data directory with the given ports. */
export async function createCore(opts: CoreOptions): Promise<InboxCore> {
  const core = guardStorage(new InboxCore(opts));
  await core.init();
  return core;
}
