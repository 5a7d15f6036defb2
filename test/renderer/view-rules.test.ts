/**
 * The renderer's in-memory view membership (viewRules.ts, for optimistic updates) is the shared
 * rules of src/shared/views.ts (test/core/views.test.ts checks the core's SQL against the same
 * rules): for many random conversations, viewIncludes agrees with the rule of every view, and
 * recount moves the counts exactly as counting again from scratch would.
 */
import { describe, expect, it } from 'vitest';
import { prng as random } from '../../src/shared/prng';
import { recount, viewIncludes } from '../../src/renderer/src/viewRules';
import { BUILTIN_VIEWS, type ConversationSummary, type ViewCounts, type ViewId } from '../../src/shared/domain';
import { ruleHolds, viewRule } from '../../src/shared/views';

const ACCOUNTS = ['acct-a', 'acct-b'];
const LABELS = ['label-1', 'label-2'];
const VIEWS: ViewId[] = [...BUILTIN_VIEWS, ...ACCOUNTS.map((a) => `account:${a}` as const), ...LABELS.map((l) => `label:${l}` as const)];


function randomConversation(rnd: () => number, i: number): ConversationSummary {
  return {
    id: `conv-${i}`,
    accountId: ACCOUNTS[Math.floor(rnd() * ACCOUNTS.length)]!,
    accountName: 'Seat',
    provider: 'reactin',
    title: `Person ${i}`,
    participant: { name: `Person ${i}`, headline: null, company: null, avatarUrl: null, profileUrl: null },
    lastMessageText: 'hello',
    lastMessageAt: 1_700_000_000_000 + Math.floor(rnd() * 1e9),
    lastFromMe: rnd() < 0.5,
    unreadCount: rnd() < 0.4 ? 1 + Math.floor(rnd() * 3) : 0,
    archived: rnd() < 0.3 ? (rnd() < 0.5 ? 'smart' : 'forever') : null,
    disconnected: false,
    pendingCount: 0,
    failedCount: 0,
    scheduledCount: 0,
    snoozedUntil: rnd() < 0.25 ? 1_800_000_000_000 : null,
    snoozeNote: null,
    reminder: null,
    labels: LABELS.filter(() => rnd() < 0.3).map((id) => ({ id, name: id, color: '#888888' })),
  };
}

function countsOf(all: ConversationSummary[]): ViewCounts {
  const counts: ViewCounts = {};
  for (const view of VIEWS) counts[view] = all.filter((c) => viewIncludes(view, c)).length;
  return counts;
}

describe("the renderer's view membership", () => {
  it('is the shared rule of every view, for random conversations', () => {
    const rnd = random(3);
    for (let i = 0; i < 2000; i++) {
      const c = randomConversation(rnd, i);
      for (const view of VIEWS) expect(viewIncludes(view, c), `${view} ${JSON.stringify(c)}`).toBe(ruleHolds(viewRule(view)!, c));
    }
    expect(viewIncludes('label:', randomConversation(rnd, 0))).toBe(false);
  });

  it('recounts after a change exactly as counting again would', () => {
    const rnd = random(5);
    const all = Array.from({ length: 300 }, (_, i) => randomConversation(rnd, i));
    let counts = countsOf(all);
    for (let step = 0; step < 300; step++) {
      const at = Math.floor(rnd() * all.length);
      const before = all[at]!;
      const after = { ...randomConversation(rnd, at), id: before.id };
      all[at] = after;
      counts = recount(counts, before, after);
      expect(counts, `step ${step}`).toEqual(countsOf(all));
    }
  });
});
