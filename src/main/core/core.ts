/**
 * InboxCore: the headless application, as a facade. Everything the renderer can ask for
 * (InboxApi) plus the lifecycle the shell drives (start, wake, close) and change events; each call
 * forwards to the service that owns it (services/, see its README.md). This file only wires them.
 */
import type { Account, AccountPatch, FollowUpRequest, AppSettings, ArchiveMode, BulkAction, ChangeEvent, ConnectionVerdict, ConversationPage, DemoOffer, ExportSummary, KeyStorageStatus, Label, LabelPatch, LinkVerdict, Message, NewAccount, PersonNote, ScheduledReply, SearchResult, Snippet, SnoozeRequest, Thread, ThreadPage, ThreadPageRequest, TriageResult, UndoResult, ViewCounts } from '../../shared/domain';
import { AFTER_TRIAGE_CHOICES, DENSITY_CHOICES, LIST_WIDTH_MAX, LIST_WIDTH_MIN, THEME_CHOICES, DEFAULT_SETTINGS, MAX_REPLY_LENGTH, MAX_SNIPPET_NAME, MAX_SNIPPETS, POLL_INTERVAL_CHOICES, UNDO_SEND_CHOICES } from '../../shared/domain';
import type { AccountDiagnosis, InboxApi, ListQuery } from '../../shared/ipc';
import type { CoreOptions } from './core-options';
import type { Db } from './db/database';
import { invalidInput } from './errors';
import { notifyInbound } from './notification-rules';
import { MemorySettingsStore } from './ports';
import { AccountsService } from './services/accounts';
import { Attention } from './services/attention';
import { CacheHealth } from './services/cache-health';
import { CoreEvents } from './services/events';
import { FollowUps } from './services/follow-ups';
import { exportAllData, keyStorageStatus, useEncryptedKeyStorage } from './services/key-storage-and-export';
import { openLink } from './services/links';
import { OutboxRunner } from './services/outbox-runner';
import { PersonNotes } from './notes/person-notes';
import { openParts, type CoreParts } from './services/parts';
import { ProviderPool } from './services/provider-pool';
import { Reads } from './services/reads';
import { Replies } from './services/replies';
import { ScheduledReplies } from './services/scheduled-replies';
import { SettingsService } from './services/settings';
import { SplitTabs } from './services/split-tabs';
import { SyncRunner } from './services/sync-runner';
import { TriageActions } from './services/triage-actions';
import { guardStorage } from './storage-guard';
import type { InboundMessage } from './sync';

export type { CoreOptions } from './core-options';

export class InboxCore implements InboxApi {
  private readonly parts: CoreParts;
  /** The open cache (tests reach it to damage the file under a running core). */
  private readonly db: Db;
  private readonly events = new CoreEvents();
  private readonly pool: ProviderPool;
  private readonly health: CacheHealth;
  private readonly outbox: OutboxRunner;
  private readonly settings: SettingsService;
  private readonly sync: SyncRunner;
  private readonly attention: Attention;
  private readonly triage: TriageActions;
  private readonly accounts: AccountsService;
  private readonly reads: Reads;
  private readonly replies: Replies;
  private readonly followUps: FollowUps;
  private readonly notes: PersonNotes;
  private readonly splits: SplitTabs;
  private readonly scheduled: ScheduledReplies;

  constructor(private readonly opts: CoreOptions) {
    const parts = (this.parts = openParts(opts));
    this.db = parts.db;
    const events = this.events;
    const pool = (this.pool = new ProviderPool(parts));
    // Damage stops everything that would write: polling, snoozes coming due, deliveries.
    this.health = new CacheHealth(parts, events, () => this.stopTimers());
    const outbox = (this.outbox = new OutboxRunner(parts, pool, events));
    this.splits = new SplitTabs(parts, () => this.settings.current());
    this.settings = new SettingsService(
      opts.settings ?? new MemorySettingsStore(),
      parts.accounts,
      (next) => {
        this.sync.schedule.setInterval(next.pollIntervalMinutes * 60_000);
        events.emit({ settings: true });
      },
      (query) => this.splits.problems(query),
    );
    this.sync = new SyncRunner(parts, pool, events, outbox, this.health, opts.pollIntervalMs ?? this.settings.current().pollIntervalMinutes * 60_000);
    this.attention = new Attention(parts.notifier, () => this.settings.current());
    this.triage = new TriageActions(parts, events, outbox, this.attention, pool, this.settings, () => this.splits.counts());
    this.accounts = new AccountsService(parts, pool, events, this.sync, this.triage.history);
    this.reads = new Reads(parts, events, outbox, this.triage.triage);
    this.followUps = new FollowUps(parts, events, this.attention.notify, this.triage.history, this.triage.dueTimes);
    this.triage.dueTimes.add(this.followUps.dueSource);
    this.replies = new Replies(parts, events, outbox, this.triage.history, this.settings, this.followUps);
    this.notes = new PersonNotes(parts, events);
    this.scheduled = new ScheduledReplies(parts, events, outbox, this.triage.history);
    events.onInbound((messages) => notifyInbound(this.attention.notify, messages));
  }

  /** First-start work: the demo account, when asked for and never created before. */
  async init(): Promise<void> {
    if (this.opts.seedDemo) await this.accounts.seedDemo();
  }

  // ---- lifecycle -----------------------------------------------------------------

  /** Begins polling every account and delivering the outbox in the background. */
  start(): void {
    if (this.parts.lifecycle.started || this.parts.lifecycle.closed) return;
    this.parts.lifecycle.started = true;
    this.sync.schedule.start();
    this.triage.dueTimes.start(); // first brings back, grouped, whatever came due while the app was closed
    this.health.keepRollingCopy();
    this.health.checkInBackground();
    if (this.parts.recovery !== null) this.events.emit({ notice: this.parts.recovery });
    this.accounts.tidyKeysIfPending();
    this.outbox.kick();
  }

  /** The window got focus or the computer woke up: sync what is stale and retry waiting deliveries. */
  wake(): void {
    if (!this.parts.lifecycle.started || this.parts.lifecycle.closed) return;
    this.sync.schedule.wake();
    this.triage.dueTimes.check();
    this.outbox.kick();
  }

  /** Stops timers, aborts provider requests and waits in flight, lets their work settle and closes the database. */
  async close(): Promise<void> {
    if (this.parts.lifecycle.closed) return;
    this.parts.lifecycle.close();
    this.stopTimers();
    await Promise.allSettled([...this.sync.inFlight(), this.outbox.inFlight(), this.accounts.inFlight(), this.reads.avatars.close()]);
    await this.pool.close();
    this.events.clear();
    this.health.keepRollingCopy();
    this.db.close();
  }

  private stopTimers(): void {
    this.sync.schedule.stop();
    this.triage.dueTimes.stop();
    this.outbox.stopTimer();
  }

  // ---- events, the cache's health, the window -----------------------------------

  /** Subscribes to data changes; returns an unsubscribe function. */
  onChanged(listener: (e: ChangeEvent) => void): () => void { return this.events.onChanged(listener); }
  /** Subscribes to new messages from other people, as sync finds them (not during an account's first sync). */
  onInbound(listener: (messages: InboundMessage[]) => void): () => void { return this.events.onInbound(listener); }
  /** What recovering the cache did at open (moved aside, what was kept), for the person; null when it opened normally. */
  cacheRecovery(): string | null { return this.parts.recovery; }
  /** Turns a storage failure into its sentence; damage stops all writing (services/cache-health.ts). */
  storageFailure(err: unknown): unknown { return this.health.storageFailure(err); }
  /** Throws the damage sentence when damage was found while running. */
  refuseIfDamaged(): void { this.health.refuseIfDamaged(); }
  /** The shell says whether the window has focus: a conversation on screen in a hidden window is not being read. */
  setWindowFocused(focused: boolean): void { this.attention.setWindowFocused(focused); }
  /** Delivers every outbox entry that is due now. Safe to call concurrently. */
  deliverOutbox(): Promise<void> { return this.outbox.deliver(); }
  /** Finishes key deletions left undone and deletes keys that belong to no account. */
  tidyKeys(): Promise<void> { return this.accounts.tidyKeys(); }
  /** For tests and diagnostics: the local id of a provider's conversation. */
  conversationIdFor(accountId: string, remoteId: string): string | null { return this.parts.conversations.idByRemote(accountId, remoteId); }
  /** For tests and diagnostics: every outbox entry. */
  outboxEntries() { return this.parts.outbox.all(); }

  // ---- InboxApi (each documented in src/shared/ipc.ts and at the service that owns it) ----
  async listAccounts(): Promise<Account[]> { return this.accounts.list(); }
  async addAccount(input: NewAccount): Promise<Account> { return this.accounts.add(input); }
  async testAccount(input: NewAccount, accountId?: string): Promise<ConnectionVerdict> { return this.accounts.test(input, accountId); }
  async updateAccount(accountId: string, patch: AccountPatch): Promise<Account> { return this.accounts.update(accountId, patch); }
  async removeAccount(accountId: string): Promise<void> { return this.accounts.remove(accountId); }
  async demoOffer(): Promise<DemoOffer | null> { return this.accounts.demoOffer(); }
  async answerDemoOffer(remove: boolean): Promise<void> { return this.accounts.answerDemoOffer(remove); }
  async diagnoseAccount(accountId: string): Promise<AccountDiagnosis> { return this.accounts.diagnose(accountId); }
  async saveDiagnosis(accountId: string): Promise<string | null> { return this.accounts.saveDiagnosis(accountId); }
  async syncNow(accountId?: string): Promise<void> { return this.sync.syncNow(accountId); }
  async listConversations(query: ListQuery): Promise<ConversationPage> {
    const page = query.view.startsWith('search:') ? await this.splits.list(query) : this.reads.listConversations(query);
    this.health.pageServed(); // the cache check waits for the window's first page (services/cache-health.ts)
    return page;
  }
  async viewCounts(): Promise<ViewCounts> { return { ...this.reads.viewCounts(), ...this.splits.counts() }; }
  async openConversation(conversationId: string, at: { around?: string } = {}): Promise<Thread> { return { ...this.scheduled.inThread(this.reads.openConversation(conversationId, at)), note: this.notes.forConversation(conversationId) }; }
  async threadPage(conversationId: string, request: ThreadPageRequest): Promise<ThreadPage> { return this.scheduled.inThread(this.reads.threadPage(conversationId, request)); }
  async search(query: string, limit?: number): Promise<SearchResult> { return this.reads.search(query, limit); }
  async avatar(conversationId: string): Promise<string | null> { return this.reads.avatar(conversationId); }
  async archive(conversationId: string, mode: ArchiveMode = 'smart'): Promise<TriageResult> { return this.triage.archive(conversationId, mode); }
  async unarchive(conversationId: string): Promise<TriageResult> { return this.triage.unarchive(conversationId); }
  async markRead(conversationId: string): Promise<TriageResult> { return this.triage.markRead(conversationId); }
  async markUnread(conversationId: string): Promise<TriageResult> { return this.triage.markUnread(conversationId); }
  async listLabels(): Promise<Label[]> { return this.triage.listLabels(); }
  async createLabel(name: string, color?: string): Promise<Label> { return this.triage.createLabel(name, color); }
  async updateLabel(labelId: string, patch: LabelPatch): Promise<Label> { return this.triage.updateLabel(labelId, patch); }
  async deleteLabel(labelId: string): Promise<void> { return this.triage.deleteLabel(labelId); }
  async setLabels(conversationIds: string[], add: string[], remove: string[]): Promise<TriageResult> { return this.triage.setLabels(conversationIds, add, remove); }
  async snooze(conversationId: string, request: SnoozeRequest): Promise<TriageResult> { return this.triage.snooze(conversationId, request); }
  async unsnooze(conversationId: string): Promise<TriageResult> { return this.triage.unsnooze(conversationId); }
  async parseSnoozeTime(text: string): Promise<{ until: number; description: string }> { return this.triage.parseSnoozeTime(text); }
  async clearReminder(conversationId: string): Promise<void> { return this.triage.clearReminder(conversationId); }
  async bulk(conversationIds: string[], action: BulkAction): Promise<TriageResult> { return this.triage.bulk(conversationIds, action); }
  async undo(): Promise<UndoResult | null> { return this.triage.undo(); }
  async setActiveConversation(conversationId: string | null): Promise<void> { this.attention.setActiveConversation(conversationId); }
  async sendReply(conversationId: string, text: string, followUp?: FollowUpRequest | null): Promise<Message> { return this.replies.send(conversationId, text, followUp); }
  async clearFollowUp(conversationId: string): Promise<void> { return this.followUps.clear(conversationId); }
  async retrySend(messageId: string): Promise<void> { return this.replies.retry(messageId); }
  async discardSend(messageId: string): Promise<void> { return this.replies.discard(messageId); }
  async scheduleReply(conversationId: string, text: string, sendAt: number): Promise<ScheduledReply> { return this.scheduled.schedule(conversationId, text, sendAt); }
  async listScheduled(): Promise<ScheduledReply[]> { return this.scheduled.list(); }
  async editScheduled(messageId: string, change: { text?: string; sendAt?: number }): Promise<ScheduledReply> { return this.scheduled.edit(messageId, change); }
  async sendScheduledNow(messageId: string): Promise<void> { return this.scheduled.sendNow(messageId); }
  async cancelScheduled(messageId: string): Promise<void> { return this.scheduled.cancel(messageId); }
  async saveDraft(conversationId: string, text: string): Promise<void> { return this.replies.saveDraft(conversationId, text); }
  async saveNote(conversationId: string, text: string): Promise<PersonNote | null> { return this.notes.save(conversationId, text); }
  async openLink(url: string): Promise<LinkVerdict> { return openLink(url, this.opts); }
  async keyStorage(): Promise<KeyStorageStatus> { return keyStorageStatus(this.parts); }
  async useEncryptedKeyStorage(): Promise<KeyStorageStatus> { return useEncryptedKeyStorage(this.parts); }
  async exportData(): Promise<ExportSummary | null> { return exportAllData(this.parts, this.settings.current()); }
  async getSettings(): Promise<AppSettings> { return { ...this.settings.current() }; }
  async updateSettings(patch: Partial<AppSettings>): Promise<AppSettings> { return this.settings.update(patch); }
}

/** Opens the core on a data directory with the given ports. */
export async function createCore(opts: CoreOptions): Promise<InboxCore> {
  const core = guardStorage(new InboxCore(opts));
  await core.init();
  return core;
}
