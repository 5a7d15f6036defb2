/** The shape of the renderer's store: what the screen shows (InboxState) and every action a key or click can take (InboxActions). */
import type { Account, AccountPatch, AccountStatus, AppSettings, ArchiveMode, ChangeEvent, ConnectionVerdict, ConversationSummary, DemoOffer, FollowUpRequest, KeyStorageStatus, Label, LabelPatch, NewAccount, SavedSplit, ScheduledReply, SearchHit, SnoozeRequest, Thread, ViewCounts, ViewId } from '../../../shared/domain';
import type { InboxApi } from '../../../shared/ipc';
import type { Placeholder } from '../snippets';

/** What a toast or notice is about, so it can leave when its subject does (feedbackSubject.ts). */
export type FeedbackSubject =
  /** The picked conversations (x, Shift+J/K, select all). */
  | { kind: 'selection' }
  /** One conversation, while it is the one under the cursor or open. */
  | { kind: 'conversation'; id: string };

export interface Notice {
  id: number;
  text: string;
  /** 'error' says something went wrong (stays a while); 'info' confirms what a key did (fades soon). */
  tone: 'error' | 'info';
  /** What it is about: it leaves when that does. */
  subject?: FeedbackSubject;
}

/** Where focus goes when the accounts screen opens: the panel itself, or the add form. */
export type SettingsFocus = 'panel' | 'add';

/** The one confirmation toast of the last action ("Archived · Undo (z)"); a newer one replaces it. */
export interface Toast {
  id: number;
  text: string;
  /** `z` undoes what it confirms: the toast offers it. */
  undoable: boolean;
  /** A reply waiting out its undo window: the toast counts down to this instant (epoch ms). */
  sendingUntil?: number;
  /** What it is about: it leaves when that does (a selection's count when the selection is cleared). */
  subject?: FeedbackSubject;
}

/** Text a snippet put together for a conversation's composer, and the placeholders it could not fill. */
export interface SnippetInsert {
  seq: number;
  conversationId: string;
  text: string;
  unfilled: Placeholder[];
}

/** A picker open over the selected or open conversation (several ids once bulk selection exists). */
export type Popover = { kind: 'labels'; ids: string[] } | { kind: 'snooze'; ids: string[] } | { kind: 'sendLater'; ids: string[] };

/** How the snooze picker describes its choice, for the toast ("Snoozed until Mon 9:00 AM"). */
export type SnoozeChoice = SnoozeRequest & { description: string };

export interface InboxState {
  /** The first load finished (until then the panes show "Loading…"). */
  loaded: boolean;
  accounts: Account[];
  counts: ViewCounts;
  view: ViewId;
  items: ConversationSummary[];
  total: number;
  /** The list holds an answer for the current view. */
  listLoaded: boolean;
  limit: number;
  selectedId: string | null;
  openId: string | null;
  thread: Thread | null;
  threadError: string | null;
  drafts: Record<string, string>;
  composerErrors: Record<string, string>;
  sendingId: string | null;
  /** The composer of this conversation should take focus as soon as it is on screen. */
  composerFocusFor: string | null;
  /** A message to bring into view and highlight once its thread is on screen (a search result's match). */
  focusMessageId: string | null;
  /** A snippet's filled-in text for the composer to put at its caret; the composer takes it and clears it. */
  snippetInsert: SnippetInsert | null;
  settingsOpen: boolean;
  settingsFocus: SettingsFocus;
  notice: Notice | null;
  /**
   * Each account's last status that was not 'syncing': what the sidebar and the offline
   * banner go by while a sync runs, so a poll does not make them flicker.
   */
  settled: Record<string, AccountStatus>;
  /** A sync of every account started from the screen (the offline banner's "Try again") is running. */
  syncingAll: boolean;
  /** The person's settings, once read from the core. */
  settings: AppSettings | null;
  /** Where API keys are kept (and whether they can be stored at all), once read from the core. */
  keyStorage: KeyStorageStatus | null;
  /** Undelivered replies with a retry or a discard on its way to the core. */
  messageBusy: Record<string, 'retry' | 'discard'>;
  /** Why a retry or discard of that reply did not work, as a sentence. */
  messageErrors: Record<string, string>;
  /** Every label: pinned ones (the split-inbox tabs) first, as the core orders them. */
  labels: Label[];
  toast: Toast | null;
  popover: Popover | null;
  /** Conversations picked with x / Shift+J / Shift+K / select all: triage keys act on all of them. */
  checked: Record<string, true>;
  /** A modal over everything: the command palette (Ctrl/Cmd+K; 'labels' after g l) or the shortcut help (?). */
  overlay: Overlay | null;
  /** Search (`/`): while set, the list shows its results instead of the view. */
  search: SearchState | null;
  /** A reply held back because it still holds a snippet variable ({firstName} empty for this person): the question asked first. */
  /** The question asked before a reply with a variable left in goes out, with the reminder it was sent with. */
  sendQuestion: { conversationId: string; question: string; followUp?: FollowUpRequest | null; later?: boolean } | null;
  /** The conversation whose person's note is being edited in the thread header (`n`), or null. */
  noteEditing: string | null;
  /** Why the note could not be saved, as a sentence (the editor stays open with the text). */
  noteError: string | null;
  /** The one offer to remove the demo account (after the first real account's first sync), until answered. */
  demoOffer: DemoOffer | null;
  /** Replies scheduled to send later and not yet sent, soonest first (the Scheduled view, g then t). */
  scheduled: ScheduledReply[];
}

export type Overlay = { kind: 'palette'; mode: 'all' | 'labels' } | { kind: 'help' } | { kind: 'saveSplit'; query: string } | { kind: 'scheduled' };

export interface SearchState {
  query: string;
  hits: SearchHit[];
  total: number;
  /** `total` or more match (the core stopped counting: at its cap, or once the first results were certain). */
  atLeast: boolean;
  problems: string[];
  /** An answer for `query` is on its way. */
  loading: boolean;
  /** The core could not search, as a sentence. */
  error: string | null;
  /** Bumped to put the cursor back in the search field (pressing / again). */
  focusSeq: number;
  /** How many results are asked for: grows as the cursor or the scroll nears the end of them. */
  limit: number;
}

export interface InboxActions {
  start(): Promise<void>;
  /** x: picks (or unpicks) the conversation under the cursor. */
  toggleSelect(id?: string | null): void;
  /** Shift+J / Shift+K: picks the conversation under the cursor and the next (previous) one, and moves there. */
  extendSelection(delta: 1 | -1): void;
  /** Picks every conversation in the view (all of them, not only the rows fetched so far). */
  selectAll(): Promise<void>;
  clearSelection(): void;
  openOverlay(overlay: Overlay): void;
  closeOverlay(): void;
  /** `/`: shows the search field (or puts the cursor back in it). */
  startSearch(): void;
  /** Searches as the person types; a newer query's answer wins. */
  setSearchQuery(query: string): void;
  /** Leaves search: the list shows the view again. */
  closeSearch(): void;
  /** Asks for more results as the cursor or the scroll nears the end of those shown. */
  moreResults(): void;
  /** Opens a search result at the message that matched. */
  openSearchHit(hit: SearchHit): Promise<void>;
  /** The participant's picture as a data: URL (fetched and cached by main), or null; asked once per conversation. */
  avatarFor(id: string): Promise<string | null>;
  changed(e: ChangeEvent): void;
  /** Reads the scheduled replies again (after a change, or when Scheduled opens). */
  refreshScheduled(): Promise<void>;
  /** Opens the send-later picker for the open conversation's reply; false when no reply box is open. */
  /** Opens the send-later picker for the open reply; one still holding a snippet variable is asked about first (sendQuestion) unless `anyway`. */
  openSendLater(anyway?: boolean): boolean;
  /** Schedules the conversation's draft for `sendAt`; the core's refusal as a sentence, or null when scheduled. */
  scheduleReply(conversationId: string, sendAt: number): Promise<string | null>;
  /** Changes a scheduled reply's text and/or time; the refusal as a sentence, or null. */
  editScheduled(messageId: string, change: { text?: string; sendAt?: number }): Promise<string | null>;
  sendScheduledNow(messageId: string): Promise<void>;
  /** Cancels a scheduled reply (z brings it back). */
  cancelScheduled(messageId: string): Promise<void>;
  selectView(view: ViewId): void;
  select(id: string): void;
  move(delta: 1 | -1): void;
  loadMore(): void;
  /** Fetches every conversation of the view (the benchmark's unvirtualized baseline; the app pages instead). */
  loadAll(): void;
  open(id?: string | null): Promise<void>;
  closeThread(): void;
  archive(id?: string | null, mode?: ArchiveMode): Promise<void>;
  /** Back to the inbox from Archived (unarchive) or Snoozed (unsnooze). */
  moveToInbox(id?: string | null): Promise<void>;
  unsnooze(id?: string | null): Promise<void>;
  /** `u`: unread becomes read and read becomes unread. Marking the open thread unread closes it. */
  toggleRead(id?: string | null): Promise<void>;
  /** Adds (on) or removes a label on conversations. */
  applyLabel(ids: string[], labelId: string, on: boolean): Promise<void>;
  /** Creates a label (throws the core's sentence when refused). */
  createLabel(name: string, color?: string): Promise<Label>;
  updateLabel(id: string, patch: LabelPatch): Promise<Label>;
  deleteLabel(id: string): Promise<void>;
  snooze(ids: string[], choice: SnoozeChoice): Promise<void>;
  parseSnoozeTime(text: string): Promise<{ until: number; description: string }>;
  /** Dismisses the reminder a snooze left on a conversation. */
  clearReminder(id: string): Promise<void>;
  /** `z`: undoes the last action, or cancels a reply still in its undo window (its text goes back in the composer). */
  undo(): Promise<void>;
  /** Opens a picker (`l`, `h`) over the open or selected conversation. */
  openPopover(kind: Popover['kind']): void;
  closePopover(): void;
  /** Saves a search as a split tab and shows it; throws the core's sentence when refused (a query search cannot run). */
  saveSearchAsSplit(name: string, query: string): Promise<void>;
  /** Saves the split tabs as Settings arranges them (renamed, reordered, removed); throws the core's sentence when refused. */
  updateSplits(next: SavedSplit[]): Promise<void>;
  /** Tab / Shift+Tab: the next or previous split-inbox tab. False when there are no tabs to move between. */
  moveSplit(delta: 1 | -1): boolean;
  dismissToast(): void;
  reply(): void;
  composerFocused(): void;
  /** Keeps what is typed; it is saved to the core shortly after typing stops (and on leaving the thread). */
  setDraft(id: string, text: string): void;
  /** Saves every draft still waiting for its save now (leaving the thread, closing the window). */
  flushDrafts(): void;
  /** Opens a conversation scrolled to one of its messages, highlighted (search results); null opens it at the newest. */
  openAt(conversationId: string, messageId: string | null): Promise<void>;
  /** The thread brought focusMessageId into view. */
  messageFocused(): void;
  /** Scrolled near the top (or bottom) of the open thread's window: the page before (or after) it is loaded. */
  loadThreadPage(direction: 'older' | 'newer'): Promise<void>;
  /** Opens a link in the browser when main allows it; otherwise copies it and says why it was not opened. */
  openLink(url: string): Promise<void>;
  /** `n`: opens the note on the person of the open (or selected) conversation for editing. */
  editNote(): Promise<void>;
  /** Saves the note being edited ('' deletes it); false (editor kept open, noteError set) when refused. */
  saveNote(conversationId: string, text: string): Promise<boolean>;
  /** Closes the note editor, keeping nothing typed. */
  cancelNote(): void;
  /** `p`: the participant's LinkedIn profile of the open (or selected) conversation, in the browser. */
  openProfile(): Promise<void>;
  /** Puts a saved reply, filled in for the open (or selected) conversation, into its composer at the caret. */
  insertSnippet(snippetId: string): Promise<void>;
  /** The composer took the snippet text. */
  snippetInserted(): void;
  /**
   * Sends the reply in the composer; `followUp` asks for a reminder if they do not answer (undefined:
   * a label's default; null: none). One still holding a snippet variable is asked about first
   * (sendQuestion) unless `anyway`.
   */
  send(id: string, followUp?: FollowUpRequest | null, anyway?: boolean): Promise<boolean>;
  /** Puts the question about variables left in a reply away (the person chose to edit). */
  dismissSendQuestion(): void;
  /** Removes the follow-up reminder of a conversation (the open or selected one by default); `z` puts it back. */
  clearFollowUp(id?: string | null): Promise<void>;
  openSettings(focus?: SettingsFocus): void;
  closeSettings(): void;
  /** Tries settings without saving anything (`accountId`: reuse that account's stored key when none is typed). */
  testAccount(input: NewAccount, accountId?: string): Promise<ConnectionVerdict>;
  addAccount(input: NewAccount): Promise<Account>;
  updateAccount(id: string, patch: AccountPatch): Promise<Account>;
  removeAccount(id: string): Promise<void>;
  /** Answers the demo offer: remove the demo account, or keep it (the core remembers either). */
  answerDemoOffer(remove: boolean): Promise<void>;
  syncAccount(id: string): Promise<void>;
  /** Syncs every account now (never throws: each account's status says how it went). */
  syncAll(): Promise<void>;
  /** Tries an undelivered reply again. */
  retrySend(messageId: string): Promise<void>;
  /** Drops an undelivered reply for good. Resolves true when it is gone. */
  discardSend(messageId: string): Promise<boolean>;
  loadSettings(): Promise<void>;
  /** Reads where API keys are kept (Settings shows it; a warning when they cannot be stored). */
  loadKeyStorage(): Promise<void>;
  /** Keeps keys in the encrypted file from now on; throws the core's sentence when that is refused. */
  useEncryptedKeyStorage(): Promise<KeyStorageStatus>;
  /** Saves settings; throws the core's sentence when they are refused. */
  updateSettings(patch: Partial<AppSettings>): Promise<AppSettings>;
  /** Writes all local data to a JSON file the person picks (null when they cancel); throws the core's sentence. */
  exportData(): ReturnType<InboxApi['exportData']>;
  /** Runs the connection doctor on an account (read-only); throws the core's sentence. */
  diagnoseAccount(accountId: string): ReturnType<InboxApi['diagnoseAccount']>;
  /** Saves the account's last report as Markdown where the person picks (null when they cancel). */
  saveDiagnosis(accountId: string): ReturnType<InboxApi['saveDiagnosis']>;
  notify(text: string, tone?: Notice['tone'], subject?: FeedbackSubject): void;
  dismissNotice(): void;
}

export type InboxStore = InboxState & InboxActions;
