/** Small pure look-ups the store and components share: which conversation an id is, the split tabs, whether a reply can be sent. */
import { MAX_REPLY_LENGTH, type Account, type AccountStatus, type ConversationSummary, type Label, type SavedSplit, type ViewId } from '../../../shared/domain';
import type { InboxState } from './types';

/** A conversation the screen shows: a row of the view, a search result, or the open thread. */
export function conversationFor(s: Pick<InboxState, 'items' | 'search' | 'thread'>, id: string): ConversationSummary | null {
  return (
    s.items.find((c) => c.id === id) ??
    s.search?.hits.find((h) => h.conversation.id === id)?.conversation ??
    (s.thread?.conversation.id === id ? s.thread.conversation : null)
  );
}

/** At most this many split tabs show above the list; the rest are in the sidebar and the palette. */
export const MAX_SPLIT_TABS = 7;

/** One split-inbox tab above the list. */
export interface SplitTab {
  view: ViewId;
  name: string;
  /** A label's colour. */
  color?: string;
}

/**
 * The split-inbox tabs that show, in order: the inbox, each pinned label (as the core orders
 * them), then each saved search (as Settings orders them); the first MAX_SPLIT_TABS of those.
 */
export function splitTabs(labels: readonly Label[], saved: readonly SavedSplit[] = []): SplitTab[] {
  const all: SplitTab[] = [
    { view: 'inbox', name: 'Inbox' },
    ...labels.filter((l) => l.pinned).map((l): SplitTab => ({ view: `label:${l.id}`, name: l.name, color: l.color })),
    ...saved.map((s): SplitTab => ({ view: `search:${s.id}`, name: s.name })),
  ];
  return all.slice(0, MAX_SPLIT_TABS);
}

/** The views of the split tabs that show (Tab / Shift+Tab cycle them). */
export function splitViews(labels: readonly Label[], saved: readonly SavedSplit[] = []): ViewId[] {
  return splitTabs(labels, saved).map((t) => t.view);
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
