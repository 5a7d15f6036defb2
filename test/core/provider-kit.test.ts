/**
 * The provider kit's pieces on their own: the one X-RateLimit-Reset parser (on every form the
 * four providers' docs describe), the one quoting helper, the one 429 loop, bounded maps and
 * the checks every adapter makes before a request.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import { BoundedMap } from '../../src/main/core/providers/kit/bounded-map';
import { checkReplyLength, pageQuery, withQuery } from '../../src/main/core/providers/kit/paging';
import { quoteServerText } from '../../src/main/core/providers/kit/quote';
import { parseRateLimitReset, waitFrom429, waitOut429 } from '../../src/main/core/providers/kit/rate-limit';
import { checkedBaseUrl } from '../../src/main/core/providers/kit/settings';
import { VirtualClock } from '../support/clock';

const NOW = Date.UTC(2026, 10, 21, 9, 0, 0);
const MIDNIGHT = Date.UTC(2026, 10, 22);

describe('X-RateLimit-Reset', () => {
  it('reads every documented form as epoch ms', () => {
    // Crispy: Unix seconds (crispy.md §1).
    expect(parseRateLimitReset(String(MIDNIGHT / 1000), NOW)).toBe(MIDNIGHT);
    // ConnectSafely: ISO 8601 (connectsafely.md §1).
    expect(parseRateLimitReset('2026-11-22T00:00:00.000Z', NOW)).toBe(MIDNIGHT);
    // An HTTP date, epoch ms, and a small number as seconds from now (a window reset).
    expect(parseRateLimitReset('Sun, 22 Nov 2026 00:00:00 GMT', NOW)).toBe(MIDNIGHT);
    expect(parseRateLimitReset(String(MIDNIGHT), NOW)).toBe(MIDNIGHT);
    expect(parseRateLimitReset('30', NOW)).toBe(NOW + 30_000);
    expect(parseRateLimitReset(' 1.5 ', NOW)).toBe(NOW + 1_500);
    expect(parseRateLimitReset(MIDNIGHT / 1000, NOW)).toBe(MIDNIGHT);
    expect(parseRateLimitReset([String(MIDNIGHT / 1000), '1'], NOW)).toBe(MIDNIGHT);
  });

  it('answers null for anything else, so the caller falls back to Retry-After or its default', () => {
    for (const v of [undefined, '', '   ', 'soon', '-5', 'NaN', '12abc', []]) expect(parseRateLimitReset(v as string, NOW), String(v)).toBeNull();
  });

  it('prefers Retry-After to the reset when a 429 carries both, and names no wait when it carries neither', () => {
    expect(waitFrom429({ 'retry-after': '7', 'x-ratelimit-reset': String(MIDNIGHT / 1000) }, NOW)).toBe(7_000);
    expect(waitFrom429({ 'x-ratelimit-reset': '2026-11-21T09:00:10Z' }, NOW)).toBe(10_000);
    expect(waitFrom429({ 'x-ratelimit-reset': '2026-11-21T08:00:00Z' }, NOW)).toBe(0);
    expect(waitFrom429({ 'x-ratelimit-reset': 'later' }, NOW)).toBeNull();
  });
});

describe('waitOut429', () => {
  const policy = (clock: VirtualClock, waitFor: (r: { status: number }) => number | null | 'stop', signal?: AbortSignal) => ({
    clock,
    signal,
    maxRetries: 2,
    maxWaitMs: 60_000,
    waitFor,
    closing: () => new AppError('network', 'The app closed.'),
  });

  it('waits what the 429 asks (1 s, 2 s… when it asks nothing), then hands back the answer', async () => {
    const clock = new VirtualClock(NOW, { autoAdvance: true });
    const at: number[] = [];
    const statuses = [429, 429, 200];
    const res = await waitOut429(async () => (at.push(clock.now() - NOW), { status: statuses.shift()! }), policy(clock, () => null));
    expect(res.status).toBe(200);
    expect(at).toEqual([0, 1_000, 3_000]);
  });

  it("hands back the last 429 when retries run out, a wait is too long, or the policy says 'stop'", async () => {
    const clock = new VirtualClock(NOW, { autoAdvance: true });
    let calls = 0;
    const always429 = async () => (calls++, { status: 429 });
    expect((await waitOut429(always429, policy(clock, () => 5_000))).status).toBe(429);
    expect(calls).toBe(3);
    calls = 0;
    await waitOut429(always429, policy(clock, () => 61_000));
    expect(calls).toBe(1);
    calls = 0;
    await waitOut429(always429, policy(clock, () => 'stop'));
    expect(calls).toBe(1);
  });

  it('ends a wait when the app closes, with the closing error', async () => {
    const clock = new VirtualClock(NOW);
    const closing = new AbortController();
    // The app closes while the 429 is on its way: the 30 s wait it asks for ends at once.
    const attempt = async () => (closing.abort(), { status: 429 });
    await expect(waitOut429(attempt, policy(clock, () => 30_000, closing.signal))).rejects.toThrow('The app closed.');
    expect(clock.now()).toBe(NOW);
  });
});

describe('quoteServerText', () => {
  const KEY = 'sk_live_9f3kQ+x/Zz==';

  it('quotes one clean line of at most 200 characters', () => {
    expect(quoteServerText('  Invalid\ncursor\u202e ')).toBe('Invalid cursor');
    const long = quoteServerText('x'.repeat(500))!;
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
    for (const raw of [null, undefined, '', '   ', '\u200b']) expect(quoteServerText(raw)).toBeNull();
  });

  it('hides the key in any spelling, hides what the provider names, and quotes nothing that still carries part of the key', () => {
    expect(quoteServerText(`bad key ${KEY}`, KEY)).toBe('bad key [hidden]');
    expect(quoteServerText(`bad key ${encodeURIComponent(KEY)}`, KEY)).toBe('bad key [hidden]');
    expect(quoteServerText(`key starts ${KEY.slice(0, 12)}`, KEY)).toBeNull();
    expect(quoteServerText('use Bearer abc.def', undefined, [{ pattern: /\bBearer\s+\S+/gi, replacement: 'Bearer [hidden]' }])).toBe('use Bearer [hidden]');
  });
});

describe('the checks before a request', () => {
  it('reads a base URL, or says it is not a web address, naming the account', () => {
    expect(checkedBaseUrl(' https://api.example.test/v2// ', 'https://default.test', 'Sales seat')).toBe('https://api.example.test/v2');
    expect(checkedBaseUrl(undefined, 'https://default.test/', 'Sales seat')).toBe('https://default.test');
    for (const bad of ['api.example.test', 'ftp://x.test', 'https:///nohost']) {
      expect(() => checkedBaseUrl(bad, 'https://default.test', 'Sales seat')).toThrow("The base URL of 'Sales seat' is not a web address — use https://default.test or leave it empty.");
    }
  });

  it('builds page queries and refuses page sizes outside the provider’s range', () => {
    expect(withQuery('https://x.test/c', pageQuery({ limit: 5, cursor: 'a b' }, { max: 100, provider: 'ReactIn' }))).toBe('https://x.test/c?limit=5&cursor=a+b');
    expect(withQuery('https://x.test/c', pageQuery({}, { max: 100, provider: 'ReactIn' }))).toBe('https://x.test/c');
    expect(pageQuery({ limit: 3, cursor: 'c' }, { max: 10, provider: 'P', sizeParam: 'count', cursorParam: null }).toString()).toBe('count=3');
    for (const limit of [0, 101, 2.5, Number.NaN]) {
      expect(() => pageQuery({ limit }, { max: 100, provider: 'ReactIn' })).toThrow(`ReactIn serves pages of 1 to 100 items; ${String(limit)} was asked for.`);
    }
  });

  it('refuses empty and over-long replies in the provider’s words', () => {
    const spec = { max: 10_000, provider: 'ConnectSafely', noun: 'message', blankIsEmpty: true } as const;
    expect(() => checkReplyLength('x'.repeat(10_000), spec)).not.toThrow();
    expect(() => checkReplyLength('x'.repeat(10_001), spec)).toThrow('A ConnectSafely message can be at most 10,000 characters; this one has 10,001.');
    expect(() => checkReplyLength('  ', spec)).toThrow('A reply cannot be empty.');
    expect(() => checkReplyLength('  ', { ...spec, blankIsEmpty: false })).not.toThrow();
  });
});

describe('BoundedMap', () => {
  it('keeps the newest entries, a key set again counting as new', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([...m.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
