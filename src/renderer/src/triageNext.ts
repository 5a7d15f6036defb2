/**
 * The triage loop in the renderer: decides, from the changes an action makes, whether the open
 * conversation leaves the view and which conversation opens instead (the rule itself is in
 * src/shared/triageNext.ts). Pure: no store, no DOM.
 */
import type { AfterTriage, ConversationSummary, ViewId } from '../../shared/domain';
import { conversationAfterTriage } from '../../shared/triageNext';
import { viewIncludes } from './viewRules';

/** The open conversation left the view: which it was, and what opens instead (null: the list). */
export interface Advance {
  from: string;
  to: string | null;
}

/**
 * Whether changes take the open conversation out of `view`, and if so where the reader goes.
 * `rows` are the conversations the list shows (the view's rows, or the search results), in order;
 * null when the open conversation stays (or none is open).
 */
export function advanceAfterChange(
  view: ViewId,
  rows: readonly ConversationSummary[],
  openId: string | null,
  changed: readonly ConversationSummary[],
  choice: AfterTriage,
): Advance | null {
  if (openId === null) return null;
  const gone = new Set(changed.filter((c) => !viewIncludes(view, c)).map((c) => c.id));
  if (!gone.has(openId)) return null;
  return { from: openId, to: conversationAfterTriage(rows.map((c) => c.id), openId, gone, choice) };
}
