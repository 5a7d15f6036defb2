/**
 * The renderer's state and every action a key or click can take. Triage actions (archive,
 * read state, labels, snooze, reminders) are optimistic: the store changes synchronously
 * (the row leaves or changes in the same frame), then the core is asked; a failure puts
 * things back and says why. Refreshes that started before a change settled are dropped, so
 * a stale answer never resurrects an archived row. Each triage action confirms itself with
 * a quiet toast ("Archived · Undo (z)"); `z` asks the core to undo the last one.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  Account,
  AccountPatch,
  AccountStatus,
  AppSettings,
  ArchiveMode,
  ChangeEvent,
  ConnectionVerdict,
  DemoOffer,
  ConversationPage,
  ConversationSummary,
  BulkAction,
  KeyStorageStatus,
  Label,
  LinkVerdict,
  SearchHit,
  LabelPatch,
  NewAccount,
  SnoozeRequest,
  Thread,
  TriageResult,
  UndoResult,
  ViewCounts,
  ViewId,
} from '../../shared/domain';
import { MAX_BULK, MAX_REPLY_LENGTH } from '../../shared/domain';
import type { InboxApi } from '../../shared/ipc';
import { archiveNoticeText } from './accounts';
import { errorSentence } from './api';
import { bindingFor, describeChord } from './keymap';
import { keepSelection, recount } from './viewRules';
import { applyChanges, revertChanges, type ConversationChange } from './state/optimistic';
import { expandSnippet, unfilledSentence, type Placeholder } from './snippets';
import { advanceAfterChange } from './triageNext';
import { mayOfferDemoRemoval } from './demoOnboarding';
import { dropFeedbackWithoutSubject, type FeedbackSubject } from './feedbackSubject';
import { mergeNewest, withMine, withNewer, withOlder } from './threadWindow';

/** How many rows are fetched at a time; more are fetched as the selection nears the end. */
export const PAGE_SIZE = 200;
/** Profile pictures the window keeps (data: URLs of up to 512 KB): a few screens of rows. */
const AVATARS_KEPT = 300;
/** Search results asked for per keystroke: a screenful and more; the status line says how many match in all. */
const SEARCH_PAGE = 50;
/** The most results one search answers with (the IPC contract's limit). */
const MAX_SEARCH_LIMIT = 500;
/** The most rows the core returns in one answer (its listConversations limit). */
export const LIST_PAGE_MAX = 1000;

/** A draft is saved this long after typing stops. */
const DRAFT_SAVE_DELAY_MS = 400;

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
export type Popover = { kind: 'labels'; ids: string[] } | { kind: 'snooze'; ids: string[] };

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
  /** The one offer to remove the demo account (after the first real account's first sync), until answered. */
  demoOffer: DemoOffer | null;
}

export type Overlay = { kind: 'palette'; mode: 'all' | 'labels' } | { kind: 'help' };

export interface SearchState {
  query: string;
  hits: SearchHit[];
  total: number;
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
  /** `p`: the participant's LinkedIn profile of the open (or selected) conversation, in the browser. */
  openProfile(): Promise<void>;
  /** Puts a saved reply, filled in for the open (or selected) conversation, into its composer at the caret. */
  insertSnippet(snippetId: string): Promise<void>;
  /** The composer took the snippet text. */
  snippetInserted(): void;
  send(id: string): Promise<boolean>;
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

const initialState: InboxState = {
  loaded: false,
  accounts: [],
  counts: {},
  view: 'inbox',
  items: [],
  total: 0,
  listLoaded: false,
  limit: PAGE_SIZE,
  selectedId: null,
  openId: null,
  thread: null,
  threadError: null,
  drafts: {},
  composerErrors: {},
  sendingId: null,
  composerFocusFor: null,
  focusMessageId: null,
  snippetInsert: null,
  settingsOpen: false,
  settingsFocus: 'panel',
  notice: null,
  settled: {},
  syncingAll: false,
  settings: null,
  keyStorage: null,
  messageBusy: {},
  messageErrors: {},
  labels: [],
  toast: null,
  popover: null,
  checked: {},
  overlay: null,
  search: null,
  demoOffer: null,
};

/** A conversation the screen shows: a row of the view, a search result, or the open thread. */
export function conversationFor(s: Pick<InboxState, 'items' | 'search' | 'thread'>, id: string): ConversationSummary | null {
  return (
    s.items.find((c) => c.id === id) ??
    s.search?.hits.find((h) => h.conversation.id === id)?.conversation ??
    (s.thread?.conversation.id === id ? s.thread.conversation : null)
  );
}

/** The split-inbox tabs: the inbox first, then each pinned label. */
export function splitViews(labels: readonly Label[]): ViewId[] {
  return ['inbox', ...labels.filter((l) => l.pinned).map((l) => `label:${l.id}` as const)];
}

type Change = ConversationChange;

/** The statuses to remember: the current one, or while syncing, the one before. */
function settledStatuses(previous: Record<string, AccountStatus>, accounts: readonly Account[]): Record<string, AccountStatus> {
  const next: Record<string, AccountStatus> = {};
  for (const a of accounts) {
    const status = a.status.state === 'syncing' ? previous[a.id] : a.status;
    if (status) next[a.id] = status;
  }
  return next;
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** Why a reply cannot be sent as it is, or null when it can. */
export function replyProblem(text: string): string | null {
  if (text.trim().length === 0) return 'Write something before sending.';
  if (text.length > MAX_REPLY_LENGTH) {
    return `A reply can be at most ${MAX_REPLY_LENGTH.toLocaleString()} characters; this one has ${text.length.toLocaleString()}. Shorten it to send.`;
  }
  return null;
}

export function createInboxStore(api: InboxApi): StoreApi<InboxStore> {
  // Bookkeeping that is not state the screen shows.
  let epoch = 0; // bumped whenever an optimistic change starts or settles
  let inflight = 0; // optimistic changes waiting for the core
  let listRun: Promise<void> | null = null;
  let listAgain = false;
  // The counts the core sent with its last change event (after a triage action); the next list
  // read uses them instead of asking again. Any change event without counts makes them stale.
  let countsFromCore: ViewCounts | null = null;
  let noticeSeq = 0;
  let toastSeq = 0;
  // Accounts whose archive behaviour was already explained this session (once is enough).
  const archiveExplained = new Set<string>();
  // Triage calls on their way to the core: undo waits for them, so it undoes the newest one.
  const pendingCalls = new Set<Promise<unknown>>();
  // The conversation each undoable step of this window touched, newest last (mirrors the core's
  // undo stack), so an undone conversation is selected again when it returns to the list;
  // `reopen`: it was open when the step took it away (the triage loop), so undo opens it again.
  const undoHints: { id: string; reopen?: boolean }[] = [];
  let selectAfterRefresh: string | null = null;
  let undoing = false;
  // Drafts typed and not yet saved to the core: conversation id → its pending save.
  /** A page of the open thread is on its way (one at a time). */
  let pagingThread = false;
  const draftTimers = new Map<string, ReturnType<typeof setTimeout>>();
  // A failed draft save is said once, not after every pause in typing.
  let draftSaveFailed = false;
  let snippetSeq = 0;
  // Bumped when the demo offer is answered: an offer asked for before then is stale.
  let demoOfferSeq = 0;
  let searchSeq = 0;
  /** Bumped by every settings change: only the latest one's answer (or failure) is applied. */
  let settingsSeq = 0;
  // Pictures shown lately, asked for once each while kept (main caches the bytes on disk).
  const avatars = new Map<string, Promise<string | null>>();

  const store = createStore<InboxStore>()((set, get) => {
    const notify = (text: string, tone: Notice['tone'] = 'error', subject?: FeedbackSubject) =>
      set({ notice: subject ? { id: ++noticeSeq, text, tone, subject } : { id: ++noticeSeq, text, tone } });

    function showToast(text: string, undoable: boolean, sendingUntil?: number, subject?: FeedbackSubject): number {
      const id = ++toastSeq;
      set({ toast: { id, text, undoable, ...(sendingUntil === undefined ? {} : { sendingUntil }), ...(subject ? { subject } : {}) } });
      return id;
    }

    function dropToast(id: number): void {
      if (get().toast?.id === id) set({ toast: null });
    }

    /** What a triage action said back (e.g. it stayed in this app only), shown when there is something to say. */
    function showResult(result: unknown): void {
      const results = (Array.isArray(result) ? result : [result]) as (TriageResult | undefined)[];
      const notices = [...new Set(results.map((r) => r?.notice).filter((n): n is string => typeof n === 'string' && n.length > 0))];
      if (notices.length > 0) notify(notices.join(' '), 'info');
    }

    /** The first archive in an account says where the archive lives: here only, or at the provider too. */
    function explainArchive(c: ConversationSummary): void {
      if (archiveExplained.has(c.accountId)) return;
      const account = get().accounts.find((a) => a.id === c.accountId);
      const text = account ? archiveNoticeText(account) : null;
      if (!text) return;
      archiveExplained.add(c.accountId);
      notify(text, 'info');
    }

    async function refreshLabels(): Promise<void> {
      try {
        const labels = await api.listLabels();
        set({ labels });
        // The label this view showed was deleted (here or elsewhere): back to the inbox.
        const { view } = get();
        if (view.startsWith('label:') && !labels.some((l) => `label:${l.id}` === view)) get().selectView('inbox');
      } catch (err) {
        notify(errorSentence(err));
      }
    }

    async function refreshAccounts(): Promise<void> {
      try {
        const accounts = await api.listAccounts();
        set((s) => ({ accounts, settled: settledStatuses(s.settled, accounts) }));
        // Onboarding: the first real account has synced, so the core may offer to remove the demo.
        const seq = demoOfferSeq;
        if (mayOfferDemoRemoval(accounts)) void api.demoOffer().then((demoOffer) => seq === demoOfferSeq && set({ demoOffer }), () => {});
        else if (get().demoOffer) set({ demoOffer: null });
      } catch (err) {
        notify(errorSentence(err));
      }
    }

    /**
     * The first `limit` rows of a view, in pages the core accepts (at most LIST_PAGE_MAX each), so
     * scrolling past a thousand conversations keeps working. Pages are read at once; if the view
     * changed size in between, the total of the last page wins and the next change event corrects it.
     */
    async function fetchRows(view: ViewId, limit: number): Promise<ConversationPage> {
      if (limit <= LIST_PAGE_MAX) return api.listConversations({ view, limit });
      const offsets: number[] = [];
      for (let offset = 0; offset < limit; offset += LIST_PAGE_MAX) offsets.push(offset);
      const pages = await Promise.all(offsets.map((offset) => api.listConversations({ view, offset, limit: Math.min(LIST_PAGE_MAX, limit - offset) })));
      const seen = new Set<string>();
      const items = pages.flatMap((p) => p.items).filter((c) => !seen.has(c.id) && (seen.add(c.id), true));
      return { items, total: pages[pages.length - 1]!.total };
    }

    /** Fetches the list and counts; coalesces bursts of change events into one extra run. */
    function refreshList(): Promise<void> {
      // Its answer would be thrown away: the optimistic change asks again once it settles.
      if (inflight > 0) return Promise.resolve();
      if (listRun) {
        listAgain = true;
        return listRun;
      }
      listRun = (async () => {
        do {
          listAgain = false;
          const started = epoch;
          const { view, limit } = get();
          const known = countsFromCore;
          countsFromCore = null;
          try {
            const [page, counts] = await Promise.all([fetchRows(view, limit), known ?? api.viewCounts()]);
            // A change began or settled meanwhile, or the view changed: this answer is stale,
            // and whoever changed things has asked for another run.
            if (started !== epoch || inflight > 0 || get().view !== view) continue;
            const wanted = selectAfterRefresh;
            const found = wanted !== null && page.items.some((c) => c.id === wanted);
            if (found) selectAfterRefresh = null;
            set((s) => ({
              items: page.items,
              total: page.total,
              counts,
              listLoaded: true,
              // While searching, the cursor belongs to the results.
              selectedId: s.search ? s.selectedId : found && s.openId === null ? wanted : keepSelection(s.items, page.items, s.selectedId),
            }));
          } catch (err) {
            set({ listLoaded: true });
            notify(errorSentence(err));
          }
        } while (listAgain);
      })().finally(() => {
        listRun = null;
      });
      return listRun;
    }

    /** Stops a draft's pending save (it is saved now, or sent). */
    function cancelDraftSave(id: string): void {
      const timer = draftTimers.get(id);
      if (timer !== undefined) clearTimeout(timer);
      draftTimers.delete(id);
    }

    /** Saves what is in a conversation's composer to the core now. */
    function saveDraftNow(id: string): void {
      cancelDraftSave(id);
      api.saveDraft(id, get().drafts[id] ?? '').then(
        () => {
          draftSaveFailed = false;
        },
        (err) => {
          if (!draftSaveFailed) notify(`Your draft could not be kept for later: ${errorSentence(err)}`);
          draftSaveFailed = true;
        },
      );
    }

    /** Saves a draft once typing pauses, so a restart finds it without a write per keystroke. */
    function scheduleDraftSave(id: string): void {
      cancelDraftSave(id);
      draftTimers.set(
        id,
        setTimeout(() => saveDraftNow(id), DRAFT_SAVE_DELAY_MS),
      );
    }

    /**
     * Asks the core for the open thread's newest page and merges it into the window held; the
     * page around a search hit instead when that message is not held yet; `jumpToNewest`
     * replaces the window (my reply while reading far up).
     */
    async function refreshThread(jumpToNewest = false): Promise<void> {
      const id = get().openId;
      if (!id) return;
      const focus = get().focusMessageId;
      const held = get().thread;
      const around = focus !== null && !(held?.conversation.id === id && held.messages.some((m) => m.id === focus)) ? focus : null;
      try {
        const fresh = around ? await api.openConversation(id, { around }) : await api.openConversation(id);
        // The stored draft fills the composer unless this window already holds one for it.
        if (get().openId === id) {
          set((s) => ({
            thread: around || jumpToNewest ? fresh : mergeNewest(s.thread, fresh),
            threadError: null,
            drafts: id in s.drafts || fresh.draft === '' ? s.drafts : { ...s.drafts, [id]: fresh.draft },
          }));
        }
      } catch (err) {
        if (get().openId === id) set({ threadError: errorSentence(err) });
      }
    }

    /** The rows the list shows: the search's results while searching, else the view's conversations. */
    function rows(s: InboxState = get()): ConversationSummary[] {
      return s.search ? s.search.hits.map((h) => h.conversation) : s.items;
    }

    /** The conversation a triage key acts on: the given one, else the open one, else the selected one. */
    function target(id?: string | null): ConversationSummary | null {
      const s = get();
      const wanted = id ?? s.openId ?? s.selectedId;
      return wanted ? conversationFor(s, wanted) : null;
    }

    /** The picked conversations (x, Shift+J/K, select all), or null when none are picked. */
    function checkedIds(): string[] | null {
      const ids = Object.keys(get().checked);
      return ids.length > 0 ? ids : null;
    }

    /**
     * One triage action on every picked conversation: the rows on screen change at once, the
     * core applies it to all of them in one step (one `z` undoes it), the selection is cleared.
     */
    async function bulkRun(ids: string[], action: BulkAction, toast: string, change: (c: ConversationSummary) => ConversationSummary | null): Promise<void> {
      const changes: Change[] = [];
      for (const c of targets(ids)) {
        const after = change(c);
        if (after) changes.push({ before: c, after });
      }
      set({ checked: {} });
      const toastId = showToast(toast, true);
      if (changes.length === 0) await unseenRun(() => api.bulk(ids, action), toastId, ids[0]!);
      else await optimistic(changes, () => api.bulk(ids, action), { undoable: true, toastId });
    }

    /** A change to picked rows none of which is fetched yet (select all in a long view): the core only, then a refresh. */
    async function unseenRun(call: () => Promise<unknown>, toastId: number, hint: string): Promise<void> {
      try {
        showResult(await call());
        undoHints.push({ id: hint });
      } catch (err) {
        dropToast(toastId);
        notify(errorSentence(err));
      }
      epoch++;
      void refreshList();
      refreshSearch();
    }

    const plural = (n: number) => (n === 1 ? '1 conversation' : `${n.toLocaleString()} conversations`);

    /** Runs the current search again (after a change), keeping the cursor where it was. */
    function refreshSearch(): void {
      const q = get().search?.query;
      if (q !== undefined && q.trim() !== '') runSearch(q, true);
    }

    function runSearch(query: string, keepCursor: boolean): void {
      const seq = ++searchSeq;
      api.search(query, get().search?.limit ?? SEARCH_PAGE).then(
        (r) => {
          if (seq !== searchSeq || !get().search) return;
          set((s) => {
            const ids = r.hits.map((h) => h.conversation.id);
            const cursor = keepCursor && s.selectedId !== null && ids.includes(s.selectedId) ? s.selectedId : (ids[0] ?? null);
            return {
              search: s.search && { ...s.search, hits: r.hits, total: r.total, problems: r.problems, loading: false, error: null },
              selectedId: s.openId !== null && keepCursor ? s.selectedId : cursor,
            };
          });
        },
        (err) => {
          if (seq !== searchSeq || !get().search) return;
          set((s) => ({ search: s.search && { ...s.search, loading: false, error: errorSentence(err) } }));
        },
      );
    }

    /**
     * Applies changes to conversations now (rows leave or change in this frame), then asks the
     * core; puts them back and says why if the core says no. `undoable`: the core records an
     * undo step for it. `toastId`: the toast confirming it, dropped on failure.
     */
    async function optimistic(changes: Change[], call: () => Promise<unknown>, opts: { undoable: boolean; toastId?: number }): Promise<boolean> {
      if (changes.length === 0) return false;
      epoch++;
      inflight++;
      // The triage loop: the open conversation leaving the view opens the next one (the setting says which).
      const before = get();
      const advance = advanceAfterChange(before.view, rows(before), before.openId, changes.map((ch) => ch.after), before.settings?.afterTriage ?? 'next');
      set((s) => applyChanges(s, changes));
      if (advance?.to) openNext(advance.to);
      const pending = call();
      pendingCalls.add(pending);
      try {
        showResult(await pending);
        if (opts.undoable) undoHints.push(advance ? { id: advance.from, reopen: true } : { id: changes[0]!.before.id });
        return true;
      } catch (err) {
        if (opts.toastId !== undefined) dropToast(opts.toastId);
        // Not done: the reader goes back to the conversation they were reading.
        if (advance && get().openId === (advance.to ?? null)) void get().open(advance.from);
        set((s) => revertChanges(s, changes));
        notify(errorSentence(err));
        return false;
      } finally {
        pendingCalls.delete(pending);
        inflight--;
        epoch++;
        void refreshList();
        refreshSearch();
      }
    }

    /** Opens the conversation the triage loop moves on to; near the end of the rows, more are fetched. */
    function openNext(id: string): void {
      void get().open(id);
      const list = rows();
      if (list.findIndex((c) => c.id === id) >= list.length - 20) {
        if (get().search) get().moreResults();
        else get().loadMore();
      }
    }

    /** The conversations a picker or a bulk action works on, as the list (or the open thread) shows them. */
    function targets(ids: readonly string[]): ConversationSummary[] {
      return ids.map((id) => target(id)).filter((c): c is ConversationSummary => c !== null);
    }

    /** A reply whose sending was undone: its text goes back into that conversation's composer. */
    async function restoreDraft(draft: NonNullable<UndoResult['draft']>): Promise<void> {
      const { conversationId, text } = draft;
      set((s) => {
        const messages = s.thread?.conversation.id === conversationId ? s.thread.messages : null;
        // The pending bubble goes at once; the core's change event confirms.
        const drop = messages ? messages.findLastIndex((m) => m.fromMe && m.status === 'pending' && m.text === text) : -1;
        return {
          drafts: { ...s.drafts, [conversationId]: text },
          composerErrors: without(s.composerErrors, conversationId),
          composerFocusFor: conversationId,
          thread: s.thread && messages && drop >= 0 ? { ...s.thread, messages: messages.filter((_, i) => i !== drop) } : s.thread,
        };
      });
      if (get().openId !== conversationId) await get().open(conversationId);
    }

    return {
      ...initialState,

      async start() {
        // Not awaited: a keychain that is slow to answer must not hold up the inbox.
        void get().loadKeyStorage();
        await Promise.all([refreshAccounts(), refreshList(), get().loadSettings(), refreshLabels()]);
        set({ loaded: true });
      },

      changed(e) {
        if (e.counts) countsFromCore = e.counts;
        else if (e.accounts || e.conversations) countsFromCore = null;
        if (e.accounts) void refreshAccounts();
        if (e.settings) void get().loadSettings();
        if (e.labels) void refreshLabels();
        if (e.notice) notify(e.notice, 'info');
        if (e.accounts || e.conversations) {
          void refreshList();
          refreshSearch();
        }
        const { openId } = get();
        if (openId && (e.conversations === 'all' || e.conversations?.includes(openId))) void refreshThread();
      },

      selectView(view) {
        if (get().view === view) {
          // Choosing the view on screen again leaves search and shows the view.
          if (get().search) get().closeSearch();
          return;
        }
        set({ view, items: [], total: 0, listLoaded: false, limit: PAGE_SIZE, selectedId: null, openId: null, thread: null, threadError: null, settingsOpen: false, popover: null, checked: {}, search: null });
        void refreshList();
      },

      select(id) {
        set({ selectedId: id });
      },

      move(delta) {
        const s = get();
        const list = rows(s);
        if (list.length === 0) return;
        const at = list.findIndex((c) => c.id === s.selectedId);
        const next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + delta));
        const id = list[next]!.id;
        if (next >= list.length - 20) {
          if (s.search) get().moreResults();
          else get().loadMore();
        }
        // With a thread open, moving reads the neighbour (Superhuman's next/previous conversation).
        if (s.openId !== null && id !== s.openId) void get().open(id);
        else set({ selectedId: id });
      },

      loadAll() {
        const s = get();
        if (s.limit >= s.total) return;
        set({ limit: s.total });
        void refreshList();
      },

      loadMore() {
        const s = get();
        if (s.items.length >= s.total || s.limit > s.items.length) return;
        set({ limit: s.limit + PAGE_SIZE });
        void refreshList();
      },

      async open(id) {
        const wanted = id ?? get().selectedId;
        if (!wanted) return;
        get().flushDrafts();
        set((s) => {
          // Opening reads it; the core agrees a moment later.
          const was = s.items.find((c) => c.id === wanted);
          const read = was && was.unreadCount > 0 ? { ...was, unreadCount: 0 } : null;
          return {
            openId: wanted,
            selectedId: wanted,
            thread: s.thread?.conversation.id === wanted ? s.thread : null,
            threadError: null,
            items: read ? s.items.map((c) => (c.id === wanted ? read : c)) : s.items,
            counts: read && was ? recount(s.counts, was, read) : s.counts,
          };
        });
        await refreshThread();
      },

      closeThread() {
        get().flushDrafts();
        set({ openId: null, thread: null, threadError: null, composerFocusFor: null, focusMessageId: null });
      },

      async archive(id, mode = 'smart') {
        const picked = id == null ? checkedIds() : null;
        if (picked) {
          await bulkRun(picked, { kind: 'archive', mode }, `Archived ${plural(picked.length)}${mode === 'forever' ? ' for good' : ''}`, (c) =>
            c.archived === mode || (mode === 'smart' && c.archived) ? null : { ...c, archived: mode, reminder: null },
          );
          return;
        }
        const c = target(id);
        if (!c) return;
        if (c.archived === mode || (mode === 'smart' && c.archived)) {
          notify(`This conversation is already archived. ${describeChord(bindingFor('moveToInbox').keys[0]!)} moves it back to the inbox.`, 'error', { kind: 'conversation', id: c.id });
          return;
        }
        if (mode === 'smart') explainArchive(c);
        const toastId = showToast(mode === 'smart' ? 'Archived' : 'Archived for good', true);
        // Archiving deals with a reminder (the core clears it too).
        const after: ConversationSummary = { ...c, archived: mode, reminder: null };
        await optimistic([{ before: c, after }], () => (mode === 'smart' ? api.archive(c.id) : api.archive(c.id, mode)), { undoable: true, toastId });
      },

      async moveToInbox(id) {
        const picked = id == null ? checkedIds() : null;
        if (picked) {
          const list = targets(picked);
          // Snoozed ones wake up; archived ones come back (what the view shows decides).
          if (list.length > 0 && list.every((c) => c.snoozedUntil !== null && !c.archived)) {
            await bulkRun(picked, { kind: 'unsnooze' }, `Unsnoozed ${plural(picked.length)}`, (c) => (c.snoozedUntil === null ? null : { ...c, snoozedUntil: null, snoozeNote: null }));
          } else {
            await bulkRun(picked, { kind: 'unarchive' }, `Moved ${plural(picked.length)} to the inbox`, (c) => (c.archived ? { ...c, archived: null } : null));
          }
          return;
        }
        const c = target(id);
        if (!c) return;
        if (c.snoozedUntil !== null && !c.archived) {
          await get().unsnooze(c.id);
          return;
        }
        if (!c.archived) return;
        const toastId = showToast('Moved to inbox', true);
        await optimistic([{ before: c, after: { ...c, archived: null } }], () => api.unarchive(c.id), { undoable: true, toastId });
      },

      async unsnooze(id) {
        const c = target(id);
        if (!c || c.snoozedUntil === null) return;
        const toastId = showToast('Unsnoozed — back in the inbox', true);
        await optimistic([{ before: c, after: { ...c, snoozedUntil: null, snoozeNote: null } }], () => api.unsnooze(c.id), { undoable: true, toastId });
      },

      async toggleRead(id) {
        const picked = id == null ? checkedIds() : null;
        if (picked) {
          // Any unread among them: all become read; all read: all become unread.
          const makeRead = targets(picked).some((c) => c.unreadCount > 0);
          await bulkRun(
            picked,
            { kind: makeRead ? 'markRead' : 'markUnread' },
            makeRead ? `Marked ${plural(picked.length)} as read` : `Marked ${plural(picked.length)} as unread`,
            (c) => (makeRead ? (c.unreadCount > 0 ? { ...c, unreadCount: 0 } : null) : c.unreadCount === 0 ? { ...c, unreadCount: 1 } : null),
          );
          return;
        }
        const c = target(id);
        if (!c) return;
        const makeUnread = c.unreadCount === 0;
        // Marked unread means "later": the thread closes (reading on would mark it read again).
        if (makeUnread && get().openId === c.id) get().closeThread();
        const after: ConversationSummary = { ...c, unreadCount: makeUnread ? 1 : 0 };
        const toastId = showToast(makeUnread ? 'Marked as unread' : 'Marked as read', true);
        await optimistic([{ before: c, after }], () => (makeUnread ? api.markUnread(c.id) : api.markRead(c.id)), { undoable: true, toastId });
      },

      async applyLabel(ids, labelId, on) {
        const label = get().labels.find((l) => l.id === labelId);
        if (!label) return;
        const chip = { id: label.id, name: label.name, color: label.color };
        const shown = targets(ids);
        const changes: Change[] = shown
          .filter((c) => c.labels.some((l) => l.id === labelId) !== on)
          .map((c) => ({ before: c, after: { ...c, labels: on ? [...c.labels, chip] : c.labels.filter((l) => l.id !== labelId) } }));
        // Select all may have picked rows not fetched yet: the core gets every picked id.
        const unfetched = shown.length < ids.length;
        if (changes.length === 0 && !unfetched) return;
        const many = ids.length > 1 ? ` ${plural(ids.length)}` : '';
        const toastId = showToast(on ? `Labelled${many} “${label.name}”` : many ? `Removed “${label.name}” from${many}` : `Removed “${label.name}”`, true);
        const send = unfetched ? [...ids] : changes.map((ch) => ch.before.id);
        if (ids.length > 1) set({ checked: {} });
        const call = () => api.setLabels(send, on ? [labelId] : [], on ? [] : [labelId]);
        if (changes.length === 0) await unseenRun(call, toastId, ids[0]!);
        else await optimistic(changes, call, { undoable: true, toastId });
      },

      async createLabel(name, color) {
        const label = await api.createLabel(name, color);
        set((s) => ({ labels: s.labels.some((l) => l.id === label.id) ? s.labels : [...s.labels, label] }));
        void refreshLabels();
        return label;
      },

      async updateLabel(id, patch) {
        const label = await api.updateLabel(id, patch);
        set((s) => ({ labels: s.labels.map((l) => (l.id === id ? label : l)) }));
        await refreshLabels();
        return label;
      },

      async deleteLabel(id) {
        await api.deleteLabel(id);
        set((s) => ({ labels: s.labels.filter((l) => l.id !== id) }));
        if (get().view === `label:${id}`) get().selectView('inbox');
        void refreshLabels();
        void refreshList();
      },

      async snooze(ids, choice) {
        const { description, ...request } = choice;
        const note = request.note?.trim() ? request.note.trim() : null;
        const changes: Change[] = targets(ids).map((c) => ({ before: c, after: { ...c, snoozedUntil: request.until, snoozeNote: note, reminder: null } }));
        if (changes.length === 0) return;
        const req: SnoozeRequest = { until: request.until, note, cancelIfReply: request.cancelIfReply ?? false };
        if (ids.length > 1) {
          await bulkRun([...ids], { kind: 'snooze', request: req }, `Snoozed ${plural(ids.length)} until ${description}`, (c) => ({ ...c, snoozedUntil: request.until, snoozeNote: note, reminder: null }));
          return;
        }
        const toastId = showToast(`Snoozed until ${description}`, true);
        await optimistic(changes, () => api.snooze(changes[0]!.before.id, req), { undoable: true, toastId });
      },

      parseSnoozeTime(text) {
        return api.parseSnoozeTime(text);
      },

      async clearReminder(id) {
        const c = target(id);
        if (!c || !c.reminder) return;
        await optimistic([{ before: c, after: { ...c, reminder: null } }], () => api.clearReminder(c.id), { undoable: false });
      },

      async undo() {
        if (undoing) return;
        undoing = true;
        try {
          // Undo the newest action, not the one before it: let calls on their way land first.
          await Promise.allSettled([...pendingCalls]);
          const result = await api.undo();
          if (!result) {
            undoHints.length = 0;
            showToast('Nothing to undo', false);
            return;
          }
          const hint = undoHints.pop() ?? null;
          showToast(result.description, false);
          if (result.draft) await restoreDraft(result.draft);
          else if (hint?.reopen) void get().open(hint.id);
          else selectAfterRefresh = hint?.id ?? null;
          epoch++;
          void refreshList();
        } catch (err) {
          undoHints.pop();
          notify(errorSentence(err));
        } finally {
          undoing = false;
        }
      },

      openPopover(kind) {
        const s = get();
        if (s.settingsOpen) return;
        const picked = checkedIds();
        if (picked) {
          set({ popover: { kind, ids: picked } });
          return;
        }
        const c = target();
        if (!c) return;
        set({ popover: { kind, ids: [c.id] } });
      },

      closePopover() {
        set({ popover: null });
      },

      toggleSelect(id) {
        const s = get();
        const wanted = id ?? s.selectedId ?? s.openId;
        if (!wanted) return;
        set({ checked: s.checked[wanted] ? without(s.checked, wanted) : { ...s.checked, [wanted]: true } });
      },

      extendSelection(delta) {
        const s = get();
        const list = rows(s);
        if (list.length === 0) return;
        const at = list.findIndex((c) => c.id === s.selectedId);
        const from = list[Math.max(0, at)]!;
        const to = list[at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + delta))]!;
        const at2 = list.indexOf(to);
        if (at2 >= list.length - 20) {
          if (s.search) get().moreResults();
          else get().loadMore();
        }
        set({ checked: { ...s.checked, [from.id]: true, [to.id]: true }, selectedId: to.id });
      },

      async selectAll() {
        const s = get();
        const picked: Record<string, true> = {};
        let n = 0;
        for (const c of rows(s)) {
          if (n >= MAX_BULK) break;
          picked[c.id] = true;
          n++;
        }
        set({ checked: picked });
        if (!s.search && s.items.length < s.total && n < MAX_BULK) {
          // The rest of the view, in big pages (ids only are kept), up to what one bulk action takes.
          const { view } = s;
          const more: Record<string, true> = { ...picked };
          try {
            for (let offset = s.items.length; offset < s.total && n < MAX_BULK; offset += LIST_PAGE_MAX) {
              const page = await api.listConversations({ view, offset, limit: Math.min(LIST_PAGE_MAX, MAX_BULK - n) });
              for (const c of page.items) {
                if (!more[c.id] && n < MAX_BULK) {
                  more[c.id] = true;
                  n++;
                }
              }
              if (page.items.length === 0) break;
            }
          } catch (err) {
            notify(errorSentence(err));
          }
          // The person changed the selection (or the view) meanwhile: theirs wins.
          if (get().checked !== picked) return;
          set({ checked: more });
        }
        const total = s.search ? s.search.hits.length : s.total;
        showToast(n < total ? `Selected the newest ${n.toLocaleString()} of ${total.toLocaleString()} conversations` : `Selected ${plural(n)}`, false, undefined, { kind: 'selection' });
      },

      clearSelection() {
        set({ checked: {} });
      },

      openOverlay(overlay) {
        if (get().settingsOpen) return;
        set({ overlay, popover: null });
      },

      closeOverlay() {
        set({ overlay: null });
      },

      startSearch() {
        set((s) => ({
          search: s.search
            ? { ...s.search, focusSeq: s.search.focusSeq + 1 }
            : { query: '', hits: [], total: 0, problems: [], loading: false, error: null, focusSeq: 1, limit: SEARCH_PAGE },
          checked: s.search ? s.checked : {},
          selectedId: s.search ? s.selectedId : null,
          openId: s.search ? s.openId : null,
          thread: s.search ? s.thread : null,
        }));
      },

      setSearchQuery(query) {
        if (!get().search) return;
        if (query.trim() === '') {
          searchSeq++;
          set((s) => ({ search: s.search && { ...s.search, query, hits: [], total: 0, problems: [], loading: false, error: null }, selectedId: s.openId }));
          return;
        }
        set((s) => ({ search: s.search && { ...s.search, query, loading: true, limit: SEARCH_PAGE } }));
        runSearch(query, false);
      },

      moreResults() {
        const { search } = get();
        if (!search || search.loading || search.hits.length >= search.total || search.limit >= MAX_SEARCH_LIMIT || search.hits.length < search.limit) return;
        set({ search: { ...search, limit: Math.min(MAX_SEARCH_LIMIT, search.limit + SEARCH_PAGE), loading: true } });
        runSearch(search.query, true);
      },

      closeSearch() {
        searchSeq++;
        set((s) => ({ search: null, checked: {}, selectedId: keepSelection([], s.items, s.selectedId) }));
      },

      async openSearchHit(hit) {
        await get().openAt(hit.conversation.id, hit.messageId);
      },

      avatarFor(id) {
        let known = avatars.get(id);
        if (known) {
          // Most recently used last: the oldest picture is the one dropped.
          avatars.delete(id);
          avatars.set(id, known);
          return known;
        }
        known = api.avatar(id).catch(() => null);
        avatars.set(id, known);
        // No picture yet (none, or main could not fetch it): ask again next time; main remembers failures itself.
        void known.then((url) => url === null && avatars.get(id) === known && avatars.delete(id));
        while (avatars.size > AVATARS_KEPT) avatars.delete(avatars.keys().next().value!);
        return known;
      },

      moveSplit(delta) {
        const s = get();
        const splits = splitViews(s.labels);
        if (splits.length < 2) return false;
        const at = splits.indexOf(s.view);
        const next = at < 0 ? 0 : (at + delta + splits.length) % splits.length;
        get().selectView(splits[next]!);
        return true;
      },

      dismissToast() {
        set({ toast: null });
      },

      reply() {
        const s = get();
        const id = s.openId ?? s.selectedId;
        if (!id) return;
        set({ composerFocusFor: id });
        if (s.openId !== id) void get().open(id);
      },

      composerFocused() {
        set({ composerFocusFor: null });
      },

      setDraft(id, text) {
        set((s) => ({ drafts: { ...s.drafts, [id]: text }, composerErrors: { ...s.composerErrors, [id]: '' } }));
        scheduleDraftSave(id);
      },

      flushDrafts() {
        for (const id of [...draftTimers.keys()]) saveDraftNow(id);
      },

      async openAt(conversationId, messageId) {
        // Asked for first, so open() loads the page around the message rather than the newest one.
        set({ focusMessageId: messageId });
        await get().open(conversationId);
      },

      async loadThreadPage(direction) {
        const held = get().thread;
        if (!held || pagingThread || (direction === 'older' ? held.olderCount : held.newerCount) === 0) return;
        const edge = direction === 'older' ? held.messages[0] : held.messages.at(-1);
        if (!edge) return;
        const id = held.conversation.id;
        pagingThread = true;
        try {
          const page = await api.threadPage(id, direction === 'older' ? { before: edge.id } : { after: edge.id });
          set((s) => {
            // Only onto the edge it was asked from: a window replaced meanwhile (my reply jumped to the newest) would get a gap.
            const still = direction === 'older' ? s.thread?.messages[0] : s.thread?.messages.at(-1);
            if (!s.thread || s.thread.conversation.id !== id || still?.id !== edge.id) return {};
            return { thread: direction === 'older' ? withOlder(s.thread, page) : withNewer(s.thread, page) };
          });
        } catch (err) {
          // The message paged from went away (discarded, resynced): the newest page is a sound place to start again.
          notify(errorSentence(err));
          if (get().openId === id) await refreshThread(true);
        } finally {
          pagingThread = false;
        }
      },

      messageFocused() {
        set({ focusMessageId: null });
      },

      async openLink(url) {
        let verdict: LinkVerdict;
        try {
          verdict = await api.openLink(url);
        } catch (err) {
          notify(errorSentence(err));
          return;
        }
        if (verdict.opened) {
          notify('Opened in your browser.', 'info');
          return;
        }
        // Refused: main has put a web address on the clipboard (the renderer has no clipboard
        // permission), so the person can still decide to open it themselves.
        notify(
          verdict.copied
            ? `${verdict.reason} It is copied — paste it into your browser if you trust it.`
            : `${verdict.reason} Copy it from the message if you trust it.`,
          verdict.copied ? 'info' : 'error',
        );
      },

      async openProfile() {
        const c = target();
        if (!c) {
          notify('Select a conversation first, then press p to open their LinkedIn profile.', 'info');
          return;
        }
        const url = c.participant.profileUrl;
        if (!url) {
          notify(`There is no LinkedIn profile link for ${c.participant.name || c.title} in this conversation, so there is none to open.`, 'error', { kind: 'conversation', id: c.id });
          return;
        }
        await get().openLink(url);
      },

      async insertSnippet(snippetId) {
        const snippet = get().settings?.snippets.find((x) => x.id === snippetId);
        if (!snippet) {
          notify('That snippet no longer exists. Snippets are kept in Settings.');
          return;
        }
        const id = get().openId ?? get().selectedId;
        if (!id) {
          notify('Open a conversation first, then insert the snippet into its reply.', 'info');
          return;
        }
        if (get().openId !== id || !get().thread) await get().open(id);
        const thread = get().thread;
        if (!thread || thread.conversation.id !== id) return; // it could not be opened; the thread says why
        if (!thread.composer.enabled) {
          notify(thread.composer.reason ?? 'Replies are turned off for this conversation.');
          return;
        }
        const { text, unfilled } = expandSnippet(snippet.body, thread.conversation.participant);
        set({ snippetInsert: { seq: ++snippetSeq, conversationId: id, text, unfilled } });
        if (unfilled.length > 0) notify(unfilledSentence(unfilled, thread.conversation.participant.name), 'info', { kind: 'conversation', id });
      },

      snippetInserted() {
        set({ snippetInsert: null });
      },

      async send(id) {
        const text = get().drafts[id] ?? '';
        const problem = replyProblem(text);
        if (problem) {
          set((s) => ({ composerErrors: { ...s.composerErrors, [id]: problem } }));
          return false;
        }
        if (get().sendingId === id) return false;
        set({ sendingId: id });
        // The core forgets the draft when the reply is queued; a save still waiting must not bring it back.
        cancelDraftSave(id);
        try {
          const message = await api.sendReply(id, text);
          undoHints.push({ id });
          // Held for the undo window: the toast counts it down and offers z.
          const seconds = get().settings?.undoSendSeconds ?? 0;
          if (seconds > 0) showToast('Sending', true, Date.now() + seconds * 1000);
          set((s) => ({
            drafts: { ...s.drafts, [id]: '' },
            thread: s.thread && s.thread.conversation.id === id && s.thread.newerCount === 0 ? withMine(s.thread, message) : s.thread,
          }));
          // Reading far above the newest page: my reply shows at the bottom of the newest page instead.
          if (get().thread?.conversation.id === id && get().thread!.newerCount > 0) void refreshThread(true);
          return true;
        } catch (err) {
          set((s) => ({ composerErrors: { ...s.composerErrors, [id]: errorSentence(err) } }));
          // Not sent: the draft stays, and is kept.
          scheduleDraftSave(id);
          return false;
        } finally {
          set({ sendingId: null });
        }
      },

      openSettings(focus = 'panel') {
        set({ settingsOpen: true, settingsFocus: focus });
        // What the panel shows is what the core has now, whoever changed it last.
        void get().loadSettings();
        void get().loadKeyStorage();
      },

      closeSettings() {
        set({ settingsOpen: false });
      },

      async addAccount(input) {
        // A key that could not be stored may mean the keychain just became unusable: Settings says so.
        const account = await api.addAccount(input).catch((err: unknown) => {
          void get().loadKeyStorage();
          throw err;
        });
        void refreshAccounts();
        // A failed first sync is recorded on the account and shown in the sidebar.
        void api.syncNow(account.id).catch(() => refreshAccounts());
        return account;
      },

      testAccount(input, accountId) {
        return api.testAccount(input, accountId);
      },

      async updateAccount(id, patch) {
        const account = await api.updateAccount(id, patch).catch((err: unknown) => {
          void get().loadKeyStorage();
          throw err;
        });
        await refreshAccounts();
        void refreshList();
        // New settings or a new key: sync now, so the status says at once whether they work.
        if (patch.apiKey !== undefined || patch.config !== undefined) void api.syncNow(id).catch(() => refreshAccounts());
        return account;
      },

      async removeAccount(id) {
        await api.removeAccount(id);
        if (get().view === `account:${id}`) get().selectView('inbox');
        await refreshAccounts();
        void refreshList();
      },

      async answerDemoOffer(remove) {
        const offer = get().demoOffer;
        try {
          await api.answerDemoOffer(remove);
        } catch (err) {
          notify(errorSentence(err));
          return;
        }
        demoOfferSeq++;
        set({ demoOffer: null });
        if (offer && remove && get().view === `account:${offer.demoAccountId}`) get().selectView('inbox');
        notify(remove ? 'The demo account is removed.' : 'The demo account stays; remove it any time in Settings.', 'info');
        await refreshAccounts();
        void refreshList();
      },

      async syncAccount(id) {
        try {
          await api.syncNow(id);
        } catch (err) {
          await refreshAccounts();
          // A failed sync is recorded on the account, whose sentence the sidebar and the card
          // show. Anything else (the account is gone, the window lost the app) says so here.
          const account = get().accounts.find((a) => a.id === id);
          if (!account || account.status.state === 'ok' || account.status.state === 'syncing' || account.status.state === 'idle') notify(errorSentence(err));
          return;
        }
        await refreshAccounts();
      },

      async syncAll() {
        if (get().syncingAll) return;
        set({ syncingAll: true });
        try {
          await api.syncNow();
        } catch (err) {
          notify(errorSentence(err));
        } finally {
          set({ syncingAll: false });
        }
        await refreshAccounts();
      },

      async retrySend(messageId) {
        if (get().messageBusy[messageId]) return;
        set((s) => ({ messageBusy: { ...s.messageBusy, [messageId]: 'retry' }, messageErrors: without(s.messageErrors, messageId) }));
        try {
          await api.retrySend(messageId);
          // Queued again: it reads as on its way at once; the core's change event confirms.
          set((s) => ({
            thread: s.thread && {
              ...s.thread,
              messages: s.thread.messages.map((m) => (m.id === messageId ? { ...m, status: 'pending' as const, error: null } : m)),
            },
          }));
        } catch (err) {
          set((s) => ({ messageErrors: { ...s.messageErrors, [messageId]: errorSentence(err) } }));
        } finally {
          set((s) => ({ messageBusy: without(s.messageBusy, messageId) }));
        }
        void refreshThread();
        void refreshList();
      },

      async discardSend(messageId) {
        if (get().messageBusy[messageId]) return false;
        set((s) => ({ messageBusy: { ...s.messageBusy, [messageId]: 'discard' }, messageErrors: without(s.messageErrors, messageId) }));
        let gone = false;
        try {
          await api.discardSend(messageId);
          gone = true;
          set((s) => ({
            thread: s.thread && { ...s.thread, messages: s.thread.messages.filter((m) => m.id !== messageId) },
          }));
        } catch (err) {
          set((s) => ({ messageErrors: { ...s.messageErrors, [messageId]: errorSentence(err) } }));
        } finally {
          set((s) => ({ messageBusy: without(s.messageBusy, messageId) }));
        }
        void refreshThread();
        void refreshList();
        return gone;
      },

      async loadSettings() {
        const seq = settingsSeq;
        try {
          const settings = await api.getSettings();
          // A change made while this was on its way is newer than what it read.
          if (seq === settingsSeq) set({ settings });
        } catch (err) {
          notify(errorSentence(err));
        }
      },

      async loadKeyStorage() {
        try {
          set({ keyStorage: await api.keyStorage() });
        } catch {
          // Settings keeps what it showed; the next opening asks again.
        }
      },

      async useEncryptedKeyStorage() {
        const keyStorage = await api.useEncryptedKeyStorage();
        set({ keyStorage });
        return keyStorage;
      },

      async updateSettings(patch) {
        // Shown at once (a radio moves when clicked, not when the disk write returns); put back
        // if the core says no, unless a later change has been made since.
        const before = get().settings;
        const seq = ++settingsSeq;
        if (before) set({ settings: { ...before, ...patch } });
        try {
          const settings = await api.updateSettings(patch);
          if (seq === settingsSeq) set({ settings });
          return settings;
        } catch (err) {
          if (seq === settingsSeq) set({ settings: before });
          throw err;
        }
      },

      exportData() {
        return api.exportData();
      },

      diagnoseAccount(accountId) {
        return api.diagnoseAccount(accountId);
      },

      saveDiagnosis(accountId) {
        return api.saveDiagnosis(accountId);
      },

      notify,

      dismissNotice() {
        set({ notice: null });
      },
    };
  });

  dropFeedbackWithoutSubject(store);

  // Tell the core which conversation is on screen, so no notification fires for it.
  store.subscribe((s, prev) => {
    if (s.openId !== prev.openId) void api.setActiveConversation(s.openId).catch(() => {});
  });

  return store;
}
