import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { StatementSync } from 'node:sqlite';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { matchExpression, nameExpression, parseDay, parseSearch, plainExcerpt, runSearch, SEARCH_TOTAL_CAP, toHighlighted } from '../../src/main/core/search';
import { ConversationStore } from '../../src/main/core/store/conversations';
import { SearchStore } from '../../src/main/core/search';
import type { SearchResult } from '../../src/shared/domain';
import { DEFAULT_VIRTUAL_START, VirtualClock } from '../support/clock';
import { reactInWorld, type ReactInWorld } from '../support/reactin-core';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = DEFAULT_VIRTUAL_START;

/** YYYY-MM-DD of the local day holding `at`. */
function ymd(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const ids = (r: SearchResult) => r.hits.map((h) => h.conversation.id);

/**
 * Runs each query through every plan (the newest-first message index alone; from the index; walking
 * conversations or messages; the first giving up after two rows), with small limits and counting
 * caps, on a second connection to the same file: the hits must be those of the usual choice of
 * plan, and the total the same up to the cap.
 */
/** Runs every query through every plan; returns, per plan asked as the search field asks, how many answers stopped counting early. */
function expectSamePlans(world: ReactInWorld, queries: string[], morePlans: (db: Db) => Record<string, SearchStore> = () => ({})): Record<string, number> {
  const db = openDatabase(world.dataDir);
  const stoppedEarly: Record<string, number> = {};
  try {
    const conversations = new ConversationStore(db);
    const plans = {
      newestFirst: new SearchStore(db, { streamBudget: Number.MAX_SAFE_INTEGER }),
      walking: new SearchStore(db, { sparseMatches: -1, streamBudget: 0 }),
      fromIndex: new SearchStore(db, { sparseMatches: Number.MAX_SAFE_INTEGER, streamBudget: 0 }),
      givingUp: new SearchStore(db, { streamBudget: 2 }),
      // Counting may stop once 3 rows are read and as many again after the hits settled (stream.ts), unless asked for an exact count.
      countingLittle: new SearchStore(db, { minCountRows: 3 }),
      // Two people matching is "many": the stream walks their conversations after the messages (stream.ts withPeople).
      namingMany: new SearchStore(db, { sparseMatches: 1, streamBudget: Number.MAX_SAFE_INTEGER }),
      // …and one person "most" of them: the walk asks each conversation for its people (sql.ts eachPersonMatches).
      namingMost: new SearchStore(db, { sparseMatches: 1, densePeople: 1, streamBudget: Number.MAX_SAFE_INTEGER }),
      ...morePlans(db),
    };
    // The plans whose count may stop early (stream.ts, walkConversations), asked as the search field asks.
    const quickPlans = new Set(['walking', 'givingUp', 'countingLittle', 'namingMany', 'namingMost', ...Object.keys(morePlans(db))]);
    for (const q of queries) {
      const expected = runSearch({ store: new SearchStore(db), conversations }, q, 500, new Date(NOW), { exactCount: true });
      expect(expected.total, q).toBeGreaterThan(0);
      expect(expected.atLeast, q).toBe(expected.total >= SEARCH_TOTAL_CAP);
      for (const [plan, store] of Object.entries(plans)) {
        for (const [limit, cap] of [[500, SEARCH_TOTAL_CAP], [3, 3], [1, 5], [2, 1]] as const) {
          const full = Math.min(expected.total, Math.max(cap, limit));
          const exact = runSearch({ store, conversations }, q, limit, new Date(NOW), { totalCap: cap, exactCount: true });
          const label = `${q} (${plan}, limit ${limit}, cap ${cap})`;
          expect(exact.hits, label).toEqual(expected.hits.slice(0, limit));
          expect(exact.total, label).toBe(full);
          expect(exact.atLeast, label).toBe(full === Math.max(cap, limit));
          if (!quickPlans.has(plan)) continue;
          // As the search field asks: the same hits; the count may stop early, and then says so.
          const quick = runSearch({ store, conversations }, q, limit, new Date(NOW), { totalCap: cap });
          expect(quick.hits, `${label}, quick`).toEqual(exact.hits);
          if (quick.atLeast) {
            expect(quick.total, `${label}, quick`).toBeLessThanOrEqual(full);
            expect(quick.total, `${label}, quick`).toBeGreaterThanOrEqual(Math.min(limit, full));
            if (quick.total < full) stoppedEarly[plan] = (stoppedEarly[plan] ?? 0) + 1;
          } else {
            expect(quick.total, `${label}, quick`).toBe(full);
          }
        }
      }
    }
  } finally {
    db.close();
  }
  return stoppedEarly;
}

describe('the search query parser', () => {
  const now = new Date(2026, 10, 21, 9, 30);

  it('tells whether the last word is still being typed (nothing follows it)', () => {
    expect(parseSearch('deck pric', now).typing).toBe(true);
    expect(parseSearch('pric ', now).typing).toBe(false);
    expect(parseSearch('pric is:unread', now).typing).toBe(false);
    expect(parseSearch('pric 🎉', now).typing).toBe(false);
    expect(parseSearch('"pric', now).typing).toBe(false);
  });

  it('splits words, quoted phrases and operators, with quoted values', () => {
    const p = parseSearch('pricing "next week" from:"Anna Berg" label:"hot leads" is:unread -is:archived account:reactin', now);
    expect(p.terms).toEqual([
      { text: 'pricing', quoted: false },
      { text: 'next week', quoted: true },
    ]);
    expect(p.fromNames).toEqual(['Anna Berg']);
    expect(p.labels).toEqual([{ name: 'hot leads', negated: false }]);
    expect(p.is).toEqual([
      { value: 'unread', negated: false },
      { value: 'archived', negated: true },
    ]);
    expect(p.accounts).toEqual([{ name: 'reactin', negated: false }]);
    expect(p.problems).toEqual([]);
  });

  it('knows from:me, keeps unknown operators and URLs as text, and ignores an operator still being typed', () => {
    const p = parseSearch('FROM:Me foo:bar https://example.com label:', now);
    expect(p.fromMe).toBe(true);
    expect(p.terms.map((t) => t.text)).toEqual(['foo:bar', 'https://example.com']);
    expect(p.labels).toEqual([]);
    expect(p.problems).toEqual([]);
  });

  it('reads days as the start of the local day, and words through chrono (in the past)', () => {
    const p = parseSearch('after:2026-03-05 before:yesterday', now);
    expect(p.after).toBe(new Date(2026, 2, 5).getTime());
    expect(p.before).toBe(new Date(2026, 10, 20).getTime());
    expect(parseDay('last monday', now)).toBe(new Date(2026, 10, 16).getTime());
    // A month without a year is the one behind us, not the next one.
    expect(parseDay('may', now)).toBe(new Date(2026, 4, 1).getTime());
    expect(parseDay('tomorrow 3pm', now)).toBe(new Date(2026, 10, 22, 15).getTime());
    expect(parseSearch('after:"3 days ago"', now).after).toBe(new Date(2026, 10, 18).getTime());
  });

  it('leaves out what it cannot understand and says so, keeping the rest', () => {
    const p = parseSearch('pricing after:someday before:2024-02-30 is:starred -from:me', now);
    expect(p.terms.map((t) => t.text)).toEqual(['pricing']);
    expect(p.after).toBeNull();
    expect(p.before).toBeNull();
    expect(p.is).toEqual([]);
    expect(p.fromMe).toBe(false);
    expect(p.problems).toHaveLength(4);
    expect(p.problems[0]).toContain('someday');
    expect(p.problems[1]).toContain('2024-02-30');
    expect(p.problems[2]).toContain('is:starred');
    expect(p.problems[3]).toContain('-from:me');
    // A long value is shortened when quoted back.
    const [long] = parseSearch(`before:${'x'.repeat(900)}`, now).problems;
    expect(long!.length).toBeLessThan(200);
  });

  it('drops words with nothing searchable in them and survives unbalanced quotes', () => {
    expect(parseSearch('- : * 🎉 "', now).terms).toEqual([]);
    expect(parseSearch('say "hello there', now).terms).toEqual([
      { text: 'say', quoted: false },
      { text: 'hello there', quoted: true },
    ]);
  });

  it('quotes every term for FTS5, so nothing typed is FTS syntax, and makes the last word a prefix', () => {
    const terms = parseSearch('NEAR(a AND b) "x ""y" -c:d pric', new Date()).terms;
    expect(matchExpression(terms, 3)).toBe('"NEAR(a" AND "AND" AND "b)" AND "x " AND "y" AND "-c:d" AND "pric"*');
    expect(matchExpression(parseSearch('pr', new Date()).terms, 3)).toBe('"pr"');
    expect(matchExpression(parseSearch('"pricing deck"', new Date()).terms, 1)).toBe('"pricing deck"');
    expect(matchExpression([{ text: 'a"b', quoted: false }], 9)).toBe('"a""b"');
    expect(nameExpression(['Anna B', 'lea'])).toBe('("Anna"* AND "B"*) OR ("lea"*)');
    expect(nameExpression(['🎉'])).toBeNull();
    // One- and two-letter words as the names people have that start so; a name no one has is left out.
    const names: Record<string, string[]> = { a: ['ada', 'anna'], b: ['berg'] };
    expect(nameExpression(['a b', 'zq', 'lea'], (prefix) => names[prefix] ?? [])).toBe('(("ada" OR "anna") AND ("berg")) OR ("lea"*)');
    expect(nameExpression(['zq'], () => [])).toBeNull();
    expect(nameExpression(['mü', 'a'], (prefix) => (prefix === 'a' ? null : []))).toBe('("mü"*) OR ("a"*)');
  });

  it('turns marked FTS5 output into plain segments, and cuts long plain text', () => {
    expect(toHighlighted('…the \u0002pricing\u0003\n deck \u0002is\u0003')).toEqual([
      { text: '…the ', match: false },
      { text: 'pricing', match: true },
      { text: ' deck ', match: false },
      { text: 'is', match: true },
    ]);
    const long = plainExcerpt('word '.repeat(100));
    expect(long).toHaveLength(1);
    expect(long[0]!.text.length).toBeLessThanOrEqual(121);
    expect(long[0]!.text.endsWith('…')).toBe(true);
  });
});

describe('search over the cache', () => {
  let world: ReactInWorld;
  const conv: Record<'anna' | 'jorg' | 'lea' | 'omar' | 'mei', string> = { anna: '', jorg: '', lea: '', omar: '', mei: '' };
  /** Message id by its text. */
  const msg = new Map<string, string>();
  const search = (q: string, limit?: number) => world.core.search(q, limit);

  beforeAll(async () => {
    world = await reactInWorld({ conversations: 0, clock: new VirtualClock(NOW, { autoAdvance: true }) });
    const sim = world.sim;
    const person = (id: string, name: string, headline: string, company: string) => ({ id, name, headline, company, avatarUrl: null, linkedinUrl: null, leadId: null });
    const add = (key: keyof typeof conv, p: ReturnType<typeof person>, messages: [mine: boolean, text: string, agoMs: number][]) => {
      const c = sim.addConversation({ id: `cnv_${key}`, name: p.name, participants: [p] });
      for (const [mine, text, ago] of messages) (mine ? sim.addOwnMessage : sim.addInboundMessage)(c.id, text, NOW - ago);
      return c.id;
    };
    const remote = {
      anna: add('anna', person('li_anna', 'Anna Berg', 'Head of Sales', 'Nordlicht GmbH'), [
        [false, 'Could you send the pricing deck?', 10 * DAY],
        [true, 'Here is the deck with our pricing, Anna.', 5 * DAY],
        [false, 'Thanks, pricing looks fine.', 2 * HOUR],
      ]),
      jorg: add('jorg', person('li_jorg', 'Jörg Müller', 'CTO', 'Quanta Robotics'), [[false, 'Let us talk about the roadmap at the café.', 3 * DAY]]),
      lea: add('lea', person('li_lea', 'Lea Sommer', 'Recruiter', 'Vantage Talent'), [
        [false, 'Are you open to new roles?', 20 * DAY],
        [true, 'Not right now, thanks.', 19 * DAY],
      ]),
      omar: add('omar', person('li_omar', 'Omar Haddad', 'Investor', 'Fernhill Capital'), [[false, 'Our pricing committee meets Monday.', 8 * DAY]]),
      mei: add('mei', person('li_mei', 'Mei Chen', 'Product Lead', 'Helix Bio'), [[false, 'Send pricing to Anna after the launch.', 6 * DAY]]),
    };
    await world.core.syncNow(world.accountId);
    for (const key of Object.keys(conv) as (keyof typeof conv)[]) {
      conv[key] = world.core.conversationIdFor(world.accountId, remote[key])!;
      for (const m of (await world.core.openConversation(conv[key])).messages) msg.set(m.text, m.id);
    }
    await world.core.markUnread(conv.anna);
    await world.core.archive(conv.omar);
    await world.core.snooze(conv.mei, { until: NOW + 2 * DAY });
    const hot = await world.core.createLabel('Hot leads');
    const hiring = await world.core.createLabel('Hiring');
    await world.core.setLabels([conv.anna, conv.jorg], [hot.id], []);
    await world.core.setLabels([conv.lea], [hiring.id], []);
  });
  afterAll(async () => {
    await world.dispose();
  });

  it('finds words in messages: one hit per conversation, newest match first, archived and snoozed included, the match marked', async () => {
    const r = await search('pricing');
    expect(r.problems).toEqual([]);
    expect(r.total).toBe(3);
    expect(ids(r)).toEqual([conv.anna, conv.mei, conv.omar]);
    const [anna, mei, omar] = r.hits;
    expect(anna).toMatchObject({ field: 'message', at: NOW - 2 * HOUR, messageId: msg.get('Thanks, pricing looks fine.') });
    expect(anna!.snippet).toEqual([
      { text: 'Thanks, ', match: false },
      { text: 'pricing', match: true },
      { text: ' looks fine.', match: false },
    ]);
    expect(anna!.conversation).toMatchObject({ participant: { name: 'Anna Berg' }, accountName: 'Sales seat', unreadCount: 1 });
    expect(mei!.conversation.snoozedUntil).toBe(NOW + 2 * DAY);
    expect(omar!.conversation.archived).toBe('smart');
    expect(omar!.messageId).toBe(msg.get('Our pricing committee meets Monday.'));
  });

  it('matches the last word as a prefix while it is typed, so results come as you type', async () => {
    expect(ids(await search('pric'))).toEqual([conv.anna, conv.mei, conv.omar]);
    expect(ids(await search('pric '))).toEqual([]); // a space ends the word
    expect(ids(await search('ber'))).toEqual([conv.anna]);
    expect(ids(await search('ber '))).toEqual([]);
    expect(ids(await search('pric is:inbox'))).toEqual([]);
    expect(ids(await search('is:inbox pric'))).toEqual([conv.anna]);
    const r = await search('deck pri');
    expect(ids(r)).toEqual([conv.anna]);
    expect(r.hits[0]!.messageId).toBe(msg.get('Here is the deck with our pricing, Anna.'));
    expect(r.hits[0]!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['deck', 'pricing']);
  });

  it('finds people by name, headline and company, marking that field', async () => {
    const byName = await search('berg');
    expect(ids(byName)).toEqual([conv.anna]);
    expect(byName.hits[0]).toMatchObject({ field: 'name', messageId: null, at: NOW - 2 * HOUR });
    expect(byName.hits[0]!.snippet).toEqual([
      { text: 'Anna ', match: false },
      { text: 'Berg', match: true },
    ]);
    const byHeadline = await search('"head of sales"');
    expect(byHeadline.hits.map((h) => [h.conversation.id, h.field, h.snippet])).toEqual([[conv.anna, 'headline', [{ text: 'Head of Sales', match: true }]]]);
    const byCompany = await search('nordlicht');
    expect(byCompany.hits.map((h) => [h.conversation.id, h.field, h.snippet])).toEqual([
      [
        conv.anna,
        'company',
        [
          { text: 'Nordlicht', match: true },
          { text: ' GmbH', match: false },
        ],
      ],
    ]);
    // Anna's own conversation matches on her name (covering it all, so newer than the message
    // naming her there); Mei's on a message naming Anna.
    const anna = await search('anna');
    expect(anna.hits.map((h) => [h.conversation.id, h.field, h.messageId])).toEqual([
      [conv.anna, 'name', null],
      [conv.mei, 'message', msg.get('Send pricing to Anna after the launch.')],
    ]);
  });

  it('lets words name the person and the message together, in either order, while typing too', async () => {
    // "berg deck": Anna Berg is the person, deck is in one of her messages.
    const annaDeck = await search('berg deck');
    expect(annaDeck.hits.map((h) => [h.conversation.id, h.field, h.messageId])).toEqual([[conv.anna, 'message', msg.get('Here is the deck with our pricing, Anna.')]]);
    expect(annaDeck.hits[0]!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['deck']);
    // By company, after the words; and the person's word being typed.
    expect(ids(await search('committee fernhill'))).toEqual([conv.omar]);
    expect(ids(await search('committee fern'))).toEqual([conv.omar]);
    expect(ids(await search('roadmap quanta'))).toEqual([conv.jorg]);
    // Both still have to match: a word in no message and no person finds nothing.
    expect(ids(await search('anna roadmap'))).toEqual([]);
    // Pricing is in three conversations; with "berg" only Anna's stays.
    expect(ids(await search('berg pricing'))).toEqual([conv.anna]);
  });

  it('ignores diacritics both ways', async () => {
    const muller = await search('muller');
    expect(muller.hits.map((h) => [h.conversation.id, h.field])).toEqual([[conv.jorg, 'name']]);
    expect(muller.hits[0]!.snippet).toEqual([
      { text: 'Jörg ', match: false },
      { text: 'Müller', match: true },
    ]);
    const cafe = await search('cafe');
    expect(cafe.hits[0]!.snippet.find((s) => s.match)?.text).toBe('café');
    expect(ids(await search('JÖRG'))).toEqual([conv.jorg]);
  });

  it('treats quoted words as a phrase in that order', async () => {
    const r = await search('"pricing deck"');
    expect(r.hits.map((h) => h.messageId)).toEqual([msg.get('Could you send the pricing deck?')]);
    expect(r.hits[0]!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['pricing deck']);
    expect((await search('"deck pricing"')).hits).toEqual([]);
    // Unquoted, both words anywhere: the newest message holding both.
    expect((await search('deck pricing')).hits.map((h) => h.messageId)).toEqual([msg.get('Here is the deck with our pricing, Anna.')]);
  });

  it('filters by is: (archived, snoozed, unread, read, inbox) and excludes with -is:', async () => {
    expect(ids(await search('is:archived'))).toEqual([conv.omar]);
    expect(ids(await search('is:snoozed'))).toEqual([conv.mei]);
    expect(ids(await search('is:unread'))).toEqual([conv.anna]);
    expect(ids(await search('is:read'))).toEqual([conv.jorg, conv.mei, conv.omar, conv.lea]);
    expect(ids(await search('is:inbox'))).toEqual([conv.anna, conv.jorg, conv.lea]);
    expect(ids(await search('-is:archived pricing'))).toEqual([conv.anna, conv.mei]);
    expect(ids(await search('is:inbox pricing'))).toEqual([conv.anna]);
    expect(ids(await search('is:unread -is:unread'))).toEqual([]);
  });

  it('lists operator-only results by recency with the last message as the excerpt', async () => {
    const r = await search('is:inbox');
    expect(r.total).toBe(3);
    expect(r.hits[0]).toMatchObject({ messageId: null, field: null, at: NOW - 2 * HOUR, snippet: [{ text: 'Thanks, pricing looks fine.', match: false }] });
  });

  it('filters by label (any case, a name prefix), and an unknown label finds nothing and says why', async () => {
    expect(ids(await search('label:"hot leads"'))).toEqual([conv.anna, conv.jorg]);
    expect(ids(await search('label:HOT'))).toEqual([conv.anna, conv.jorg]);
    expect(ids(await search('label:hot roadmap'))).toEqual([conv.jorg]);
    expect(ids(await search('label:hot label:hiring'))).toEqual([]);
    expect(ids(await search('-label:hot is:inbox'))).toEqual([conv.lea]);
    for (const q of ['label:typo', 'pricing label:typo', 'label:"hot leads" label:typo']) {
      expect(await search(q)).toEqual({ hits: [], total: 0, atLeast: false, problems: ['There is no label called “typo”.'] });
    }
  });

  it('filters by account name or provider; an unknown account finds nothing and says why', async () => {
    expect((await search('account:"sales seat"')).total).toBe(5);
    expect(ids(await search('account:ReactIn pricing'))).toEqual([conv.anna, conv.mei, conv.omar]);
    expect(ids(await search('account:sales pricing'))).toEqual([conv.anna, conv.mei, conv.omar]);
    expect(ids(await search('-account:reactin pricing'))).toEqual([]);
    expect(await search('account:crispy pricing')).toEqual({ hits: [], total: 0, atLeast: false, problems: ['There is no account called “crispy”.'] });
  });

  it('finds what I sent with from:me, jumping to that message', async () => {
    const mine = await search('from:me');
    expect(mine.hits.map((h) => [h.conversation.id, h.messageId, h.at, h.field])).toEqual([
      [conv.anna, msg.get('Here is the deck with our pricing, Anna.'), NOW - 5 * DAY, null],
      [conv.lea, msg.get('Not right now, thanks.'), NOW - 19 * DAY, null],
    ]);
    expect(mine.hits[1]!.snippet).toEqual([{ text: 'Not right now, thanks.', match: false }]);
    const r = await search('from:me pricing');
    expect(r.hits.map((h) => [h.conversation.id, h.messageId, h.field])).toEqual([[conv.anna, msg.get('Here is the deck with our pricing, Anna.'), 'message']]);
  });

  it('finds what a person sent with from:<name>, a prefix of each word of the name', async () => {
    for (const q of ['from:anna', 'from:"Anna Berg"', 'from:"an be"']) {
      expect((await search(q)).hits.map((h) => [h.conversation.id, h.messageId])).toEqual([[conv.anna, msg.get('Thanks, pricing looks fine.')]]);
    }
    expect((await search('from:anna deck')).hits.map((h) => h.messageId)).toEqual([msg.get('Could you send the pricing deck?')]);
    expect((await search('from:jorg')).hits.map((h) => h.conversation.id)).toEqual([conv.jorg]);
    expect((await search('from:jorg pricing')).hits).toEqual([]);
    expect(ids(await search('from:me from:omar pricing'))).toEqual([conv.anna, conv.omar]);
  });

  it('reads from:<name>, with words or alone, straight from the message index newest first, which knows who sent each message', async () => {
    // The plans that start from conversations or gather every match: none is needed.
    const others = ['walkConversations', 'walkMessages', 'fromMatches', 'conversationsOnly'].map((plan) =>
      vi.spyOn(SearchStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>, plan),
    );
    try {
      expect((await search('from:anna deck')).hits.map((h) => h.messageId)).toEqual([msg.get('Could you send the pricing deck?')]);
      expect((await search('from:"an be" pricing')).hits.map((h) => h.messageId)).toEqual([msg.get('Thanks, pricing looks fine.')]);
      expect((await search('from:anna')).hits.map((h) => h.messageId)).toEqual([msg.get('Thanks, pricing looks fine.')]);
      expect((await search('from:omar pricing is:archived')).hits.map((h) => h.conversation.id)).toEqual([conv.omar]);
      for (const plan of others) expect(plan).not.toHaveBeenCalled();
    } finally {
      for (const plan of others) plan.mockRestore();
    }
  });

  it('reads a from: name of one or two letters as the names people have that start so, never as a prefix the message index has no list for', async () => {
    // What FTS5 is asked: every parameter of every statement run while searching.
    const spies = (['iterate', 'all', 'get'] as const).map((method) => vi.spyOn(StatementSync.prototype, method));
    try {
      const byName = async (q: string) => (await search(q)).hits.map((h) => [h.conversation.id, h.messageId]);
      expect(await byName('from:a')).toEqual(await byName('from:anna'));
      expect(await byName('from:a')).toEqual([[conv.anna, msg.get('Thanks, pricing looks fine.')]]);
      // Jörg Müller and Mei Chen: the names as the index folds them.
      expect(await byName('from:m')).toEqual([
        [conv.jorg, msg.get('Let us talk about the roadmap at the café.')],
        [conv.mei, msg.get('Send pricing to Anna after the launch.')],
      ]);
      expect(await byName('from:mü')).toEqual([[conv.jorg, msg.get('Let us talk about the roadmap at the café.')]]);
      expect(await byName('from:"a b" pricing')).toEqual([[conv.anna, msg.get('Thanks, pricing looks fine.')]]);
      expect(await byName('from:s')).toEqual([[conv.lea, msg.get('Are you open to new roles?')]]);
      expect(await byName('from:so is:inbox')).toEqual([[conv.lea, msg.get('Are you open to new roles?')]]);
      expect(await byName('from:me from:o')).toEqual([
        [conv.anna, msg.get('Here is the deck with our pricing, Anna.')],
        [conv.omar, msg.get('Our pricing committee meets Monday.')],
        [conv.lea, msg.get('Not right now, thanks.')],
      ]);
      // No one's name has a word starting so: nothing, as before.
      expect(await search('from:zq')).toEqual({ hits: [], total: 0, atLeast: false, problems: [] });
      const asked = spies.flatMap((spy) => spy.mock.calls.map((args) => JSON.stringify(args)));
      const shortPrefixes = asked.filter((a) => /\\"[a-z]{1,2}\\"\*/u.test(a));
      expect(shortPrefixes).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('limits to days with after: and before:, and a name match then jumps to the newest message in range', async () => {
    const before = await search(`pricing before:${ymd(NOW - 4 * DAY)}`);
    expect(before.hits.map((h) => [h.conversation.id, h.messageId])).toEqual([
      [conv.anna, msg.get('Here is the deck with our pricing, Anna.')],
      [conv.mei, msg.get('Send pricing to Anna after the launch.')],
      [conv.omar, msg.get('Our pricing committee meets Monday.')],
    ]);
    expect(ids(await search(`pricing after:${ymd(NOW - 7 * DAY)}`))).toEqual([conv.anna, conv.mei]);
    expect(ids(await search(`after:${ymd(NOW - 9 * DAY)} before:${ymd(NOW - 4 * DAY)}`))).toEqual([conv.anna, conv.mei, conv.omar]);
    expect((await search('after:yesterday')).hits.map((h) => h.messageId)).toEqual([msg.get('Thanks, pricing looks fine.')]);
    const named = await search(`berg before:${ymd(NOW - 4 * DAY)}`);
    expect(named.hits.map((h) => [h.field, h.messageId])).toEqual([['name', msg.get('Here is the deck with our pricing, Anna.')]]);
  });

  it('combines operators', async () => {
    const r = await search(`from:me pricing after:${ymd(NOW - 30 * DAY)} is:inbox label:"hot leads" account:reactin`);
    expect(r.problems).toEqual([]);
    expect(r.hits.map((h) => h.messageId)).toEqual([msg.get('Here is the deck with our pricing, Anna.')]);
    expect(ids(await search('is:read label:hot'))).toEqual([conv.jorg]);
  });

  it('leaves out a date or is: it cannot read, says so, and still applies the rest', async () => {
    const r = await search('pricing after:someday is:starred is:inbox');
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toContain('someday');
    expect(r.problems[1]).toContain('is:starred');
    expect(ids(r)).toEqual([conv.anna]);
  });

  it('finds nothing for a blank query', async () => {
    for (const q of ['', '   ', '\n\t']) expect(await search(q)).toEqual({ hits: [], total: 0, atLeast: false, problems: [] });
  });

  it('never lets typed text act as FTS5 syntax or throw', async () => {
    const hostile = ['"', '""', '*', 'NEAR(', 'NEAR(pricing deck)', 'AND OR', 'pricing AND', 'OR pricing', 'NOT pricing', '-', '-pricing', ':', 'pricing:', '^pricing', '{name}: anna', 'name:anna', 'col:pricing',
      '(', ')', "'", '\\', '🎉', '🎉 pricing', 'pric*', 'x'.repeat(1000), 'pricing '.repeat(125), '\u0000', 'from:"', 'label:"', 'is:', 'after:"', '"unclosed pricing', 'pricing "', 'a'.repeat(1000) + '"', 'pricing\u0000deck', 'pric\u0000'];
    for (const q of hostile) {
      const r = await search(q);
      expect(Array.isArray(r.hits), q).toBe(true);
    }
    // Operators of FTS5 are just words that must be present.
    expect((await search('pricing AND roadmap')).hits).toEqual([]);
    expect((await search('pricing OR roadmap')).hits).toEqual([]);
    expect((await search('NEAR(pricing deck)')).hits).toEqual([]);
    // Punctuation around words is not syntax either.
    expect(ids(await search('-pricing'))).toEqual([conv.anna, conv.mei, conv.omar]);
    expect(ids(await search('pricing* 🎉'))).toEqual([conv.anna, conv.mei, conv.omar]);
    expect(ids(await search('"unclosed pricing'))).toEqual([]);
    expect(ids(await search('pricing '.repeat(125)))).toEqual([conv.anna, conv.mei, conv.omar]);
    // A control character separates words, like a space.
    expect((await search('pricing\u0000deck')).hits.map((h) => h.messageId)).toEqual([msg.get('Here is the deck with our pricing, Anna.')]);
  });

  it('gives the same hits whichever plan runs and wherever counting stops', () => {
    expectSamePlans(world, [
      'pricing', 'pric', 'deck pricing', '"pricing deck"', 'thanks', 'berg', 'anna', 'muller', 'head of', 'is:inbox pricing', 'label:hot roadmap', '-is:archived pricing',
      'from:me', 'from:me pricing', 'from:anna', 'from:anna deck', 'from:me from:omar pricing', 'after:yesterday', `pricing after:${ymd(NOW - 7 * DAY)}`,
      `pricing before:${ymd(NOW - 4 * DAY)}`, `berg before:${ymd(NOW - 4 * DAY)}`, `before:${ymd(NOW - 4 * DAY)}`, `from:me before:${ymd(NOW - 4 * DAY)}`, `is:read before:${ymd(NOW)}`,
    ]);
  });

  it('refuses a limit outside 1..500', async () => {
    await expect(search('pricing', 0)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(search('pricing', 501)).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await search('pricing', 1)).hits).toHaveLength(1);
    expect((await search('pricing', 1)).total).toBe(3);
  });
});

describe('search as the cache changes', () => {
  // Each test starts from its own cache (one ReactIn conversation with Nina), so any one of them
  // runs alone or in any order (`vitest --sequence.shuffle`).
  let world: ReactInWorld;
  beforeEach(async () => {
    world = await reactInWorld({ conversations: 0, clock: new VirtualClock(NOW, { autoAdvance: true }) });
    const nina = world.sim.addConversation({ id: 'cnv_nina', name: 'Nina Voss' });
    world.sim.addInboundMessage(nina.id, 'hello there', NOW - DAY);
    await world.core.syncNow(world.accountId);
  });
  afterEach(async () => {
    await world.dispose();
  });

  /** Adds and syncs the demo account after ReactIn, so its messages have the highest rowids (reused after it goes). */
  async function addDemoAccount() {
    const demo = await world.core.addAccount({ provider: 'demo', name: 'Demo', config: {} });
    await world.core.syncNow(demo.id);
    return demo;
  }

  it('orders a big inbox by newest match, one per conversation, counting every match when asked to', async () => {
    // Six conversations holding "quokka", one an hour, so that a walk of the conversations (newest first)
    // has its first hit settled after the first of them, whatever the demo account generates (its seed is its id).
    for (const [i, first] of ['Ada', 'Ben', 'Cy', 'Dee', 'Eli', 'Fay'].entries()) world.sim.addInboundMessage(world.sim.addConversation({ name: `${first} Larch` }).id, 'a quokka at the door', NOW - (i + 1) * HOUR);
    await world.core.syncNow(world.accountId);
    const demo = await addDemoAccount();

    const all = (await world.core.listConversations({ view: 'all', limit: 1000 })).items;
    const demoCount = all.filter((c) => c.accountId === demo.id).length;
    expect(all.length).toBeGreaterThan(200);
    const expected: { id: string; at: number; messageId: string }[] = [];
    for (const c of all) {
      const newest = (await world.core.openConversation(c.id)).messages.filter((m) => /\bdeck\b/i.test(m.text)).pop();
      if (newest) expected.push({ id: c.id, at: newest.sentAt, messageId: newest.id });
    }
    expected.sort((a, b) => b.at - a.at);
    expect(expected.length).toBeGreaterThan(20);

    const r = await world.core.search('deck', 500);
    expect(r.total).toBe(Math.min(expected.length, SEARCH_TOTAL_CAP));
    expect(r.hits.map((h) => [h.conversation.id, h.at, h.messageId])).toEqual(expected.map((e) => [e.id, e.at, e.messageId]));
    expect(new Set(ids(r)).size).toBe(r.hits.length);
    expect(r.hits.every((h) => h.snippet.some((s) => s.match && /^deck$/i.test(s.text)))).toBe(true);

    // Asking for 5, counting stops once those 5 are certain and counting on costs more than they did: it says "or more".
    const top = await world.core.search('deck', 5);
    expect(ids(top)).toEqual(expected.slice(0, 5).map((e) => e.id));
    expect(top.atLeast).toBe(true);
    expect(top.total).toBeGreaterThan(5);
    expect(top.total).toBeLessThan(r.total);
    expect(r.atLeast).toBe(r.total >= SEARCH_TOTAL_CAP);

    const stoppedEarly = expectSamePlans(world, ['deck', 'you', 'pricing seat', 'from:me deck', 'fischer', 'lea', `deck before:${ymd(NOW - 7 * DAY)}`, `you after:${ymd(NOW - 14 * DAY)}`, 'is:read you', '-is:snoozed deck']);
    // Both plans that count by reading on got to stop early: the stream, on these words…
    expect(stoppedEarly.countingLittle).toBeGreaterThan(0);
    // …and the walk of the conversations, on the six above. (Whether it stops early on the words above
    // depends on the demo's generated dates: a CI run once had it read every match of them.)
    expect(expectSamePlans(world, ['quokka -is:snoozed']).walking).toBeGreaterThan(0);

    // Every demo conversation, and as many through the account's provider name.
    expect((await world.core.search('account:demo')).total).toBe(Math.min(demoCount, SEARCH_TOTAL_CAP));
    expect((await world.core.search('account:demo', 500)).hits).toHaveLength(Math.min(demoCount, 500));
  }, 120_000); // about 300 searches of a 250-conversation inbox: 10–20 s on a busy machine

  it('finds a name many people have, and the few messages naming it, alike when the walk collects those messages first', async () => {
    for (const [i, first] of ['Ada', 'Ben', 'Cy', 'Dee', 'Eli'].entries()) world.sim.addInboundMessage(world.sim.addConversation({ name: `${first} Quill` }).id, 'hello', NOW - (i + 2) * HOUR);
    const newest = world.sim.addConversation({ name: 'Omar Pike' }).id;
    world.sim.addInboundMessage(newest, 'the quill pen arrived', NOW - HOUR);
    world.sim.addInboundMessage(world.sim.addConversation({ name: 'Lin Fox' }).id, 'a quill sketch', NOW - 10 * HOUR);
    await world.core.syncNow(world.accountId);

    const r = await world.core.search('quill');
    expect(r.total).toBe(7);
    expect(r.hits[0]).toMatchObject({ conversation: { id: world.core.conversationIdFor(world.accountId, newest) }, field: 'message' });
    expect(r.hits.filter((h) => h.field === 'name')).toHaveLength(5);

    // Up to 3 matches is "few": 2 messages are, 5 people are not, so the walk collects the 2 messages' conversations first.
    const walk = vi.spyOn(SearchStore.prototype as unknown as { walkConversations: (...a: unknown[]) => unknown }, 'walkConversations');
    try {
      expectSamePlans(world, ['quill', 'is:inbox quill'], (db) => ({ fewMessages: new SearchStore(db, { sparseMatches: 3, streamBudget: 0 }) }));
      expect(walk.mock.calls.some((c) => (c[1] as { fewMessages: boolean }).fewMessages)).toBe(true);
    } finally {
      walk.mockRestore();
    }
  });

  it('joins the conversations of many people a word names to its message hits, newest first, as the conversation plans find them', async () => {
    for (const [i, first] of ['Ada', 'Ben', 'Cy', 'Dee', 'Eli'].entries()) world.sim.addInboundMessage(world.sim.addConversation({ name: `${first} Quill` }).id, 'hello', NOW - (i + 2) * HOUR);
    world.sim.addInboundMessage(world.sim.addConversation({ name: 'Omar Pike' }).id, 'the quill pen arrived', NOW - HOUR);
    world.sim.addInboundMessage(world.sim.addConversation({ name: 'Lin Fox' }).id, 'a quill sketch', NOW - 4 * HOUR - 30 * 60_000);
    await world.core.syncNow(world.accountId);

    const db = openDatabase(world.dataDir);
    const walk = vi.spyOn(SearchStore.prototype as unknown as { walkConversations: (...a: unknown[]) => unknown }, 'walkConversations');
    try {
      const deps = (store: SearchStore) => ({ store, conversations: new ConversationStore(db) });
      const expected = runSearch(deps(new SearchStore(db, { streamBudget: 0 })), 'quill', 4, new Date(NOW), { exactCount: true });
      walk.mockClear();
      // Two people matching is "many" here: the stream answers, message hits and people's conversations merged by time.
      const merged = runSearch(deps(new SearchStore(db, { sparseMatches: 1 })), 'quill', 4, new Date(NOW));
      expect(walk).not.toHaveBeenCalled();
      expect(merged.hits).toEqual(expected.hits);
      expect(merged.hits.map((h) => h.field)).toEqual(['message', 'name', 'name', 'name']);
      expect(merged.total).toBeGreaterThanOrEqual(4);
      expect(merged.total).toBeLessThanOrEqual(7);
    } finally {
      walk.mockRestore();
      db.close();
    }
  });

  it('asks each conversation walked for its people when most people match the words (a letter typed alone), finding the same', async () => {
    for (const [i, first] of ['Ada', 'Ben', 'Cy', 'Dee', 'Eli'].entries()) world.sim.addInboundMessage(world.sim.addConversation({ name: `${first} Quill` }).id, 'hello', NOW - (i + 2) * HOUR);
    world.sim.addInboundMessage(world.sim.addConversation({ name: 'Omar Pike' }).id, 'the quill pen arrived', NOW - HOUR);
    world.sim.addInboundMessage(world.sim.addConversation({ name: 'Lin Fox' }).id, 'q: a quill sketch', NOW - 4 * HOUR - 30 * 60_000);
    await world.core.syncNow(world.accountId);

    const db = openDatabase(world.dataDir);
    const iterate = vi.spyOn(StatementSync.prototype, 'iterate');
    // The walk of stream.ts withPeople, as written for each way of asking.
    const walks = () => iterate.mock.contexts.map((s) => (s as StatementSync).sourceSQL).filter((sql) => sql.includes('INDEXED BY conversations_by_time') && sql.includes('people_fts'));
    const seeks = (sql: string) => sql.includes('people_fts.rowid = p.rowid');
    try {
      const deps = (store: SearchStore) => ({ store, conversations: new ConversationStore(db) });
      for (const q of ['q', 'qu', 'qui', 'quill ']) {
        const expected = runSearch(deps(new SearchStore(db, { streamBudget: 0 })), q, 4, new Date(NOW), { exactCount: true });
        // Two people matching is "many" here, and one "most": each conversation walked is asked for its people.
        iterate.mockClear();
        const eachAsked = runSearch(deps(new SearchStore(db, { sparseMatches: 1, densePeople: 1 })), q, 4, new Date(NOW));
        expect(eachAsked.hits, q).toEqual(expected.hits);
        expect(walks().length, q).toBeGreaterThan(0);
        expect(walks().every(seeks), q).toBe(true);
        // Fewer than "most": the matching people are collected once, as before.
        iterate.mockClear();
        const collected = runSearch(deps(new SearchStore(db, { sparseMatches: 1, densePeople: 1000 })), q, 4, new Date(NOW));
        expect(collected.hits, q).toEqual(expected.hits);
        expect(walks().length, q).toBeGreaterThan(0);
        expect(walks().some(seeks), q).toBe(false);
      }
      // A prefix of four letters or more (a word still being typed) has no list of its own in the people index: each seek would merge every word it starts.
      iterate.mockClear();
      runSearch(deps(new SearchStore(db, { sparseMatches: 1, densePeople: 1 })), 'quil', 4, new Date(NOW));
      expect(walks().length).toBeGreaterThan(0);
      expect(walks().some(seeks)).toBe(false);
    } finally {
      iterate.mockRestore();
      db.close();
    }
  });

  it('tells whether most people match from the newest people, the ones a walk of the newest conversations meets', async () => {
    for (const [i, name] of ['Omar Pike', 'Lin Fox', 'Mei Ray', 'Zed Arp'].entries()) world.sim.addInboundMessage(world.sim.addConversation({ name }).id, 'the quill pen arrived', NOW - (9 + i) * HOUR);
    await world.core.syncNow(world.accountId);
    for (const [i, first] of ['Ada', 'Ben', 'Cy'].entries()) world.sim.addInboundMessage(world.sim.addConversation({ name: `${first} Quill` }).id, 'hello', NOW - (i + 2) * HOUR);
    await world.core.syncNow(world.accountId);

    const db = openDatabase(world.dataDir);
    const iterate = vi.spyOn(StatementSync.prototype, 'iterate');
    const seeks = () => iterate.mock.contexts.some((s) => (s as StatementSync).sourceSQL.includes('people_fts.rowid = p.rowid'));
    try {
      const people = (db.prepare('SELECT COUNT(*) AS n FROM participants').get() as { n: number }).n;
      expect(people).toBeGreaterThan(6);
      const deps = (store: SearchStore) => ({ store, conversations: new ConversationStore(db) });
      const expected = runSearch(deps(new SearchStore(db, { streamBudget: 0 })), 'q', 4, new Date(NOW), { exactCount: true });
      // Three of all the people match: fewer than "most" (four)…
      iterate.mockClear();
      expect(runSearch(deps(new SearchStore(db, { sparseMatches: 1, densePeople: 4 })), 'q', 4, new Date(NOW)).hits).toEqual(expected.hits);
      expect(seeks()).toBe(false);
      // …but all of the newest three, so at that rate most of them: each conversation walked is asked for its people.
      iterate.mockClear();
      expect(runSearch(deps(new SearchStore(db, { sparseMatches: 1, densePeople: 4, peopleSample: 3 })), 'q', 4, new Date(NOW)).hits).toEqual(expected.hits);
      expect(seeks()).toBe(true);
    } finally {
      iterate.mockRestore();
      db.close();
    }
  });

  it('finds a message that arrives later, and forgets a removed account (the index follows the table)', async () => {
    const demo = await addDemoAccount();
    const demoRows = (await world.core.listConversations({ view: 'all', limit: 1000 })).items.filter((c) => c.accountId === demo.id);
    // The first demo rows stored: new rows take their rowids once the account is gone.
    const names = demoRows.slice(0, 5).map((c) => c.participant.name);
    const firstText = (await world.core.openConversation(demoRows[0]!.id)).messages[0]!.text;
    const word = firstText.split(/\W+/u).sort((a, b) => b.length - a.length)[0]!;
    for (const q of ['funding', word, ...names.map((n) => `"${n}"`)]) expect((await world.core.search(q)).total, q).toBeGreaterThan(0);

    await world.core.removeAccount(demo.id);
    const gone = async () => {
      for (const q of ['funding', word, ...names.map((n) => `"${n}"`)]) expect(await world.core.search(q), q).toEqual({ hits: [], total: 0, atLeast: false, problems: [] });
    };
    await gone();
    for (let i = 0; i < 30; i++) world.sim.addInboundMessage('cnv_nina', `Quarterly numbers, part ${i + 1}`, NOW - DAY + (i + 1) * 60_000);
    for (const name of ['Zed Quill', 'Yusuf Arp', 'Xia Ober']) world.sim.addInboundMessage(world.sim.addConversation({ name }).id, 'Quarterly call?', NOW - 2 * DAY);
    await world.core.syncNow(world.accountId);
    await gone();
    const quarterly = await world.core.search('quarterly');
    expect(quarterly.total).toBe(4);
    expect(quarterly.hits[0]!.snippet).toEqual([
      { text: 'Quarterly', match: true },
      { text: ' numbers, part 30', match: false },
    ]);
    expect(ids(await world.core.search('zed'))).toEqual([world.core.conversationIdFor(world.accountId, world.sim.conversations.at(-3)!.id)]);

    // A reply of mine is found at once, while still pending.
    const nina = world.core.conversationIdFor(world.accountId, 'cnv_nina')!;
    const sent = await world.core.sendReply(nina, 'Sending the contract today');
    const contract = await world.core.search('from:me contract');
    expect(contract.hits.map((h) => [h.conversation.id, h.messageId])).toEqual([[nina, sent.id]]);
  });

  it('marks only real matches: marker characters inside a message cannot fake one', async () => {
    world.sim.addInboundMessage('cnv_nina', 'budget \u0002fake\u0003 and \u0003more\u0002 text', NOW);
    await world.core.syncNow(world.accountId);
    const r = await world.core.search('budget');
    expect(r.hits[0]!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['budget']);
    expect(r.hits[0]!.snippet.map((s) => s.text).join('')).toBe('budget fake and more text');
  });

  it('shows excerpts without direction overrides, so a spoofed file name reads as sent', async () => {
    const mallory = { id: 'li_mallory', name: 'Mallory Quist', headline: null, company: null, avatarUrl: null, linkedinUrl: null, leadId: null };
    const spoof = world.sim.addConversation({ id: 'cnv_spoof', name: 'Mallory Quist', participants: [mallory] }).id;
    world.sim.addInboundMessage(spoof, 'Invoice \u202Efdp.exe attached \u2066\u202Bplease\u202C\u2069 \u202Aopen\u202D it\u2067\u2068', NOW - 1000);
    await world.core.syncNow(world.accountId);
    const id = world.core.conversationIdFor(world.accountId, spoof)!;
    const bidi = /[\u202A-\u202E\u2066-\u2069]/u;
    // Found by a word next to an override, by the word behind it, and by name only (the plain excerpt).
    for (const [q, marked] of [['invoice', ['Invoice']], ['fdp', ['fdp']], ['from:mallory', []]] as const) {
      const r = await world.core.search(q);
      const hit = r.hits.find((h) => h.conversation.id === id);
      expect(hit, q).toBeDefined();
      const text = hit!.snippet.map((s) => s.text).join('');
      expect(text, q).not.toMatch(bidi);
      expect(text, q).toBe('Invoice fdp.exe attached please open it');
      expect(hit!.snippet.filter((s) => s.match).map((s) => s.text), q).toEqual(marked);
    }
  });

  it('finds with from:<name> what that person wrote in a group, not what the others wrote', async () => {
    const person = (id: string, name: string) => ({ id, name, headline: null, company: null, avatarUrl: null, linkedinUrl: null, leadId: null });
    const message = (id: string, userId: string, text: string, timestamp: number) => ({
      id,
      userId,
      text,
      timestamp,
      readAt: null,
      metadata: { campaignEvent: null, sentFromInboxByUserId: null, sentFromInboxByUserName: null, sentFromInboxByUserEmail: null },
    });
    world.sim.addConversation({
      id: 'cnv_group',
      name: 'Paula and Sam',
      participants: [person('li_paula', 'Paula Ortiz'), person('li_sam', 'Sam Reyes')],
      messages: [message('msg_g1', 'li_paula', 'Agenda draft attached', NOW - 3 * HOUR), message('msg_g2', 'li_sam', 'Agenda looks good', NOW - 2 * HOUR)],
    });
    await world.core.syncNow(world.accountId);
    const group = world.core.conversationIdFor(world.accountId, 'cnv_group')!;
    const byText = new Map((await world.core.openConversation(group)).messages.map((m) => [m.text, m.id]));
    expect((await world.core.search('from:paula')).hits.map((h) => h.messageId)).toEqual([byText.get('Agenda draft attached')]);
    expect((await world.core.search('from:sam agenda')).hits.map((h) => h.messageId)).toEqual([byText.get('Agenda looks good')]);
    expect((await world.core.search('from:paula looks')).hits).toEqual([]);
  });

  it('orders matches from the same millisecond by conversation, the same way in every plan', async () => {
    for (let i = 0; i < 6; i++) world.sim.addInboundMessage(world.sim.addConversation({ name: `Tie ${i}` }).id, 'Tiebreak agenda', NOW - 30 * DAY);
    await world.core.syncNow(world.accountId);
    const r = await world.core.search('tiebreak');
    expect(r.total).toBe(6);
    expect(ids(r)).toEqual([...ids(r)].sort());
    expectSamePlans(world, ['tiebreak', `tiebreak before:${ymd(NOW)}`, 'tie', `agenda after:${ymd(NOW - 40 * DAY)}`]);
  });

  it('keeps the excerpt of a long message short, around the match', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `w${i}`);
    words[60] = 'needle';
    world.sim.addInboundMessage('cnv_nina', words.join(' '), NOW + 1000);
    await world.core.syncNow(world.accountId);
    const [hit] = (await world.core.search('needle')).hits;
    const text = hit!.snippet.map((s) => s.text).join('');
    expect(hit!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['needle']);
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.split(' ').length).toBeLessThanOrEqual(16);
  });
});
