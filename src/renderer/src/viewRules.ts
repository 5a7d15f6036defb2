/**
 * Which conversation belongs in which view, evaluated in memory, so optimistic changes
 * (archive, move to inbox, read state, labels, snooze) can update the list and the counts in
 * the same frame as the key press. The rules are the core's own (src/shared/views.ts); the
 * core stays the source of truth: every change is reconciled by a refresh.
 */
import type { ConversationSummary, ViewCounts, ViewId } from '../../shared/domain';
import { ruleHolds, viewRule } from '../../shared/views';

/** Whether a conversation shows in a view: the view's rule from src/shared/views.ts, as the core selects it. */
export function viewIncludes(view: ViewId, c: ConversationSummary): boolean {
  const rule = viewRule(view);
  return rule !== null && ruleHolds(rule, c);
}

/** The counts after a conversation changed from `before` to `after`. */
export function recount(counts: ViewCounts, before: ConversationSummary, after: ConversationSummary): ViewCounts {
  const next = { ...counts };
  for (const view of Object.keys(counts) as ViewId[]) {
    const delta = Number(viewIncludes(view, after)) - Number(viewIncludes(view, before));
    if (delta !== 0) next[view] = Math.max(0, (next[view] ?? 0) + delta);
  }
  return next;
}

/** Where a conversation sorts: its newest message, or the moment its snooze came back, whichever is later. */
export function sortKey(c: ConversationSummary): number {
  return Math.max(c.lastMessageAt, c.reminder?.at ?? 0);
}

/** The list's order: newest first, ties by id (as the core sorts). */
function comesBefore(a: ConversationSummary, b: ConversationSummary): boolean {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka > kb || (ka === kb && a.id < b.id);
}

/** Puts a conversation back where it belongs in a sorted list (or replaces it if it is there). */
export function insertSorted(items: ConversationSummary[], c: ConversationSummary): ConversationSummary[] {
  const without = items.filter((x) => x.id !== c.id);
  const at = without.findIndex((x) => comesBefore(c, x));
  return at < 0 ? [...without, c] : [...without.slice(0, at), c, ...without.slice(at)];
}

/**
 * The selection after the list changed: the same conversation if it is still there,
 * else whatever now sits where it was (so `e` moves on to the next row), else the first.
 */
export function keepSelection(previous: ConversationSummary[], next: ConversationSummary[], selectedId: string | null): string | null {
  if (next.length === 0) return null;
  if (selectedId !== null && next.some((c) => c.id === selectedId)) return selectedId;
  const was = selectedId === null ? -1 : previous.findIndex((c) => c.id === selectedId);
  if (was < 0) return next[0]!.id;
  // Rows above the old position that are gone shift everything up; take the first
  // surviving row that used to be below the selection, or the last row.
  const survivorsBelow = previous.slice(was + 1).find((c) => next.some((n) => n.id === c.id));
  return survivorsBelow ? survivorsBelow.id : next[Math.min(was, next.length - 1)]!.id;
}
