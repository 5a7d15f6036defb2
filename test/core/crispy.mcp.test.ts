/**
 * Crispy's MCP transport against the loopback simulator (which speaks JSON-RPC itself, no MCP
 * library): who a conversation is with in each unconfirmed shape, argument names read from
 * tools/list once and kept (read again only when a call is refused for its arguments), a
 * session that ends mid-sync, answers as JSON or SSE, a send whose answer is lost delivered
 * exactly once by the outbox, and the key in no error.
 */
import { describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { AppError } from '../../src/main/core/errors';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { createCrispyProvider, type CrispyProvider } from '../../src/main/core/providers/crispy/adapter';
import type { SendTarget } from '../../src/main/core/providers/types';
import { startCrispySimulator, type CrispySim, type CrispySimOptions } from '../simulators/crispy';
import { cleanupAfterEach } from '../support/cleanups';
import { VirtualClock } from '../support/clock';
import { testAccount } from '../support/accounts';
import { sendAtOnce, tempDataDir } from '../support/core';

const KEY = 'crispy_mcp_7Hq+/x==';
const defer = cleanupAfterEach();
const to = (remoteConversationId: string): SendTarget => ({ remoteConversationId, recipient: null });

async function setup(simOpts: Partial<CrispySimOptions> = {}, timeoutMs?: number): Promise<{ sim: CrispySim; provider: CrispyProvider; clock: VirtualClock }> {
  const clock = new VirtualClock();
  const sim = await startCrispySimulator({ apiKey: KEY, conversations: 6, now: () => clock.now(), ...simOpts });
  const agent = new Agent({ connections: 4 });
  defer(async () => {
    await sim.close();
    await agent.destroy();
  });
  const provider = createCrispyProvider(
    { account: testAccount('crispy', { baseUrl: sim.baseUrl }), getApiKey: async () => KEY, dispatcher: agent, clock },
    timeoutMs === undefined ? {} : { timeoutMs },
  );
  return { sim, provider, clock };
}

async function coreWorld(simOpts: Partial<CrispySimOptions> = {}): Promise<{ sim: CrispySim; core: InboxCore; accountId: string; clock: VirtualClock }> {
  const clock = new VirtualClock(undefined, { autoAdvance: true });
  const sim = await startCrispySimulator({ apiKey: KEY, now: () => clock.now(), ...simOpts });
  const agent = new Agent({ connections: 4 });
  const { dir, cleanup } = tempDataDir('inbox-crispy-mcp-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent, clock, settings: sendAtOnce(), allowLoopbackBaseUrls: true });
  defer(cleanup, () => sim.close(), () => agent.destroy(), () => core.close());
  const account = await core.addAccount({ provider: 'crispy', name: 'Crispy seat', apiKey: KEY, config: { baseUrl: sim.baseUrl } });
  return { sim, core, accountId: account.id, clock };
}

const toolCalls = (sim: CrispySim) => sim.mcp.calls.filter((c) => c.method === 'tools/call').map((c) => [c.tool!, c.arguments!] as const);
const toolLists = (sim: CrispySim) => sim.mcp.calls.filter((c) => c.method === 'tools/list').length;

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('who a conversation is with, in each shape Crispy may use', () => {
  for (const participantShape of ['participant', 'participants', 'attendees'] as const) {
    for (const nameShape of ['name', 'first_last'] as const) {
      it(`names the row after the other person: ${participantShape}, ${nameShape === 'name' ? 'name' : 'first + last name'}`, async () => {
        const { sim, provider } = await setup({ conversations: 0, participantShape, nameShape });
        sim.addConversation({
          chatId: 'chat_ada',
          name: 'Ada Lovelace',
          participants: [{ id: 'li_ada', name: 'Ada Lovelace', headline: 'Analyst', company: 'Babbage & Co', profileUrl: 'https://www.linkedin.com/in/ada', avatarUrl: 'https://media.example.test/ada.jpg' }],
        });
        sim.addInboundMessage('chat_ada', 'Hello!');
        const [row] = (await provider.listConversations({})).items;
        expect(row!.title).toBe('Ada Lovelace');
        expect(row!.participants).toEqual([
          { remoteId: 'li_ada', name: 'Ada Lovelace', headline: 'Analyst', company: 'Babbage & Co', avatarUrl: 'https://media.example.test/ada.jpg', profileUrl: 'https://www.linkedin.com/in/ada' },
        ]);
        expect(row!.lastMessage).toMatchObject({ text: 'Hello!', fromMe: false });
      });
    }
  }
});

describe('argument names from tools/list', () => {
  for (const conversationArg of ['chat_id', 'conversation_id'] as const) {
    it(`sends the conversation as ${conversationArg} when tools/list declares it, reading tools/list once for every call`, async () => {
      const { sim, provider } = await setup({ mcp: { conversationArg } });
      const chat = (await provider.listConversations({ limit: 2 })).items[0]!.remoteId;
      await provider.listMessages(chat, { limit: 5 });
      await provider.sendMessage(to(chat), 'hi there');
      await provider.listMessages(chat, {});
      expect(toolCalls(sim)).toEqual([
        ['list_conversations', { limit: 2 }],
        ['get_messages', { [conversationArg]: chat, limit: 5 }],
        ['send_message', { [conversationArg]: chat, text: 'hi there' }],
        ['get_messages', { [conversationArg]: chat }],
      ]);
      expect(sim.sent.map((s) => [s.chatId, s.text])).toEqual([[chat, 'hi there']]);
      expect(toolLists(sim)).toBe(1);
      expect(sim.mcp.sessionsStarted).toBe(1);
    });
  }

  for (const argumentErrors of ['jsonrpc', 'isError'] as const) {
    it(`reads tools/list again when a call is refused for an unknown argument (${argumentErrors === 'jsonrpc' ? 'JSON-RPC error' : 'isError result'}), and keeps the new name`, async () => {
      const { sim, provider } = await setup({ mcp: { conversationArg: 'conversation_id', argumentErrors } });
      const chat = (await provider.listConversations({})).items[0]!.remoteId;
      await provider.listMessages(chat, {});
      // Crispy renames the argument under a running session.
      sim.mcp.setConversationArg('chat_id');
      const sent = await provider.sendMessage(to(chat), 'once only');
      expect(sent).toMatchObject({ text: 'once only', fromMe: true });
      await provider.listMessages(chat, {});
      expect(toolCalls(sim).map(([tool, args]) => [tool, Object.keys(args).sort()])).toEqual([
        ['list_conversations', []],
        ['get_messages', ['conversation_id']],
        ['send_message', ['conversation_id', 'text']],
        ['send_message', ['chat_id', 'text']],
        ['get_messages', ['chat_id']],
      ]);
      expect(sim.sent.map((s) => s.text)).toEqual(['once only']);
      expect(toolLists(sim)).toBe(2);
    });
  }

  it('says the request was refused when new names do not help, reading tools/list only once more', async () => {
    const { sim, provider } = await setup();
    const chat = (await provider.listConversations({})).items[0]!.remoteId;
    sim.mcp.nextToolAnswer({ jsonrpcError: { code: -32602, message: "Invalid params: Unknown argument 'flavour'" } });
    const err = await failure(provider.listMessages(chat, {}));
    expect(err).toMatchObject({ code: 'invalid-input', message: "Crispy refused the request for 'Sales seat': Invalid params: Unknown argument 'flavour'" });
    expect(toolLists(sim)).toBe(2);
  });
});

describe('sessions', () => {
  it('initializes again when the session ends mid-sync, losing and repeating no page', async () => {
    // The same sync twice: once calm, once with the session ending after the first page.
    const calm = await coreWorld({ conversations: 60, seed: 7 });
    await calm.core.syncNow(calm.accountId);
    const { sim, core, accountId } = await coreWorld({ conversations: 60, seed: 7 });
    sim.mcp.expireAfterCalls(1);
    await core.syncNow(accountId);
    // Every call Crispy served, in order, is the calm run's: the one refused with 404 was sent again, nothing twice.
    expect(toolCalls(sim)).toEqual(toolCalls(calm.sim));
    expect(toolCalls(sim).filter(([tool]) => tool === 'list_conversations').length).toBeGreaterThanOrEqual(2);
    expect(sim.requests.filter((r) => r.status === 404)).toHaveLength(1);
    // One session more than the calm run (adding the account checks it with a session of its own), and no more tools/list.
    expect(sim.mcp.sessionsStarted).toBe(calm.sim.mcp.sessionsStarted + 1);
    expect(toolLists(sim)).toBe(toolLists(calm.sim));
    // A second sync keeps the session and the names it learned.
    await core.syncNow(accountId);
    expect(sim.mcp.sessionsStarted).toBe(calm.sim.mcp.sessionsStarted + 1);
    expect(toolLists(sim)).toBe(toolLists(calm.sim));
    const inbox = await core.listConversations({ view: 'all', limit: 500 });
    expect(inbox.total).toBe(60);
    expect(new Set(inbox.items.map((c) => c.id)).size).toBe(60);
    expect(new Set(inbox.items.map((c) => c.title))).toEqual(new Set(sim.conversations.map((c) => c.name)));
  });

  it('pages on in a new session after Crispy ends the old one between pages', async () => {
    const { sim, provider } = await setup({ conversations: 120 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await provider.listConversations({ cursor, limit: 50 });
      seen.push(...page.items.map((c) => c.remoteId));
      cursor = page.nextCursor;
      if (++pages === 1) sim.mcp.expireSessions();
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(sim.mcp.sessionsStarted).toBe(2);
    // The 404 is answered before any work: each page was served once.
    expect(toolCalls(sim)).toHaveLength(3);
  });
});

describe('answers as JSON or as an SSE stream', () => {
  it('reads lists, messages and sends answered over SSE, and a switch back to JSON', async () => {
    const { sim, provider } = await setup({ mcp: { answer: 'sse' } });
    const page = await provider.listConversations({});
    expect(page.items).toHaveLength(6);
    const chat = page.items[0]!.remoteId;
    const thread = await provider.listMessages(chat, {});
    expect(thread.items.map((m) => m.text)).toEqual(sim.conversations.find((c) => c.chatId === chat)!.messages.map((m) => m.text));
    expect(await provider.sendMessage(to(chat), 'over SSE')).toMatchObject({ text: 'over SSE', fromMe: true });
    sim.mcp.setAnswer('json');
    expect((await provider.listConversations({})).items[0]!.remoteId).toBe(chat);
    expect(sim.requests.filter((r) => r.path === '/api/mcp').every((r) => r.status === 200 || r.status === 202)).toBe(true);
  });

  it('takes an SSE stream cut before its answer as a failed connection that may have sent', async () => {
    const { sim, provider } = await setup({ mcp: { answer: 'sse' } });
    const chat = (await provider.listConversations({})).items[0]!.remoteId;
    sim.injectFault({ truncate: true });
    const err = await failure(provider.sendMessage(to(chat), 'cut'));
    expect(err).toMatchObject({ code: 'network', retryable: true, mayHaveReachedProvider: true });
    expect(sim.sent.map((s) => s.text)).toEqual(['cut']);
  });
});

describe('exactly-once sends when the answer is lost', () => {
  for (const answer of ['json', 'sse'] as const) {
    it(`delivers a reply once when Crispy sent it but the answer never arrived (${answer})`, async () => {
      const { sim, core, accountId, clock } = await coreWorld({ conversations: 3, seed: 5, mcp: { answer } });
      await core.syncNow(accountId);
      const chat = sim.conversations[0]!;
      const id = core.conversationIdFor(accountId, chat.chatId)!;
      await core.sendReply(id, 'Tuesday works');
      sim.injectFault(answer === 'json' ? { resetAfterWrite: true } : { truncate: true });
      await core.deliverOutbox();
      expect(sim.sent.map((s) => s.text)).toEqual(['Tuesday works']);
      const [entry] = core.outboxEntries();
      expect(entry).toMatchObject({ status: 'pending', attempts: 1 });

      clock.advance(entry!.nextAttemptAt - clock.now());
      await core.deliverOutbox();
      expect(sim.sent.map((s) => s.text)).toEqual(['Tuesday works']);
      expect(core.outboxEntries()).toMatchObject([{ status: 'done', attempts: 2 }]);
      const thread = await core.openConversation(id);
      expect(thread.messages.filter((m) => m.text === 'Tuesday works').map((m) => m.status)).toEqual(['sent']);
    });
  }
});

describe('daily caps over MCP', () => {
  it("adopts Crispy's refusal of a send past the day's cap (an isError result), then refuses before calling", async () => {
    const { sim, provider } = await setup();
    const chat = sim.conversations[0]!.chatId;
    await provider.sendMessage(to(chat), 'first');
    // Sends from elsewhere used up the day: Crispy refuses this one.
    sim.mcp.nextToolAnswer({ error: 'Daily limit of 150 messages sent reached' });
    const err = await failure(provider.sendMessage(to(chat), 'second'));
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryable: true });
    expect(err.message).toMatch(/^Crispy allows 150 messages sent a day for 'Sales seat', and today's are used up\./);
    const calls = toolCalls(sim).length;
    expect((await failure(provider.sendMessage(to(chat), 'third'))).code).toBe('rate-limited');
    expect(toolCalls(sim)).toHaveLength(calls);
    expect(sim.sent.map((s) => s.text)).toEqual(['first']);
  });
});

describe('the key', () => {
  it('never appears in an error, whatever Crispy echoes', async () => {
    const { sim, provider } = await setup({}, 300);
    const chat = sim.conversations[0]!.chatId;
    const errors: AppError[] = [];
    sim.injectFault({ status: 401, body: { error: `Missing API key: got ${KEY}` } });
    errors.push(await failure(provider.listConversations({})));
    await provider.listConversations({});
    sim.mcp.nextToolAnswer({ error: `Key ${KEY} not permitted for this scope` });
    errors.push(await failure(provider.listMessages(chat, {})));
    sim.mcp.nextToolAnswer({ jsonrpcError: { code: -32603, message: `internal: ${KEY}` } });
    errors.push(await failure(provider.sendMessage(to(chat), 'x')));
    sim.mcp.nextToolAnswer({ error: `exploded near ${KEY}` });
    errors.push(await failure(provider.listConversations({})));
    sim.injectFault({ status: 404, body: { error: `session ${KEY} not found` } });
    sim.injectFault({ status: 404, body: { error: `session ${KEY} not found` } });
    errors.push(await failure(provider.listConversations({})));
    sim.injectFault({ hangMs: 1_500 });
    errors.push(await failure(provider.listLabels()));
    // The 5th: the session's 404, then a 404 to the new initialize too (no session: a wrong address).
    expect(errors.map((e) => e.code)).toEqual(['auth', 'auth', 'server', 'server', 'not-found', 'network']);
    for (const e of errors) {
      expect(JSON.stringify({ message: e.message, shape: e.toShape(), stack: e.stack, cause: String(e.cause) })).not.toContain(KEY);
      expect(e.message).not.toMatch(/crispy_/);
    }
  });
});
