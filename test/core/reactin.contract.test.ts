/**
 * The ReactIn adapter against the loopback simulator, over real HTTP through an injected
 * undici Agent: paths, encoding, filters, paging, sending, validation and every error path.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { Agent, MockAgent } from 'undici';
import type { Account, AccountConfig } from '../../src/shared/domain';
import { AppError } from '../../src/main/core/errors';
import { MemorySecretStore, systemClock, type Clock } from '../../src/main/core/ports';
import { createReactInProvider, type ReactInOptions, type ReactInProvider } from '../../src/main/core/providers/reactin/adapter';
import { startReactInSimulator, type ReactInSim, type ReactInSimOptions, type SimConversation } from '../simulators/reactin';
import { VirtualClock } from '../support/clock';
import { testAccount } from '../support/accounts';
import type { SendTarget } from '../../src/main/core/providers/types';

// Characters that break un-encoded URLs, in the key, the org id and a conversation id.
const KEY = 'rk_live_9f3kQ+x/Zz==';
const ORG = 'org 7/ä+x';
const ACCOUNT_ID = 'acc_sales';
const NAME = 'Sales seat';

const defer = cleanupAfterEach();

/** A reply target in a ReactIn thread: ReactIn addresses threads, not people. */
const to = (remoteConversationId: string): SendTarget => ({ remoteConversationId, recipient: null });

function account(config: AccountConfig): Account {
  return testAccount('reactin', config, NAME, ACCOUNT_ID);
}

interface Setup {
  sim: ReactInSim;
  provider: ReactInProvider;
  secrets: MemorySecretStore;
}

async function setup(
  simOpts: Partial<ReactInSimOptions> = {},
  config: Partial<AccountConfig> = {},
  more: { clock?: Clock; options?: ReactInOptions } = {},
): Promise<Setup> {
  const sim = await startReactInSimulator({ apiKey: KEY, organizationId: ORG, conversations: 12, ...simOpts });
  const agent = new Agent({ connections: 4 });
  defer(async () => {
    await sim.close();
    await agent.destroy();
  });
  const secrets = new MemorySecretStore();
  await secrets.set(ACCOUNT_ID, KEY);
  const provider = createReactInProvider(
    {
      // A trailing slash on the base URL must not double up in paths.
      account: account({ organizationId: ORG, baseUrl: `${sim.baseUrl}/`, ...config }),
      getApiKey: async () => (await secrets.get(ACCOUNT_ID)) ?? '',
      dispatcher: agent,
      clock: more.clock ?? systemClock,
    },
    more.options,
  );
  return { sim, provider, secrets };
}

/** The AppError a call fails with; also checks that the key never leaks into it. */
async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.message).not.toContain(KEY);
  expect(String(e.stack)).not.toContain(KEY);
  return e;
}

function visibleNewestFirst(sim: ReactInSim): SimConversation[] {
  return sim.conversations.filter((c) => c.messages.length > 0).sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp || a.id.localeCompare(b.id));
}

function apiRequests(sim: ReactInSim) {
  return sim.requests.map((r) => `${r.method} ${r.status}`);
}

describe('ReactIn settings', () => {
  it('refuses an account without an organisation ID, naming the account', () => {
    const make = () =>
      createReactInProvider({ account: account({}), getApiKey: async () => KEY, dispatcher: new MockAgent(), clock: systemClock });
    expect(make).toThrow(AppError);
    expect(make).toThrow(/'Sales seat' has no organisation ID/);
  });

  it('talks to https://app.reactin.io/api/{org} when no base URL is set', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://app.reactin.io')
      .intercept({ path: '/api/org_42/conversations?limit=1', method: 'GET', headers: { authorization: `Bearer ${KEY}` } })
      .reply(200, { items: [], nextCursor: null, totalUnread: 0 });
    const provider = createReactInProvider({ account: account({ organizationId: 'org_42' }), getApiKey: async () => KEY, dispatcher: mock, clock: systemClock });
    await expect(provider.testConnection()).resolves.toBeUndefined();
    mock.assertNoPendingInterceptors();
    await mock.close();
  });

  it('declares a polling, thread-addressed provider that mirrors nothing', async () => {
    const { provider } = await setup({ conversations: 0 });
    expect(provider.kind).toBe('reactin');
    expect(provider.maxPageSize).toBe(100);
    expect(provider.capabilities).toEqual({
      mirrorsArchive: false,
      mirrorsSmartArchive: false,
      mirrorsLabels: false,
      mirrorsSnooze: false,
      canMarkSeen: false,
      canMarkUnread: false,
      canStar: false,
      sendsBy: 'thread',
      hasPush: false,
    });
  });
});

describe('listing conversations', () => {
  it('maps rows newest first with names, participants, unread counts and disconnected state', async () => {
    const { sim, provider } = await setup({ conversations: 40 }, { selfUserId: 'li_me_01' });
    sim.setDisconnected(visibleNewestFirst(sim)[1]!.id, true);
    const page = await provider.listConversations({ limit: 100 });
    const expected = visibleNewestFirst(sim);
    expect(page.items.map((c) => c.remoteId)).toEqual(expected.map((c) => c.id));
    expect(page.nextCursor).toBeNull();

    const first = expected[0]!;
    const p = first.participants[0]!;
    expect(page.items[0]).toEqual({
      remoteId: first.id,
      title: first.name,
      participants: [{ remoteId: p.id, name: p.name, headline: p.headline, company: p.company, avatarUrl: p.avatarUrl, profileUrl: p.linkedinUrl }],
      lastMessage: {
        remoteId: first.messages[0]!.id,
        senderRemoteId: first.messages[0]!.userId,
        text: first.messages[0]!.text,
        sentAt: first.messages[0]!.timestamp,
        fromMe: first.messages[0]!.userId === 'li_me_01',
      },
      unreadCount: first.unreadCount,
      disconnected: first.isDisconnected,
    });
    expect(page.items[1]!.disconnected).toBe(true);
    // Generated data is varied enough to exercise both directions and unread rows.
    expect(page.items.some((c) => c.lastMessage?.fromMe === true)).toBe(true);
    expect(page.items.some((c) => c.lastMessage?.fromMe === false)).toBe(true);
    expect(page.items.some((c) => c.unreadCount > 0)).toBe(true);
  });

  it('hides conversations without messages, and shows one when its first message arrives', async () => {
    const { sim, provider } = await setup({ conversations: 3 });
    const fresh = sim.addConversation({ name: 'Quinn Adler' });
    expect((await provider.listConversations({})).items.map((c) => c.remoteId)).not.toContain(fresh.id);
    sim.addInboundMessage(fresh.id, 'Hello there');
    const items = (await provider.listConversations({})).items;
    expect(items[0]).toMatchObject({ remoteId: fresh.id, title: 'Quinn Adler', unreadCount: 1, lastMessage: { text: 'Hello there', fromMe: false } });
  });

  it('filters by LinkedIn account (from the account settings or per call), campaign and search, with totalUnread over the filter', async () => {
    const { sim, provider } = await setup({ conversations: 60, linkedinAccountIds: ['lia_a', 'lia_b', 'lia_c'] });
    const all = visibleNewestFirst(sim);
    const ids = (cs: SimConversation[]) => cs.map((c) => c.id);
    const unread = (cs: SimConversation[]) => cs.reduce((n, c) => n + c.unreadCount, 0);

    const everything = await provider.listConversationsFiltered({ limit: 100 });
    expect(everything.items).toHaveLength(60);
    expect(everything.totalUnread).toBe(unread(all));

    const onB = all.filter((c) => c.linkedinAccountId === 'lia_b');
    const byAccount = await provider.listConversationsFiltered({ linkedinAccountId: 'lia_b', limit: 100 });
    expect(byAccount.items.map((c) => c.remoteId)).toEqual(ids(onB));
    expect(byAccount.totalUnread).toBe(unread(onB));

    const campaign = all.filter((c) => c.campaignId === 'camp_3');
    const byCampaign = await provider.listConversationsFiltered({ campaignId: 'camp_3', limit: 100 });
    expect(byCampaign.items.map((c) => c.remoteId)).toEqual(ids(campaign));
    expect(campaign.length).toBeGreaterThan(0);
    expect(campaign.length).toBeLessThan(60);

    // Search is case-insensitive over names and the last message's text.
    const target = all[7]!;
    const byName = await provider.listConversationsFiltered({ search: target.participants[0]!.name.toUpperCase(), limit: 100 });
    expect(byName.items.map((c) => c.remoteId)).toContain(target.id);
    expect(byName.items.every((c) => c.title.toLowerCase().includes(target.name.toLowerCase()) || c.lastMessage?.text.toLowerCase().includes(target.name.toLowerCase()))).toBe(true);
    sim.addInboundMessage(all[20]!.id, 'Can we talk about the Zebracorn pilot?');
    const byText = await provider.listConversationsFiltered({ search: 'zebracorn', limit: 100 });
    expect(byText.items.map((c) => c.remoteId)).toEqual([all[20]!.id]);
    expect(byText.totalUnread).toBe(all[20]!.unreadCount);

    const combined = await provider.listConversationsFiltered({ linkedinAccountId: 'lia_a', campaignId: 'camp_1', limit: 100 });
    expect(combined.items.map((c) => c.remoteId)).toEqual(ids(all.filter((c) => c.linkedinAccountId === 'lia_a' && c.campaignId === 'camp_1')));

    // The account's configured LinkedIn account applies to plain listing (what sync uses).
    const { sim: sim2, provider: scoped } = await setup({ conversations: 30, linkedinAccountIds: ['lia_a', 'lia_b'] }, { linkedinAccountId: 'lia_a' });
    const scopedPage = await scoped.listConversations({ limit: 100 });
    expect(scopedPage.items.map((c) => c.remoteId)).toEqual(ids(visibleNewestFirst(sim2).filter((c) => c.linkedinAccountId === 'lia_a')));
    expect(sim2.requests.at(-1)!.query).toEqual({ limit: '100', linkedinAccountId: 'lia_a' });
  });

  it('pages through 250 conversations 100 at a time, visiting each exactly once with the cursor intact', async () => {
    const { sim, provider } = await setup({ conversations: 250 });
    const seen: string[] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listConversations({ cursor, limit: 100 });
      seen.push(...page.items.map((c) => c.remoteId));
      cursor = page.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);

    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual(visibleNewestFirst(sim).map((c) => c.id));
    expect(sim.requests.map((r) => r.query.cursor)).toEqual([undefined, ...cursors]);
    // The cursors carry characters that only survive proper URL encoding.
    expect(cursors.join('')).toMatch(/\+/);
    expect(cursors.join('')).toMatch(/\//);
    expect(cursors.join('')).toMatch(/=/);
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
  });
});

describe('listing messages', () => {
  it('pages a long thread newest first, through an id that needs encoding', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const c = sim.addConversation({ id: 'cnv/7 é+?', name: 'Lea Sommer' });
    const t0 = Date.UTC(2026, 4, 1);
    for (let i = 0; i < 45; i++) {
      if (i % 3 === 0) sim.addOwnMessage(c.id, `mine ${i}`, t0 + i * 60_000);
      else sim.addInboundMessage(c.id, `theirs ${i}`, t0 + i * 60_000);
    }
    const texts: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listMessages(c.id, { cursor, limit: 20 });
      texts.push(...page.items.map((m) => m.text));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([20, 20, 5]);
    expect(texts).toEqual(c.messages.map((m) => m.text));
    expect(texts[0]).toBe('theirs 44');
    expect(texts.at(-1)).toBe('mine 0');
    expect(sim.requests[0]!.path).toBe(`/api/${encodeURIComponent(ORG)}/conversations/${encodeURIComponent(c.id)}/messages`);
  });

  it("tells mine from theirs: campaign and teammate messages, the self id, and the thread's participants", async () => {
    const { sim, provider } = await setup({ conversations: 0 }, { selfUserId: 'li_me_01' });
    const c = sim.addConversation({ name: 'Jonas Becker' });
    const inbound = sim.addInboundMessage(c.id, 'Thanks for reaching out', Date.UTC(2026, 4, 2));
    const own = sim.addOwnMessage(c.id, 'Sent from my phone', Date.UTC(2026, 4, 3));
    const campaign = sim.addOwnMessage(c.id, 'Campaign step', Date.UTC(2026, 4, 4));
    campaign.metadata.campaignEvent = { id: 'evt_1', campaign: { id: 'camp_1', name: 'Spring outreach' } };
    campaign.userId = 'li_unknown_sender';
    const teammate = sim.addOwnMessage(c.id, 'Nora here', Date.UTC(2026, 4, 5));
    teammate.userId = 'li_unknown_sender';
    teammate.metadata.sentFromInboxByUserName = 'Nora Lindqvist';

    const fromMe = async (p: ReactInProvider) => new Map((await p.listMessages(c.id, {})).items.map((m) => [m.remoteId, m.fromMe]));
    // Before any list call the adapter does not know the participants yet.
    const cold = await fromMe(provider);
    expect(cold.get(inbound.id)).toBeNull();
    expect([cold.get(own.id), cold.get(campaign.id), cold.get(teammate.id)]).toEqual([true, true, true]);

    await provider.listConversations({});
    const warm = await fromMe(provider);
    expect(warm.get(inbound.id)).toBe(false);

    // Without a self id, a plain message of mine is left for the core to decide.
    const { sim: sim2, provider: anonymous } = await setup({ conversations: 0 });
    const c2 = sim2.addConversation({ id: c.id, name: 'Jonas Becker' });
    const mine = sim2.addOwnMessage(c2.id, 'From the phone');
    expect((await anonymous.listMessages(c2.id, {})).items.find((m) => m.remoteId === mine.id)!.fromMe).toBeNull();
  });
});

describe('sending', () => {
  it('delivers 1 and 10,000 characters and returns the stored message as mine', async () => {
    const { sim, provider } = await setup({ conversations: 3 });
    const target = visibleNewestFirst(sim)[2]!;
    const short = await provider.sendMessage(to(target.id), 'k');
    const long = 'x'.repeat(10_000);
    const sentLong = await provider.sendMessage(to(target.id), long);

    expect(sim.sent.map((s) => [s.conversationId, s.content.length])).toEqual([
      [target.id, 1],
      [target.id, 10_000],
    ]);
    expect(sim.sent[1]!.content).toBe(long);
    expect(short).toMatchObject({ remoteId: target.messages[1]!.id, text: 'k', fromMe: true });
    expect(sentLong).toMatchObject({ remoteId: target.messages[0]!.id, fromMe: true, senderRemoteId: 'li_me_01' });
    // The reply moved the thread to the top.
    expect((await provider.listConversations({ limit: 1 })).items[0]!.remoteId).toBe(target.id);
  });

  it('rejects empty and over-long replies, and bad page sizes, before any request', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const id = sim.conversations[0]!.id;
    const empty = await failure(provider.sendMessage(to(id), ''));
    const tooLong = await failure(provider.sendMessage(to(id), 'x'.repeat(10_001)));
    expect(empty).toMatchObject({ code: 'invalid-input', message: 'A reply cannot be empty.' });
    expect(tooLong.code).toBe('invalid-input');
    expect(tooLong.message).toMatch(/at most 10,000 characters; this one has 10,001/);
    for (const limit of [0, 101, 2.5]) {
      expect((await failure(provider.listConversations({ limit }))).code).toBe('invalid-input');
      expect((await failure(provider.listMessages(id, { limit }))).code).toBe('invalid-input');
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('accepts a send whose response it cannot read, without claiming a message id', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    sim.injectFault({ malformed: true });
    await expect(provider.sendMessage(to(sim.conversations[0]!.id), 'hello')).resolves.toBeNull();
  });

  it('tells a disconnected LinkedIn account from a chat that is not ready yet', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const [a, b] = visibleNewestFirst(sim);
    sim.setDisconnected(a!.id, true);
    sim.setNotReady(b!.id, true);
    const disconnected = await failure(provider.sendMessage(to(a!.id), 'hi'));
    const notReady = await failure(provider.sendMessage(to(b!.id), 'hi'));
    expect(disconnected).toMatchObject({
      code: 'disconnected',
      retryable: false,
      status: 409,
      message: "The LinkedIn account behind 'Sales seat' is disconnected in ReactIn — reconnect it in ReactIn, then try again.",
    });
    expect(notReady).toMatchObject({ code: 'not-ready', retryable: true, status: 409 });
    expect(notReady.message).toMatch(/not ready yet/);
    expect(sim.sent).toHaveLength(0);
    sim.setNotReady(b!.id, false);
    await provider.sendMessage(to(b!.id), 'hi again');
    expect(sim.sent.map((s) => s.content)).toEqual(['hi again']);
  });
});

describe('auth and addressing', () => {
  it('says the organisation ID or the conversation may be wrong on 404', async () => {
    const { provider: wrongOrg, sim } = await setup({ conversations: 2 }, { organizationId: 'org_typo' });
    const err = await failure(wrongOrg.listConversations({}));
    expect(err).toMatchObject({ code: 'not-found', status: 404 });
    expect(err.message).toMatch(/organisation ID set for 'Sales seat'/);
    expect(sim.requests[0]!.path).toBe('/api/org_typo/conversations');

    const { provider } = await setup({ conversations: 2 });
    const missing = await failure(provider.listMessages('cnv_gone', {}));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toMatch(/could not find this conversation/);
  });

});

describe('rate limits', () => {
  it('waits out Retry-After on the shared clock and then succeeds', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const start = clock.now();
    const { sim, provider } = await setup({ conversations: 5, getPerMinute: 2, now: () => clock.now() }, {}, { clock });
    await provider.listConversations({});
    clock.advance(10_000);
    await provider.listConversations({});
    const third = await provider.listConversations({});
    expect(third.items).toHaveLength(5);

    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 429, 200]);
    const [, , limited, retried] = sim.requests;
    // The first slot frees 60 s after the first request, i.e. 50 s after the 429.
    expect(retried!.at - limited!.at).toBe(50_000);
    expect(retried!.at - start).toBe(60_000);
  });

  it('reports rate-limited with the wait when retries run out', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const frozen = clock.now();
    const { sim, provider } = await setup({ conversations: 5, getPerMinute: 1, now: () => frozen }, {}, { clock });
    await provider.listConversations({});
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryable: true, retryAfterMs: 60_000 });
    expect(err.message).toMatch(/'Sales seat'.*try again in 60 s/);
    // One request, then the 429 and the two retries the HTTP layer allows.
    expect(apiRequests(sim)).toEqual(['GET 200', 'GET 429', 'GET 429', 'GET 429']);
    expect(clock.now() - frozen).toBe(120_000);
  });

  it('keeps separate budgets for reading and sending', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const frozen = clock.now();
    const { sim, provider } = await setup({ conversations: 2, getPerMinute: 1, postPerMinute: 2, now: () => frozen }, {}, { clock, options: { maxRateLimitRetries: 0 } });
    await provider.listConversations({});
    await provider.sendMessage(to(sim.conversations[0]!.id), 'one');
    await provider.sendMessage(to(sim.conversations[0]!.id), 'two');
    expect((await failure(provider.sendMessage(to(sim.conversations[0]!.id), 'three'))).code).toBe('rate-limited');
    expect(apiRequests(sim)).toEqual(['GET 200', 'POST 201', 'POST 201', 'POST 429']);
    expect(sim.sent.map((s) => s.content)).toEqual(['one', 'two']);
  });
});

describe('server and transport failures', () => {
  it('reports a page of the wrong shape as unreadable, skips items it cannot read, reads wrongly typed optional fields as missing, and tolerates extra, null and epoch fields', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    for (const body of [{ items: 'none', nextCursor: null }, { nextCursor: null }, [], 'ok']) {
      sim.injectFault({ body });
      const err = await failure(provider.listConversations({}));
      expect(err.code, JSON.stringify(body)).toBe('bad-response');
    }
    // One unreadable conversation (no usable id) does not cost the others.
    sim.injectFault({ body: { items: [{ name: 'no id' }, { id: { x: 1 } }, { id: 'cnv_ok', name: 'Fine' }] } });
    const skipping = await provider.listConversations({});
    expect(skipping.items.map((c) => c.title)).toEqual(['Fine']);
    expect(skipping.skipped).toBe(2);
    // Optional fields of the wrong type read as missing.
    sim.injectFault({
      body: {
        items: [
          { id: 'cnv_1', name: 'A', unreadCount: 'two', isDisconnected: 'yes', participantsToDisplay: [{ id: 'p1', name: ['Ada'] }, { name: 'no id' }] },
          { id: 'cnv_2', name: 'B', lastMessage: { id: 'm1', text: 'hi', timestamp: true } },
          { id: 'cnv_3', name: 'C', lastMessage: { id: 'm1', text: 'hi', timestamp: 'yesterday-ish' } },
        ],
      },
    });
    const lenient = await provider.listConversations({});
    expect(lenient.skipped).toBeUndefined();
    expect(lenient.items[0]).toMatchObject({ remoteId: 'cnv_1', unreadCount: 0, disconnected: false, participants: [{ remoteId: 'p1', name: 'LinkedIn member' }] });
    expect(lenient.items.slice(1).map((c) => c.lastMessage)).toEqual([null, null]);
    // A message without a usable time is skipped; its neighbours are kept.
    sim.injectFault({ body: { items: [{ id: 'm1', text: 'hi', timestamp: 'soon' }, { id: 'm2', text: 'ok', timestamp: 1_777_000_000 }] } });
    const messages = await provider.listMessages('cnv_1', {});
    expect(messages.items.map((m) => m.text)).toEqual(['ok']);
    expect(messages.skipped).toBe(1);

    sim.injectFault({
      body: {
        items: [
          { id: 42, name: null, lastMessage: { id: 7, userId: null, text: null, timestamp: 1_777_000_000 }, unreadCount: null, isDisconnected: null, participantsToDisplay: [{ id: 'p1', name: 'Ada Byron', headline: null, surprise: { x: 1 } }], brandNew: true },
          { id: 'cnv_2', name: 'Ms', lastMessage: { id: 'm2', userId: 'p2', text: 'ok', timestamp: 1_777_000_000_123 } },
        ],
        nextCursor: '',
      },
    });
    const page = await provider.listConversations({});
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      remoteId: '42',
      title: 'Ada Byron',
      participants: [{ remoteId: 'p1', name: 'Ada Byron', headline: null, company: null, avatarUrl: null, profileUrl: null }],
      lastMessage: { remoteId: '7', senderRemoteId: null, text: '', sentAt: 1_777_000_000_000, fromMe: null },
      unreadCount: 0,
      disconnected: false,
    });
    expect(page.items[1]!.lastMessage!.sentAt).toBe(1_777_000_000_123);
  });

});
