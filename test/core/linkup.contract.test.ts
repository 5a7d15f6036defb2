/**
 * The Linkup adapter against the loopback simulator, over real HTTP through an injected undici
 * Agent: the one endpoint and its envelope, every action and category, paging, sending by
 * profile URL, who wrote what, credits, and every documented error.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { Agent, MockAgent } from 'undici';
import type { Account, AccountConfig } from '../../src/shared/domain';
import { AppError } from '../../src/main/core/errors';
import { MemorySecretStore, systemClock, type Clock } from '../../src/main/core/ports';
import { sendJson } from '../../src/main/core/providers/http';
import { errorFromResponse } from '../../src/main/core/providers/linkup/errors';
import { normalizeProfileUrl } from '../../src/main/core/providers/normalize';
import { createLinkupProvider, type LinkupCategory, type LinkupOptions, type LinkupProvider } from '../../src/main/core/providers/linkup/adapter';
import type { MirrorAction, ProviderUsage, RemoteParticipant, SendTarget } from '../../src/main/core/providers/types';
import {
  LINKUP_SIM_SELF_FSD,
  LINKUP_SIM_SELF_URL,
  startLinkupSimulator,
  type LinkupSim,
  type LinkupSimConversation,
  type LinkupSimOptions,
} from '../simulators/linkup';
import { VirtualClock } from '../support/clock';
import { testAccount } from '../support/accounts';

// Characters that must survive JSON and headers untouched.
const KEY = 'lk_live_7Hq+x/Zz==';
const ACCOUNT = 'acc_42';
const NAME = 'Sales seat';

const defer = cleanupAfterEach();

function account(config: AccountConfig): Account {
  return testAccount('linkup', config, NAME, 'acc-local-1');
}

interface Setup {
  sim: LinkupSim;
  provider: LinkupProvider;
  secrets: MemorySecretStore;
  usage: ProviderUsage[];
}

async function setup(
  simOpts: Partial<LinkupSimOptions> = {},
  config: Partial<AccountConfig> = {},
  more: { clock?: Clock; options?: LinkupOptions; baseUrl?: (simBaseUrl: string) => string } = {},
): Promise<Setup> {
  const sim = await startLinkupSimulator({ apiKey: KEY, accountId: ACCOUNT, conversations: 12, perMinute: 10_000, ...simOpts });
  const agent = new Agent({ connections: 4 });
  defer(async () => {
    await sim.close();
    await agent.destroy();
  });
  const secrets = new MemorySecretStore();
  await secrets.set('acc-local-1', KEY);
  const usage: ProviderUsage[] = [];
  const provider = createLinkupProvider(
    {
      // A trailing slash on the base URL must not double up in the path.
      account: account({ accountId: ACCOUNT, baseUrl: more.baseUrl?.(sim.baseUrl) ?? `${sim.baseUrl}/`, ...config }),
      getApiKey: async () => (await secrets.get('acc-local-1')) ?? '',
      dispatcher: agent,
      clock: more.clock ?? systemClock,
      reportUsage: (u) => usage.push(u),
    },
    more.options,
  );
  return { sim, provider, secrets, usage };
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

function newestFirst(sim: LinkupSim): LinkupSimConversation[] {
  return sim.conversations.filter((c) => c.messages.length > 0).sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp || a.id.localeCompare(b.id));
}

function recipientOf(c: LinkupSimConversation, profileUrl: string | null = c.participant.profileUrl): RemoteParticipant {
  return { remoteId: normalizeProfileUrl(c.participant.profileUrl)!, name: c.participant.name, headline: null, company: null, avatarUrl: null, profileUrl };
}

const to = (c: LinkupSimConversation, profileUrl?: string | null): SendTarget => ({ remoteConversationId: c.id, recipient: recipientOf(c, profileUrl) });

const credits = (usage: ProviderUsage[]) => usage.reduce((n, u) => n + u.consumed, 0);

describe('Linkup settings', () => {
  const offline = () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    return mock;
  };

  it('refuses an account without an account ID, naming the account and where to find the ID', () => {
    const make = () => createLinkupProvider({ account: account({}), getApiKey: async () => KEY, dispatcher: offline(), clock: systemClock });
    expect(make).toThrow(AppError);
    expect(make).toThrow("The Linkup account 'Sales seat' has no account ID — copy it from the connected accounts in your Linkup dashboard (it starts with acc_) into this account's settings.");
    const blank = () => createLinkupProvider({ account: account({ accountId: '   ' }), getApiKey: async () => KEY, dispatcher: offline(), clock: systemClock });
    expect(blank).toThrow(/has no account ID/);
  });

  it('refuses a base URL or an own profile URL it cannot use', () => {
    const make = (config: AccountConfig) => () => createLinkupProvider({ account: account({ accountId: ACCOUNT, ...config }), getApiKey: async () => KEY, dispatcher: offline(), clock: systemClock });
    expect(make({ baseUrl: 'api.linkupapi.com' })).toThrow(/base URL of 'Sales seat' is not a web address/);
    expect(make({ selfProfileUrl: 'https://example.com/me' })).toThrow(/not a LinkedIn profile address/);
    expect(make({ selfProfileUrl: 'linkedin.com/in/robin-seller/' })).not.toThrow();
  });

  it('posts to https://api.linkupapi.com/v2/messages when no base URL is set', async () => {
    const mock = offline();
    let seen: unknown = null;
    mock
      .get('https://api.linkupapi.com')
      .intercept({
        path: '/v2/messages',
        method: 'POST',
        headers: (h: Record<string, string>) => h['x-api-key'] === KEY && !('authorization' in h) && /application\/json/.test(h['content-type'] ?? ''),
        body: (b: string) => ((seen = JSON.parse(b)), true),
      })
      .reply(200, { success: true, data: { conversations: [], total_results: 0, next_cursor: null }, metadata: { action: 'list_inbox', account_id: ACCOUNT, credits_consumed: 0 } });
    const provider = createLinkupProvider({ account: account({ accountId: ACCOUNT }), getApiKey: async () => KEY, dispatcher: mock, clock: systemClock });
    await expect(provider.testConnection()).resolves.toBeUndefined();
    expect(seen).toEqual({ account_id: ACCOUNT, action: 'list_inbox', params: { count: 1, category: 'INBOX' } });
    mock.assertNoPendingInterceptors();
    await mock.close();
  });

  it('declares a polling, profile-addressed provider that mirrors nothing', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    expect(provider.kind).toBe('linkup');
    expect(provider.maxPageSize).toBe(10);
    expect(provider.capabilities).toMatchObject({ mirrorsArchive: false, mirrorsSmartArchive: false, mirrorsLabels: false, mirrorsSnooze: false, canMarkSeen: false, canMarkUnread: false, canStar: false });
    expect(provider.capabilities.sendsBy).toBe('profile');
    const actions: MirrorAction[] = [{ type: 'archive' }, { type: 'smart-archive' }, { type: 'label', label: 'Hot' }, { type: 'snooze', until: 1, note: null }, { type: 'mark-seen' }, { type: 'star' }];
    for (const action of actions) {
      const err = await failure(provider.mirror(sim.conversations[0]!.id, action));
      expect(err.code).toBe('invalid-input');
      expect(err.message).toMatch(/keeps that change locally/);
    }
    expect(sim.requests).toHaveLength(0);
  });
});

describe('list_inbox', () => {
  it('maps rows newest first: the URN, the other person, the last message and who wrote it, unread counts', async () => {
    const { sim, provider } = await setup({ conversations: 30 });
    const page = await provider.listConversations({ limit: 100 });
    const expected = newestFirst(sim);
    expect(page.items.map((c) => c.remoteId)).toEqual(expected.map((c) => c.id));
    expect(page.nextCursor).toBeNull();

    for (const [i, c] of expected.entries()) {
      const row = page.items[i]!;
      const last = c.messages[0]!;
      const participantId = normalizeProfileUrl(c.participant.profileUrl)!;
      expect(row).toEqual({
        remoteId: c.id,
        title: c.participant.name,
        participants: [{ remoteId: participantId, name: c.participant.name, headline: c.participant.headline, company: null, avatarUrl: c.participant.profilePicture, profileUrl: participantId }],
        lastMessage: {
          remoteId: expect.stringMatching(/^lkm:/),
          senderRemoteId: last.fromMe ? normalizeProfileUrl(last.senderProfileUrl) : participantId,
          text: last.text,
          sentAt: last.timestamp,
          fromMe: last.fromMe,
        },
        unreadCount: c.unread,
        disconnected: false,
      });
    }
    // Opaque ACoAA ids keep their case; vanity URLs are lower case without a trailing slash.
    expect(page.items.some((c) => c.participants[0]!.remoteId.includes('/in/ACoAA'))).toBe(true);
    expect(page.items.every((c) => !c.participants[0]!.profileUrl!.endsWith('/'))).toBe(true);
    // Generated data is varied enough to exercise both directions and unread rows.
    expect(page.items.some((c) => c.lastMessage?.fromMe === true)).toBe(true);
    expect(page.items.some((c) => c.lastMessage?.fromMe === false)).toBe(true);
    expect(page.items.some((c) => c.unreadCount > 0)).toBe(true);
    // The last message's id is stable from one listing to the next (sync compares it).
    const again = await provider.listConversations({ limit: 100 });
    expect(again.items.map((c) => c.lastMessage!.remoteId)).toEqual(page.items.map((c) => c.lastMessage!.remoteId));
  });

  it('serves every category, exactly the conversations that belong to it', async () => {
    const { sim, provider } = await setup({ conversations: 60 });
    const all = newestFirst(sim);
    const want: Record<LinkupCategory, LinkupSimConversation[]> = {
      INBOX: all,
      UNREAD: all.filter((c) => c.unread > 0),
      MY_CONNECTIONS: all.filter((c) => c.connection),
      INMAIL: all.filter((c) => c.inmail),
      STARRED: all.filter((c) => c.starred),
    };
    for (const [category, expected] of Object.entries(want) as [LinkupCategory, LinkupSimConversation[]][]) {
      const page = await provider.listInboxFiltered({ category, count: 100 });
      expect(page.items.map((c) => c.remoteId), category).toEqual(expected.map((c) => c.id));
      expect(page.totalResults).toBe(expected.length);
      expect(sim.requests.at(-1)!.params).toEqual({ count: 100, category });
      if (category !== 'INBOX') {
        expect(expected.length, category).toBeGreaterThan(0);
        expect(expected.length, category).toBeLessThan(60);
      }
    }
    expect(want.UNREAD.every((c) => c.unread > 0)).toBe(true);
    const bad = await failure(provider.listInboxFiltered({ category: 'ARCHIVED' as LinkupCategory }));
    expect(bad.code).toBe('invalid-input');
    expect(bad.message).toMatch(/no inbox category 'ARCHIVED'/);
    expect(sim.requests).toHaveLength(5);
  });

  it('pages 95 conversations 10 at a time, each exactly once, handing cursors back untouched', async () => {
    const { sim, provider } = await setup({ conversations: 95 });
    const seen: string[] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listConversations({ cursor, limit: provider.maxPageSize });
      seen.push(...page.items.map((c) => c.remoteId));
      cursor = page.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);

    expect(seen).toHaveLength(95);
    expect(new Set(seen).size).toBe(95);
    expect(seen).toEqual(newestFirst(sim).map((c) => c.id));
    expect(sim.requests.map((r) => r.params.cursor)).toEqual([undefined, ...cursors]);
    expect(sim.requests.every((r) => r.action === 'list_inbox' && r.params.count === 10 && r.params.category === 'INBOX' && r.status === 200)).toBe(true);
    expect(cursors.join('')).toMatch(/\+/);
    expect(cursors.join('')).toMatch(/\//);
    expect(cursors.join('')).toMatch(/=/);

    // Paging a filtered category works the same way.
    const unread = newestFirst(sim).filter((c) => c.unread > 0);
    const got: string[] = [];
    cursor = null;
    do {
      const page = await provider.listInboxFiltered({ category: 'UNREAD', cursor, count: 3 });
      got.push(...page.items.map((c) => c.remoteId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(got).toEqual(unread.map((c) => c.id));
  });

  it('refuses page sizes outside 1–100 before any request', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    for (const limit of [0, 101, 2.5]) {
      expect((await failure(provider.listConversations({ limit }))).code).toBe('invalid-input');
      expect((await failure(provider.listMessages(sim.conversations[0]!.id, { limit }))).code).toBe('invalid-input');
    }
    expect(sim.requests).toHaveLength(0);
  });
  it('stops at an empty page or a cursor that does not move, so a walk always ends', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const ok = (data: unknown) => ({ success: true, data, metadata: { credits_consumed: 0 } });
    sim.injectFault({ body: ok({ conversations: [], next_cursor: 'b3BhcXVl' }) });
    expect(await provider.listConversations({})).toEqual({ items: [], nextCursor: null });
    sim.injectFault({ body: ok({ messages: [{ text: 'hi', timestamp: 1_777_000_000_000, entity_urn: 'urn:li:msg_message:(a,2-b)' }], next_cursor: '1777000000000' }) });
    expect((await provider.listMessages('urn:li:msg_conversation:(urn:li:fsd_profile:X,2-QUJD)', { cursor: '1777000000000' })).nextCursor).toBeNull();
    sim.injectFault({ body: ok({ messages: [{ text: 'hi', timestamp: 1_777_000_000_000, entity_urn: 'urn:li:msg_message:(a,2-b)' }], next_cursor: 1_776_000_000_000 }) });
    expect((await provider.listMessages('urn:li:msg_conversation:(urn:li:fsd_profile:X,2-QUJD)', { cursor: '1777000000000' })).nextCursor).toBe('1776000000000');
  });
});

describe('get_conversation', () => {
  it('pages a long thread newest first, each message once, walking older by the epoch-ms cursor', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    const c = sim.conversations[0]!;
    c.messages.length = 0;
    const t0 = Date.UTC(2026, 4, 1);
    // A connection event with no text opens the thread.
    c.messages.push({ entityUrn: 'urn:li:msg_message:(urn:li:fsd_profile:X,2-c3lzdGVt)', text: '', timestamp: t0 - 60_000, senderName: c.participant.name, senderProfileUrl: c.participant.messageProfileUrl, type: 'SYSTEM', fromMe: false });
    for (let i = 0; i < 45; i++) {
      if (i % 3 === 0) sim.addOwnMessage(c.id, `mine ${i}`, t0 + i * 60_000);
      else sim.addInboundMessage(c.id, `theirs ${i}`, t0 + i * 60_000);
    }
    const items: { remoteId: string; text: string }[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listMessages(c.id, { cursor, limit: 10 });
      items.push(...page.items);
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor);

    // The SYSTEM event is read (and paid for) but is not a message anyone wrote.
    expect(sizes).toEqual([10, 10, 10, 10, 5]);
    expect(items.map((m) => m.text)).toEqual(c.messages.filter((m) => m.type === 'TEXT').map((m) => m.text));
    expect(items.map((m) => m.remoteId)).toEqual(c.messages.filter((m) => m.type === 'TEXT').map((m) => m.entityUrn));
    expect(items[0]!.text).toBe('theirs 44');
    expect(items.at(-1)!.text).toBe('mine 0');
    const sent = sim.requests.map((r) => r.params);
    expect(sent.every((p) => p.conversation_id === c.id && p.count === 10)).toBe(true);
    expect(sent.map((p) => p.cursor)).toEqual([undefined, ...[35, 25, 15, 5].map((i) => String(t0 + i * 60_000))]);
  });

  it('tells theirs from mine, whichever form of their profile URL a message carries', async () => {
    const { sim, provider } = await setup({ conversations: 18 }, { selfProfileUrl: `${LINKUP_SIM_SELF_URL}/` });
    await provider.listConversations({ limit: 100 });
    let theirs = 0;
    let mine = 0;
    for (const c of sim.conversations) {
      const page = await provider.listMessages(c.id, { limit: 100 });
      const byId = new Map(page.items.map((m) => [m.remoteId, m]));
      const participantId = normalizeProfileUrl(c.participant.profileUrl);
      for (const m of c.messages.filter((x) => x.type === 'TEXT')) {
        const got = byId.get(m.entityUrn)!;
        expect(got.fromMe, `${m.senderProfileUrl} in a thread with ${c.participant.profileUrl}`).toBe(m.fromMe);
        // Their messages carry the participant's id, so the core names them right.
        if (!m.fromMe) expect(got.senderRemoteId).toBe(participantId);
        if (m.fromMe) mine++;
        else theirs++;
      }
    }
    expect(theirs).toBeGreaterThan(20);
    expect(mine).toBeGreaterThan(20);
    // The generated URL forms were all exercised: trailing slash, upper case, ACoAA ids.
    const urls = sim.conversations.flatMap((c) => c.messages.filter((m) => !m.fromMe).map((m) => m.senderProfileUrl));
    expect(urls.some((u) => u.endsWith('/'))).toBe(true);
    expect(urls.some((u) => /\/in\/[A-Z]/.test(u) && !u.includes('ACoAA'))).toBe(true);
    expect(urls.some((u) => u.includes('ACoAA'))).toBe(true);
  });

  it('learns who we are from is_me when no own profile URL is set', async () => {
    const { sim, provider } = await setup({ conversations: 18 });
    await provider.listConversations({ limit: 100 });
    for (const c of sim.conversations.slice(0, 8)) {
      const page = await provider.listMessages(c.id, { limit: 100 });
      expect(page.items.map((m) => m.fromMe)).toEqual(c.messages.filter((m) => m.type === 'TEXT').map((m) => m.fromMe));
    }
  });

  it('before any listing, knows only the own profile URL and leaves the rest to the core', async () => {
    const { sim, provider } = await setup({ conversations: 6 }, { selfProfileUrl: LINKUP_SIM_SELF_URL.toUpperCase().replace('HTTPS://WWW.LINKEDIN.COM', 'https://www.linkedin.com') });
    const c = sim.conversations[0]!;
    const inbound = sim.addInboundMessage(c.id, 'From them', Date.UTC(2026, 6, 1));
    const fromPhone = sim.addOwnMessage(c.id, 'From my phone', Date.UTC(2026, 6, 2));
    fromPhone.senderProfileUrl = `${LINKUP_SIM_SELF_URL}/`;
    const opaqueMe = sim.addOwnMessage(c.id, 'From the web', Date.UTC(2026, 6, 3));
    opaqueMe.senderProfileUrl = `https://www.linkedin.com/in/${LINKUP_SIM_SELF_FSD}`;
    const page = await provider.listMessages(c.id, { limit: 100 });
    const byId = new Map(page.items.map((m) => [m.remoteId, m]));
    expect(byId.get(inbound.entityUrn)!.fromMe).toBeNull();
    expect(byId.get(fromPhone.entityUrn)!.fromMe).toBe(true);
    // Our opaque id cannot be matched to the vanity URL in the settings.
    expect(byId.get(opaqueMe.entityUrn)!.fromMe).toBeNull();
    expect(sim.requests).toHaveLength(1);
    // Once the inbox has been listed, the other person is known.
    await provider.listConversations({ limit: 100 });
    const warm = new Map((await provider.listMessages(c.id, { limit: 100 })).items.map((m) => [m.remoteId, m.fromMe]));
    expect([warm.get(inbound.entityUrn), warm.get(fromPhone.entityUrn), warm.get(opaqueMe.entityUrn)]).toEqual([false, true, true]);
  });
});

describe('send', () => {
  it('reaches the right thread by profile URL even when stored and server URLs differ by slash and case', async () => {
    // Each request a second later than the one before, so the order of the sends is certain.
    let t = Date.now();
    const { sim, provider } = await setup({ conversations: 12, now: () => (t += 1_000) });
    const [a, b] = newestFirst(sim).filter((c) => !c.participant.profileUrl.includes('ACoAA'));
    const opaque = sim.conversations.find((c) => c.participant.profileUrl.includes('ACoAA'))!;
    const before = sim.conversations.length;

    const upper = a!.participant.profileUrl.replace(/\/in\/(.)/, (_, ch: string) => `/in/${ch.toUpperCase()}`) + '/';
    await provider.sendMessage(to(a!, upper), 'Hello A');
    await provider.sendMessage(to(b!, `${b!.participant.profileUrl}/?trk=inbox`), 'Hello B');
    await provider.sendMessage(to(opaque, `${opaque.participant.profileUrl}/`), 'Hello opaque');

    expect(sim.sent.map((s) => [s.conversationId, s.text])).toEqual([
      [a!.id, 'Hello A'],
      [b!.id, 'Hello B'],
      [opaque.id, 'Hello opaque'],
    ]);
    expect(sim.conversations).toHaveLength(before);
    // The request names the person, never the thread.
    const sends = sim.requests.filter((r) => r.action === 'send');
    expect(sends.map((r) => Object.keys(r.params).sort())).toEqual([
      ['message_text', 'profile_url'],
      ['message_text', 'profile_url'],
      ['message_text', 'profile_url'],
    ]);
    expect(sends[0]!.params.profile_url).toBe(normalizeProfileUrl(a!.participant.profileUrl));
    expect(sends[2]!.params.profile_url).toBe(opaque.participant.profileUrl);
    // The reply moved the thread to the top.
    expect((await provider.listConversations({ limit: 1 })).items[0]!.remoteId).toBe(opaque.id);
  });

  it('returns the sent message as mine, with the id and time get_conversation then shows', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 4, 2, 9, 16, 0) + 437);
    const { sim, provider } = await setup({ conversations: 3, now: () => clock.now() }, {}, { clock });
    const target = newestFirst(sim)[2]!;
    const sent = await provider.sendMessage(to(target), 'Thursday works.');
    expect(sent).toEqual({
      remoteId: target.messages[0]!.entityUrn,
      senderRemoteId: null,
      text: 'Thursday works.',
      // deliveredAt comes as "2026-05-02T09:16:00Z": to the second.
      sentAt: Date.UTC(2026, 4, 2, 9, 16, 0),
      fromMe: true,
    });
    const page = await provider.listMessages(target.id, { limit: 1 });
    expect(page.items[0]!.remoteId).toBe(sent!.remoteId);
  });

  it('delivers 1 and 10,000 characters, refuses 0 and 10,001 and a missing profile URL before any request', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const c = sim.conversations[0]!;
    const empty = await failure(provider.sendMessage(to(c), ''));
    const tooLong = await failure(provider.sendMessage(to(c), 'x'.repeat(10_001)));
    expect(empty).toMatchObject({ code: 'invalid-input', message: 'A reply cannot be empty.' });
    expect(tooLong.code).toBe('invalid-input');
    expect(tooLong.message).toMatch(/at most 10,000 characters; this one has 10,001/);
    const noUrl = "A Linkup reply needs the person's LinkedIn profile URL, and this conversation has none yet; sync the conversation again.";
    for (const target of [{ remoteConversationId: c.id, recipient: null }, to(c, null), to(c, ''), to(c, 'https://www.linkedin.com/company/kestrel')]) {
      expect(await failure(provider.sendMessage(target, 'hi'))).toMatchObject({ code: 'invalid-input', message: noUrl });
    }
    expect(sim.requests).toHaveLength(0);

    await provider.sendMessage(to(c), 'k');
    const long = 'x'.repeat(10_000);
    await provider.sendMessage(to(c), long);
    expect(sim.sent.map((s) => s.text.length)).toEqual([1, 10_000]);
    expect(sim.sent[1]!.text).toBe(long);
  });

  it('lets Linkup start a thread with someone new', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const target: SendTarget = {
      remoteConversationId: 'urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAB4xQ7selfRobin_9k,2-bmV3)',
      recipient: { remoteId: 'https://www.linkedin.com/in/quinn-adler', name: 'Quinn Adler', headline: null, company: null, avatarUrl: null, profileUrl: 'https://www.linkedin.com/in/quinn-adler/' },
    };
    const sent = await provider.sendMessage(target, 'Nice to meet you');
    expect(sim.conversations).toHaveLength(3);
    const fresh = sim.conversations[2]!;
    expect(sim.sent[0]!.conversationId).toBe(fresh.id);
    expect(sent).toMatchObject({ remoteId: fresh.messages[0]!.entityUrn, fromMe: true });
    const row = (await provider.listConversations({ limit: 1 })).items[0]!;
    expect(row).toMatchObject({ remoteId: fresh.id, title: 'Quinn Adler', lastMessage: { text: 'Nice to meet you', fromMe: true } });
  });

  it('counts a send whose answer it cannot read as sent, without claiming an id', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    const c = sim.conversations[0]!;
    sim.injectFault({ malformed: true });
    await expect(provider.sendMessage(to(c), 'hello')).resolves.toBeNull();
    sim.injectFault({ body: { success: true, data: { ok: 1 }, metadata: { credits_consumed: 1 } } });
    await expect(provider.sendMessage(to(c), 'hello again')).resolves.toBeNull();
  });
});

describe('auth and addressing', () => {
  it('sends x-api-key with the stored key, no Authorization header, and account_id in every body', async () => {
    const { sim, provider } = await setup({ conversations: 3 });
    const c = sim.conversations[0]!;
    await provider.listConversations({});
    await provider.listInboxFiltered({ category: 'STARRED' });
    await provider.listMessages(c.id, {});
    await provider.sendMessage(to(c), 'hi');
    await provider.testConnection();
    expect(sim.requests.map((r) => [r.method, r.path, r.action])).toEqual([
      ['POST', '/v2/messages', 'list_inbox'],
      ['POST', '/v2/messages', 'list_inbox'],
      ['POST', '/v2/messages', 'get_conversation'],
      ['POST', '/v2/messages', 'send'],
      ['POST', '/v2/messages', 'list_inbox'],
    ]);
    for (const r of sim.requests) {
      expect(r.apiKey).toBe(KEY);
      expect(r.authorization).toBeUndefined();
      expect(r.accountId).toBe(ACCOUNT);
      expect(r.contentType).toMatch(/^application\/json/);
      expect(r.status).toBe(200);
    }

    // That the key is read for every request is in provider-contract.test.ts.
  });

  it('says the account ID is wrong on INVALID_ACCOUNT', async () => {
    const { sim, provider } = await setup({ conversations: 2 }, { accountId: 'acc_typo' });
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'not-found', status: 404, retryable: false });
    expect(err.message).toBe("Linkup does not know the account ID set for 'Sales seat' — copy it from Linkup's account list (it starts with acc_) into this account's settings.");
    expect(sim.requests[0]!.accountId).toBe('acc_typo');
  });

  it('says the LinkedIn account is inactive on ACCOUNT_INACTIVE, and recovers when it is back', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    sim.setInactive(true);
    const err = await failure(provider.sendMessage(to(sim.conversations[0]!), 'hi'));
    expect(err).toMatchObject({
      code: 'disconnected',
      status: 403,
      retryable: false,
      message: "The LinkedIn account behind 'Sales seat' is inactive in Linkup — reconnect it in Linkup, then try again.",
    });
    expect(sim.sent).toHaveLength(0);
    sim.setInactive(false);
    await provider.sendMessage(to(sim.conversations[0]!), 'hi again');
    expect(sim.sent.map((s) => s.text)).toEqual(['hi again']);
  });

  it("quotes the server's reason on INVALID_PARAMS", async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const err = await failure(provider.listMessages(sim.conversations[0]!.id, { cursor: 'not-a-cursor' }));
    expect(err).toMatchObject({ code: 'invalid-input', status: 400, message: "Linkup refused the request for 'Sales seat': cursor is invalid" });
    const gone = await failure(provider.listMessages('urn:li:msg_conversation:(urn:li:fsd_profile:X,2-Z29uZQ==)', {}));
    expect(gone).toMatchObject({ code: 'invalid-input', message: "Linkup refused the request for 'Sales seat': No conversation matches conversation_id or profile_url" });
  });

  it('maps what the server says to a misspelt action or missing params (which the adapter never sends)', async () => {
    const { sim } = await setup({ conversations: 1 });
    const agent = new Agent();
    defer(() => agent.close());
    const post = (body: unknown) =>
      sendJson({ method: 'POST', url: `${sim.baseUrl}/messages`, headers: { 'x-api-key': KEY }, body }, { dispatcher: agent, clock: systemClock, providerLabel: 'Linkup' });
    const errCtx = { accountName: NAME, secret: KEY, now: Date.now() };
    const action = errorFromResponse(await post({ account_id: ACCOUNT, action: 'list_inbx', params: {} }), errCtx);
    expect(action).toMatchObject({ code: 'invalid-input', status: 400 });
    expect(action.message).toMatch(/^Linkup refused the request for 'Sales seat': Unknown action 'list_inbx'/);
    const params = errorFromResponse(await post({ account_id: ACCOUNT, action: 'get_conversation', params: {} }), errCtx);
    expect(params.message).toBe("Linkup refused the request for 'Sales seat': conversation_id or profile_url is required");
    const send = errorFromResponse(await post({ account_id: ACCOUNT, action: 'send', params: { profile_url: 'https://www.linkedin.com/in/x', message_text: '' } }), errCtx);
    expect(send.message).toMatch(/message_text must be a string of 1 to 10000 characters/);
    expect(sim.requests.map((r) => [r.status, r.credits])).toEqual([
      [400, 0],
      [400, 0],
      [400, 0],
    ]);
    expect(sim.creditsUsed).toBe(0);
  });

  it('says the base URL is wrong when it does not lead to the messages endpoint', async () => {
    const { sim, provider } = await setup({ conversations: 2 }, {}, { baseUrl: (base) => base.replace(/\/v2$/, '/v1') });
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'not-found', status: 404 });
    expect(err.message).toBe("There is no Linkup messages endpoint at the base URL set for 'Sales seat' — correct it in Settings or leave it empty.");
    expect(sim.requests[0]!.path).toBe('/v1/messages');
  });
});

describe('credits', () => {
  it('reports exactly what Linkup charged over a sync-like walk, and nothing for errors', async () => {
    const { sim, provider, usage } = await setup({ conversations: 37 });
    let cursor: string | null = null;
    const ids: string[] = [];
    do {
      const page = await provider.listConversations({ cursor, limit: provider.maxPageSize });
      ids.push(...page.items.map((c) => c.remoteId));
      cursor = page.nextCursor;
    } while (cursor);
    for (const id of ids) {
      let mc: string | null = null;
      do {
        const page = await provider.listMessages(id, { cursor: mc, limit: provider.maxPageSize });
        mc = page.nextCursor;
      } while (mc);
    }
    await provider.sendMessage(to(sim.conversations[3]!), 'Following up');

    expect(sim.creditsUsed).toBeGreaterThan(ids.length);
    expect(credits(usage)).toBe(sim.creditsUsed);
    expect(usage.map((u) => u.consumed)).toEqual(sim.requests.map((r) => r.credits));
    expect(usage.every((u) => u.kind === 'credits')).toBe(true);
    // 37 conversations in pages of 10 cost 1 each, 4 in all.
    expect(sim.requests.filter((r) => r.action === 'list_inbox').map((r) => r.credits)).toEqual([1, 1, 1, 1]);

    const reports = usage.length;
    sim.injectFault({ status: 500 });
    await failure(provider.listConversations({}));
    await failure(provider.listMessages(ids[0]!, { cursor: 'nope' }));
    sim.revokeKey();
    await failure(provider.sendMessage(to(sim.conversations[3]!), 'again'));
    expect(usage).toHaveLength(reports);
  });

  it('says there are no credits left on 402, without waiting or retrying, and charges nothing', async () => {
    const { sim, provider, usage } = await setup({ conversations: 25, credits: 2 });
    await provider.listConversations({ limit: 10 });
    await provider.listConversations({ limit: 10 });
    const err = await failure(provider.listConversations({ limit: 10 }));
    expect(err).toMatchObject({
      code: 'rate-limited',
      status: 402,
      retryable: false,
      retryAfterMs: null,
      message: "Linkup has no credits left for 'Sales seat' — top up in Linkup, then try again.",
    });
    const send = await failure(provider.sendMessage(to(sim.conversations[0]!), 'hi'));
    expect(send.status).toBe(402);
    expect(sim.sent).toHaveLength(0);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 402, 402]);
    expect(sim.creditsUsed).toBe(2);
    expect(credits(usage)).toBe(2);

    sim.setCredits(5);
    await provider.sendMessage(to(sim.conversations[0]!), 'hi');
    expect(sim.sent).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('waits out Retry-After on the shared clock and then succeeds', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const start = clock.now();
    const { sim, provider } = await setup({ conversations: 5, perMinute: 2, now: () => clock.now() }, {}, { clock });
    await provider.listConversations({});
    clock.advance(10_000);
    await provider.listMessages(sim.conversations[0]!.id, {});
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
    const { sim, provider, usage } = await setup({ conversations: 5, perMinute: 1, now: () => frozen }, {}, { clock });
    await provider.listConversations({});
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryable: true, retryAfterMs: 60_000 });
    expect(err.message).toBe("Linkup is limiting how fast 'Sales seat' can make requests — the app will try again in 60 s.");
    // One request, then the 429 and the two retries the HTTP layer allows.
    expect(sim.requests.map((r) => r.status)).toEqual([200, 429, 429, 429]);
    expect(clock.now() - frozen).toBe(120_000);
    expect(usage).toHaveLength(1);
  });
});

describe('server and transport failures', () => {
  it('reports a page of the wrong shape as unreadable, skips rows it cannot read, reads wrongly typed optional fields as missing, and tolerates extra, null, ISO and missing fields', async () => {
    const { sim, provider, usage } = await setup({ conversations: 0 });
    const ok = (data: unknown) => ({ success: true, data, metadata: { action: 'list_inbox', credits_consumed: 1 } });
    const row = { conversation_id: 'urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAx,2-QUJD)', participant: { name: 'Mara Lind', profile_url: 'https://www.linkedin.com/in/mara-lind' } };
    const wrong = [ok({ conversations: 'none' }), ok(null), { success: true, metadata: {} }, [], 'ok'];
    for (const body of wrong) {
      sim.injectFault({ body });
      const err = await failure(provider.listConversations({}));
      expect(err.code, JSON.stringify(body)).toBe('bad-response');
    }
    // Credits Linkup says it charged are reported even when the data is then unreadable.
    expect(credits(usage)).toBe(2);
    // A row without a usable id is skipped; wrongly typed optional fields read as missing.
    sim.injectFault({
      body: ok({
        conversations: [
          { ...row, conversation_id: 42 },
          { ...row, unread: 'two', participant: { name: ['Mara'] } },
          { ...row, last_message: { text: 'hi', time: 'yesterday-ish' } },
          { ...row, last_message: { text: 'hi', time: true } },
        ],
      }),
    });
    const skipping = await provider.listConversations({});
    expect(skipping.skipped).toBe(1);
    expect(skipping.items[0]).toMatchObject({ remoteId: row.conversation_id, unreadCount: 0, title: 'LinkedIn member' });
    expect(skipping.items.slice(1).map((c) => c.lastMessage)).toEqual([null, null]);
    sim.injectFault({ body: ok({ messages: [{ text: 'hi', timestamp: true }, { text: 'ok', timestamp: 1_777_000_000 }] }) });
    const messages = await provider.listMessages(row.conversation_id, {});
    expect(messages.items.map((m) => m.text)).toEqual(['ok']);
    expect(messages.skipped).toBe(1);

    sim.injectFault({
      body: {
        data: {
          conversations: [
            { ...row, participant: { name: null, headline: null, profile_url: 'linkedin.com/in/Mara-Lind/', surprise: { x: 1 } }, last_message: { text: null, time: '2026-05-02T09:14:00Z', sender: null }, unread: null, brandNew: true },
            { conversation_id: 'urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAx,2-REVG)', last_message: { text: 'ok', time: 1_777_000_000 }, unread: true },
          ],
          next_cursor: '',
        },
      },
    });
    const page = await provider.listConversations({});
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      remoteId: row.conversation_id,
      title: 'LinkedIn member',
      participants: [{ remoteId: 'https://www.linkedin.com/in/mara-lind', name: 'LinkedIn member', headline: null, company: null, avatarUrl: null, profileUrl: 'https://www.linkedin.com/in/mara-lind' }],
      lastMessage: { remoteId: expect.stringMatching(/^lkm:/), senderRemoteId: null, text: '', sentAt: Date.UTC(2026, 4, 2, 9, 14), fromMe: null },
      unreadCount: 0,
      disconnected: false,
    });
    expect(page.items[1]).toMatchObject({ title: 'LinkedIn conversation', participants: [], unreadCount: 1, lastMessage: { sentAt: 1_777_000_000_000 } });

    // A message without entity_urn gets an id derived from its time, sender and text: the same each time.
    const noUrn = { messages: [{ text: 'hi', timestamp: '1777000000123', sender: 'Mara Lind', sender_info: { profile_url: 'https://www.linkedin.com/in/mara-lind/' } }], next_cursor: null };
    sim.injectFault({ body: ok(noUrn) }, 2);
    const once = await provider.listMessages(row.conversation_id, {});
    const twice = await provider.listMessages(row.conversation_id, {});
    expect(once.items[0]).toMatchObject({ remoteId: expect.stringMatching(/^lkm:/), sentAt: 1_777_000_000_123, text: 'hi' });
    expect(twice.items[0]!.remoteId).toBe(once.items[0]!.remoteId);
  });

  it('reads an error that arrives with HTTP 200 by its code', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    sim.injectFault({ body: { success: false, error: { code: 'INSUFFICIENT_CREDITS', message: 'No credits' }, metadata: { credits_consumed: 0 } } });
    expect(await failure(provider.listConversations({}))).toMatchObject({ code: 'rate-limited', retryable: false, message: /no credits left for 'Sales seat'/ });
    sim.injectFault({ body: { success: false, error: { code: 'SOMETHING_NEW' } } });
    expect((await failure(provider.listConversations({}))).code).toBe('bad-response');
  });

  it('hides the key Linkup echoes in an error it quotes (the rest: provider-contract.test.ts)', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    sim.injectFault({ body: { success: false, error: { code: 'INVALID_PARAMS', message: `bad key ${KEY}` } } });
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'invalid-input', message: "Linkup refused the request for 'Sales seat': bad key [hidden]" });
    expect(JSON.stringify({ message: err.message, shape: err.toShape(), cause: String(err.cause) })).not.toContain(KEY);
  });
});
