/**
 * The optimistic update as a pure reducer: what a triage action does to the rows on screen before
 * the core answers (rows leave or change in the same frame as the key), and how it is put back
 * when the core says no. No store, no IPC, no DOM: state in, the changed fields out.
 */
import type { ConversationSummary } from '../../../shared/domain';
import { insertSorted, keepSelection, recount, viewIncludes } from '../viewRules';
import type { InboxState } from './types';

/** One conversation as the screen shows it now, and as the action will leave it. */
export interface ConversationChange {
  before: ConversationSummary;
  after: ConversationSummary;
}

/** The part of the state the optimistic update reads. */
export type OnScreen = Pick<InboxState, 'view' | 'items' | 'total' | 'counts' | 'selectedId' | 'openId' | 'thread' | 'search'>;

/** The fields applying (or putting back) changes may set. */
export type OptimisticPatch = Partial<Pick<InboxState, 'items' | 'total' | 'counts' | 'selectedId' | 'openId' | 'thread' | 'search' | 'threadError' | 'composerFocusFor'>>;

/**
 * The screen after `changes`: a row that no longer belongs to the view leaves it (the total and
 * every view's count follow), the cursor moves to the row that took its place, an open thread
 * that left the view closes, and search results show the changed conversations.
 */
export function applyChanges(s: OnScreen, changes: readonly ConversationChange[]): OptimisticPatch {
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
  const afterById = new Map(changes.map((ch) => [ch.after.id, ch.after]));
  const search = s.search && {
    ...s.search,
    hits: s.search.hits.map((h) => (afterById.has(h.conversation.id) ? { ...h, conversation: afterById.get(h.conversation.id)! } : h)),
  };
  return {
    search,
    items,
    total,
    counts,
    // While searching, the cursor belongs to the results.
    selectedId: s.search ? s.selectedId : keepSelection(s.items, items, s.selectedId),
    openId,
    thread,
    ...(closing ? { threadError: null, composerFocusFor: null } : {}),
  };
}

/**
 * The screen after the core refused `changes`: each conversation goes back where it sorts (or
 * leaves a view it was not in before), counts go back, and the cursor returns to it.
 */
export function revertChanges(s: OnScreen, changes: readonly ConversationChange[]): OptimisticPatch {
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
}
