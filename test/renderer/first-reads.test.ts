/**
 * The window's first reads (src/renderer/src/firstReads.ts) are asked once, as the page's code
 * starts, and the store's start() takes exactly those answers: it asks the core nothing twice and
 * nothing FIRST_READS does not list (a start() that asked for something else, or with other
 * arguments, would ask again and wait for it as before). The browser side, that they are asked
 * before React is even evaluated, is test/browser/first-reads.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ConversationSummary } from '../../src/shared/domain';
import { INBOX_METHODS, type InboxBridge } from '../../src/shared/ipc';
import { createInboxClient } from '../../src/renderer/src/api';
import { FIRST_READS, primeBridge } from '../../src/renderer/src/firstReads';
import { createInboxStore } from '../../src/renderer/src/store';
import { conversation } from './fake-core';

const ROWS: ConversationSummary[] = [conversation(1), conversation(2), conversation(3)];

const VALUES: Record<string, unknown> = {
  keyStorage: { kind: 'keychain' },
  listAccounts: [],
  viewCounts: { inbox: 3, archived: 0, all: 3 },
  listConversations: { items: ROWS, total: 3 },
  getSettings: DEFAULT_SETTINGS,
  listLabels: [],
  listScheduled: [],
};

/** A bridge answering every core method (IpcResult), each call recorded as `method args`. */
function countingBridge(fail: Set<string> = new Set()) {
  const calls: string[] = [];
  const bridge: Record<string, unknown> = {
    onChanged: () => () => {},
    onOpenConversation: () => () => {},
  };
  for (const method of INBOX_METHODS) {
    bridge[method] = (...args: unknown[]) => {
      calls.push(`${method} ${JSON.stringify(args)}`);
      if (fail.has(method)) return Promise.resolve({ ok: false, error: { code: 'storage', message: 'The cache could not be read.' } });
      return Promise.resolve({ ok: true, value: VALUES[method] ?? null });
    };
  }
  return { bridge: bridge as unknown as InboxBridge, calls };
}

const settle = async () => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

describe('the first reads', () => {
  it('are asked once each when primed, and the store starts on exactly those answers', async () => {
    const { bridge, calls } = countingBridge();
    const primed = primeBridge(bridge);
    // Asked at once, synchronously: the rest of the bundle is evaluated in the same task.
    expect(calls).toEqual(FIRST_READS.map(([m, a]) => `${m} ${JSON.stringify(a)}`));

    const store = createInboxStore(createInboxClient(primed.bridge));
    await store.getState().start();
    primed.done();
    await settle();
    expect(calls).toHaveLength(FIRST_READS.length);
    expect(store.getState().items.map((c) => c.id)).toEqual(ROWS.map((c) => c.id));
    expect(store.getState().counts.inbox).toBe(3);
    expect(store.getState().settings).toEqual(DEFAULT_SETTINGS);
    expect(store.getState().loaded).toBe(true);
  });

  it('hand each answer out once: a later read asks the core again', async () => {
    const { bridge, calls } = countingBridge();
    const primed = primeBridge(bridge);
    await primed.bridge.getSettings();
    expect(calls.filter((c) => c.startsWith('getSettings'))).toHaveLength(1);
    await primed.bridge.getSettings();
    expect(calls.filter((c) => c.startsWith('getSettings'))).toHaveLength(2);
    // Other arguments than the first read's are a read of their own.
    await primed.bridge.listConversations({ view: 'archived', limit: 200 });
    expect(calls.filter((c) => c.startsWith('listConversations'))).toHaveLength(2);
  });

  it('are dropped once the store has started: an answer not taken by then is never handed out late', async () => {
    const { bridge, calls } = countingBridge();
    const primed = primeBridge(bridge);
    primed.done();
    await primed.bridge.listLabels();
    expect(calls.filter((c) => c.startsWith('listLabels'))).toHaveLength(2);
  });

  it('a first read the core refuses is refused to the store, which says so as it did before', async () => {
    const { bridge } = countingBridge(new Set(['listConversations']));
    const primed = primeBridge(bridge);
    const store = createInboxStore(createInboxClient(primed.bridge));
    await store.getState().start();
    await settle();
    expect(store.getState().listLoaded).toBe(true);
    expect(store.getState().notice?.text).toBe('The cache could not be read.');
  });

  it('leave every other method to the bridge itself', async () => {
    const { bridge, calls } = countingBridge();
    const primed = primeBridge(bridge);
    await primed.bridge.search('deck', 50);
    expect(calls.at(-1)).toBe('search ["deck",50]');
  });

  // The app's code is fetched and evaluated after the first reads are asked (main.tsx imports it
  // dynamically), so the core may report a change, or main a clicked notification, before the
  // store listens: those are kept and handed to the store when it subscribes, in order.
  it('keep what the core reports before the app listens, and hand it over in order', async () => {
    const changed = new Set<(e: unknown) => void>();
    const opened = new Set<(id: string) => void>();
    const { bridge } = countingBridge();
    const withEvents = Object.assign(Object.create(bridge) as InboxBridge, {
      onChanged: (l: (e: unknown) => void) => (changed.add(l), () => changed.delete(l)),
      onOpenConversation: (l: (id: string) => void) => (opened.add(l), () => opened.delete(l)),
    });
    const emit = (e: unknown) => [...changed].forEach((l) => l(e));
    const primed = primeBridge(withEvents);
    emit({ conversations: ['a'] });
    emit({ accounts: true });
    [...opened].forEach((l) => l('c9'));

    const seen: unknown[] = [];
    const unsubscribe = primed.bridge.onChanged((e) => seen.push(e));
    expect(seen).toEqual([{ conversations: ['a'] }, { accounts: true }]);
    emit({ labels: true });
    expect(seen).toHaveLength(3);
    const openedIds: string[] = [];
    primed.bridge.onOpenConversation((id) => openedIds.push(id));
    expect(openedIds).toEqual(['c9']);

    // Unsubscribing works; a later listener gets only what comes after it.
    unsubscribe();
    emit({ settings: true });
    expect(seen).toHaveLength(3);
    const later: unknown[] = [];
    primed.bridge.onChanged((e) => later.push(e));
    emit({ scheduled: true });
    expect(later).toEqual([{ scheduled: true }]);
  });

  it('a listener that throws stops neither the events kept for it nor the other listeners', () => {
    const changed = new Set<(e: unknown) => void>();
    const { bridge } = countingBridge();
    const withEvents = Object.assign(Object.create(bridge) as InboxBridge, {
      onChanged: (l: (e: unknown) => void) => (changed.add(l), () => changed.delete(l)),
    });
    const emit = (e: unknown) => [...changed].forEach((l) => l(e));
    const reported: unknown[] = [];
    const had = Object.getOwnPropertyDescriptor(globalThis, 'reportError');
    Object.defineProperty(globalThis, 'reportError', { value: (err: unknown) => reported.push(err), configurable: true, writable: true });
    try {
      const primed = primeBridge(withEvents);
      emit({ accounts: true });
      emit({ labels: true });
      const seen: unknown[] = [];
      primed.bridge.onChanged((e) => {
        seen.push(e);
        throw new Error(`cannot take ${JSON.stringify(e)}`);
      });
      expect(seen).toEqual([{ accounts: true }, { labels: true }]);
      const other: unknown[] = [];
      primed.bridge.onChanged((e) => other.push(e));
      emit({ settings: true });
      expect(seen).toHaveLength(3);
      expect(other).toEqual([{ settings: true }]);
      expect(reported.map((e) => (e as Error).message)).toEqual(['cannot take {"accounts":true}', 'cannot take {"labels":true}', 'cannot take {"settings":true}']);
    } finally {
      if (had) Object.defineProperty(globalThis, 'reportError', had);
      else delete (globalThis as { reportError?: unknown }).reportError;
    }
  });
});
