/**
 * The Crispy adapter against the loopback simulator, over real HTTP through an injected undici
 * Agent: list, messages, send and labels over MCP tools, organize and read over REST (paths,
 * encoding, exact bodies), account selection, paging, daily caps (refused before the call,
 * corrected from headers, a server-side refusal), smart archive returning on reply, and every
 * error path. MCP itself (sessions, argument names, SSE) is in crispy.mcp.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { Agent, MockAgent, request } from 'undici';
import type { Account, AccountConfig } from '../../src/shared/domain';
import { AppError } from '../../src/main/core/errors';
import { MemorySecretStore, type Clock } from '../../src/main/core/ports';
import { createCrispyProvider, type CrispyOptions, type CrispyProvider } from '../../src/main/core/providers/crispy/adapter';
import type { MirrorAction, SendTarget } from '../../src/main/core/providers/types';
import { startCrispySimulator, type CrispySim, type CrispySimConversation, type CrispySimOptions } from '../simulators/crispy';
import { DEFAULT_VIRTUAL_START, VirtualClock } from '../support/clock';
import { testAccount } from '../support/accounts';

// Characters that break un-encoded URLs or naive string handling, in the key.
const KEY = 'crispy_live_9f3kQ+x/Zz==';
const APP_ACCOUNT = 'acc-crispy-1';
const NAME = 'Sales seat';
const HOUR = 3_600_000;
/** The virtual clock starts at 09:00 UTC: the daily caps reset in 15 hours. */
const UNTIL_MIDNIGHT = 15 * HOUR;
const MIDNIGHT = DEFAULT_VIRTUAL_START + UNTIL_MIDNIGHT;
const MCP = '/api/mcp';

const defer = cleanupAfterEach();

const to = (remoteConversationId: string): SendTarget => ({ remoteConversationId, recipient: null });

function account(config: AccountConfig, name = NAME): Account {
  return testAccount('crispy', config, name, APP_ACCOUNT);
}

interface Setup {
  sim: CrispySim;
  provider: CrispyProvider;
  secrets: MemorySecretStore;
  clock: Clock;
  /** Another adapter on the same simulator (another device, or the app after a restart). */
  another(config?: Partial<AccountConfig>): CrispyProvider;
}

async function setup(
  simOpts: Partial<CrispySimOptions> = {},
  config: Partial<AccountConfig> = {},
  more: { clock?: Clock; options?: CrispyOptions } = {},
): Promise<Setup> {
  const clock = more.clock ?? new VirtualClock();
  const sim = await startCrispySimulator({ apiKey: KEY, conversations: 12, now: () => clock.now(), ...simOpts });
  const agent = new Agent({ connections: 4 });
  defer(async () => {
    await sim.close();
    await agent.destroy();
  });
  const secrets = new MemorySecretStore();
  await secrets.set(APP_ACCOUNT, KEY);
  const make = (cfg: Partial<AccountConfig>) =>
    createCrispyProvider(
      {
        // A trailing slash on the base URL must not double up in paths.
        account: account({ baseUrl: `${sim.baseUrl}/`, ...cfg }),
        getApiKey: async () => (await secrets.get(APP_ACCOUNT)) ?? '',
        dispatcher: agent,
        clock,
      },
      more.options,
    );
  return { sim, provider: make(config), secrets, clock, another: (cfg = config) => make(cfg) };
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

/** The tools called, with their arguments, in order. */
function toolCalls(sim: CrispySim): [string, Record<string, unknown>][] {
  return sim.mcp.calls.filter((c) => c.method === 'tools/call').map((c) => [c.tool!, c.arguments!]);
}

/** Requests that did something: tool calls and REST calls, not the MCP handshake. */
function workRequests(sim: CrispySim) {
  return sim.requests.filter((r) => r.path !== MCP || (r.body as { method?: string } | undefined)?.method === 'tools/call');
}

function newestFirst(sim: CrispySim, accountId = 'acc_default'): CrispySimConversation[] {
  return sim.conversations
    .filter((c) => c.accountId === accountId && c.messages.length > 0)
    .sort((a, b) => b.messages[0]!.sentAt - a.messages[0]!.sentAt || a.chatId.localeCompare(b.chatId));
}

const capSentence = (limit: number, noun: string, hours = 15) =>
  `Crispy allows ${limit} ${noun} a day for 'Sales seat', and today's are used up. It resets at 00:00 UTC (in about ${hours} h).`;

describe('Crispy settings', () => {
  it('talks to https://crispy.sh/api/mcp for tools and /api/v1 for organize, with the Bearer key, when no base URL is set', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    const seen: string[] = [];
    const crispy = mock.get('https://crispy.sh');
    crispy
      .intercept({ path: MCP, method: 'POST', headers: { authorization: `Bearer ${KEY}` } })
      .reply((req) => {
        const msg = JSON.parse(String(req.body)) as { id?: number; method: string; params?: { name?: string } };
        seen.push(msg.params?.name ?? msg.method);
        if (msg.id === undefined) return { statusCode: 202, data: '' };
        const result =
          msg.method === 'initialize'
            ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'crispy', version: '1' } }
            : msg.method === 'tools/list'
              ? { tools: [] }
              : { content: [{ type: 'text', text: '{"conversations":[],"next_cursor":null}' }], isError: false };
        return { statusCode: 200, data: JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }), responseOptions: { headers: { 'content-type': 'application/json', 'mcp-session-id': 'sess_1' } } };
      })
      .persist();
    crispy
      .intercept({ path: '/api/v1/inbox/conversations/chat_1/read', method: 'POST', headers: { authorization: `Bearer ${KEY}` } })
      .reply(200, { chat_id: 'chat_1', marked_read: true });
    const provider = createCrispyProvider({ account: account({}), getApiKey: async () => KEY, dispatcher: mock, clock: new VirtualClock() });
    await expect(provider.testConnection()).resolves.toBeUndefined();
    await expect(provider.mirror('chat_1', { type: 'mark-seen' })).resolves.toBeUndefined();
    expect(seen).toEqual(['initialize', 'notifications/initialized', 'tools/list', 'list_conversations']);
    await mock.close();
  });

  it('declares the Crispy capabilities: archive, smart archive, labels, snooze and mark-seen mirrored; no unread or star', async () => {
    const { provider } = await setup({ conversations: 0 });
    expect(provider.kind).toBe('crispy');
    expect(provider.capabilities).toMatchObject({
      mirrorsArchive: true,
      mirrorsSmartArchive: true,
      mirrorsLabels: true,
      mirrorsSnooze: true,
      canMarkSeen: true,
      canMarkUnread: false,
      canStar: false,
      sendsBy: 'thread',
    });
    expect(provider.maxPageSize).toBe(50);
  });

  it('says so when no key is stored, without calling Crispy', async () => {
    const { sim, provider, secrets } = await setup({ conversations: 1 });
    await secrets.delete(APP_ACCOUNT);
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'auth', message: "There is no Crispy API key for 'Sales seat' — add it in Settings." });
    expect(sim.requests).toHaveLength(0);
  });
});

describe('listing conversations', () => {
  it('maps rows newest first with participants, last message, who wrote it and unread counts', async () => {
    const { sim, provider } = await setup({ conversations: 30 });
    const page = await provider.listConversations({ limit: 50 });
    const expected = newestFirst(sim);
    expect(page.items.map((c) => c.remoteId)).toEqual(expected.map((c) => c.chatId));
    expect(page.nextCursor).toBeNull();

    const first = expected[0]!;
    const p = first.participants[0]!;
    const m = first.messages[0]!;
    expect(page.items[0]).toEqual({
      remoteId: first.chatId,
      title: first.name,
      participants: [{ remoteId: p.id, name: p.name, headline: p.headline, company: p.company, avatarUrl: p.avatarUrl, profileUrl: p.profileUrl }],
      lastMessage: { remoteId: m.id, senderRemoteId: m.senderId, text: m.text, sentAt: m.sentAt, fromMe: m.fromMe },
      unreadCount: first.unreadCount,
      disconnected: false,
    });
    expect(page.items.some((c) => c.lastMessage?.fromMe === true)).toBe(true);
    expect(page.items.some((c) => c.lastMessage?.fromMe === false)).toBe(true);
    expect(page.items.some((c) => c.unreadCount > 0)).toBe(true);
  });

  it("shows Crispy's own state per thread: labels, archived, snoozed and whose turn", async () => {
    const { sim, provider } = await setup({ conversations: 6 });
    const [a, b] = newestFirst(sim);
    a!.labels = ['Deal: negotiation', 'vip'];
    b!.archived = true;
    b!.snoozedUntil = Date.UTC(2026, 11, 1, 8);
    const page = await provider.listConversationsDetailed({});
    expect(page.items[0]!.crispy).toEqual({ labels: ['Deal: negotiation', 'vip'], archived: false, smartArchived: false, snoozedUntil: null, yourTurn: !a!.messages[0]!.fromMe });
    expect(page.items[1]!.crispy).toMatchObject({ archived: true, snoozedUntil: Date.UTC(2026, 11, 1, 8) });
  });

  it('pages through 120 conversations 50 at a time, visiting each exactly once with the cursor intact', async () => {
    const { sim, provider } = await setup({ conversations: 120 });
    const seen: string[] = [];
    const sizes: number[] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listConversations({ cursor, limit: 50 });
      seen.push(...page.items.map((c) => c.remoteId));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);

    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual(newestFirst(sim).map((c) => c.chatId));
    expect(toolCalls(sim)).toEqual([
      ['list_conversations', { limit: 50 }],
      ['list_conversations', { limit: 50, cursor: cursors[0] }],
      ['list_conversations', { limit: 50, cursor: cursors[1] }],
    ]);
    // The cursors carry characters a client must pass on untouched.
    expect(cursors.join('')).toMatch(/\+/);
    expect(cursors.join('')).toMatch(/\//);
    expect(cursors.join('')).toMatch(/=/);
    expect(sim.requests.every((r) => r.path === MCP && r.status >= 200 && r.status < 300)).toBe(true);
  });

  it('lists labels most-used first', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    for (const [i, labels] of [['sales', 'vip'], ['sales'], ['hiring', 'sales']].entries()) sim.addConversation({ name: `P ${i}`, labels });
    expect(await provider.listLabels()).toEqual([
      { name: 'sales', count: 3 },
      { name: 'hiring', count: 1 },
      { name: 'vip', count: 1 },
    ]);
    expect(toolCalls(sim)).toEqual([['list_conversation_labels', {}]]);
  });
});

describe('the LinkedIn account (account_id)', () => {
  it('passes the configured account_id on every call (tool argument over MCP, body on REST) and sees only that account', async () => {
    const { sim, provider } = await setup({ conversations: 20, accountIds: ['acc_primary', 'acc_second'] }, { accountId: 'acc_second' });
    const page = await provider.listConversations({ limit: 50 });
    expect(page.items.map((c) => c.remoteId)).toEqual(newestFirst(sim, 'acc_second').map((c) => c.chatId));
    expect(page.items).toHaveLength(10);
    const chat = page.items[0]!.remoteId;
    await provider.listMessages(chat, {});
    await provider.sendMessage(to(chat), 'hello');
    await provider.mirror(chat, { type: 'archive' });
    await provider.mirror(chat, { type: 'mark-seen' });
    await provider.listLabels();

    expect(toolCalls(sim).map(([tool, args]) => [tool, args.account_id])).toEqual([
      ['list_conversations', 'acc_second'],
      ['get_messages', 'acc_second'],
      ['send_message', 'acc_second'],
      ['list_conversation_labels', 'acc_second'],
    ]);
    expect(sim.requests.filter((r) => r.path !== MCP).map((r) => [r.path.split('/').at(-1), (r.body as { account_id?: string }).account_id])).toEqual([
      ['organize', 'acc_second'],
      ['read', 'acc_second'],
    ]);
    expect(sim.organize[0]).toMatchObject({ chatId: chat, action: 'archive', accountId: 'acc_second' });
  });

  it("omits account_id when none is set, so Crispy uses the key's default account", async () => {
    const { sim, provider } = await setup({ conversations: 20, accountIds: ['acc_primary', 'acc_second'] });
    const page = await provider.listConversations({ limit: 50 });
    expect(page.items.map((c) => c.remoteId)).toEqual(newestFirst(sim, 'acc_primary').map((c) => c.chatId));
    await provider.mirror(page.items[0]!.remoteId, { type: 'mark-seen' });
    expect(toolCalls(sim)).toEqual([['list_conversations', { limit: 50 }]]);
    expect(sim.requests.filter((r) => r.path !== MCP).map((r) => r.body)).toEqual([{}]);
  });

  it('says the account ID may be wrong when Crispy does not know it', async () => {
    const { sim, provider } = await setup({ conversations: 2 }, { accountId: 'acc_typo' });
    const err = await failure(provider.testConnection());
    expect(err).toMatchObject({ code: 'not-found', status: 404, message: "Crispy could not find what 'Sales seat' asked for — check the account ID and base URL in Settings." });
    expect(toolCalls(sim)).toEqual([['list_conversations', { limit: 1, account_id: 'acc_typo' }]]);
  });
});

describe('listing messages', () => {
  it('pages a long thread newest first, through an id that needs encoding, telling mine from theirs', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    const c = sim.addConversation({ chatId: 'chat_9f2a/ é+?', name: 'Lea Sommer' });
    const t0 = Date.UTC(2026, 4, 1);
    for (let i = 0; i < 45; i++) {
      if (i % 3 === 0) sim.addOwnMessage(c.chatId, `mine ${i}`, t0 + i * 60_000);
      else sim.addInboundMessage(c.chatId, `theirs ${i}`, t0 + i * 60_000);
    }
    const all: { text: string; fromMe: boolean | null; sentAt: number }[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await provider.listMessages(c.chatId, { cursor, limit: 20 });
      all.push(...page.items);
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([20, 20, 5]);
    expect(all.map((m) => m.text)).toEqual(c.messages.map((m) => m.text));
    expect(all[0]).toMatchObject({ text: 'theirs 44', fromMe: false, sentAt: t0 + 44 * 60_000 });
    expect(all.at(-1)).toMatchObject({ text: 'mine 0', fromMe: true });
    expect(toolCalls(sim)[0]).toEqual(['get_messages', { conversation_id: c.chatId, limit: 20 }]);
    expect(sim.requests.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
  });
});

describe('sending', () => {
  it('delivers 1 and 10,000 characters into the right chat and returns the stored message as mine', async () => {
    const { sim, provider } = await setup({ conversations: 5 });
    const target = newestFirst(sim)[3]!;
    const short = await provider.sendMessage(to(target.chatId), 'k');
    const long = 'x'.repeat(10_000);
    const sentLong = await provider.sendMessage(to(target.chatId), long);

    expect(sim.sent.map((s) => [s.chatId, s.text.length])).toEqual([
      [target.chatId, 1],
      [target.chatId, 10_000],
    ]);
    expect(sim.sent[1]!.text).toBe(long);
    expect(toolCalls(sim)).toEqual([
      ['send_message', { conversation_id: target.chatId, text: 'k' }],
      ['send_message', { conversation_id: target.chatId, text: long }],
    ]);
    expect(short).toMatchObject({ remoteId: target.messages[1]!.id, text: 'k', fromMe: true, sentAt: DEFAULT_VIRTUAL_START });
    expect(sentLong).toMatchObject({ remoteId: target.messages[0]!.id, fromMe: true, senderRemoteId: 'li_me_acc_default' });
    // The reply moved the thread to the top; no other thread got it.
    expect((await provider.listConversations({ limit: 1 })).items[0]!.remoteId).toBe(target.chatId);
    expect(sim.conversations.filter((c) => c !== target).every((c) => c.messages.every((m) => m.text !== 'k'))).toBe(true);
    expect(provider.dailyCaps().find((c) => c.action === 'send')).toEqual({ action: 'send', limit: 150, used: 2, resetAt: MIDNIGHT });
  });

  it('rejects empty and over-long replies, and bad page sizes, before any request', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const id = sim.conversations[0]!.chatId;
    expect(await failure(provider.sendMessage(to(id), ''))).toMatchObject({ code: 'invalid-input', message: 'A reply cannot be empty.' });
    const tooLong = await failure(provider.sendMessage(to(id), 'x'.repeat(10_001)));
    expect(tooLong.code).toBe('invalid-input');
    expect(tooLong.message).toMatch(/at most 10,000 characters; this one has 10,001/);
    expect((await failure(provider.sendMessage(to(''), 'hi'))).code).toBe('invalid-input');
    for (const limit of [0, 51, 2.5]) {
      expect((await failure(provider.listConversations({ limit }))).code).toBe('invalid-input');
      expect((await failure(provider.listMessages(id, { limit }))).code).toBe('invalid-input');
    }
    expect(sim.requests).toHaveLength(0);
    expect(provider.dailyCaps().find((c) => c.action === 'send')!.used).toBe(0);
  });

  it('accepts a send whose result it cannot read, without claiming a message id; an unreadable answer may have sent it', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    const id = sim.conversations[0]!.chatId;
    sim.mcp.nextToolAnswer({ text: 'Message sent' });
    await expect(provider.sendMessage(to(id), 'hello')).resolves.toBeNull();
    sim.mcp.nextToolAnswer({ payload: { ok: true } });
    await expect(provider.sendMessage(to(id), 'hello')).resolves.toBeNull();
    // Not an MCP answer at all: whether the tool ran is unknown, so the outbox checks the thread before sending again.
    for (const fault of [{ body: { ok: true } }, { malformed: true }]) {
      sim.injectFault(fault);
      expect(await failure(provider.sendMessage(to(id), 'hello')), JSON.stringify(fault)).toMatchObject({ code: 'bad-response', retryable: true, mayHaveReachedProvider: true });
    }
  });
});

describe('mirroring triage actions (organize, read)', () => {
  it('sends each organize action with exactly its documented body, and Crispy applies it', async () => {
    const { sim, provider, clock } = await setup({ conversations: 3 });
    const c = newestFirst(sim)[1]!;
    c.labels = [];
    const path = `/api/v1/inbox/conversations/${c.chatId}/organize`;
    const label = '  Deal: négociation 🤝 ';
    const until = clock.now() + 2 * 86_400_000 + 1;
    const steps: [MirrorAction, unknown, () => void][] = [
      [{ type: 'archive' }, { action: 'archive' }, () => expect(c).toMatchObject({ archived: true, smartArchived: false })],
      [{ type: 'unarchive' }, { action: 'unarchive' }, () => expect(c.archived).toBe(false)],
      [{ type: 'smart-archive' }, { action: 'smart_archive', return_on_reply: true }, () => expect(c).toMatchObject({ archived: true, smartArchived: true, returnOnReply: true })],
      [{ type: 'label', label }, { action: 'label', label }, () => expect(c.labels).toContain(label)],
      [{ type: 'label', label: 'vip' }, { action: 'label', label: 'vip' }, () => expect(c.labels).toEqual([label, 'vip'])],
      [{ type: 'unlabel', label }, { action: 'unlabel', label }, () => expect(c.labels).toEqual(['vip'])],
      [
        { type: 'snooze', until, note: 'Ask about the Q3 budget' },
        { action: 'snooze', snooze_until: new Date(until).toISOString(), note: 'Ask about the Q3 budget' },
        () => expect(c).toMatchObject({ snoozedUntil: until, note: 'Ask about the Q3 budget' }),
      ],
      [{ type: 'snooze', until: until + 1000, note: null }, { action: 'snooze', snooze_until: new Date(until + 1000).toISOString() }, () => expect(c).toMatchObject({ snoozedUntil: until + 1000, note: null })],
    ];
    for (const [action, body, check] of steps) {
      await provider.mirror(c.chatId, action);
      const r = sim.requests.at(-1)!;
      expect([r.method, r.path, r.body, r.status], action.type).toEqual(['POST', path, body, 200]);
      check();
    }
    expect(sim.requests).toHaveLength(steps.length);
    expect(sim.organize.map((o) => o.action)).toEqual(['archive', 'unarchive', 'smart_archive', 'label', 'label', 'unlabel', 'snooze', 'snooze']);
    expect(new Date(sim.organize[6]!.snooze_until!).getTime()).toBeGreaterThan(clock.now());
    // No other conversation changed.
    expect(sim.conversations.filter((x) => x !== c).every((x) => !x.archived && x.snoozedUntil === null)).toBe(true);
    expect(provider.dailyCaps().find((x) => x.action === 'organize')).toEqual({ action: 'organize', limit: 200, used: 8, resetAt: MIDNIGHT });
  });

  it('marks a chat read with POST …/read, idempotently', async () => {
    const { sim, provider, clock } = await setup({ conversations: 0 });
    const c = sim.addConversation({ chatId: 'chat_71be', name: 'Jonas Becker' });
    sim.addInboundMessage(c.chatId, 'Are you free Tuesday?');
    sim.addInboundMessage(c.chatId, 'Or Wednesday?');
    expect(c.unreadCount).toBe(2);
    await provider.mirror(c.chatId, { type: 'mark-seen' });
    await provider.mirror(c.chatId, { type: 'mark-seen' });
    expect(c).toMatchObject({ unreadCount: 0, readAt: clock.now() });
    expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/api/v1/inbox/conversations/chat_71be/read', 200],
      ['POST', '/api/v1/inbox/conversations/chat_71be/read', 200],
    ]);
    expect(sim.reads).toHaveLength(2);
    expect(provider.dailyCaps().find((x) => x.action === 'read')).toMatchObject({ limit: 200, used: 2 });
  });

  it('refuses a past snooze, an empty label and the actions Crispy does not offer, before any request', async () => {
    const { sim, provider, clock } = await setup({ conversations: 1 });
    const id = sim.conversations[0]!.chatId;
    const past = await failure(provider.mirror(id, { type: 'snooze', until: clock.now() - 60_000, note: 'too late' }));
    expect(past).toMatchObject({ code: 'invalid-input', message: `A snooze must end in the future; ${new Date(clock.now() - 60_000).toISOString()} has already passed.` });
    expect((await failure(provider.mirror(id, { type: 'snooze', until: clock.now(), note: null }))).code).toBe('invalid-input');
    expect((await failure(provider.mirror(id, { type: 'snooze', until: Number.NaN, note: null }))).code).toBe('invalid-input');
    expect((await failure(provider.mirror(id, { type: 'label', label: '   ' }))).message).toBe('A label needs some text.');
    for (const type of ['mark-unread', 'star', 'unstar'] as const) {
      const err = await failure(provider.mirror(id, { type }));
      expect(err.code, type).toBe('invalid-input');
      expect(err.message).toMatch(/cannot .* conversations; the app keeps that change locally/);
    }
    expect(sim.requests).toHaveLength(0);
    expect(provider.dailyCaps().find((x) => x.action === 'organize')!.used).toBe(0);
  });

  it('brings a smart-archived thread back on Crispy when they reply; a plain archive stays archived', async () => {
    const { sim, provider } = await setup({ conversations: 4 });
    const [smart, plain] = newestFirst(sim);
    await provider.mirror(smart!.chatId, { type: 'smart-archive' });
    await provider.mirror(plain!.chatId, { type: 'archive' });
    let rows = (await provider.listConversationsDetailed({})).items;
    expect(rows.find((r) => r.remoteId === smart!.chatId)!.crispy).toMatchObject({ archived: true, smartArchived: true });

    sim.addInboundMessage(smart!.chatId, 'Actually, yes — let us talk');
    sim.addInboundMessage(plain!.chatId, 'Me too');
    rows = (await provider.listConversationsDetailed({})).items;
    const back = rows.find((r) => r.remoteId === smart!.chatId)!;
    expect(back.crispy).toMatchObject({ archived: false, smartArchived: false, yourTurn: true });
    expect(back.lastMessage).toMatchObject({ text: 'Actually, yes — let us talk', fromMe: false });
    expect(rows.find((r) => r.remoteId === plain!.chatId)!.crispy).toMatchObject({ archived: true, yourTurn: true });
  });

  it("says a chat is unknown or another account's on 404, for organize, read, messages and send", async () => {
    const { sim, provider } = await setup({ conversations: 4, accountIds: ['acc_primary', 'acc_second'] });
    const others = sim.conversations.find((c) => c.accountId === 'acc_second')!.chatId;
    const calls = [
      () => provider.mirror('chat_gone', { type: 'archive' }),
      () => provider.mirror(others, { type: 'label', label: 'x' }),
      () => provider.mirror(others, { type: 'mark-seen' }),
      () => provider.listMessages(others, {}),
      () => provider.sendMessage(to(others), 'hi'),
    ];
    for (const call of calls) {
      const err = await failure(call());
      expect(err).toMatchObject({ code: 'not-found', status: 404, retryable: false });
      expect(err.message).toBe("Crispy could not find this conversation for 'Sales seat' — it may have been deleted, or it belongs to another LinkedIn account than the one this account uses.");
    }
    expect(sim.organize).toHaveLength(0);
    expect(sim.sent).toHaveLength(0);
    expect(sim.conversations.find((c) => c.chatId === others)!.labels).toEqual([]);
    // Failed calls do not count against the day's caps.
    expect(provider.dailyCaps().map((c) => c.used)).toEqual([0, 0, 0]);
  });
});

describe('daily caps', () => {
  it('allows 200 organize actions a day, then refuses the next one (snooze included) before calling Crispy', async () => {
    const { sim, provider, clock } = await setup({ conversations: 2 });
    const [a, b] = sim.conversations;
    for (let i = 0; i < 200; i++) await provider.mirror(a!.chatId, i % 2 === 0 ? { type: 'label', label: 'sales' } : { type: 'unlabel', label: 'sales' });
    expect(sim.usedToday('organize')).toBe(200);
    expect(sim.requests.at(-1)!.status).toBe(200);
    const before = workRequests(sim).length;

    const refused = await failure(provider.mirror(b!.chatId, { type: 'archive' }));
    expect(refused).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: UNTIL_MIDNIGHT, message: capSentence(200, 'organize actions') });
    const snooze = await failure(provider.mirror(b!.chatId, { type: 'snooze', until: clock.now() + HOUR, note: null }));
    expect(snooze.message).toBe(capSentence(200, 'organize actions'));
    expect(workRequests(sim)).toHaveLength(before);
    expect(b!.archived).toBe(false);
    expect(provider.dailyCaps()).toEqual([
      { action: 'send', limit: 150, used: 0, resetAt: MIDNIGHT },
      { action: 'organize', limit: 200, used: 200, resetAt: MIDNIGHT },
      { action: 'read', limit: 200, used: 0, resetAt: MIDNIGHT },
    ]);

    // The other caps are separate.
    await provider.mirror(b!.chatId, { type: 'mark-seen' });
    await provider.sendMessage(to(b!.chatId), 'still allowed');
    expect(workRequests(sim)).toHaveLength(before + 2);
  });

  it('allows 150 messages a day, then refuses the next one before calling Crispy', async () => {
    const { sim, provider } = await setup({ conversations: 3 });
    const id = sim.conversations[0]!.chatId;
    for (let i = 0; i < 150; i++) await provider.sendMessage(to(id), `note ${i}`);
    const before = sim.requests.length;
    const refused = await failure(provider.sendMessage(to(sim.conversations[1]!.chatId), 'one too many'));
    expect(refused).toMatchObject({ code: 'rate-limited', retryAfterMs: UNTIL_MIDNIGHT, message: capSentence(150, 'messages sent') });
    expect(sim.requests).toHaveLength(before);
    expect(sim.sent).toHaveLength(150);
    expect(sim.sent.some((s) => s.text === 'one too many')).toBe(false);
  });

  it("adopts Crispy's header numbers, and maps a server-side daily_limit_reached to the same sentence", async () => {
    const { sim, provider, another } = await setup({ conversations: 3, caps: { organize: 5 } });
    const phone = another();
    const id = sim.conversations[0]!.chatId;
    // Another client on the same LinkedIn account uses 3 of the day's 5.
    for (let i = 0; i < 3; i++) await phone.mirror(id, { type: 'archive' });
    await provider.mirror(id, { type: 'unarchive' });
    expect(provider.dailyCaps().find((c) => c.action === 'organize')).toEqual({ action: 'organize', limit: 5, used: 4, resetAt: MIDNIGHT });

    await phone.mirror(id, { type: 'archive' });
    const before = sim.requests.length;
    const err = await failure(provider.mirror(id, { type: 'smart-archive' }));
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryable: true, retryAfterMs: UNTIL_MIDNIGHT, message: capSentence(5, 'organize actions') });
    // One request, not retried: waiting seconds does not help with a daily cap.
    expect(sim.requests.slice(before).map((r) => r.status)).toEqual([429]);
    expect(sim.requests.at(-1)!.path).toMatch(/\/organize$/);

    // Now the adapter knows: the next one is refused without a request.
    const again = await failure(provider.mirror(id, { type: 'label', label: 'x' }));
    expect(again.message).toBe(capSentence(5, 'organize actions'));
    expect(sim.requests).toHaveLength(before + 1);
    expect(provider.dailyCaps().find((c) => c.action === 'organize')!.used).toBe(5);
  });

  it('refuses before calling once a success says nothing is left, even when this app counted fewer', async () => {
    const { sim, provider, another } = await setup({ conversations: 2, caps: { organize: 5 } });
    const id = sim.conversations[0]!.chatId;
    const phone = another();
    for (let i = 0; i < 4; i++) await phone.mirror(id, { type: 'label', label: `l${i}` });
    await provider.mirror(id, { type: 'archive' });
    expect(sim.requests.at(-1)!.status).toBe(200);
    expect(provider.dailyCaps().find((c) => c.action === 'organize')).toMatchObject({ limit: 5, used: 5 });
    const before = sim.requests.length;
    const err = await failure(provider.mirror(id, { type: 'unarchive' }));
    expect(err).toMatchObject({ code: 'rate-limited', retryAfterMs: UNTIL_MIDNIGHT, message: capSentence(5, 'organize actions') });
    expect(sim.requests).toHaveLength(before);
  });

  it('starts counting again after midnight UTC', async () => {
    const clock = new VirtualClock();
    const { sim, provider } = await setup({ conversations: 2, caps: { read: 2 } }, {}, { clock });
    const id = sim.conversations[0]!.chatId;
    await provider.mirror(id, { type: 'mark-seen' });
    await provider.mirror(id, { type: 'mark-seen' });
    expect((await failure(provider.mirror(id, { type: 'mark-seen' }))).message).toBe(capSentence(2, 'mark-as-read calls'));
    clock.advance(UNTIL_MIDNIGHT - 30 * 60_000);
    expect((await failure(provider.mirror(id, { type: 'mark-seen' }))).message).toMatch(/in about 30 min/);
    clock.advance(30 * 60_000);
    await provider.mirror(id, { type: 'mark-seen' });
    expect(provider.dailyCaps().find((c) => c.action === 'read')).toEqual({ action: 'read', limit: 2, used: 1, resetAt: MIDNIGHT + 86_400_000 });
    expect(sim.reads).toHaveLength(3);
  });

  it("reports another daily limit on an uncounted call until Crispy's reset, without retrying", async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    sim.injectFault({
      status: 429,
      body: { error: { code: 'daily_limit_reached', message: 'Daily limit of 300 searches reached' } },
      headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(MIDNIGHT / 1000) },
    });
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryAfterMs: UNTIL_MIDNIGHT });
    expect(err.message).toBe("Crispy says today's limit for 'Sales seat' is used up. It resets at 00:00 UTC (in about 15 h).");
    expect(sim.requests).toHaveLength(1);
  });
});

describe('auth and errors', () => {
  it('sends Authorization: Bearer <key> on every request, MCP and REST alike, and says what a Crispy key looks like', async () => {
    const { sim, provider, secrets } = await setup({ conversations: 2 });
    const id = sim.conversations[0]!.chatId;
    await provider.listConversations({});
    await provider.listMessages(id, {});
    await provider.sendMessage(to(id), 'hi');
    await provider.mirror(id, { type: 'archive' });
    expect(workRequests(sim)).toHaveLength(4);
    expect(sim.requests.map((r) => r.auth)).toEqual(Array(sim.requests.length).fill(`Bearer ${KEY}`));

    // That the key is read for every request (a rotated one used at once) is in provider-contract.test.ts.
    // A key that does not look like a Crispy key is still tried, and the sentence says what they look like.
    await secrets.set(APP_ACCOUNT, 'sk-live-123');
    const hint = await failure(provider.listConversations({}));
    expect(sim.requests.at(-1)!.auth).toBe('Bearer sk-live-123');
    expect(hint.message).toBe("Crispy rejected the API key for 'Sales seat' — update it in Settings. Crispy keys start with 'crispy_'.");
  });

  it('says the key was rejected after it is revoked, for reads and writes alike', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    sim.revokeKey();
    for (const call of [() => provider.testConnection(), () => provider.mirror(sim.conversations[0]!.chatId, { type: 'archive' })]) {
      expect(await failure(call())).toMatchObject({ code: 'auth', status: 401, message: "Crispy rejected the API key for 'Sales seat' — update it in Settings." });
    }
    expect(sim.organize).toHaveLength(0);
  });

  it("tells a key whose scope does not allow the call from a rejected key on 403", async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    sim.injectFault({ status: 403, body: { error: { code: 'insufficient_scope', message: 'This tool needs the core scope' } } });
    const scope = await failure(provider.mirror(sim.conversations[0]!.chatId, { type: 'archive' }));
    expect(scope).toMatchObject({ code: 'auth', status: 403 });
    expect(scope.message).toBe(
      "The scope of the Crispy API key for 'Sales seat' does not allow this (This tool needs the core scope) — give the key the scope it needs in Crispy, then update it in Settings.",
    );
    sim.injectFault({ status: 403, body: { message: 'Forbidden' } });
    expect((await failure(provider.listConversations({}))).message).toBe("Crispy rejected the API key for 'Sales seat' — update it in Settings.");
  });

  it("quotes Crispy's reason on 400, whatever error shape it uses", async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    const cursorErr = await failure(provider.listConversations({ cursor: 'not-a-cursor' }));
    expect(cursorErr).toMatchObject({ code: 'invalid-input', status: 400, message: "Crispy refused the request for 'Sales seat': Invalid cursor" });
    for (const body of [{ error: 'label is too long' }, { error: { code: 'invalid_label', message: 'label is too long' } }, { message: 'label is too long' }]) {
      sim.injectFault({ status: 400, body });
      const err = await failure(provider.mirror(sim.conversations[0]!.chatId, { type: 'label', label: 'l'.repeat(300) }));
      expect(err.message, JSON.stringify(body)).toBe("Crispy refused the request for 'Sales seat': label is too long");
    }
  });

  it('maps 500 and 502 to a retryable server error and changes nothing', async () => {
    const { sim, provider } = await setup({ conversations: 2 });
    sim.injectFault({ status: 500 });
    sim.injectFault({ status: 502 });
    const first = await failure(provider.listConversations({}));
    const second = await failure(provider.mirror(sim.conversations[0]!.chatId, { type: 'archive' }));
    expect(first).toMatchObject({ code: 'server', retryable: true, status: 500, message: 'Crispy had a problem on its side (HTTP 500) — it will be tried again.' });
    expect(second).toMatchObject({ code: 'server', retryable: true, status: 502 });
    expect(sim.conversations[0]!.archived).toBe(false);
    expect(provider.dailyCaps().find((c) => c.action === 'organize')!.used).toBe(0);
    expect((await provider.listConversations({})).items).toHaveLength(2);
  });

  it('does not take a 2xx that says the change failed as done', async () => {
    const { sim, provider } = await setup({ conversations: 1 });
    sim.injectFault({ body: { chat_id: 'x', action: 'archive', status: 'error', error: { message: 'LinkedIn did not answer' } } });
    const err = await failure(provider.mirror(sim.conversations[0]!.chatId, { type: 'archive' }));
    expect(err).toMatchObject({ code: 'server', retryable: true, message: "Crispy did not carry out 'archive' for 'Sales seat' (LinkedIn did not answer) — it will be tried again." });
    sim.injectFault({ body: { chat_id: 'x', marked_read: false } });
    expect((await failure(provider.mirror(sim.conversations[0]!.chatId, { type: 'mark-seen' }))).code).toBe('server');
  });

  it('waits out a short-term 429 on a REST organize call on the shared clock', async () => {
    const clock = new VirtualClock(undefined, { autoAdvance: true });
    const start = clock.now();
    const { sim, provider } = await setup({ conversations: 2 }, {}, { clock });
    const slowDown = { status: 429, body: { error: { code: 'too_many_requests', message: 'Slow down' } }, headers: { 'retry-after': '7' } };
    sim.injectFault(slowDown);
    await provider.mirror(sim.conversations[0]!.chatId, { type: 'archive' });
    expect(sim.requests.map((r) => [r.status, r.at - start])).toEqual([
      [429, 0],
      [200, 7_000],
    ]);
    expect(sim.conversations[0]!.archived).toBe(true);

    // Over MCP, and when the retries run out: provider-contract.test.ts.
  });

  it('reports a body that is not JSON, or a page of the wrong shape, as unreadable; skips items it cannot read and reads wrongly typed optional fields as missing', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    await provider.testConnection();
    sim.mcp.nextToolAnswer({ text: '{"conversations": [' });
    const err = await failure(provider.listConversations({}));
    expect(err).toMatchObject({ code: 'bad-response', status: 200 });
    expect(err.message).toBe("Crispy sent a response this app cannot read (conversation list, not JSON) for 'Sales seat' — it will be tried again on the next sync.");
    // The HTTP answer itself not JSON, or not JSON-RPC.
    for (const fault of [{ malformed: true }, { body: { conversations: [] } }]) {
      sim.injectFault(fault);
      expect(await failure(provider.listConversations({})), JSON.stringify(fault)).toMatchObject({ code: 'bad-response', retryable: false });
    }

    for (const payload of [null, { conversations: 'none' }, { nothing: [] }, { conversations: [], next_cursor: { page: 2 } }]) {
      sim.mcp.nextToolAnswer({ payload });
      expect((await failure(provider.listConversations({}))).code, JSON.stringify(payload)).toBe('bad-response');
    }
    // A conversation without an id is skipped; the others are kept, wrongly typed optional fields read as missing.
    sim.mcp.nextToolAnswer({
      payload: {
        conversations: [
          { name: 'no id' },
          { chat_id: 'c1', unread_count: 'two', labels: 'sales' },
          { chat_id: 'c2', last_message: { id: 'm1', text: 'hi', sent_at: true } },
          { chat_id: 'c3', last_message: { id: 'm1', text: 'hi', sent_at: 'yesterday-ish' } },
        ],
      },
    });
    const page = await provider.listConversationsDetailed({});
    expect(page.skipped).toBe(1);
    expect(page.items.map((c) => c.remoteId)).toEqual(['c1', 'c2', 'c3']);
    expect(page.items[0]).toMatchObject({ unreadCount: 0, crispy: { labels: [] } });
    expect(page.items.slice(1).map((c) => c.lastMessage)).toEqual([null, null]);
    sim.mcp.nextToolAnswer({ payload: { messages: [{ id: 'm1', text: 5, sent_at: '2026-01-01T00:00:00Z' }, { id: 'm2', text: 'ok', sent_at: 'never' }] } });
    const messages = await provider.listMessages('chat_1', {});
    expect(messages.items).toMatchObject([{ remoteId: 'm1', text: '' }]);
    expect(messages.skipped).toBe(1);
  });

  it('reads a live shape that differs a little: other field names, an envelope, epoch times, booleans for counts', async () => {
    const { sim, provider } = await setup({ conversations: 0 });
    // structuredContent is read as readily as JSON in the text block.
    sim.mcp.nextToolAnswer({
      structured: {
        data: {
          items: [
            {
              id: 42,
              title: null,
              attendees: [{ profile_id: 'p1', full_name: 'Ada Byron', linkedin_url: 'linkedin.com/in/AdaByron/', surprise: { x: 1 } }],
              latest_message: { message_id: 7, body: 'hi', timestamp: 1_777_000_000, is_me: false },
              unread: true,
              tags: [{ label: 'vip' }, 'sales'],
              is_archived: true,
              snooze_until: 1_777_100_000_000,
              brand_new: true,
            },
          ],
          has_more: false,
          nextCursor: 'ignored-because-has_more-is-false',
        },
      },
    });
    const page = await provider.listConversationsDetailed({});
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      {
        remoteId: '42',
        title: 'Ada Byron',
        participants: [{ remoteId: 'p1', name: 'Ada Byron', headline: null, company: null, avatarUrl: null, profileUrl: 'https://www.linkedin.com/in/adabyron' }],
        lastMessage: { remoteId: '7', senderRemoteId: null, text: 'hi', sentAt: 1_777_000_000_000, fromMe: false },
        unreadCount: 1,
        disconnected: false,
        crispy: { labels: ['vip', 'sales'], archived: true, smartArchived: null, snoozedUntil: 1_777_100_000_000, yourTurn: null },
      },
    ]);

    // Messages out of order come back newest first; a bare array is a page.
    sim.mcp.nextToolAnswer({ payload: [{ id: 'a', text: 'older', created_at: '2026-05-01T10:00:00Z', sender_id: 'p1' }, { id: 'b', content: 'newer', date: 1_778_000_000_000, from_me: true }] });
    const msgs = await provider.listMessages('chat_1', {});
    expect(msgs).toEqual({
      items: [
        { remoteId: 'b', senderRemoteId: null, text: 'newer', sentAt: 1_778_000_000_000, fromMe: true },
        { remoteId: 'a', senderRemoteId: 'p1', text: 'older', sentAt: Date.UTC(2026, 4, 1, 10), fromMe: null },
      ],
      nextCursor: null,
    });
  });

  it('hides the key, and anything shaped like a Crispy key, that Crispy echoes in an error (the rest: provider-contract.test.ts)', async () => {
    const { sim, provider } = await setup({ conversations: 2 }, {}, { options: { maxRateLimitRetries: 0 } });
    const id = sim.conversations[0]!.chatId;
    const errors: AppError[] = [];
    sim.injectFault({ status: 500, body: { error: `internal failure for ${KEY}` } });
    errors.push(await failure(provider.listConversations({})));
    sim.injectFault({ status: 400, body: { error: { code: 'bad', message: `key ${KEY} and crispy_other_key_77 are not valid here` } } });
    errors.push(await failure(provider.mirror(id, { type: 'archive' })));
    errors.push(await failure(provider.listMessages('nope', {})));
    sim.injectFault({ status: 403, body: { error: { code: 'insufficient_scope', message: `scope of ${KEY} is core` } } });
    errors.push(await failure(provider.listLabels()));
    expect(errors.map((e) => e.code)).toEqual(['server', 'invalid-input', 'not-found', 'auth']);
    expect(errors[1]!.message).toBe("Crispy refused the request for 'Sales seat': key [hidden] and [hidden] are not valid here");
    for (const e of errors) {
      expect(JSON.stringify({ message: e.message, shape: e.toShape(), cause: String(e.cause) })).not.toContain(KEY);
    }
  });
});

describe('the simulator keeps to the documented organize and read rules', () => {
  async function post(sim: CrispySim, path: string, body: unknown, auth = `Bearer ${KEY}`) {
    const res = await request(`${sim.baseUrl}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown>, remaining: res.headers['x-ratelimit-remaining'], reset: res.headers['x-ratelimit-reset'] };
  }

  it('validates actions, labels, snooze times and ids, echoes the inputs, and counts only successes', async () => {
    const { sim, clock } = await setup({ conversations: 1, accountIds: ['acc_a', 'acc_b'] });
    sim.addConversation({ chatId: 'chat_b', name: 'Other account', accountId: 'acc_b' });
    const org = `/inbox/conversations/${sim.conversations[0]!.chatId}/organize`;
    const future = new Date(clock.now() + HOUR).toISOString();
    const cases: [unknown, number][] = [
      [{ action: 'star' }, 400],
      [{}, 400],
      [{ action: 'label' }, 400],
      [{ action: 'unlabel', label: '' }, 400],
      [{ action: 'snooze' }, 400],
      [{ action: 'snooze', snooze_until: new Date(clock.now() - 1).toISOString() }, 400],
      [{ action: 'snooze', snooze_until: 'tomorrow' }, 400],
      [{ action: 'smart_archive', return_on_reply: 'yes' }, 400],
    ];
    for (const [body, status] of cases) expect((await post(sim, org, body)).status, JSON.stringify(body)).toBe(status);
    expect((await post(sim, '/inbox/conversations/chat_b/organize', { action: 'archive' })).status).toBe(404);
    expect((await post(sim, '/inbox/conversations/chat_none/read', {})).status).toBe(404);
    expect((await post(sim, org, { action: 'archive' }, 'Bearer crispy_wrong')).status).toBe(401);

    const ok = await post(sim, org, { action: 'snooze', snooze_until: future, note: 'n' });
    expect(ok).toMatchObject({ status: 200, body: { chat_id: sim.conversations[0]!.chatId, action: 'snooze', snooze_until: future, note: 'n', status: 'ok' }, remaining: '199', reset: String(MIDNIGHT / 1000) });
    expect((await post(sim, '/inbox/conversations/chat_b/read', { account_id: 'acc_b' })).body).toEqual({ chat_id: 'chat_b', marked_read: true });
    expect(sim.usedToday('organize', 'acc_a')).toBe(1);
    expect(sim.usedToday('read', 'acc_b')).toBe(1);
    expect(sim.usedToday('read', 'acc_a')).toBe(0);
  });

  it('answers 429 daily_limit_reached past the cap, with the headers', async () => {
    const { sim } = await setup({ conversations: 1, caps: { organize: 1 } });
    const org = `/inbox/conversations/${sim.conversations[0]!.chatId}/organize`;
    expect((await post(sim, org, { action: 'archive' })).remaining).toBe('0');
    expect(await post(sim, org, { action: 'unarchive' })).toEqual({
      status: 429,
      body: { error: { code: 'daily_limit_reached', message: 'Daily limit of 1 organize actions reached' } },
      remaining: '0',
      reset: String(MIDNIGHT / 1000),
    });
    expect(sim.conversations[0]!.archived).toBe(true);
  });
});
