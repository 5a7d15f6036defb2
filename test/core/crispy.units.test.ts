/**
 * Pure parts of the Crispy adapter: error shapes and sentences, daily-cap detection and
 * header numbers, the tolerant schemas and alias lists, and local cap counting when Crispy
 * sends no X-RateLimit headers.
 */
import { describe, expect, it } from 'vitest';
import { MockAgent } from 'undici';
import { AppError } from '../../src/main/core/errors';
import type { HttpResponse } from '../../src/main/core/providers/http';
import { createCrispyProvider } from '../../src/main/core/providers/crispy/adapter';
import { CONFIRMED_PATHS, fillPath, mcpUrlFor } from '../../src/main/core/providers/crispy/api';
import { ASSUMED_FIELDS, ASSUMED_PAGE, ASSUMED_TOOL_ARGS } from '../../src/main/core/providers/crispy/assumed';
import { errorFromResponse, isDailyCapResponse, quote, rateLimitNumbers, serverError } from '../../src/main/core/providers/crispy/errors';
import { toCrispyConversation } from '../../src/main/core/providers/crispy/map';
import { canonical, conversationListSchema, conversationSchema, labelListSchema, messageListSchema, parseSentMessage } from '../../src/main/core/providers/crispy/schemas';
import { testAccount } from '../support/accounts';
import { VirtualClock } from '../support/clock';

const res = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, body, headers, malformed: false });
const NOW = Date.UTC(2026, 10, 21, 9);
const MIDNIGHT_S = Date.UTC(2026, 10, 22) / 1000;
const ctx = { accountName: 'Sales seat', secret: 'crispy_secret_1', now: NOW };

describe('Crispy error bodies', () => {
  it('reads {error}, {error:{code,message}} and {message}', () => {
    expect(serverError({ error: 'label is too long' })).toEqual({ code: null, text: 'label is too long' });
    expect(serverError({ error: { code: 'invalid_label', message: 'label is too long' } })).toEqual({ code: 'invalid_label', text: 'label is too long' });
    expect(serverError({ message: 'label is too long', code: 'E1' })).toEqual({ code: 'E1', text: 'label is too long' });
    expect(serverError({ error: { code: 'daily_limit_reached' } })).toEqual({ code: 'daily_limit_reached', text: null });
    for (const body of [undefined, null, 'oops', [], { error: '' }]) expect(serverError(body)).toEqual({ code: null, text: null });
  });

  it('quotes one line of at most about 200 characters, with any Crispy key hidden', () => {
    const q = quote(`bad key crispy_secret_1\n\tand crispy_someone_elses ${'z'.repeat(500)}`, 'crispy_secret_1')!;
    expect(q.startsWith('bad key [hidden] and [hidden] zzz')).toBe(true);
    expect(q).not.toMatch(/crispy_/);
    expect(q.length).toBe(200);
    expect(q.endsWith('…')).toBe(true);
    expect(quote('   ', undefined)).toBeNull();
  });
});

describe('Crispy error sentences', () => {
  it('keys off the HTTP status first', () => {
    expect(errorFromResponse(res(400, null), ctx)).toMatchObject({ code: 'invalid-input', message: "Crispy refused the request for 'Sales seat'." });
    expect(errorFromResponse(res(422, { error: 'snooze_until must be in the future' }), ctx).message).toBe(
      "Crispy refused the request for 'Sales seat': snooze_until must be in the future",
    );
    expect(errorFromResponse(res(401, { error: 'scope' }), ctx)).toMatchObject({ code: 'auth', message: "Crispy rejected the API key for 'Sales seat' — update it in Settings." });
    expect(errorFromResponse(res(403, { error: { code: 'forbidden' } }), ctx).message).toBe("Crispy rejected the API key for 'Sales seat' — update it in Settings.");
    expect(errorFromResponse(res(403, { error: { code: 'insufficient_scope' } }), ctx).message).toMatch(/^The scope of the Crispy API key for 'Sales seat' does not allow this \(insufficient_scope\)/);
    expect(errorFromResponse(res(404, {}), { ...ctx, conversationId: 'chat_1' }).message).toMatch(/could not find this conversation .* another LinkedIn account/);
    expect(errorFromResponse(res(503, null), ctx)).toMatchObject({ code: 'server', retryable: true, status: 503 });
    expect(errorFromResponse(res(418, { message: 'teapot' }), ctx)).toMatchObject({ code: 'bad-response', retryable: false });
  });

  it("adds what Crispy keys look like when the rejected key does not", () => {
    expect(errorFromResponse(res(401, null), { ...ctx, secret: 'sk_live_x' }).message).toBe(
      "Crispy rejected the API key for 'Sales seat' — update it in Settings. Crispy keys start with 'crispy_'.",
    );
  });

  it('tells a daily cap from a short-term limit, and takes the wait from Retry-After or the reset', () => {
    const burst = errorFromResponse(res(429, { error: 'slow down' }, { 'retry-after': '12' }), ctx);
    expect(burst).toMatchObject({ code: 'rate-limited', retryAfterMs: 12_000 });
    expect(burst.message).toMatch(/try again in 12 s/);
    expect(errorFromResponse(res(429, {}, { 'x-ratelimit-reset': String(NOW / 1000 + 30), 'x-ratelimit-remaining': '0' }), ctx).retryAfterMs).toBe(30_000);

    const daily = errorFromResponse(res(429, { message: 'Daily limit of 150 messages reached' }), ctx);
    expect(daily).toMatchObject({ code: 'rate-limited', retryAfterMs: 15 * 3_600_000 });
    expect(daily.message).toBe("Crispy says today's limit for 'Sales seat' is used up. It resets at 00:00 UTC (in about 15 h).");
  });

  it('reads a 429 as the daily cap by its words, or by nothing left until a far reset', () => {
    expect(isDailyCapResponse(res(429, { error: { code: 'daily_limit_reached' } }), NOW)).toBe(true);
    expect(isDailyCapResponse(res(429, { error: 'safety limit reached for this account' }), NOW)).toBe(true);
    expect(isDailyCapResponse(res(429, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(MIDNIGHT_S) }), NOW)).toBe(true);
    expect(isDailyCapResponse(res(429, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 60) }), NOW)).toBe(false);
    expect(isDailyCapResponse(res(429, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(MIDNIGHT_S), 'retry-after': '5' }), NOW)).toBe(false);
    expect(isDailyCapResponse(res(429, { error: 'Too many requests' }), NOW)).toBe(false);
    expect(isDailyCapResponse(res(400, { error: { code: 'daily_limit_reached' } }), NOW)).toBe(false);
  });

  it('reads X-RateLimit-* numbers, reset in Unix seconds (or milliseconds)', () => {
    expect(rateLimitNumbers(res(200, null, { 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '17', 'x-ratelimit-reset': String(MIDNIGHT_S) }), NOW)).toEqual({
      limit: 200,
      remaining: 17,
      resetAt: MIDNIGHT_S * 1000,
    });
    expect(rateLimitNumbers(res(200, null, { 'x-ratelimit-reset': String(MIDNIGHT_S * 1000) }), NOW)!.resetAt).toBe(MIDNIGHT_S * 1000);
    expect(rateLimitNumbers(res(200, null, { 'x-ratelimit-remaining': 'lots' }), NOW)).toBeNull();
    expect(rateLimitNumbers(res(200, null), NOW)).toBeNull();
  });
});

describe('Crispy schemas (tolerant, from the ASSUMED alias lists)', () => {
  it('takes the first alias with a value, keeps an all-null field null and leaves a missing one out', () => {
    expect(canonical({ id: 'x', chat_id: null, title: 'T' }, { id: ['chat_id', 'id'], name: ['name', 'title'], gone: ['nope'] })).toEqual({ id: 'x', name: 'T' });
    expect(canonical({ name: null, title: null }, { name: ['name', 'title'] })).toEqual({ name: null });
  });

  it('reads a page at the top level, in a data envelope with the cursor outside, or as a bare array', () => {
    const conv = { chat_id: 'chat_1' };
    expect(conversationListSchema.parse({ conversations: [conv], next_cursor: 'n1' })).toMatchObject({ items: [{ id: 'chat_1' }], nextCursor: 'n1' });
    expect(conversationListSchema.parse({ data: [conv], next_cursor: 'n2' })).toMatchObject({ nextCursor: 'n2' });
    expect(conversationListSchema.parse({ result: { items: [conv], nextCursor: 'n3' } })).toMatchObject({ nextCursor: 'n3' });
    expect(conversationListSchema.parse([conv])).toMatchObject({ items: [{ id: 'chat_1' }], nextCursor: null });
    expect(conversationListSchema.parse({ conversations: [], next_cursor: '' }).nextCursor).toBeNull();
    expect(messageListSchema.parse({ messages: [], next_cursor: 'more', has_more: false }).nextCursor).toBeNull();
    expect(conversationListSchema.safeParse({ unrelated: [conv] }).success).toBe(false);
  });

  it('reads labels as strings or objects, with counts when given', () => {
    expect(labelListSchema.parse({ labels: ['sales', { name: 'vip', count: 4 }, { label: 'hiring', usage_count: 2 }] }).items).toEqual([
      { name: 'sales', count: null },
      { name: 'vip', count: 4 },
      { name: 'hiring', count: 2 },
    ]);
    expect(conversationListSchema.parse({ conversations: [{ chat_id: 'c', labels: ['a', '  ', { name: 'b' }] }] }).items[0]!.labels).toEqual(['a', 'b']);
  });

  it('finds the sent message bare, wrapped, or in an envelope, and gives null for anything else', () => {
    const msg = { id: 'msg_9', text: 'hi', sent_at: '2026-05-03T15:20:00.000Z' };
    for (const body of [msg, { message: msg }, { data: msg }, { data: { message: msg } }, { result: msg }]) {
      expect(parseSentMessage(body), JSON.stringify(body)).toMatchObject({ id: 'msg_9', text: 'hi', sentAt: Date.UTC(2026, 4, 3, 15, 20) });
    }
    for (const body of [undefined, null, 'ok', { message: 'Message sent' }, { status: 'ok' }, { id: 'x' }]) expect(parseSentMessage(body)).toBeNull();
  });
});

describe('who a Crispy conversation is with (the shape is unconfirmed)', () => {
  const person = { id: 'li_1', headline: 'CTO', company: 'Kestrel Labs', avatar_url: 'https://media.example.test/a.jpg', profile_url: 'https://www.linkedin.com/in/ada-1' };
  const row = (extra: Record<string, unknown>) => toCrispyConversation(conversationSchema.parse({ chat_id: 'chat_1', ...extra }), undefined);

  it('reads the other person as one object, a list, or attendees, each titled by their name with headline and picture', () => {
    for (const shape of [{ participant: { ...person, name: 'Ada Lovelace' } }, { participants: [{ ...person, name: 'Ada Lovelace' }] }, { attendees: [{ ...person, name: 'Ada Lovelace' }] }]) {
      const c = row(shape);
      expect(c.title, JSON.stringify(shape)).toBe('Ada Lovelace');
      expect(c.participants, JSON.stringify(shape)).toEqual([
        { remoteId: 'li_1', name: 'Ada Lovelace', headline: 'CTO', company: 'Kestrel Labs', avatarUrl: 'https://media.example.test/a.jpg', profileUrl: 'https://www.linkedin.com/in/ada-1' },
      ]);
    }
  });

  it('reads a name given as first and last name (either spelling), or as full_name', () => {
    expect(row({ participant: { ...person, first_name: 'Ada', last_name: 'Lovelace' } }).title).toBe('Ada Lovelace');
    expect(row({ attendees: [{ ...person, firstName: 'Grace', lastName: 'Hopper' }] }).participants[0]!.name).toBe('Grace Hopper');
    expect(row({ participants: [{ ...person, first_name: 'Cher' }] }).title).toBe('Cher');
    expect(row({ participants: [{ ...person, full_name: 'Alan Turing' }] }).title).toBe('Alan Turing');
  });
});

describe('the ASSUMED API file', () => {
  it('declares every path, and a non-empty list of names for every field and tool argument', () => {
    for (const path of Object.values(CONFIRMED_PATHS)) expect(path).toMatch(/^\/[a-z]/);
    for (const list of Object.values(ASSUMED_TOOL_ARGS)) {
      expect(list.length).toBeGreaterThan(0);
      expect(new Set(list).size).toBe(list.length);
    }
    const lists = (o: object): (readonly string[])[] => Object.values(o).flatMap((v) => (Array.isArray(v) ? [v as readonly string[]] : lists(v as object)));
    for (const list of lists(ASSUMED_FIELDS)) {
      expect(list.length).toBeGreaterThan(0);
      expect(new Set(list).size).toBe(list.length);
    }
    expect(ASSUMED_PAGE.defaultLimit).toBeLessThanOrEqual(ASSUMED_PAGE.maxLimit);
    expect(fillPath(CONFIRMED_PATHS.organize, 'chat 9f/2a?')).toBe('/inbox/conversations/chat%209f%2F2a%3F/organize');
  });

  it('finds the MCP endpoint beside the REST base, as crispy.sh has it', () => {
    expect(mcpUrlFor('https://crispy.sh/api/v1')).toBe('https://crispy.sh/api/mcp');
    expect(mcpUrlFor('https://crispy.sh/api/v1/')).toBe('https://crispy.sh/api/mcp');
    expect(mcpUrlFor('http://127.0.0.1:4000/proxy/api/v1')).toBe('http://127.0.0.1:4000/proxy/api/mcp');
  });
});

describe('Crispy daily caps without headers', () => {
  it('counts locally and refuses the 151st message of the day before calling', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    let sends = 0;
    mock
      .get('https://crispy.sh')
      .intercept({ path: '/api/mcp', method: 'POST' })
      .reply((req) => {
        const msg = JSON.parse(String(req.body)) as { id?: number; method: string };
        if (msg.id === undefined) return { statusCode: 202, data: '' };
        if (msg.method === 'tools/call') sends++;
        const result =
          msg.method === 'initialize'
            ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'crispy', version: '1' } }
            : msg.method === 'tools/list'
              ? { tools: [] }
              : { content: [{ type: 'text', text: JSON.stringify({ message: { id: 'm', text: 't', sent_at: NOW } }) }], isError: false };
        return { statusCode: 200, data: JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }), responseOptions: { headers: { 'content-type': 'application/json', 'mcp-session-id': 's1' } } };
      })
      .persist();
    const provider = createCrispyProvider({
      account: testAccount('crispy', {}, 'Recruiting'),
      getApiKey: async () => 'crispy_k',
      dispatcher: mock,
      clock: new VirtualClock(NOW),
    });
    for (let i = 0; i < 150; i++) await provider.sendMessage({ remoteConversationId: 'chat_1', recipient: null }, `m${i}`);
    expect(sends).toBe(150);
    const err = await provider.sendMessage({ remoteConversationId: 'chat_1', recipient: null }, 'one more').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'rate-limited',
      retryAfterMs: 15 * 3_600_000,
      message: "Crispy allows 150 messages sent a day for 'Recruiting', and today's are used up. It resets at 00:00 UTC (in about 15 h).",
    });
    expect(provider.dailyCaps()[0]).toEqual({ action: 'send', limit: 150, used: 150, resetAt: MIDNIGHT_S * 1000 });
    expect(sends).toBe(150);
    await mock.close();
  });
});
