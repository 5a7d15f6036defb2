/**
 * The optimistic update, under Node: what `e`, `u`, a label or a snooze does to the rows on
 * screen before the core answers, and how a refusal puts everything back.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationSummary, Thread } from '../../src/shared/domain';
import { applyChanges, revertChanges, type OnScreen } from '../../src/renderer/src/state/optimistic';
import { conversation } from './fake-core';


function threadOf(c: ConversationSummary): Thread {
  return { conversation: c, messages: [], olderCount: 0, newerCount: 0, composer: { enabled: true, reason: null }, draft: '' };
}

function inbox(patch: Partial<OnScreen> = {}): OnScreen {
  const items = [conversation(1), conversation(2, { unreadCount: 2 }), conversation(3)];
  return { view: 'inbox', items, total: 3, counts: { inbox: 3, unread: 1, archived: 0 }, selectedId: 'c2', openId: null, thread: null, search: null, ...patch };
}

const ids = (items: readonly ConversationSummary[] | undefined) => items?.map((c) => c.id);

describe('the optimistic update', () => {
  it('archiving the selected row takes it out of the inbox, moves the cursor to the next row and counts it in Archived', () => {
    const s = inbox();
    const before = s.items[1]!;
    const patch = applyChanges(s, [{ before, after: { ...before, archived: 'smart' } }]);
    expect(ids(patch.items)).toEqual(['c1', 'c3']);
    expect(patch.total).toBe(2);
    expect(patch.selectedId).toBe('c3');
    expect(patch.counts).toEqual({ inbox: 2, unread: 0, archived: 1 });
  });

  it('a refused archive puts the row back where it sorts, with the cursor on it and the counts as they were', () => {
    const s = inbox();
    const before = s.items[1]!;
    const changes = [{ before, after: { ...before, archived: 'smart' as const } }];
    const shown = { ...s, ...applyChanges(s, changes) } as OnScreen;
    const back = revertChanges(shown, changes);
    expect(ids(back.items)).toEqual(['c1', 'c2', 'c3']);
    expect(back.total).toBe(3);
    expect(back.selectedId).toBe('c2');
    expect(back.counts).toEqual(s.counts);
  });

  it('a change that keeps the row in the view changes it in place (marking read in the inbox)', () => {
    const s = inbox();
    const before = s.items[1]!;
    const patch = applyChanges(s, [{ before, after: { ...before, unreadCount: 0 } }]);
    expect(ids(patch.items)).toEqual(['c1', 'c2', 'c3']);
    expect(patch.items![1]!.unreadCount).toBe(0);
    expect(patch.total).toBe(3);
    expect(patch.counts).toEqual({ inbox: 3, unread: 0, archived: 0 });
  });

  it('the open thread closes when its conversation leaves the view, and its composer stops asking for focus', () => {
    const s = inbox({ openId: 'c1', selectedId: 'c1', thread: threadOf(conversation(1)) });
    const before = s.items[0]!;
    const patch = applyChanges(s, [{ before, after: { ...before, snoozedUntil: 2_000_000 } }]);
    expect(patch.openId).toBeNull();
    expect(patch.thread).toBeNull();
    expect(patch).toMatchObject({ threadError: null, composerFocusFor: null });
  });

  it('the open thread shows the change when its conversation stays (a label in the inbox)', () => {
    const s = inbox({ openId: 'c1', selectedId: 'c1', thread: threadOf(conversation(1)) });
    const before = s.items[0]!;
    const after = { ...before, labels: [{ id: 'l1', name: 'Hot', color: '#f00' }] };
    const patch = applyChanges(s, [{ before, after }]);
    expect(patch.openId).toBe('c1');
    expect(patch.thread?.conversation.labels).toEqual(after.labels);
    expect('composerFocusFor' in patch).toBe(false);
  });

  it('while searching, the results show the change and the cursor stays on the result', () => {
    const c = conversation(2, { unreadCount: 2 });
    const s = inbox({ search: { query: 'x', hits: [{ conversation: c, messageId: null } as never], total: 1, atLeast: false, problems: [], loading: false, error: null, focusSeq: 1, limit: 50 }, selectedId: 'c2' });
    const patch = applyChanges(s, [{ before: c, after: { ...c, archived: 'smart' } }]);
    expect(patch.search?.hits[0]!.conversation.archived).toBe('smart');
    expect(patch.selectedId).toBe('c2');
  });

  it('several changes at once (a bulk archive) leave the counts right and never below zero', () => {
    const s = inbox({ counts: { inbox: 3, unread: 1, archived: 0 } });
    const changes = s.items.map((before) => ({ before, after: { ...before, archived: 'smart' as const } }));
    const patch = applyChanges(s, changes);
    expect(patch.items).toEqual([]);
    expect(patch.total).toBe(0);
    expect(patch.selectedId).toBeNull();
    expect(patch.counts).toEqual({ inbox: 0, unread: 0, archived: 3 });
  });

  it('a refused move to the inbox, seen from Archived, puts the row back in Archived', () => {
    const a = conversation(4, { archived: 'smart' });
    const s: OnScreen = { view: 'archived', items: [], total: 0, counts: { inbox: 4, archived: 0 }, selectedId: null, openId: null, thread: null, search: null };
    const back = revertChanges(s, [{ before: a, after: { ...a, archived: null } }]);
    expect(ids(back.items)).toEqual(['c4']);
    expect(back.total).toBe(1);
    expect(back.selectedId).toBe('c4');
    expect(back.counts).toEqual({ inbox: 3, archived: 1 });
  });
});
