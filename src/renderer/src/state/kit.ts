/**
 * What every slice of the store shares: the api, set/get, the bookkeeping that is not state the
 * screen shows (which refreshes are stale, the undo hints, pending draft saves), and the helpers
 * that read from the core (accounts, labels, the list, the open thread, search) and give
 * feedback (notices, toasts).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ConversationPage, ConversationSummary, TriageResult, ViewCounts, ViewId } from '../../../shared/domain';
import type { InboxApi } from '../../../shared/ipc';
import { archiveNoticeText } from '../accounts';
import { errorSentence } from '../api';
import { mayOfferDemoRemoval } from '../demoOnboarding';
import type { FeedbackSubject } from './types';
import { mergeNewest } from '../threadWindow';
import { keepSelection } from '../viewRules';
import { DRAFT_SAVE_DELAY_MS, LIST_PAGE_MAX, SEARCH_PAGE } from './initial';
import { conversationFor, settledStatuses } from './lookups';
import type { InboxState, InboxStore, Notice } from './types';

/** Bookkeeping shared by the slices; not state the screen shows. */
export interface Bookkeeping {
  /** Bumped whenever an optimistic change starts or settles: a list read begun before is stale. */
  epoch: number;
  /** Optimistic changes waiting for the core. */
  inflight: number;
  listRun: Promise<void> | null;
  listAgain: boolean;
  /**
   * The counts the core sent with its last change event (after a triage action); the next list
   * read uses them instead of asking again. Any change event without counts makes them stale.
   */
  countsFromCore: ViewCounts | null;
  /** How many count reads the list runs have asked for; only the newest answer is shown. */
  countsAsked: number;
  /** Triage calls on their way to the core: undo waits for them, so it undoes the newest one. */
  pendingCalls: Set<Promise<unknown>>;
  /**
   * The conversation each undoable step of this window touched, newest last (mirrors the core's
   * undo stack), so an undone conversation is selected again when it returns to the list;
   * `reopen`: it was open when the step took it away (the triage loop), so undo opens it again.
   */
  undoHints: { id: string; reopen?: boolean }[];
  selectAfterRefresh: string | null;
  /** Bumped when the demo offer is answered: an offer asked for before then is stale. */
  demoOfferSeq: number;
  /** Bumped by every search: only the newest one's answer is shown. */
  searchSeq: number;
  /** Drafts typed and not yet saved to the core: conversation id → its pending save. */
  draftTimers: Map<string, ReturnType<typeof setTimeout>>;
}

export type SetState = StoreApi<InboxStore>['setState'];

export type StoreKit = ReturnType<typeof createKit>;

/** Builds the shared helpers of one store. */
export function createKit(api: InboxApi, set: SetState, get: () => InboxStore) {
  const b: Bookkeeping = {
    epoch: 0,
    inflight: 0,
    listRun: null,
    listAgain: false,
    countsFromCore: null,
    countsAsked: 0,
    pendingCalls: new Set(),
    undoHints: [],
    selectAfterRefresh: null,
    demoOfferSeq: 0,
    searchSeq: 0,
    draftTimers: new Map(),
  };
  let noticeSeq = 0;
  let toastSeq = 0;
  // Accounts whose archive behaviour was already explained this session (once is enough).
  const archiveExplained = new Set<string>();
  // A failed draft save is said once, not after every pause in typing.
  let draftSaveFailed = false;

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
      const seq = b.demoOfferSeq;
      if (mayOfferDemoRemoval(accounts)) void api.demoOffer().then((demoOffer) => seq === b.demoOfferSeq && set({ demoOffer }), () => {});
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
    if (b.inflight > 0) return Promise.resolve();
    if (b.listRun) {
      b.listAgain = true;
      return b.listRun;
    }
    b.listRun = (async () => {
      do {
        b.listAgain = false;
        const started = b.epoch;
        const { view, limit } = get();
        const known = b.countsFromCore;
        b.countsFromCore = null;
        try {
          // Rows and counts are asked at once, but neither this run nor the window's first load
          // waits for the counts: a page of rows costs the same at any size, while counting every
          // view afresh (as at a window's first load) is a pass over the whole cache (issue 16.8).
          // An older answer never overwrites a newer one; one a change overtook gives way to that change's.
          const asked = ++b.countsAsked;
          (known !== null ? Promise.resolve(known) : api.viewCounts()).then(
            (counts) => {
              if (asked === b.countsAsked && started === b.epoch && b.inflight === 0) set({ counts });
            },
            (err: unknown) => {
              if (asked === b.countsAsked) notify(errorSentence(err));
            },
          );
          const page = await fetchRows(view, limit);
          // A change began or settled meanwhile, or the view changed: this answer is stale,
          // and whoever changed things has asked for another run.
          if (started !== b.epoch || b.inflight > 0 || get().view !== view) continue;
          const wanted = b.selectAfterRefresh;
          const found = wanted !== null && page.items.some((c) => c.id === wanted);
          if (found) b.selectAfterRefresh = null;
          set((s) => ({
            items: page.items,
            total: page.total,
            listLoaded: true,
            // While searching, the cursor belongs to the results.
            selectedId: s.search ? s.selectedId : found && s.openId === null ? wanted : keepSelection(s.items, page.items, s.selectedId),
          }));
        } catch (err) {
          set({ listLoaded: true });
          notify(errorSentence(err));
        }
      } while (b.listAgain);
    })().finally(() => {
      b.listRun = null;
    });
    return b.listRun;
  }

  /** Stops a draft's pending save (it is saved now, or sent). */
  function cancelDraftSave(id: string): void {
    const timer = b.draftTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    b.draftTimers.delete(id);
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
    b.draftTimers.set(
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

  const plural = (n: number) => (n === 1 ? '1 conversation' : `${n.toLocaleString()} conversations`);

  /** Runs the current search again (after a change), keeping the cursor where it was. */
  function refreshSearch(): void {
    const q = get().search?.query;
    if (q !== undefined && q.trim() !== '') runSearch(q, true);
  }

  function runSearch(query: string, keepCursor: boolean): void {
    const seq = ++b.searchSeq;
    api.search(query, get().search?.limit ?? SEARCH_PAGE).then(
      (r) => {
        if (seq !== b.searchSeq || !get().search) return;
        set((s) => {
          const ids = r.hits.map((h) => h.conversation.id);
          const cursor = keepCursor && s.selectedId !== null && ids.includes(s.selectedId) ? s.selectedId : (ids[0] ?? null);
          return {
            search: s.search && { ...s.search, hits: r.hits, total: r.total, atLeast: r.atLeast, problems: r.problems, loading: false, error: null },
            selectedId: s.openId !== null && keepCursor ? s.selectedId : cursor,
          };
        });
      },
      (err) => {
        if (seq !== b.searchSeq || !get().search) return;
        set((s) => ({ search: s.search && { ...s.search, loading: false, error: errorSentence(err) } }));
      },
    );
  }

  /** The conversations a picker or a bulk action works on, as the list (or the open thread) shows them. */
  function targets(ids: readonly string[]): ConversationSummary[] {
    return ids.map((id) => target(id)).filter((c): c is ConversationSummary => c !== null);
  }

  return { api, set, get, b, notify, showToast, dropToast, showResult, explainArchive, refreshLabels, refreshAccounts, fetchRows, refreshList, cancelDraftSave, saveDraftNow, scheduleDraftSave, refreshThread, rows, target, checkedIds, plural, refreshSearch, runSearch, targets };
}
