/**
 * The triage loop's rule: in an open thread, an action that takes the conversation out of the
 * view (archive, move to the inbox, snooze, a label that removes it, a bulk action) opens the
 * next one, so a pass through the inbox costs one key per conversation (Superhuman's habit). The
 * person chooses the direction in Settings (`AppSettings.afterTriage`). Pure, and in src/shared
 * so it is tested under Node; the renderer's store calls it through src/renderer/src/triageNext.ts.
 */
import type { AfterTriage } from './domain';

/**
 * The conversation to open after the open one (`leftId`) was dealt with, or null to go back to
 * the list. `rows` are the list's ids in order before the action; `gone` the ids the action took
 * out of the view (it may be several: a bulk action), so none of them is opened. 'next' falls
 * back to the one above when the last row was dealt with, 'previous' to the one below when the
 * first was; with nothing left (inbox zero) the list shows.
 */
export function conversationAfterTriage(rows: readonly string[], leftId: string, gone: ReadonlySet<string>, choice: AfterTriage): string | null {
  if (choice === 'list') return null;
  const at = rows.indexOf(leftId);
  if (at < 0) return null;
  const below = rows.slice(at + 1).find((id) => !gone.has(id) && id !== leftId) ?? null;
  const above = rows.slice(0, at).reverse().find((id) => !gone.has(id)) ?? null;
  return choice === 'next' ? (below ?? above) : (above ?? below);
}
