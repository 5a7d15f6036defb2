/**
 * The one IPC contract between the renderer and main. Main registers a handler per
 * method (validating every payload), the preload exposes exactly these methods on
 * `window.inbox`, and the renderer calls nothing else.
 */
import type { Account, AccountPatch, AppSettings, FollowUpRequest, ArchiveMode, BulkAction, ExportSummary, KeyStorageStatus, LinkVerdict, SearchResult, Label, LabelPatch, SnoozeRequest, TriageResult, UndoResult, ChangeEvent, ConnectionVerdict, ConversationPage, DemoOffer, Message, NewAccount, PersonNote, ScheduledReply, Thread, ThreadPage, ThreadPageRequest, ViewCounts, ViewId } from './domain';
import type { AppErrorShape } from './errors';

export interface ListQuery {
  view: ViewId;
  offset?: number;
  limit?: number;
}

/** Every request the renderer can make. Arguments are positional. */
/** What the connection doctor found for an account (Settings → account → Diagnose). */
export interface AccountDiagnosis {
  accountId: string;
  /** The report a person can send us: statuses, headers, field names and types only. */
  markdown: string;
  confirmed: number;
  contradicted: number;
  notSeen: number;
}

export interface InboxApi {
  listAccounts(): Promise<Account[]>;
  /** Tests the settings first; refuses with the provider's sentence when they do not work. */
  addAccount(input: NewAccount): Promise<Account>;
  /** Tries settings without saving; `accountId` reuses that account's stored key when none is typed. */
  testAccount(input: NewAccount, accountId?: string): Promise<ConnectionVerdict>;
  updateAccount(accountId: string, patch: AccountPatch): Promise<Account>;
  removeAccount(accountId: string): Promise<void>;
  /** After the first real account's first sync: the offer to remove the demo account (made once), or null. */
  demoOffer(): Promise<DemoOffer | null>;
  /** Answers the demo offer, remembered so it is not asked again; `remove` removes the demo account. */
  answerDemoOffer(remove: boolean): Promise<void>;
  listConversations(query: ListQuery): Promise<ConversationPage>;
  viewCounts(): Promise<ViewCounts>;
  /** Opens a conversation: returns its thread's newest page (or the page `around` a message) and marks it read locally. */
  openConversation(conversationId: string, at?: { around?: string }): Promise<Thread>;
  /** The page of a thread before, after or around a message (one of them), bounded in count and bytes. */
  threadPage(conversationId: string, request: ThreadPageRequest): Promise<ThreadPage>;
  /** Archives: 'smart' (default, `e`) comes back when they reply; 'forever' does not. */
  archive(conversationId: string, mode?: ArchiveMode): Promise<TriageResult>;
  unarchive(conversationId: string): Promise<TriageResult>;
  /** Read state: opening marks read; these toggle it (`u`). A read receipt is sent only when the setting allows. */
  markRead(conversationId: string): Promise<TriageResult>;
  markUnread(conversationId: string): Promise<TriageResult>;
  listLabels(): Promise<Label[]>;
  createLabel(name: string, color?: string): Promise<Label>;
  updateLabel(labelId: string, patch: LabelPatch): Promise<Label>;
  deleteLabel(labelId: string): Promise<void>;
  /** Adds and removes labels on conversations (bulk-capable). */
  setLabels(conversationIds: string[], add: string[], remove: string[]): Promise<TriageResult>;
  snooze(conversationId: string, request: SnoozeRequest): Promise<TriageResult>;
  unsnooze(conversationId: string): Promise<TriageResult>;
  /** Reads a natural-language time ("tomorrow 9am", "in 3 days", "mon 14:00") as an instant in the future. */
  parseSnoozeTime(text: string): Promise<{ until: number; description: string }>;
  /** The person opened or dismissed a reminder. */
  clearReminder(conversationId: string): Promise<void>;
  /** Undoes the last triage action (archive, labels, snooze, read state) or cancels a reply still in its undo window. */
  undo(): Promise<UndoResult | null>;
  /** The conversation the person is reading (no notifications for it), or null. */
  setActiveConversation(conversationId: string | null): Promise<void>;
  /** Queues a reply; `followUp` asks for a reminder if they do not answer (undefined: a label's default; null: none). */
  sendReply(conversationId: string, text: string, followUp?: FollowUpRequest | null): Promise<Message>;
  /** Removes a conversation's pending follow-up reminder (`z` puts it back). */
  clearFollowUp(conversationId: string): Promise<void>;
  /** Tries an undelivered reply again. */
  retrySend(messageId: string): Promise<void>;
  /** Drops an undelivered reply so it is never sent. */
  discardSend(messageId: string): Promise<void>;
  /** Schedules a reply to go at `sendAt` (epoch ms, in the future): "send later". */
  scheduleReply(conversationId: string, text: string, sendAt: number): Promise<ScheduledReply>;
  /** Every scheduled reply not yet sent, soonest first (the Scheduled view). */
  listScheduled(): Promise<ScheduledReply[]>;
  /** Changes a scheduled reply's text and/or time. */
  editScheduled(messageId: string, change: { text?: string; sendAt?: number }): Promise<ScheduledReply>;
  /** Sends a scheduled reply now instead of at its time. */
  sendScheduledNow(messageId: string): Promise<void>;
  /** Cancels a scheduled reply so it is never sent (`z` brings it back). */
  cancelScheduled(messageId: string): Promise<void>;
  syncNow(accountId?: string): Promise<void>;
  /** Applies one triage action to several conversations; `z` undoes all of them at once. */
  bulk(conversationIds: string[], action: BulkAction): Promise<TriageResult>;
  /** Local full-text search with operators (from:, label:, is:, account:, before:, after:, note:). */
  search(query: string, limit?: number): Promise<SearchResult>;
  /** Keeps what the person is writing in a conversation ('' forgets it). */
  saveDraft(conversationId: string, text: string): Promise<void>;
  /** Keeps the note on the person of a conversation, shared by every conversation with them ('' deletes it); the note as saved, or null. */
  saveNote(conversationId: string, text: string): Promise<PersonNote | null>;
  /** The participant's profile picture as a data: URL, fetched and cached by main; null when there is none. */
  avatar(conversationId: string): Promise<string | null>;
  /** Opens a link in the browser when main's allowlist permits it (https, LinkedIn and similar). */
  openLink(url: string): Promise<LinkVerdict>;
  /** Where API keys are kept, and whether keys can be stored at all. */
  keyStorage(): Promise<KeyStorageStatus>;
  /** Switches key storage to the encrypted file (safeStorage) when the keychain cannot be used; refused when not offered. */
  useEncryptedKeyStorage(): Promise<KeyStorageStatus>;
  /** Writes all local data (accounts without keys, conversations, messages, labels, snoozes, notes, drafts, settings) to a JSON file the person chooses; null when they cancel. */
  exportData(): Promise<ExportSummary | null>;
  /** Runs the connection doctor on a saved account: read-only probes, a report with no key, message text or name. */
  diagnoseAccount(accountId: string): Promise<AccountDiagnosis>;
  /** Saves the account's last diagnosis as Markdown to a file the person chooses; the path, or null when they cancel. */
  saveDiagnosis(accountId: string): Promise<string | null>;
  getSettings(): Promise<AppSettings>;
  updateSettings(patch: Partial<AppSettings>): Promise<AppSettings>;
}

export type InboxMethod = keyof InboxApi;

/** The method names, in one runtime list, for the preload and the handler registry. */
export const INBOX_METHODS = [
  'listAccounts',
  'addAccount',
  'testAccount',
  'updateAccount',
  'removeAccount',
  'demoOffer',
  'answerDemoOffer',
  'listConversations',
  'viewCounts',
  'openConversation',
  'threadPage',
  'archive',
  'unarchive',
  'markRead',
  'markUnread',
  'listLabels',
  'createLabel',
  'updateLabel',
  'deleteLabel',
  'setLabels',
  'snooze',
  'unsnooze',
  'parseSnoozeTime',
  'clearReminder',
  'undo',
  'setActiveConversation',
  'sendReply',
  'clearFollowUp',
  'retrySend',
  'discardSend',
  'scheduleReply',
  'listScheduled',
  'editScheduled',
  'sendScheduledNow',
  'cancelScheduled',
  'syncNow',
  'bulk',
  'search',
  'saveDraft',
  'saveNote',
  'avatar',
  'openLink',
  'keyStorage',
  'useEncryptedKeyStorage',
  'exportData',
  'diagnoseAccount',
  'saveDiagnosis',
  'getSettings',
  'updateSettings',
] as const satisfies readonly InboxMethod[];

// Compile-time proof that INBOX_METHODS lists every method of InboxApi.
type Missing = Exclude<InboxMethod, (typeof INBOX_METHODS)[number]>;
const _everyMethodListed: Missing extends never ? true : Missing = true;
void _everyMethodListed;

/** Requests the shell answers itself, never the core: about this app on this computer, not the inbox. */
export interface ShellApi {
  /** Opens the folder holding the app's log (main.log) in the file manager (Settings → Open logs folder). */
  openLogsFolder(): Promise<void>;
}
export type ShellMethod = keyof ShellApi;
export const SHELL_METHODS = ['openLogsFolder'] as const satisfies readonly ShellMethod[];
type MissingShell = Exclude<ShellMethod, (typeof SHELL_METHODS)[number]>;
const _everyShellMethodListed: MissingShell extends never ? true : MissingShell = true;
void _everyShellMethodListed;

/** Every method the window can call over IPC: the core's and the shell's. */
export type AppMethod = InboxMethod | ShellMethod;
export const IPC_METHODS: readonly AppMethod[] = [...INBOX_METHODS, ...SHELL_METHODS];

export const invokeChannel = (method: AppMethod): string => `inbox:${method}`;
export const CHANGED_CHANNEL = 'inbox:changed';
/** Main → renderer: a clicked notification asks to open this conversation (payload: its id). */
export const OPEN_CONVERSATION_CHANNEL = 'inbox:open-conversation';

/** What a handler sends back: errors travel as data so their code and sentence survive IPC. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/**
 * What the preload puts on `window.inbox`: each method of InboxApi, answering with an
 * IpcResult (errors as data, because Error objects lose their fields crossing the
 * context bridge). The renderer's client unwraps it back into InboxApi.
 */
export type InboxBridge = {
  [M in InboxMethod]: (...args: Parameters<InboxApi[M]>) => Promise<IpcResult<Awaited<ReturnType<InboxApi[M]>>>>;
} & {
  [M in ShellMethod]: (...args: Parameters<ShellApi[M]>) => Promise<IpcResult<Awaited<ReturnType<ShellApi[M]>>>>;
} & {
  /** Subscribes to change events pushed by main; returns an unsubscribe function. */
  onChanged(listener: (event: ChangeEvent) => void): () => void;
  /** A clicked notification asks to open a conversation; returns an unsubscribe function. */
  onOpenConversation(listener: (conversationId: string) => void): () => void;
};
