/**
 * How a triage action runs: the rows on screen change at once (the pure reducer in optimistic.ts),
 * the core is asked, and a refusal puts things back and says why; the triage loop opens the next
 * conversation; picked rows go to the core in one bulk step; `z` puts an undone reply back.
 */
import type { BulkAction, ConversationSummary, UndoResult } from '../../../shared/domain';
import { errorSentence } from '../api';
import { advanceAfterChange } from '../triageNext';
import type { StoreKit } from './kit';
import { without } from './lookups';
import { applyChanges, revertChanges, type ConversationChange } from './optimistic';

export type TriageRunner = ReturnType<typeof createTriageRunner>;

/** Builds the runner of triage actions for one store. */
export function createTriageRunner(kit: StoreKit) {
  const { api, set, get, b, notify, showToast, dropToast, showResult, refreshList, rows, refreshSearch, targets } = kit;

  /**
   * One triage action on every picked conversation: the rows on screen change at once, the
   * core applies it to all of them in one step (one `z` undoes it), the selection is cleared.
   */
  async function bulkRun(ids: string[], action: BulkAction, toast: string, change: (c: ConversationSummary) => ConversationSummary | null): Promise<void> {
    const changes: ConversationChange[] = [];
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
      b.undoHints.push({ id: hint });
    } catch (err) {
      dropToast(toastId);
      notify(errorSentence(err));
    }
    b.epoch++;
    void refreshList();
    refreshSearch();
  }

  /**
   * Applies changes to conversations now (rows leave or change in this frame), then asks the
   * core; puts them back and says why if the core says no. `undoable`: the core records an
   * undo step for it. `toastId`: the toast confirming it, dropped on failure.
   */
  async function optimistic(changes: ConversationChange[], call: () => Promise<unknown>, opts: { undoable: boolean; toastId?: number }): Promise<boolean> {
    if (changes.length === 0) return false;
    b.epoch++;
    b.inflight++;
    // The triage loop: the open conversation leaving the view opens the next one (the setting says which).
    const before = get();
    const advance = advanceAfterChange(before.view, rows(before), before.openId, changes.map((ch) => ch.after), before.settings?.afterTriage ?? 'next');
    set((s) => applyChanges(s, changes));
    if (advance?.to) openNext(advance.to);
    const pending = call();
    b.pendingCalls.add(pending);
    try {
      showResult(await pending);
      if (opts.undoable) b.undoHints.push(advance ? { id: advance.from, reopen: true } : { id: changes[0]!.before.id });
      return true;
    } catch (err) {
      if (opts.toastId !== undefined) dropToast(opts.toastId);
      // Not done: the reader goes back to the conversation they were reading.
      if (advance && get().openId === (advance.to ?? null)) void get().open(advance.from);
      set((s) => revertChanges(s, changes));
      notify(errorSentence(err));
      return false;
    } finally {
      b.pendingCalls.delete(pending);
      b.inflight--;
      b.epoch++;
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

  return { bulkRun, unseenRun, optimistic, openNext, restoreDraft };
}
