/** Small pure look-ups the store and components share: which conversation an id is, the split tabs, whether a reply can be sent. */
import { MAX_REPLY_LENGTH, type Account, type AccountStatus, type ConversationSummary, type Label, type ViewId } from '../../../shared/domain';
import type { InboxState } from './types';

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

/** The statuses to remember: the current one, or while syncing, the one before. */
export function settledStatuses(previous: Record<string, AccountStatus>, accounts: readonly Account[]): Record<string, AccountStatus> {
  const next: Record<string, AccountStatus> = {};
  for (const a of accounts) {
    const status = a.status.state === 'syncing' ? previous[a.id] : a.status;
    if (status) next[a.id] = status;
  }
  return next;
}

/** The record without `key` (the same object when it has none). */
export function without<T>(record: Record<string, T>, key: string): Record<string, T> {
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
