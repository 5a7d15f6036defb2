/**
 * A fake core for store-level tests: ten conversations in memory, every call counted, and the
 * change events the real core emits (synchronously inside a triage call, with the counts after
 * it, so the window has the event before the answer). `hold`: triage answers wait for release().
 */
import { DEFAULT_SETTINGS, type BulkAction, type ChangeEvent, type ConversationSummary, type ViewCounts, type ViewId } from '../../src/shared/domain';
import type { InboxApi } from '../../src/shared/ipc';
import type { createInboxStore } from '../../src/renderer/src/store';

export function conversation(n: number, patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: `c${n}`,
    accountId: 'a1',
    accountName: 'Ada',
    provider: 'linkup',
    title: `Person ${n}`,
    participant: { name: `Person ${n}`, headline: null, company: null, avatarUrl: null, profileUrl: null },
    lastMessageText: 'hello',
    lastMessageAt: 1_000_000 - n,
    lastFromMe: false,
    unreadCount: 0,
    archived: null,
    snoozedUntil: null,
    snoozeNote: null,
    reminder: null,
    labels: [],
    disconnected: false,
    pendingCount: 0,
    failedCount: 0,
    scheduledCount: 0,
    ...patch,
  };
}

export function fakeCore(opts: { rows?: ConversationSummary[]; hold?: boolean } = {}) {
  const rows = opts.rows ?? Array.from({ length: 10 }, (_, i) => conversation(i + 1));
  const calls: string[] = [];
  const args: unknown[][] = [];
  const outstanding = new Set<Promise<unknown>>();
  const held: (() => void)[] = [];
  let listener: (e: ChangeEvent) => void = () => {};
  const inView = (view: ViewId) =>
    rows.filter((c) => (view === 'all' ? true : view === 'archived' ? c.archived !== null : view === 'snoozed' ? c.snoozedUntil !== null : c.archived === null && c.snoozedUntil === null));
  const counts = (): ViewCounts => ({ inbox: inView('inbox').length, archived: inView('archived').length, all: rows.length });
  const answer = <T>(method: string, value: () => T): Promise<T> => {
    calls.push(method);
    const p = Promise.resolve().then(value);
    outstanding.add(p);
    void p.finally(() => outstanding.delete(p));
    return p;
  };
  /** A triage call as the real core makes it: change, event (with counts), then the answer. */
  const triage = (method: string, callArgs: unknown[], ids: string[], change: (c: ConversationSummary) => void) => {
    calls.push(method);
    args.push([method, ...callArgs]);
    const apply = () => {
      for (const c of rows) if (ids.includes(c.id)) change(c);
      listener({ conversations: ids, counts: counts() });
      return { notice: null };
    };
    if (!opts.hold) return Promise.resolve(apply());
    return new Promise((resolve) => held.push(() => resolve(apply())));
  };
  const api = {
    listAccounts: () => answer('listAccounts', () => []),
    listLabels: () => answer('listLabels', () => []),
    getSettings: () => answer('getSettings', () => DEFAULT_SETTINGS),
    keyStorage: () => answer('keyStorage', () => ({ kind: 'keychain' })),
    demoOffer: () => answer('demoOffer', () => null),
    setActiveConversation: () => answer('setActiveConversation', () => undefined),
    viewCounts: () => answer('viewCounts', counts),
    listConversations: (q: { view: ViewId; offset?: number; limit?: number }) =>
      answer('listConversations', () => {
        const all = inView(q.view);
        const offset = q.offset ?? 0;
        return { items: all.slice(offset, offset + (q.limit ?? 200)), total: all.length };
      }),
    // This fake's rule: archiving keeps a reminder, so a test can tell whose rule the screen shows.
    archive: (id: string, ...rest: unknown[]) => triage('archive', [id, ...rest], [id], (c) => (c.archived = (rest[0] as 'smart' | 'forever' | undefined) ?? 'smart')),
    // As the real core: a smart bulk archive leaves anything already archived as it is.
    bulk: (ids: string[], action: BulkAction) =>
      triage('bulk', [ids, action], ids, (c) => {
        if (action.kind === 'archive' && (action.mode === 'forever' || c.archived === null)) c.archived = action.mode ?? 'smart';
      }),
  } as unknown as InboxApi;
  return {
    api,
    calls,
    args,
    rows,
    /** Lets the held triage answers go, oldest first. */
    release() {
      for (const go of held.splice(0)) go();
    },
    connect(store: ReturnType<typeof createInboxStore>) {
      listener = (e) => store.getState().changed(e);
    },
    /** Resolves once no call is outstanding and none follows on from the last answers. */
    async settled(): Promise<void> {
      for (;;) {
        const seen = calls.length;
        await Promise.allSettled([...outstanding]);
        // Let the store's continuations after those answers run (they may make further calls).
        for (let turn = 0; turn < 20; turn++) await Promise.resolve();
        if (outstanding.size === 0 && calls.length === seen) return;
      }
    },
  };
}
