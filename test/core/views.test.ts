/**
 * View membership is written once (src/shared/views.ts): the core's SQL (lists, counts, search's
 * is: filter) and the rules evaluated in memory (what the renderer's viewRules.ts runs for its
 * optimistic updates; test/renderer/view-rules.test.ts checks that side) must put every
 * conversation in the same views. Property-style: many random conversations, built through the
 * store's own setters, then every view compared both ways.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prng as random } from '../../src/shared/prng';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { runSearch, SearchStore } from '../../src/main/core/search';
import { ConversationStore, toSummary } from '../../src/main/core/store/conversations';
import { BUILTIN_VIEWS, type ConversationSummary, type ViewId } from '../../src/shared/domain';
import { SEARCH_IS_RULES, SEARCH_IS_VALUES, ruleHolds, viewRule } from '../../src/shared/views';

const NOW = Date.UTC(2026, 5, 1, 9);
const ACCOUNTS = ['acct-a', 'acct-b', 'acct-c'];
const LABELS = ['label-1', 'label-2', 'label-3'];


const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh cache holding `n` conversations in random states; returns them as the renderer would hold them. */
function randomInbox(seed: number, n: number): { db: Db; store: ConversationStore; all: ConversationSummary[] } {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-views-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  const store = new ConversationStore(db);
  const rnd = random(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  db.exec('BEGIN');
  for (const id of ACCOUNTS) {
    db.prepare("INSERT INTO accounts (id, provider, name, config, created_at, status) VALUES (?, 'reactin', ?, '{}', ?, 'ok')").run(id, `Seat ${id}`, NOW);
  }
  LABELS.forEach((id, i) => db.prepare('INSERT INTO labels (id, name, color, created_at) VALUES (?, ?, ?, ?)').run(id, `Label ${i}`, '#888888', NOW));
  for (let i = 0; i < n; i++) {
    const id = `conv-${i}`;
    store.upsert({ id, accountId: pick(ACCOUNTS), remoteId: `r-${i}`, title: `Person ${i}`, disconnected: rnd() < 0.1, now: NOW });
    store.setPreview(id, { at: NOW - Math.floor(rnd() * 1e9), text: `hello ${i}`, fromMe: rnd() < 0.5 });
    const unread = rnd();
    if (unread < 0.4) store.setUnread(id, 1 + Math.floor(rnd() * 3));
    else if (unread < 0.5) store.markRead(id, NOW);
    if (rnd() < 0.3) store.setArchived(id, pick(['smart', 'forever'] as const), NOW);
    if (rnd() < 0.25) store.setSnooze(id, { until: NOW + Math.floor(rnd() * 1e8), note: rnd() < 0.5 ? 'later' : null, cancelIfReply: rnd() < 0.5 });
    if (rnd() < 0.1) store.remind(id, NOW, null);
    for (const label of LABELS) if (rnd() < 0.3) db.prepare('INSERT INTO conversation_labels (conversation_id, label_id) VALUES (?, ?)').run(id, label);
  }
  db.exec('COMMIT');
  const all = Array.from({ length: n }, (_, i) => toSummary(store.get(`conv-${i}`)!));
  return { db, store, all };
}

const VIEWS: ViewId[] = [...BUILTIN_VIEWS, ...ACCOUNTS.map((a) => `account:${a}` as const), ...LABELS.map((l) => `label:${l}` as const), 'label:no-such-label', 'account:no-such-account'];
const idsOf = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
/** The in-memory side: the view's rule evaluated on the conversation. */
const viewIncludes = (view: ViewId, c: ConversationSummary): boolean => {
  const rule = viewRule(view);
  return rule !== null && ruleHolds(rule, c);
};

describe('view membership, written once', () => {
  it("puts random conversations in the same views in the core's SQL (list and counts) as the rules evaluated in memory", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { db, store, all } = randomInbox(seed, 240);
      try {
        const counts = store.counts(ACCOUNTS);
        for (const view of VIEWS) {
          const expected = idsOf(all.filter((c) => viewIncludes(view, c)));
          const page = store.list(view, 0, 1000);
          expect(idsOf(page.items), `seed ${seed}, view ${view}: list`).toEqual(expected);
          expect(page.total, `seed ${seed}, view ${view}: total`).toBe(expected.length);
          if (!view.includes('no-such')) expect(counts[view], `seed ${seed}, view ${view}: count`).toBe(expected.length);
        }
        // Every view is taken somewhere: the data exercises each condition both ways.
        for (const view of VIEWS.filter((v) => !v.includes('no-such'))) expect(all.some((c) => viewIncludes(view, c)), view).toBe(true);
      } finally {
        db.close();
      }
    }
  });

  it("filters search's is: (and -is:) exactly as the same rules hold in memory", () => {
    const { db, all } = randomInbox(7, 240);
    try {
      const conversations = new ConversationStore(db);
      const search = new SearchStore(db);
      for (const value of SEARCH_IS_VALUES) {
        for (const negated of [false, true]) {
          const query = `${negated ? '-' : ''}is:${value}`;
          const expected = idsOf(all.filter((c) => ruleHolds(SEARCH_IS_RULES[value], c) !== negated));
          const found = runSearch({ store: search, conversations }, query, 500, new Date(NOW), { totalCap: 500 });
          expect(idsOf(found.hits.map((h) => h.conversation)), query).toEqual(expected);
        }
      }
    } finally {
      db.close();
    }
  });

  it('moves a conversation between views in memory as the core moves it after the same change', () => {
    const { db, store, all } = randomInbox(11, 120);
    try {
      for (const before of all.slice(0, 40)) {
        if (before.archived === null) store.setArchived(before.id, 'smart', NOW);
        else store.setArchived(before.id, null, NOW);
        const after = toSummary(store.get(before.id)!);
        const changed = all.map((c) => (c.id === before.id ? after : c));
        const counts = store.counts(ACCOUNTS);
        for (const view of VIEWS.filter((v) => !v.includes('no-such'))) expect(counts[view], `${before.id}, ${view}`).toBe(changed.filter((c) => viewIncludes(view, c)).length);
        all.splice(all.indexOf(before), 1, after);
      }
    } finally {
      db.close();
    }
  });
});
