/**
 * Pure parts of the ConnectSafely adapter (error bodies and sentences, rate-limit headers, URN
 * encoding, profile ids, the list row mapping) and a few transport details checked with MockAgent:
 * the default base URL, a 429 that gives only X-RateLimit-Reset, and a redirect to another host.
 */
import { describe, expect, it } from 'vitest';
import { MockAgent } from 'undici';
import { AppError } from '../../src/main/core/errors';
import { systemClock } from '../../src/main/core/ports';
import type { HttpResponse } from '../../src/main/core/providers/http';
import { capFromHeaders, createConnectSafelyProvider, encodeUrn } from '../../src/main/core/providers/connectsafely/adapter';
import { errorFromResponse, parseRateLimitReset, serverMessage } from '../../src/main/core/providers/connectsafely/errors';
import { isSyntheticLatestId, profileUrlFor, recipientFields, toRemoteConversation } from '../../src/main/core/providers/connectsafely/map';
import { conversationSchema } from '../../src/main/core/providers/connectsafely/schemas';
import type { RemoteParticipant } from '../../src/main/core/providers/types';
import { testAccount } from '../support/accounts';
import { VirtualClock } from '../support/clock';

const KEY = 'cs_secret_1';
const res = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, body, headers, malformed: false });
const ctx = { accountName: 'Sales seat', secret: KEY, now: Date.UTC(2026, 10, 21, 9) };

describe('ConnectSafely error bodies', () => {
  it('reads the reason from all three documented shapes, and a nested error object', () => {
    expect(serverMessage({ error: 'Unauthorized - bad key' })).toBe('Unauthorized - bad key');
    expect(serverMessage({ success: false, error: 'conversationUrn is required' })).toBe('conversationUrn is required');
    expect(serverMessage({ success: false, code: 'validation_error', message: 'count must be at most 100' })).toBe('count must be at most 100');
    expect(serverMessage({ success: false, error: { code: 'x', message: 'Nested reason' } })).toBe('Nested reason');
    expect(serverMessage({ success: false, code: 'validation_error' })).toBe('validation_error');
    for (const body of [undefined, null, 'oops', {}, { error: '   ' }, { success: false }]) expect(serverMessage(body)).toBeNull();
  });

  it('quotes at most about 200 characters and hides the key, or any bearer token, if echoed', () => {
    const err = errorFromResponse(res(400, { success: false, error: `bad key ${KEY} and Bearer abc.def ${'z'.repeat(500)}` }), ctx);
    expect(err.code).toBe('invalid-input');
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain('abc.def');
    expect(err.message).toContain('bad key [hidden] and Bearer [hidden]');
    expect(err.message.length).toBeLessThan(280);
    expect(err.message.endsWith('…')).toBe(true);
  });

  it('keys off the status first, whatever the body says', () => {
    const said = { success: false, code: 'validation_error', message: 'whatever' };
    expect(errorFromResponse(res(401, said), ctx)).toMatchObject({ code: 'auth', message: "ConnectSafely rejected the API key for 'Sales seat' — update it in Settings." });
    expect(errorFromResponse(res(403, said), ctx).code).toBe('auth');
    expect(errorFromResponse(res(422, said), ctx).code).toBe('invalid-input');
    expect(errorFromResponse(res(503, said), ctx)).toMatchObject({ code: 'server', retryable: true, status: 503 });
    expect(errorFromResponse(res(418, said), ctx).code).toBe('bad-response');
    expect(errorFromResponse(res(400, null), ctx).message).toBe("ConnectSafely refused the request for 'Sales seat'.");
  });

  it('tells a missing conversation from a missing account on 404', () => {
    const conversation = { ...ctx, conversationId: 'urn:li:msg_conversation:(a,2-b)' };
    expect(errorFromResponse(res(404, { error: 'Conversation not found' }), conversation).message).toMatch(/could not find this conversation/);
    // A send concerns a conversation, but its 404 may be about the account (connectsafely.md §2.3).
    expect(errorFromResponse(res(404, { success: false, error: 'LinkedIn account not found: acc_x' }), conversation).message).toMatch(/does not know the LinkedIn account/);
    expect(errorFromResponse(res(404, {}), ctx).message).toMatch(/does not know the LinkedIn account set for 'Sales seat'/);
  });

  it('takes the wait from Retry-After, else from an ISO X-RateLimit-Reset, else a minute', () => {
    expect(errorFromResponse(res(429, {}, { 'retry-after': '7' }), ctx).retryAfterMs).toBe(7_000);
    const reset = new Date(ctx.now + 42_000).toISOString();
    const byReset = errorFromResponse(res(429, {}, { 'x-ratelimit-reset': reset }), ctx);
    expect(byReset).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 42_000 });
    expect(byReset.message).toBe("ConnectSafely is limiting how fast 'Sales seat' can make requests — the app will try again in 42 s.");
    expect(errorFromResponse(res(429, {}), ctx).retryAfterMs).toBe(60_000);
  });
});

describe('ConnectSafely rate-limit headers', () => {
  it('reads X-RateLimit-Reset as ISO 8601, epoch seconds, epoch milliseconds or seconds from now', () => {
    const now = ctx.now;
    expect(parseRateLimitReset('2026-11-22T00:00:00.000Z', now)).toBe(Date.UTC(2026, 10, 22));
    expect(parseRateLimitReset(String(Date.UTC(2026, 10, 22) / 1000), now)).toBe(Date.UTC(2026, 10, 22));
    expect(parseRateLimitReset(String(Date.UTC(2026, 10, 22)), now)).toBe(Date.UTC(2026, 10, 22));
    expect(parseRateLimitReset('30', now)).toBe(now + 30_000);
    expect(parseRateLimitReset('tomorrow', now)).toBeNull();
    expect(parseRateLimitReset(undefined, now)).toBeNull();
  });

  it('takes daily-cap numbers only from responses whose action is messages', () => {
    const headers = { 'x-ratelimit-limit': '150', 'x-ratelimit-used': '149', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '2026-11-22T00:00:00Z' };
    expect(capFromHeaders(res(200, {}, { ...headers, 'x-ratelimit-action': 'messages' }), ctx.now)).toEqual({ limit: 150, remaining: 1, resetAt: Date.UTC(2026, 10, 22) });
    expect(capFromHeaders(res(200, {}, { ...headers, 'x-ratelimit-action': 'profile_views' }), ctx.now)).toBeNull();
    expect(capFromHeaders(res(200, {}, headers), ctx.now)).toBeNull();
    // Used without Remaining still gives what is left.
    expect(capFromHeaders(res(200, {}, { 'x-ratelimit-action': 'messages', 'x-ratelimit-limit': '100', 'x-ratelimit-used': '100' }), ctx.now)).toEqual({
      limit: 100,
      remaining: 0,
      resetAt: undefined,
    });
  });
});

describe('ConnectSafely ids', () => {
  it('escapes every reserved character of a URN for a path segment', () => {
    expect(encodeUrn('urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAOwner,2-Zm+h/a2U==)')).toBe(
      'urn%3Ali%3Amsg_conversation%3A%28urn%3Ali%3Afsd_profile%3AACoAAOwner%2C2-Zm%2Bh%2Fa2U%3D%3D%29',
    );
    expect(decodeURIComponent(encodeUrn("a!b'c*d(e)"))).toBe("a!b'c*d(e)");
    expect(encodeUrn("a!b'c*d")).toBe('a%21b%27c%2Ad');
  });

  it('links vanity slugs, member ids and their URNs to a profile, and nothing else', () => {
    expect(profileUrlFor('kai-berg')).toBe('https://www.linkedin.com/in/kai-berg');
    expect(profileUrlFor('Kai-Berg')).toBe('https://www.linkedin.com/in/kai-berg');
    expect(profileUrlFor('ACoAAB12xyz')).toBe('https://www.linkedin.com/in/ACoAAB12xyz');
    expect(profileUrlFor('urn:li:fsd_profile:ACoAAB12xyz')).toBe('https://www.linkedin.com/in/ACoAAB12xyz');
    expect(profileUrlFor('https://www.linkedin.com/in/kai-berg/?trk=x')).toBe('https://www.linkedin.com/in/kai-berg');
    for (const id of ['urn:li:member:123', 'Kai Berg', '', 'https://example.com/in/kai']) expect(profileUrlFor(id)).toBeNull();
  });

  it('names the recipient of a send by slug, member id and URN, or from the profile URL', () => {
    const person = (remoteId: string, profileUrl: string | null = null): RemoteParticipant => ({ remoteId, name: 'Kai', headline: null, company: null, avatarUrl: null, profileUrl });
    expect(recipientFields(person('kai-berg'))).toEqual({ recipientProfileId: 'kai-berg' });
    expect(recipientFields(person('ACoAAB12xyz'))).toEqual({ recipientProfileId: 'ACoAAB12xyz', recipientProfileUrn: 'urn:li:fsd_profile:ACoAAB12xyz' });
    expect(recipientFields(person('urn:li:fsd_profile:ACoAAB12xyz'))).toEqual({ recipientProfileUrn: 'urn:li:fsd_profile:ACoAAB12xyz' });
    expect(recipientFields(person('urn:li:member:9', 'https://linkedin.com/in/Kai-Berg'))).toEqual({ recipientProfileId: 'kai-berg' });
    expect(recipientFields(person('Kai Berg'))).toEqual({});
    expect(recipientFields(null)).toEqual({});
  });
});

describe('ConnectSafely list rows', () => {
  const row = (latest: Record<string, unknown> | null, participants = [{ profileId: 'kai-berg', name: 'Kai Berg' }, { profileId: 'ACoAAZ9', name: 'Zoe Kim' }]) =>
    toRemoteConversation(conversationSchema.parse({ conversationUrn: 'urn:li:msg_conversation:(o,2-x)', unreadCount: 2, participants, latestMessage: latest }));

  it('titles a group by its names and attributes the latest message by name, ignoring case', () => {
    const c = row({ text: 'hi', sentAt: 1_778_100_000_000, senderName: 'zoe KIM' });
    expect(c.title).toBe('Kai Berg, Zoe Kim');
    expect(c.lastMessage).toEqual({ remoteId: 'latest:urn:li:msg_conversation:(o,2-x):1778100000000', senderRemoteId: 'ACoAAZ9', text: 'hi', sentAt: 1_778_100_000_000, fromMe: false });
    expect(isSyntheticLatestId(c.lastMessage!.remoteId)).toBe(true);
    expect(isSyntheticLatestId('urn:li:msg_message:(o,2-y)')).toBe(false);
  });

  it('leaves a latest message by someone else (likely the owner) to the core, and an undated one out', () => {
    expect(row({ text: 'mine', sentAt: 1_778_100_000_000, senderName: 'Alex Morgan' }).lastMessage).toMatchObject({ senderRemoteId: null, fromMe: null });
    expect(row({ text: 'x', senderName: 'Kai Berg' }).lastMessage).toBeNull();
    expect(row(null, []).title).toBe('LinkedIn conversation');
  });
});

describe('ConnectSafely transport', () => {
  const account = (config = {}) => testAccount('connectsafely', config, 'Sales seat', 'acc-1');

  it('talks to https://api.connectsafely.ai/linkedin with the Bearer key when no base URL is set', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://api.connectsafely.ai')
      .intercept({ path: '/linkedin/conversations?count=1&accountId=acc_main', method: 'GET', headers: { authorization: `Bearer ${KEY}` } })
      .reply(200, { success: true, conversations: [], nextCursor: null, hasMore: false });
    const provider = createConnectSafelyProvider({ account: account({ accountId: 'acc_main' }), getApiKey: async () => KEY, dispatcher: mock, clock: systemClock });
    await expect(provider.testConnection()).resolves.toBeUndefined();
    mock.assertNoPendingInterceptors();
    await mock.close();
  });

  it('waits until X-RateLimit-Reset when a 429 has no Retry-After, then retries', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9), { autoAdvance: true });
    const mock = new MockAgent();
    mock.disableNetConnect();
    const pool = mock.get('https://cs.example.test');
    let resumedAt = 0;
    pool
      .intercept({ path: '/linkedin/conversations', method: 'GET' })
      .reply(429, { success: false, code: 'rate_limit_exceeded', message: 'Too many requests' }, { headers: { 'x-ratelimit-reset': new Date(clock.now() + 25_000).toISOString() } });
    pool.intercept({ path: '/linkedin/conversations', method: 'GET' }).reply(200, () => {
      resumedAt = clock.now();
      return { success: true, conversations: [], hasMore: false };
    });
    const start = clock.now();
    const provider = createConnectSafelyProvider({ account: account({ baseUrl: 'https://cs.example.test/linkedin' }), getApiKey: async () => KEY, dispatcher: mock, clock });
    await expect(provider.listConversations({})).resolves.toEqual({ items: [], nextCursor: null });
    expect(resumedAt - start).toBe(25_000);
    mock.assertNoPendingInterceptors();
    await mock.close();
  });

  it('does not follow a redirect to another host, so the key stays with ConnectSafely', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('https://cs.example.test')
      .intercept({ path: '/linkedin/conversations', method: 'GET' })
      .reply(307, '', { headers: { location: 'https://elsewhere.example.test/linkedin/conversations' } });
    const provider = createConnectSafelyProvider({ account: account({ baseUrl: 'https://cs.example.test/linkedin' }), getApiKey: async () => KEY, dispatcher: mock, clock: systemClock });
    const err = await provider.listConversations({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'bad-response', status: 307 });
    expect((err as AppError).message).toMatch(/redirected a request for 'Sales seat'/);
    mock.assertNoPendingInterceptors();
    await mock.close();
  });
});
