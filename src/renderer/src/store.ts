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
  ConversationSummary,
  Label,
  LabelPatch,
  NewAccount,
  SnoozeRequest,
  Thread,
  TriageResult,
  UndoResult,
  ViewCounts,
  ViewId,
} from '../../shared/domain';
import { MAX_REPLY_LENGTH } from '../../shared/domain';
import type { InboxApi } from '../../shared/ipc';
import { archiveNoticeText } from './accounts';
import { errorSentence } from './api';
import { bindingFor, describeChord } from './keymap';
import { insertSorted, keepSelection, recount, viewIncludes } from './viewRules';

/** How many rows are fetched at a time; more are fetched as the selection nears the end. */
export const PAGE_SIZE = 200;

export interface Notice {
  id: number;
  text: string;
  /** 'error' says something went wrong (stays a while); 'info' confirms what a key did (fades soon). */
  tone: 'error' | 'info';
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
  /** Undelivered replies with a retry or a discard on its way to the core. */
  messageBusy: Record<string, 'retry' | 'discard'>;
  /** Why a retry or discard of that reply did not work, as a sentence. */
  messageErrors: Record<string, string>;
  /** Every label: pinned ones (the split-inbox tabs) first, as the core orders them. */
  labels: Label[];
  toast: Toast | null;
  popover: Popover | null;
}

export interface InboxActions {
  start(): Promise<void>;
  changed(e: ChangeEvent): void;
  selectView(view: ViewId): void;
  select(id: string): void;
  move(delta: 1 | -1): void;
  loadMore(): void;
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
  setDraft(id: string, text: string): void;
  send(id: string): Promise<boolean>;
  openSettings(focus?: SettingsFocus): void;
  closeSettings(): void;
  /** Tries settings without saving anything (`accountId`: reuse that account's stored key when none is typed). */
  testAccount(input: NewAccount, accountId?: string): Promise<ConnectionVerdict>;
  addAccount(input: NewAccount): Promise<Account>;
  updateAccount(id: string, patch: AccountPatch): Promise<Account>;
  removeAccount(id: string): Promise<void>;
  syncAccount(id: string): Promise<void>;
  /** Syncs every account now (never throws: each account's status says how it went). */
  syncAll(): Promise<void>;
  /** Tries an undelivered reply again. */
  retrySend(messageId: string): Promise<void>;
  /** Drops an undelivered reply for good. Resolves true when it is gone. */
  discardSend(messageId: string): Promise<boolean>;
  loadSettings(): Promise<void>;
  /** Saves settings; throws the core's sentence when they are refused. */
  updateSettings(patch: Partial<AppSettings>): Promise<AppSettings>;
  notify(text: string, tone?: Notice['tone']): void;
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
  settingsOpen: false,
  settingsFocus: 'panel',
  notice: null,
  settled: {},
  syncingAll: false,
  settings: null,
  messageBusy: {},
  messageErrors: {},
  labels: [],
  toast: null,
  popover: null,
};

/** The split-inbox tabs: the inbox first, then each pinned label. */
export function splitViews(labels: readonly Label[]): ViewId[] {
  return ['inbox', ...labels.filter((l) => l.pinned).map((l) => `label:${l.id}` as const)];
}

interface Change {
  before: ConversationSummary;
  after: ConversationSummary;
}

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
  let noticeSeq = 0;
  let toastSeq = 0;
  // Accounts whose archive behaviour was already explained this session (once is enough).
  const archiveExplained = new Set<string>();
  // Triage calls on their way to the core: undo waits for them, so it undoes the newest one.
  const pendingCalls = new Set<Promise<unknown>>();
  // The conversation each undoable step of this window touched, newest last (mirrors the core's
  // undo stack), so an undone conversation is selected again when it returns to the list.
  const undoHints: string[] = [];
  let selectAfterRefresh: string | null = null;
  let undoing = false;

  const store = createStore<InboxStore>()((set, get) => {
    const notify = (text: string, tone: Notice['tone'] = 'error') => set({ notice: { id: ++noticeSeq, text, tone } });

    function showToast(text: string, undoable: boolean, sendingUntil?: number): number {
      const id = ++toastSeq;
      set({ toast: sendingUntil === undefined ? { id, text, undoable } : { id, text, undoable, sendingUntil } });
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
      } catch (err) {
        notify(errorSentence(err));
      }
    }

    /** Fetches the list and counts; coalesces bursts of change events into one extra run. */
    function refreshList(): Promise<void> {
      if (listRun) {
        listAgain = true;
        return listRun;
      }
      listRun = (async () => {
        do {
          listAgain = false;
          const started = epoch;
          const { view, limit } = get();
          try {
            const [page, counts] = await Promise.all([api.listConversations({ view, limit }), api.viewCounts()]);
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
              selectedId: found && s.openId === null ? wanted : keepSelection(s.items, page.items, s.selectedId),
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

    async function refreshThread(): Promise<void> {
      const id = get().openId;
      if (!id) return;
      try {
        const thread = await api.openConversation(id);
        if (get().openId === id) set({ thread, threadError: null });
      } catch (err) {
        if (get().openId === id) set({ threadError: errorSentence(err) });
      }
    }

    /** The conversation a triage key acts on: the given one, else the open one, else the selected one. */
    function target(id?: string | null): ConversationSummary | null {
      const s = get();
      const wanted = id ?? s.openId ?? s.selectedId;
      if (!wanted) return null;
      return s.items.find((c) => c.id === wanted) ?? (s.thread?.conversation.id === wanted ? s.thread.conversation : null);
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
      set((s) => {
        let { items, total, counts, openId, thread } = s;
        for (const { before, after } of changes) {
          const stays = viewIncludes(s.view, after);
          const had = items.some((c) => c.id === after.id);
          items = stays ? items.map((c) => (c.id === after.id ? after : c)) : items.filter((c) => c.id !== after.id);
          if (had && !stays) total = Math.max(0, total - 1);
          counts = recount(counts, before, after);
          if (!stays && openId === after.id) {
            openId = null;
            thread = null;
          } else if (thread?.conversation.id === after.id) {
            thread = { ...thread, conversation: after };
          }
        }
        const closing = openId === null && s.openId !== null;
        return {
          items,
          total,
          counts,
          selectedId: keepSelection(s.items, items, s.selectedId),
          openId,
          thread,
          ...(closing ? { threadError: null, composerFocusFor: null } : {}),
        };
      });
      const pending = call();
      pendingCalls.add(pending);
      try {
        showResult(await pending);
        if (opts.undoable) undoHints.push(changes[0]!.before.id);
        return true;
      } catch (err) {
        if (opts.toastId !== undefined) dropToast(opts.toastId);
        set((s) => {
          let { items, total, counts, selectedId, thread } = s;
          for (const { before, after } of changes) {
            const wasShown = viewIncludes(s.view, before);
            const had = items.some((c) => c.id === before.id);
            items = wasShown ? insertSorted(items, before) : items.filter((c) => c.id !== before.id);
            total += wasShown && !had ? 1 : !wasShown && had ? -1 : 0;
            counts = recount(counts, after, before);
            if (wasShown) selectedId = before.id;
            if (thread?.conversation.id === before.id) thread = { ...thread, conversation: before };
          }
          return { items, total: Math.max(0, total), counts, selectedId, thread };
        });
        notify(errorSentence(err));
        return false;
      } finally {
        pendingCalls.delete(pending);
        inflight--;
        epoch++;
        void refreshList();
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
        await Promise.all([refreshAccounts(), refreshList(), get().loadSettings(), refreshLabels()]);
        set({ loaded: true });
      },

      changed(e) {
        if (e.accounts) void refreshAccounts();
        if (e.settings) void get().loadSettings();
        if (e.labels) void refreshLabels();
        if (e.notice) notify(e.notice, 'info');
        if (e.accounts || e.conversations) void refreshList();
        const { openId } = get();
        if (openId && (e.conversations === 'all' || e.conversations?.includes(openId))) void refreshThread();
      },

      selectView(view) {
        if (get().view === view) return;
        set({ view, items: [], total: 0, listLoaded: false, limit: PAGE_SIZE, selectedId: null, openId: null, thread: null, threadError: null, settingsOpen: false, popover: null });
        void refreshList();
      },

      select(id) {
        set({ selectedId: id });
      },

      move(delta) {
        const s = get();
        if (s.items.length === 0) return;
        const at = s.items.findIndex((c) => c.id === s.selectedId);
        const next = at < 0 ? 0 : Math.min(s.items.length - 1, Math.max(0, at + delta));
        const id = s.items[next]!.id;
        if (next >= s.items.length - 20) get().loadMore();
        // With a thread open, moving reads the neighbour (Superhuman's next/previous conversation).
        if (s.openId !== null && id !== s.openId) void get().open(id);
        else set({ selectedId: id });
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
        set({ openId: null, thread: null, threadError: null, composerFocusFor: null });
      },

      async archive(id, mode = 'smart') {
        const c = target(id);
        if (!c) return;
        if (c.archived === mode || (mode === 'smart' && c.archived)) {
          notify(`This conversation is already archived. ${describeChord(bindingFor('moveToInbox').keys[0]!)} moves it back to the inbox.`);
          return;
        }
        if (mode === 'smart') explainArchive(c);
        const toastId = showToast(mode === 'smart' ? 'Archived' : 'Archived for good', true);
        // Archiving deals with a reminder (the core clears it too).
        const after: ConversationSummary = { ...c, archived: mode, reminder: null };
        await optimistic([{ before: c, after }], () => (mode === 'smart' ? api.archive(c.id) : api.archive(c.id, mode)), { undoable: true, toastId });
      },

      async moveToInbox(id) {
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
        const changes: Change[] = targets(ids)
          .filter((c) => c.labels.some((l) => l.id === labelId) !== on)
          .map((c) => ({ before: c, after: { ...c, labels: on ? [...c.labels, chip] : c.labels.filter((l) => l.id !== labelId) } }));
        if (changes.length === 0) return;
        const toastId = showToast(on ? `Labelled “${label.name}”` : `Removed “${label.name}”`, true);
        const changed = changes.map((ch) => ch.before.id);
        await optimistic(changes, () => api.setLabels(changed, on ? [labelId] : [], on ? [] : [labelId]), { undoable: true, toastId });
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
        const toastId = showToast(`Snoozed until ${description}`, true);
        const req: SnoozeRequest = { until: request.until, note, cancelIfReply: request.cancelIfReply ?? false };
        await optimistic(changes, () => Promise.all(changes.map((ch) => api.snooze(ch.before.id, req))), { undoable: true, toastId });
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
          else selectAfterRefresh = hint;
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
        const c = target();
        if (!c) return;
        set({ popover: { kind, ids: [c.id] } });
      },

      closePopover() {
        set({ popover: null });
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
        try {
          const message = await api.sendReply(id, text);
          undoHints.push(id);
          // Held for the undo window: the toast counts it down and offers z.
          const seconds = get().settings?.undoSendSeconds ?? 0;
          if (seconds > 0) showToast('Sending', true, Date.now() + seconds * 1000);
          set((s) => ({
            drafts: { ...s.drafts, [id]: '' },
            thread:
              s.thread && s.thread.conversation.id === id && !s.thread.messages.some((m) => m.id === message.id)
                ? { ...s.thread, messages: [...s.thread.messages, message] }
                : s.thread,
          }));
          return true;
        } catch (err) {
          set((s) => ({ composerErrors: { ...s.composerErrors, [id]: errorSentence(err) } }));
          return false;
        } finally {
          set({ sendingId: null });
        }
      },

      openSettings(focus = 'panel') {
        set({ settingsOpen: true, settingsFocus: focus });
        // What the panel shows is what the core has now, whoever changed it last.
        void get().loadSettings();
      },

      closeSettings() {
        set({ settingsOpen: false });
      },

      async addAccount(input) {
        const account = await api.addAccount(input);
        void refreshAccounts();
        // A failed first sync is recorded on the account and shown in the sidebar.
        void api.syncNow(account.id).catch(() => refreshAccounts());
        return account;
      },

      testAccount(input, accountId) {
        return api.testAccount(input, accountId);
      },

      async updateAccount(id, patch) {
        const account = await api.updateAccount(id, patch);
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
        try {
          const settings = await api.getSettings();
          set({ settings });
        } catch (err) {
          notify(errorSentence(err));
        }
      },

      async updateSettings(patch) {
        const settings = await api.updateSettings(patch);
        set({ settings });
        return settings;
      },

      notify,

      dismissNotice() {
        set({ notice: null });
      },
    };
  });

  // Tell the core which conversation is on screen, so no notification fires for it.
  store.subscribe((s, prev) => {
    if (s.openId !== prev.openId) void api.setActiveConversation(s.openId).catch(() => {});
  });

  return store;
}
