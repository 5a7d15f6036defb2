/**
 * The ConnectSafely adapter against the loopback simulator, over real HTTP through an injected
 * undici Agent: paths and URN encoding, filters, paging, messages with cursor and since, sending
 * to the right thread and person, mark-seen/unread/star/unstar, the daily message cap, and every
 * error path with the sentence a person sees.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { Agent } from 'undici';
import type { Account, AccountConfig } from '../../src/shared/domain';
import { AppError } from '../../src/main/core/errors';
import { MemorySecretStore, systemClock, type Clock } from '../../src/main/core/ports';
import {
  createConnectSafelyProvider,
  encodeUrn,
  type ConnectSafelyOptions,
  type ConnectSafelyProvider,
} from '../../src/main/core/providers/connectsafely/adapter';
import type { MirrorAction, RemoteParticipant, SendTarget } from '../../src/main/core/providers/types';
import { startConnectSafelySimulator, type ConnectSafelySim, type ConnectSafelySimOptions, type SimConversation } from '../simulators/connectsafely';
import { VirtualClock } from '../support/clock';
import { testAccount } from '../support/accounts';

// Characters that break un-encoded URLs or naive string handling, in the key.
const KEY = 'cs_live_7Hq+x/Zz==';
const SECRET_ID = 'acc-cs-1';
const LI_ACCOUNT = 'acc_main';
const NAME = 'Sales seat';

const defer = cleanupAfterEach();

function account(config: AccountConfig): Account {
  return testAccount('connectsafely', config, NAME, SECRET_ID);
}

interface Setup {
  sim: ConnectSafelySim;
  provider: ConnectSafelyProvider;
  secrets: MemorySecretStore;
  /** Another adapter for the same account (as after an app restart). */
  another(): ConnectSafelyProvider;
}

async function setup(
  simOpts: Partial<ConnectSafelySimOptions> = {},
  config: Partial<AccountConfig> = {},
  more: { clock?: Clock; options?: ConnectSafelyOptions } = {},
): Promise<Setup> {
  const sim = await startConnectSafelySimulator({ apiKey: KEY, accountId: LI_ACCOUNT, conversations: 12, perMinute: 10_000, burstPer10s: 10_000, ...simOpts });
  const agent = new Agent({ connections: 4 });
  defer(async () => {
    await sim.close();
    await agent.destroy();
  });
  const secrets = new MemorySecretStore();
  await secrets.set(SECRET_ID, KEY);
  const make = () =>
    createConnectSafelyProvider(
      {
        // A trailing slash on the base URL must not double up in paths.
        account: account({ accountId: LI_ACCOUNT, baseUrl: `${sim.baseUrl}/`, ...config }),
        getApiKey: async () => (await secrets.get(SECRET_ID)) ?? '',
        dispatcher: agent,
        clock: more.clock ?? systemClock,
      },
      more.options,
    );
  return { sim, provider: make(), secrets, another: make };
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

function visibleNewestFirst(sim: ConnectSafelySim): SimConversation[] {
  return sim.conversations
    .filter((c) => c.messages.length > 0)
    .sort((a, b) => b.messages[0]!.sentAt - a.messages[0]!.sentAt || a.conversationUrn.localeCompare(b.conversationUrn));
}

const urns = (cs: SimConversation[]) => cs.map((c) => c.conversationUrn);
const log = (sim: ConnectSafelySim) => sim.requests.map((r) => `${r.method} ${r.status}`);

/** The participant as the adapter reports it, for reply targets. */
function recipientOf(c: SimConversation): RemoteParticipant {
  const p = c.participants[0]!;
  return { remoteId: p.profileId, name: p.name, headline: p.headline, company: null, avatarUrl: p.profilePicture, profileUrl: `https://www.linkedin.com/in/${p.profileId}` };
}

const reply = (c: SimConversation, recipient: RemoteParticipant | null = recipientOf(c)): SendTarget => ({ remoteConversationId: c.conversationUrn, recipient });

/** A conversation whose URN needs every kind of escaping: ( ) , : = + / in one segment. */
function awkwardThread(sim: ConnectSafelySim, messages: number, t0 = Date.UTC(2026, 4, 1)): SimConversation {
  const c = sim.addConversation({ participants: [{ profileId: 'kai-berg', name: 'Kai Berg', headline: 'CTO' }], threadId: '2-Zm+h/a2U==' });
  for (let i = 0; i < messages; i++) {
    if (i % 3 === 0) sim.addOwnMessage(c.conversationUrn, `mine ${i}`, t0 + i * 60_000);
    else sim.addInboundMessage(c.conversationUrn, `theirs ${i}`, t0 + i * 60_000);
  }
  return c;
}

describe('ConnectSafely settings', () => {
  it('declares the mirrors ConnectSafely offers and pages of up to 100', async () => {
    const { provider } = await setup({ conversations: 0 });
    expect(provider.kind).toBe('connectsafely');
    expect(provider.maxPageSize).toBe(100);
    expect(provider.capabilities).toEqual({
      mirrorsArchive: false,
      mirrorsSmartArchive: false,
      mirrorsLabels: false,
      mirrorsSnooze: false,
      canMarkSeen: true,
      canMarkUnread: true,
      canStar: true,
      sendsBy: 'thread',
      hasPush: false,
    });
  });

});

describe('listing conversations', () => {
  it('maps rows newest first: URN, participants with profile links, the latest message and unread counts', async () => {
    const { sim, provider } = await setup({ conversations: 40 });
    const page = await provider.listConversations({ limit: 100 });
    const expected = visibleNewestFirst(sim);
    expect(page.items.map((c) => c.remoteId)).toEqual(urns(expected));
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]!.remoteId).toMatch(/^urn:li:msg_conversation:\(urn:li:fsd_profile:ACoAA\w+,2-[A-Za-z0-9+/]+==\)$/);

    for (const [i, sc] of expected.entries()) {
      const row = page.items[i]!;
      const p = sc.participants[0]!;
      const last = sc.messages[0]!;
      expect(row).toEqual({
        remoteId: sc.conversationUrn,
        title: p.name,
        participants: [{ remoteId: p.profileId, name: p.name, headline: p.headline, company: null, avatarUrl: p.profilePicture, profileUrl: `https://www.linkedin.com/in/${p.profileId}` }],
        lastMessage: {
          // ConnectSafely's list gives no message id: a stable one is made from the URN and the time.
          remoteId: `latest:${sc.conversationUrn}:${last.sentAt}`,
          // Their name means theirs; ours is left for the core to decide.
          senderRemoteId: last.isSentByOwner ? null : p.profileId,
          text: last.hasAttachment && !last.text ? '(attachment)' : last.text,
          sentAt: last.sentAt,
          fromMe: last.isSentByOwner ? null : false,
        },
        unreadCount: sc.unreadCount,
        disconnected: false,
      });
    }
    // Generated data exercises both id kinds and both directions.
    expect(page.items.some((c) => /\/in\/ACoAA/.test(c.participants[0]!.profileUrl ?? ''))).toBe(true);
    expect(page.items.some((c) => /\/in\/[a-z]+-[a-z]+-\d+$/.test(c.participants[0]!.profileUrl ?? ''))).toBe(true);
    expect(page.items.some((c) => c.lastMessage?.fromMe === false)).toBe(true);
    expect(page.items.some((c) => c.lastMessage?.fromMe === null)).toBe(true);
    expect(page.items.some((c) => c.unreadCount > 0)).toBe(true);
    expect(sim.requests[0]!.query).toEqual({ count: '100', accountId: LI_ACCOUNT });
  });

  it('filters by label, unread and labelled, alone and combined', async () => {
    const { sim, provider } = await setup({ conversations: 60 });
    const all = visibleNewestFirst(sim);
    const listed = async (filters: Parameters<ConnectSafelyProvider['listConversationsFiltered']>[0]) =>
      (await provider.listConversationsFiltered({ limit: 100, ...filters })).items.map((c) => c.remoteId);

    const hot = all.filter((c) => c.labels.includes('lbl_hot'));
    expect(hot.length).toBeGreaterThan(5);
    expect(hot.length).toBeLessThan(60);
    expect(await listed({ labelId: 'lbl_hot' })).toEqual(urns(hot));
    expect(sim.requests.at(-1)!.query).toEqual({ count: '100', accountId: LI_ACCOUNT, labelId: 'lbl_hot' });

    const unread = all.filter((c) => c.unreadCount > 0);
    expect(unread.length).toBeGreaterThan(0);
    expect(await listed({ unreadOnly: true })).toEqual(urns(unread));
    expect(sim.requests.at(-1)!.query.unreadOnly).toBe('true');

    const labelled = all.filter((c) => c.labels.length > 0);
    expect(labelled.length).toBeGreaterThan(hot.length);
    expect(await listed({ labeledOnly: true })).toEqual(urns(labelled));
    expect(sim.requests.at(-1)!.query.labeledOnly).toBe('true');

    expect(await listed({ labelId: 'lbl_followup', unreadOnly: true })).toEqual(urns(all.filter((c) => c.labels.includes('lbl_followup') && c.unreadCount > 0)));
    expect(await listed({ labelId: 'lbl_nobody_uses' })).toEqual([]);
    // Off filters are not sent at all.
    expect(await listed({ unreadOnly: false, labeledOnly: false })).toHaveLength(60);
    expect(sim.requests.at(-1)!.query).toEqual({ count: '100', accountId: LI_ACCOUNT });
  });

  it("leaves accountId out when none is set (the key's default account), and says when the set one is unknown", async () => {
    const { sim, provider } = await setup({ conversations: 3 }, { accountId: '' });
    expect((await provider.listConversations({})).items).toHaveLength(3);
    expect(sim.requests[0]!.query).toEqual({});

    const { sim: sim2, provider: wrong } = await setup({ conversations: 3 }, { accountId: 'acc_typo' });
    const err = await failure(wrong.listConversations({}));
    expect(err).toMatchObject({ code: 'not-found', status: 404 });
    expect(err.message).toBe("ConnectSafely does not know the LinkedIn account set for 'Sales seat' — check the account ID in Settings, or reconnect the account in ConnectSafely.");
    expect(sim2.requests[0]!.query.accountId).toBe('acc_typo');
  });

  it('pages through 250 conversations, visiting each exactly once across database and linkedin: cursors', async () => {
    const { sim, provider } = await setup({ conversations: 250 });
    const seen: string[] = [];
    const cursors: string[] = [];
    const fromCache: (boolean | null)[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listConversationsFiltered({ cursor, limit: 40 });
      seen.push(...page.items.map((c) => c.remoteId));
      fromCache.push(page.fromCache);
      cursor = page.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);

    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual(urns(visibleNewestFirst(sim)));
    expect(sim.requests.map((r) => r.query.nextCursor)).toEqual([undefined, ...cursors]);
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
    // The first cursor comes from ConnectSafely's database, later ones from LinkedIn.
    expect(cursors[0]).not.toMatch(/^linkedin:/);
    expect(cursors.slice(1).every((c) => c.startsWith('linkedin:'))).toBe(true);
    expect(fromCache).toEqual([true, true, false, false, false, false, false]);
    // They carry characters that only survive proper URL encoding.
    expect(cursors.join('')).toMatch(/\+/);
    expect(cursors.join('')).toMatch(/\//);
    expect(cursors.join('')).toMatch(/=/);
  });

  it("gives the latest message a stable id until a newer message arrives, with the thread's own time and text", async () => {
    const { sim, provider } = await setup({ conversations: 5 });
    const c = visibleNewestFirst(sim)[2]!;
    const row = async () => (await provider.listConversations({})).items.find((x) => x.remoteId === c.conversationUrn)!;
    const before = await row();
    expect((await row()).lastMessage!.remoteId).toBe(before.lastMessage!.remoteId);

    sim.addInboundMessage(c.conversationUrn, 'Any update on the proposal?');
    const after = await row();
    expect(after.lastMessage!.remoteId).not.toBe(before.lastMessage!.remoteId);
    // Sync recognises an unchanged conversation by time and text: they must equal the thread's newest message.
    const newest = (await provider.listMessages(c.conversationUrn, { limit: 1 })).items[0]!;
    expect([after.lastMessage!.sentAt, after.lastMessage!.text]).toEqual([newest.sentAt, newest.text]);
    expect(after).toMatchObject({ unreadCount: c.unreadCount, lastMessage: { fromMe: false, senderRemoteId: c.participants[0]!.profileId } });
  });
});

describe('listing messages', () => {
  it('pages a long thread newest first with the timestamp cursor, through a URN encoded to the last character', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const c = awkwardThread(sim, 45);
    const texts: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listMessages(c.conversationUrn, { cursor, limit: 20 });
      texts.push(...page.items.map((m) => m.text));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
      if (cursor) expect(cursor).toMatch(/^\d{13}$/);
    } while (cursor);
    expect(sizes).toEqual([20, 20, 5]);
    expect(texts).toEqual(c.messages.map((m) => m.text));
    expect(texts[0]).toBe('theirs 44');
    expect(texts.at(-1)).toBe('mine 0');

    const path = sim.requests[0]!.path;
    expect(path).toBe(`/linkedin/conversations/${encodeUrn(c.conversationUrn)}/messages`);
    for (const escape of ['%28', '%29', '%2C', '%3A', '%3D', '%2B', '%2F']) expect(path).toContain(escape);
    expect(path.split('/')[3]).not.toMatch(/[(),:=+]/);
    expect(sim.requests.map((r) => r.query)).toEqual([
      { count: '20', accountId: LI_ACCOUNT },
      { count: '20', accountId: LI_ACCOUNT, cursor: String(c.messages[19]!.sentAt) },
      { count: '20', accountId: LI_ACCOUNT, cursor: String(c.messages[39]!.sentAt) },
    ]);
  });

  it("says who wrote each message from ConnectSafely's isSentByOwner", async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const c = awkwardThread(sim, 6);
    const items = (await provider.listMessages(c.conversationUrn, {})).items;
    expect(items.map((m) => [m.text, m.fromMe, m.senderRemoteId])).toEqual([
      ['theirs 5', false, 'kai-berg'],
      ['theirs 4', false, 'kai-berg'],
      ['mine 3', true, sim.owner.profileId],
      ['theirs 2', false, 'kai-berg'],
      ['theirs 1', false, 'kai-berg'],
      ['mine 0', true, sim.owner.profileId],
    ]);
    expect(items.map((m) => m.remoteId)).toEqual(c.messages.map((m) => m.messageUrn));
    expect(items[0]!.sentAt).toBe(Date.UTC(2026, 4, 1) + 5 * 60_000);
  });

  it('lists only messages newer than a moment (did they reply since I archived?), paging within them', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const t0 = Date.UTC(2026, 4, 1);
    const c = awkwardThread(sim, 10, t0);
    const archivedAt = t0 + 9 * 60_000 + 1;
    expect((await provider.listMessagesSince(c.conversationUrn, archivedAt)).items).toEqual([]);

    sim.addOwnMessage(c.conversationUrn, 'Sent from my phone', archivedAt + 60_000);
    const mineOnly = await provider.listMessagesSince(c.conversationUrn, archivedAt);
    expect(mineOnly.items.map((m) => [m.text, m.fromMe])).toEqual([['Sent from my phone', true]]);
    expect(sim.requests.at(-1)!.query).toEqual({ accountId: LI_ACCOUNT, since: String(archivedAt) });

    sim.addInboundMessage(c.conversationUrn, 'Back from holiday', archivedAt + 120_000);
    sim.addInboundMessage(c.conversationUrn, 'Shall we talk?', archivedAt + 180_000);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listMessagesSince(c.conversationUrn, archivedAt, { cursor, limit: 2 });
      pages.push(page.items.map((m) => m.text));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['Shall we talk?', 'Back from holiday'], ['Sent from my phone']]);
    expect(await failure(provider.listMessagesSince(c.conversationUrn, Number.NaN))).toMatchObject({ code: 'invalid-input' });
  });

  it('says the conversation was not found for an unknown URN, and for one of another account', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const err = await failure(provider.listMessages('urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAOwnerX9mQ2z,2-bm9uZQ==)', {}));
    expect(err).toMatchObject({ code: 'not-found', status: 404, retryable: false });
    expect(err.message).toBe("ConnectSafely could not find this conversation for 'Sales seat' — it may have been deleted on LinkedIn, or it belongs to another LinkedIn account.");
    expect(sim.requests[0]!.path).toMatch(/^\/linkedin\/conversations\/urn%3Ali%3Amsg_conversation%3A%28/);
  });
});

describe('sending', () => {
  it("reaches the right thread, naming the person by their profile id, and lands on top of it", async () => {
    const { sim, provider } = await setup({ conversations: 6 });
    const target = visibleNewestFirst(sim).filter((c) => !/^ACoA/.test(c.participants[0]!.profileId))[3]!;
    const slug = target.participants[0]!.profileId;
    expect(slug).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    const returned = await provider.sendMessage(reply(target), 'Does Thursday work for you?');

    // The reference shows sentMessage only as {}: nothing to claim as the stored message.
    expect(returned).toBeNull();
    expect(sim.sent).toEqual([{ conversationUrn: target.conversationUrn, recipientProfileId: slug, message: 'Does Thursday work for you?', at: expect.any(Number) }]);
    expect(sim.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/linkedin/conversations/send',
      body: { accountId: LI_ACCOUNT, conversationUrn: target.conversationUrn, recipientProfileId: slug, message: 'Does Thursday work for you?' },
    });
    const newest = (await provider.listMessages(target.conversationUrn, { limit: 1 })).items[0]!;
    expect(newest).toMatchObject({ text: 'Does Thursday work for you?', fromMe: true });
    expect((await provider.listConversations({ limit: 1 })).items[0]!.remoteId).toBe(target.conversationUrn);
  });

  it('names an ACoA member by id and by its fsd_profile URN, and sends into the thread alone when the person is unknown', async () => {
    const { sim, provider } = await setup({ conversations: 6 });
    const member = sim.conversations.find((c) => /^ACoAA/.test(c.participants[0]!.profileId))!;
    await provider.sendMessage(reply(member), 'Hello from the app');
    const id = member.participants[0]!.profileId;
    expect(sim.sent[0]).toMatchObject({ conversationUrn: member.conversationUrn, recipientProfileId: id, recipientProfileUrn: `urn:li:fsd_profile:${id}` });

    const other = sim.conversations[0]!;
    await provider.sendMessage(reply(other, null), 'Thread only');
    expect(sim.sent[1]).toEqual({ conversationUrn: other.conversationUrn, message: 'Thread only', at: expect.any(Number) });
    expect(other.messages[0]!.text).toBe('Thread only');
  });

  it('returns the stored message as mine when ConnectSafely echoes it, and delivers 1 and 10,000 characters', async () => {
    const { sim, provider } = await setup({ conversations: 2, echoSentMessage: true });
    const target = sim.conversations[1]!;
    const short = await provider.sendMessage(reply(target), 'k');
    expect(short).toEqual({ remoteId: target.messages[0]!.messageUrn, senderRemoteId: sim.owner.profileId, text: 'k', sentAt: target.messages[0]!.sentAt, fromMe: true });
    const long = 'x'.repeat(10_000);
    await provider.sendMessage(reply(target), long);
    expect(sim.sent.map((s) => s.message.length)).toEqual([1, 10_000]);
    expect(sim.sent[1]!.message).toBe(long);
  });

  it('refuses empty, blank and over-long replies, bad page sizes and missing URNs before any request', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const c = sim.conversations[0]!;
    expect(await failure(provider.sendMessage(reply(c), ''))).toMatchObject({ code: 'invalid-input', message: 'A reply cannot be empty.' });
    expect((await failure(provider.sendMessage(reply(c), ' \n\t '))).code).toBe('invalid-input');
    const tooLong = await failure(provider.sendMessage(reply(c), 'x'.repeat(10_001)));
    expect(tooLong).toMatchObject({ code: 'invalid-input', message: 'A ConnectSafely message can be at most 10,000 characters; this one has 10,001.' });
    for (const limit of [0, 101, 2.5]) {
      expect((await failure(provider.listConversations({ limit }))).code).toBe('invalid-input');
      expect((await failure(provider.listMessages(c.conversationUrn, { limit }))).code).toBe('invalid-input');
    }
    expect((await failure(provider.listMessages('', {}))).code).toBe('invalid-input');
    expect((await failure(provider.mirror(' ', { type: 'star' }))).code).toBe('invalid-input');
    expect(sim.requests).toHaveLength(0);
    expect(provider.dailyCaps()[0]!.used).toBe(0);
  });

  it("quotes ConnectSafely's reason when it refuses a send", async () => {
    const { sim, provider } = await setup({ conversations: 3 });
    const [a, b] = sim.conversations;
    // The person of one thread addressed in another.
    const err = await failure(provider.sendMessage(reply(a!, recipientOf(b!)), 'hi'));
    expect(err).toMatchObject({ code: 'invalid-input', status: 400, message: "ConnectSafely refused the request for 'Sales seat': The recipient is not part of this conversation" });
    expect(sim.sent).toHaveLength(0);
    expect(provider.dailyCaps()[0]!.used).toBe(0);
  });
});

describe('mirroring triage actions', () => {
  it('marks seen, unread, starred and unstarred on ConnectSafely, each through its own endpoint', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const c = awkwardThread(sim, 4);
    const encoded = encodeUrn(c.conversationUrn);
    expect(c.unreadCount).toBeGreaterThan(0);

    await provider.mirror(c.conversationUrn, { type: 'mark-seen' });
    expect(c.unreadCount).toBe(0);
    await provider.mirror(c.conversationUrn, { type: 'mark-unread' });
    expect(c.unreadCount).toBe(1);
    await provider.mirror(c.conversationUrn, { type: 'star' });
    expect(c.starred).toBe(true);
    await provider.mirror(c.conversationUrn, { type: 'unstar' });
    expect(c.starred).toBe(false);

    expect(sim.marks.map((m) => [m.conversationUrn, m.action])).toEqual([
      [c.conversationUrn, 'seen'],
      [c.conversationUrn, 'unread'],
      [c.conversationUrn, 'star'],
      [c.conversationUrn, 'unstar'],
    ]);
    expect(sim.requests.map((r) => [r.method, r.path, r.query, r.body, r.status])).toEqual([
      ['POST', '/linkedin/messaging/mark-seen', {}, { accountId: LI_ACCOUNT, conversationUrn: c.conversationUrn }, 200],
      // No body and no accountId: ConnectSafely finds the account from the conversation.
      ['PATCH', `/linkedin/conversations/${encoded}/mark-unread`, {}, undefined, 200],
      ['PATCH', `/linkedin/conversations/${encoded}/star`, {}, undefined, 200],
      ['PATCH', `/linkedin/conversations/${encoded}/unstar`, {}, undefined, 200],
    ]);
    for (const r of sim.requests.slice(1)) for (const escape of ['%28', '%29', '%2C', '%3A', '%3D']) expect(r.path).toContain(escape);
  });

  it('refuses actions ConnectSafely does not offer before any request', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const urn = sim.conversations[0]!.conversationUrn;
    const unsupported: MirrorAction[] = [
      { type: 'archive' },
      { type: 'unarchive' },
      { type: 'smart-archive' },
      { type: 'label', label: 'Hot' },
      { type: 'unlabel', label: 'Hot' },
      { type: 'snooze', until: Date.UTC(2026, 11, 1), note: null },
    ];
    for (const action of unsupported) {
      const err = await failure(provider.mirror(urn, action));
      expect(err.code, action.type).toBe('invalid-input');
      expect(err.message).toMatch(/keeps that change locally/);
    }
    expect(sim.requests).toHaveLength(0);
    expect(sim.marks).toHaveLength(0);
  });

  it('says when the conversation to mark is gone', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    const gone = 'urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAOwnerX9mQ2z,2-Z29uZQ==)';
    for (const type of ['star', 'mark-seen'] as const) {
      const err = await failure(provider.mirror(gone, { type }));
      expect(err).toMatchObject({ code: 'not-found', status: 404 });
      expect(err.message).toMatch(/could not find this conversation for 'Sales seat'/);
    }
    expect(sim.marks).toHaveLength(0);
  });
});

describe('the daily message cap', () => {
  it("stops sending once ConnectSafely's headers say none are left, before calling, until the next UTC day", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9), { autoAdvance: true });
    const { sim, provider } = await setup({ conversations: 3, messagesPerDay: 3, now: () => clock.now() }, {}, { clock });
    const c = sim.conversations[0]!;
    const midnight = Date.UTC(2026, 10, 22);
    expect(provider.dailyCaps()).toEqual([{ action: 'send', limit: 100, used: 0, resetAt: midnight }]);

    for (const text of ['one', 'two', 'three']) await provider.sendMessage(reply(c), text);
    // The simulator's headers lowered the default 100 (the cookbook's number) to this account's 3.
    expect(provider.dailyCaps()).toEqual([{ action: 'send', limit: 3, used: 3, resetAt: midnight }]);

    const before = sim.requests.length;
    const err = await failure(provider.sendMessage(reply(c), 'four'));
    expect(sim.requests).toHaveLength(before);
    expect(err).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: midnight - clock.now() });
    expect(err.message).toBe("ConnectSafely allows 3 messages a day for 'Sales seat', and today's are used up. It resets at 00:00 UTC (in about 15 h).");
    // Reading still works.
    await provider.listMessages(c.conversationUrn, {});

    clock.advance(midnight - clock.now() + 60_000);
    await provider.sendMessage(reply(c), 'four, a day later');
    expect(sim.sent.map((s) => s.message)).toEqual(['one', 'two', 'three', 'four, a day later']);
    expect(provider.dailyCaps()).toEqual([{ action: 'send', limit: 3, used: 1, resetAt: Date.UTC(2026, 10, 23) }]);
  });

  it('learns a used-up day from the 429 itself (e.g. after a restart), and then refuses locally', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 20), { autoAdvance: true });
    const { sim, provider, another } = await setup({ conversations: 2, messagesPerDay: 2, now: () => clock.now() }, {}, { clock });
    const c = sim.conversations[0]!;
    await provider.sendMessage(reply(c), 'one');
    await provider.sendMessage(reply(c), 'two');

    const restarted = another();
    expect(restarted.dailyCaps()[0]).toMatchObject({ used: 0, limit: 100 });
    const first = await failure(restarted.sendMessage(reply(c), 'three'));
    // One 429, not waited out: the reset is hours away.
    expect(log(sim).slice(-1)).toEqual(['POST 429']);
    expect(first).toMatchObject({ code: 'rate-limited', retryAfterMs: 4 * 3_600_000 });
    expect(first.message).toMatch(/^ConnectSafely allows 2 messages a day for 'Sales seat'.*in about 4 h/);
    expect(restarted.dailyCaps()).toEqual([{ action: 'send', limit: 2, used: 2, resetAt: Date.UTC(2026, 10, 22) }]);

    const before = sim.requests.length;
    expect((await failure(restarted.sendMessage(reply(c), 'three again'))).code).toBe('rate-limited');
    expect(sim.requests).toHaveLength(before);
    expect(sim.sent.map((s) => s.message)).toEqual(['one', 'two']);
  });
});

describe('auth', () => {
  it('sends Authorization: Bearer <key> on every request, mirrors included', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const c = sim.conversations[0]!;
    await provider.listConversations({});
    await provider.listMessages(c.conversationUrn, {});
    await provider.sendMessage(reply(c), 'hi');
    await provider.mirror(c.conversationUrn, { type: 'star' });
    await provider.mirror(c.conversationUrn, { type: 'mark-seen' });
    expect(sim.requests.map((r) => r.auth)).toEqual(Array(5).fill(`Bearer ${KEY}`));

    // That the key is read for every request is in provider-contract.test.ts.
  });

  it('asks for a key before calling when none is stored', async () => {
    const { sim, provider, secrets } = await setup({ conversations: 2 });
    await secrets.delete(SECRET_ID);
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'auth', message: "No ConnectSafely API key is stored for 'Sales seat' — add it in Settings." });
    expect(sim.requests).toHaveLength(0);
  });
});

describe('error bodies', () => {
  it.each(['error', 'success-error', 'code-message'] as const)('reads a refusal in the %s shape as a sentence with the reason', async (shape) => {
    const { sim, provider } = await setup({ conversations: 3, errorShape: shape });
    const [a, b] = sim.conversations;
    const err = await failure(provider.sendMessage(reply(a!, recipientOf(b!)), 'hi'));
    expect(err).toMatchObject({ code: 'invalid-input', status: 400, message: "ConnectSafely refused the request for 'Sales seat': The recipient is not part of this conversation" });

    // The same shape on a 404 and a 401 still gives the status's sentence.
    const missing = await failure(provider.mirror('urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAOwnerX9mQ2z,2-bm9wZQ==)', { type: 'unstar' }));
    expect(missing.code).toBe('not-found');
    sim.revokeKey();
    expect((await failure(provider.listConversations({}))).message).toBe("ConnectSafely rejected the API key for 'Sales seat' — update it in Settings.");
    expect(sim.requests.map((r) => r.status)).toEqual([400, 404, 401]);
  });

  it('shows a server-side validation message in the {success:false, code, message} shape', async () => {
    const { provider } = await setup({ conversations: 2 });
    const err = await failure(provider.listMessages((await provider.listConversations({})).items[0]!.remoteId, { cursor: 'yesterday' }));
    expect(err).toMatchObject({ code: 'invalid-input', status: 400, message: "ConnectSafely refused the request for 'Sales seat': cursor must be a timestamp in milliseconds" });
  });
});

describe('rate limits', () => {
  it('allows a burst, then waits out Retry-After on the shared clock and carries on', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const { sim, provider } = await setup({ conversations: 3, perMinute: 6, burstPer10s: 5, now: () => clock.now() }, {}, { clock });
    const start = clock.now();
    for (let i = 0; i < 5; i++) await provider.listConversations({});
    expect(log(sim)).toEqual(Array(5).fill('GET 200'));
    const sixth = await provider.listConversations({});
    expect(sixth.items).toHaveLength(3);
    expect(log(sim).slice(5)).toEqual(['GET 429', 'GET 200']);
    // The burst window frees 10 s after the first request.
    expect(sim.requests[6]!.at - start).toBe(10_000);
  });

  it('with the documented limits, takes a burst of 100 and then asks to wait for the 10 s window', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const frozen = clock.now();
    const { sim, provider } = await setup({ conversations: 1, perMinute: 60, burstPer10s: 100, now: () => frozen }, {}, { clock, options: { maxRateLimitRetries: 0 } });
    await Promise.all(Array.from({ length: 100 }, () => provider.listConversations({ limit: 1 })));
    expect(sim.requests.filter((r) => r.status === 200)).toHaveLength(100);
    const err = await failure(provider.listConversations({ limit: 1 }));
    expect(err).toMatchObject({ code: 'rate-limited', retryAfterMs: 10_000 });
    expect(sim.requests).toHaveLength(101);
  });

  it('reports rate-limited with the wait when the retries run out, and sends nothing twice', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const frozen = clock.now();
    const { sim, provider } = await setup({ conversations: 2, perMinute: 1, burstPer10s: 1, now: () => frozen }, {}, { clock });
    const c = sim.conversations[0]!;
    await provider.listConversations({});
    const err = await failure(provider.sendMessage(reply(c), 'hello'));
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryable: true, retryAfterMs: 60_000 });
    expect(err.message).toBe("ConnectSafely is limiting how fast 'Sales seat' can make requests — the app will try again in 60 s.");
    expect(log(sim)).toEqual(['GET 200', 'POST 429', 'POST 429', 'POST 429']);
    expect(clock.now() - frozen).toBe(120_000);
    expect(sim.sent).toHaveLength(0);
    // A request-rate 429 says nothing about the daily cap.
    expect(provider.dailyCaps()[0]).toMatchObject({ limit: 100, used: 0 });
  });
});

describe('server and transport failures', () => {
  it('reports a 200 that says success:false without pretending it worked', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    // A body that is not JSON: provider-contract.test.ts.
    sim.injectFault({ body: { success: false, error: 'LinkedIn session expired' } });
    const failed = await failure(provider.mirror(sim.conversations[0]!.conversationUrn, { type: 'star' }));
    expect(failed).toMatchObject({ code: 'server', retryable: true });
    expect(failed.message).toMatch(/could not carry out the request for 'Sales seat': LinkedIn session expired/);
  });

  it('reports a page of the wrong shape as unreadable, skips items it cannot read, reads wrongly typed optional fields as missing, and tolerates extra, null, ISO and numeric fields', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const urn = 'urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAOwnerX9mQ2z,2-YQ==)';
    for (const body of [{ success: true, conversations: 'none' }, { success: true }, []]) {
      sim.injectFault({ body });
      const err = await failure(provider.listConversations({}));
      expect(err.code, JSON.stringify(body)).toBe('bad-response');
    }
    // A conversation without a usable URN is skipped; the others are kept.
    sim.injectFault({ body: { conversations: [{ conversationUrn: 42 }, { conversationUrn: urn, unreadCount: 'two', participants: {} }] } });
    const skipping = await provider.listConversations({});
    expect(skipping.skipped).toBe(1);
    expect(skipping.items).toMatchObject([{ remoteId: urn, unreadCount: 0, participants: [] }]);
    // An unreadable time on the latest message reads as no latest message.
    for (const sentAt of [true, 'yesterday-ish']) {
      sim.injectFault({ body: { conversations: [{ conversationUrn: urn, latestMessage: { text: 'hi', sentAt } }] } });
      expect((await provider.listConversations({})).items[0]!.lastMessage, String(sentAt)).toBeNull();
    }
    sim.injectFault({ body: { messages: [{ messageUrn: 'urn:li:msg_message:1', text: 'x', sentAt: null }, { messageUrn: 'urn:li:msg_message:2', text: 'y', sentAt: 1_777_000_000 }] } });
    const messages = await provider.listMessages(urn, {});
    expect(messages.items.map((m) => m.text)).toEqual(['y']);
    expect(messages.skipped).toBe(1);

    sim.injectFault({
      body: {
        conversations: [
          {
            conversationUrn: urn,
            unreadCount: null,
            participants: [{ profileId: 'ada-byron', name: 'Ada Byron', headline: null, surprise: { x: 1 } }, { name: 'No id' }],
            latestMessage: { text: null, sentAt: '2026-05-03T15:20:00.000Z', senderName: 'Ada Byron', hasAttachment: true },
            brandNew: true,
          },
          { conversationUrn: `${urn}2`, lastActivityAt: 1_777_000_000, latestMessage: { text: 'ok', messageUrn: 'urn:li:msg_message:(x,2-m)', isSentByOwner: true } },
          { conversationUrn: `${urn}3` },
        ],
        nextCursor: 'linkedin:zzz',
        hasMore: false,
      },
    });
    const page = await provider.listConversations({});
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      remoteId: urn,
      title: 'Ada Byron',
      participants: [{ remoteId: 'ada-byron', name: 'Ada Byron', headline: null, company: null, avatarUrl: null, profileUrl: 'https://www.linkedin.com/in/ada-byron' }],
      lastMessage: { remoteId: `latest:${urn}:${Date.UTC(2026, 4, 3, 15, 20)}`, senderRemoteId: 'ada-byron', text: '(attachment)', sentAt: Date.UTC(2026, 4, 3, 15, 20), fromMe: false },
      unreadCount: 0,
      disconnected: false,
    });
    // A message URN on the row, where a response has one, is used as is; epoch seconds are read as such.
    expect(page.items[1]).toMatchObject({ title: 'LinkedIn conversation', lastMessage: { remoteId: 'urn:li:msg_message:(x,2-m)', sentAt: 1_777_000_000_000, fromMe: true } });
    expect(page.items[2]!.lastMessage).toBeNull();
  });

  it('follows a redirect for reads on the same host, never for writes', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    sim.injectFault({ redirectTo: '/messaging/recent-messages?count=5' });
    const page = await provider.listConversations({});
    expect(page.items).toHaveLength(2);
    expect(sim.requests.map((r) => [r.status, r.path])).toEqual([
      [307, '/linkedin/conversations'],
      [307, '/linkedin/messaging/recent-messages'],
      [200, '/linkedin/conversations'],
    ]);
    expect(sim.requests.map((r) => r.auth)).toEqual(Array(3).fill(`Bearer ${KEY}`));

    sim.injectFault({ redirectTo: '/conversations/send' });
    const err = await failure(provider.sendMessage(reply(sim.conversations[0]!), 'hi'));
    expect(err).toMatchObject({ code: 'bad-response', status: 307 });
    expect(sim.sent).toHaveLength(0);
  });

  it('hides the key ConnectSafely echoes, and any Bearer token, in an error it quotes (the rest: provider-contract.test.ts)', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const urn = sim.conversations[0]!.conversationUrn;
    sim.injectFault({ body: { success: false, error: `bad token Bearer ${KEY}` } });
    const echoed = await failure(provider.mirror(urn, { type: 'star' }));
    const unknown = await failure(provider.listMessages(`${urn}${KEY}`, {}));
    expect([echoed.code, unknown.code]).toEqual(['server', 'not-found']);
    for (const e of [echoed, unknown]) expect(JSON.stringify({ message: e.message, shape: e.toShape(), cause: String(e.cause) })).not.toContain(KEY);
  });
});
