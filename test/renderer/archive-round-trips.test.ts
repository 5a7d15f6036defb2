/**
 * One `e` costs at most two IPC round trips: the archive itself and one read of the list. A fake
 * core counts every call and, like the real core, pushes its change event (with the counts it
 * now has) before the archive's answer arrives.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ChangeEvent, type ConversationSummary, type ViewCounts, type ViewId } from '../../src/shared/domain';
import type { InboxApi } from '../../src/shared/ipc';
import { createInboxStore } from '../../src/renderer/src/store';

function conversation(n: number): ConversationSummary {
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
  };
}

/** A core of ten conversations that counts the calls made to it and emits change events as the real core does. */
function fakeCore() {
  const rows = Array.from({ length: 10 }, (_, i) => conversation(i + 1));
  const calls: string[] = [];
  const outstanding = new Set<Promise<unknown>>();
  let listener: (e: ChangeEvent) => void = () => {};
  const inView = (view: ViewId) => rows.filter((c) => (view === 'archived' ? c.archived !== null : c.archived === null));
  const counts = (): ViewCounts => ({ inbox: inView('inbox').length, archived: inView('archived').length });
  const answer = <T>(method: string, value: () => T): Promise<T> => {
    calls.push(method);
    const p = Promise.resolve().then(value);
    outstanding.add(p);
    void p.finally(() => outstanding.delete(p));
    return p;
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
    archive: (id: string) => {
      calls.push('archive');
      rows.find((c) => c.id === id)!.archived = 'smart';
      // The real core emits synchronously inside archive(), so the event reaches the window before the answer.
      listener({ conversations: [id], counts: counts() });
      return Promise.resolve({ notice: null });
    },
  } as unknown as InboxApi;
  return {
    api,
    calls,
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

describe('one e', () => {
  it('archives with at most two round trips to the core, and the list and counts match the core after', async () => {
    const core = fakeCore();
    const store = createInboxStore(core.api);
    core.connect(store);
    await store.getState().start();
    await core.settled();
    expect(store.getState().items.map((c) => c.id)[0]).toBe('c1');
    core.calls.length = 0;

    const archiving = store.getState().archive();
    // The row leaves in the same frame as the key press.
    expect(store.getState().items.map((c) => c.id)).not.toContain('c1');
    expect(store.getState().counts.inbox).toBe(9);
    await archiving;
    await core.settled();

    expect(core.calls, `calls for one e: ${core.calls.join(', ')}`).toHaveLength(2);
    expect(core.calls).toContain('archive');
    const s = store.getState();
    expect(s.items.map((c) => c.id)).toEqual(['c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10']);
    expect(s.total).toBe(9);
    expect(s.counts).toEqual({ inbox: 9, archived: 1 });
    expect(s.selectedId).toBe('c2');
  });
});
