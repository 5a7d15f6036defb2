/**
 * The renderer's state and every action a key or click can take. Triage actions are
 * optimistic: the store changes synchronously (the row leaves in the same frame), then the
 * core is asked; a failure puts things back and says why. Refreshes that started before a
 * change settled are dropped, so a stale answer never resurrects an archived row.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Account, AccountPatch, AccountStatus, AppSettings, ChangeEvent, ConnectionVerdict, ConversationSummary, NewAccount, Thread, ViewCounts, ViewId } from '../../shared/domain';
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
  archive(id?: string | null): Promise<void>;
  moveToInbox(id?: string | null): Promise<void>;
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
};

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
  // Accounts whose archive behaviour was already explained this session (once is enough).
  const archiveExplained = new Set<string>();

  return createStore<InboxStore>()((set, get) => {
    const notify = (text: string, tone: Notice['tone'] = 'error') => set({ notice: { id: ++noticeSeq, text, tone } });

    /** The first archive in an account says where the archive lives: here only, or at the provider too. */
    function explainArchive(c: ConversationSummary): void {
      if (archiveExplained.has(c.accountId)) return;
      const account = get().accounts.find((a) => a.id === c.accountId);
      const text = account ? archiveNoticeText(account) : null;
      if (!text) return;
      archiveExplained.add(c.accountId);
      notify(text, 'info');
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
            set((s) => ({
              items: page.items,
              total: page.total,
              counts,
              listLoaded: true,
              selectedId: keepSelection(s.items, page.items, s.selectedId),
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

    /** Applies a change to one conversation now, then asks the core; undoes it if the core says no. */
    async function optimistic(before: ConversationSummary, after: ConversationSummary, call: () => Promise<unknown>): Promise<void> {
      epoch++;
      inflight++;
      set((s) => {
        const stays = viewIncludes(s.view, after);
        const items = stays ? s.items.map((c) => (c.id === after.id ? after : c)) : s.items.filter((c) => c.id !== after.id);
        const removed = items.length < s.items.length;
        const leavingOpen = !stays && s.openId === after.id;
        return {
          items,
          total: removed ? Math.max(0, s.total - 1) : s.total,
          counts: recount(s.counts, before, after),
          selectedId: keepSelection(s.items, items, s.selectedId),
          openId: leavingOpen ? null : s.openId,
          thread: leavingOpen ? null : s.thread?.conversation.id === after.id ? { ...s.thread, conversation: after } : s.thread,
        };
      });
      try {
        await call();
      } catch (err) {
        set((s) => {
          const wasShown = viewIncludes(s.view, before);
          const had = s.items.some((c) => c.id === before.id);
          return {
            items: wasShown ? insertSorted(s.items, before) : s.items.filter((c) => c.id !== before.id),
            total: s.total + (wasShown && !had ? 1 : 0),
            counts: recount(s.counts, after, before),
            selectedId: wasShown ? before.id : s.selectedId,
          };
        });
        notify(errorSentence(err));
      } finally {
        inflight--;
        epoch++;
        void refreshList();
      }
    }

    return {
      ...initialState,

      async start() {
        await Promise.all([refreshAccounts(), refreshList(), get().loadSettings()]);
        set({ loaded: true });
      },

      changed(e) {
        if (e.accounts) void refreshAccounts();
        if (e.settings) void get().loadSettings();
        if (e.accounts || e.conversations) void refreshList();
        const { openId } = get();
        if (openId && (e.conversations === 'all' || e.conversations?.includes(openId))) void refreshThread();
      },

      selectView(view) {
        if (get().view === view) return;
        set({ view, items: [], total: 0, listLoaded: false, limit: PAGE_SIZE, selectedId: null, openId: null, thread: null, threadError: null, settingsOpen: false });
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
        set((s) => ({
          openId: wanted,
          selectedId: wanted,
          thread: s.thread?.conversation.id === wanted ? s.thread : null,
          threadError: null,
          // Opening reads it; the core agrees a moment later.
          items: s.items.map((c) => (c.id === wanted && c.unreadCount > 0 ? { ...c, unreadCount: 0 } : c)),
        }));
        await refreshThread();
      },

      closeThread() {
        set({ openId: null, thread: null, threadError: null, composerFocusFor: null });
      },

      async archive(id) {
        const c = target(id);
        if (!c) return;
        if (c.archived) {
          notify(`This conversation is already archived. ${describeChord(bindingFor('moveToInbox').keys[0]!)} moves it back to the inbox.`);
          return;
        }
        explainArchive(c);
        await optimistic(c, { ...c, archived: 'smart' }, () => api.archive(c.id));
      },

      async moveToInbox(id) {
        const c = target(id);
        if (!c || !c.archived) return;
        await optimistic(c, { ...c, archived: null }, () => api.unarchive(c.id));
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
}
