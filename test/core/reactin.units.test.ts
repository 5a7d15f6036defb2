/** Pure parts of the ReactIn adapter (timestamps, send-response shapes, authorship, error sentences) and the VirtualClock. */
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../src/main/core/providers/http';
import { errorFromResponse } from '../../src/main/core/providers/reactin/errors';
import { classifyFromMe } from '../../src/main/core/providers/reactin/map';
import { parseSentMessage, toEpochMs, type WireMessage } from '../../src/main/core/providers/reactin/schemas';
import { DEFAULT_VIRTUAL_START, VirtualClock } from '../support/clock';

describe('ReactIn timestamps', () => {
  it('reads ISO strings, epoch seconds and epoch milliseconds as the same instant', () => {
    const ms = Date.UTC(2026, 4, 3, 15, 20);
    expect(toEpochMs('2026-05-03T15:20:00.000Z')).toBe(ms);
    expect(toEpochMs(ms / 1000)).toBe(ms);
    expect(toEpochMs(ms)).toBe(ms);
    expect(toEpochMs(String(ms / 1000))).toBe(ms);
    expect(toEpochMs('soon')).toBeNaN();
    expect(toEpochMs('')).toBeNaN();
  });
});

describe('ReactIn send response', () => {
  const msg = { id: 'msg_9', userId: 'li_me_01', text: 'hi', timestamp: '2026-05-03T15:20:00.000Z' };
  it('accepts a bare message, or one wrapped in message/item/data', () => {
    for (const body of [msg, { message: msg }, { item: msg }, { data: msg }]) {
      expect(parseSentMessage(body)).toMatchObject({ id: 'msg_9', text: 'hi', timestamp: Date.UTC(2026, 4, 3, 15, 20) });
    }
  });
  it('gives null for anything it cannot use', () => {
    for (const body of [undefined, null, 'ok', { message: 'Message sent' }, { success: true }, { id: 'x' }]) {
      expect(parseSentMessage(body)).toBeNull();
    }
  });
});

describe('ReactIn authorship', () => {
  const base: WireMessage = { id: 'm', userId: 'li_77', text: 't', timestamp: 0, metadata: null };
  const participants = new Set(['li_77']);
  it('marks campaign and teammate messages as mine whoever the sender id is', () => {
    expect(classifyFromMe({ ...base, metadata: { campaignEvent: { id: 'e' } } }, undefined, participants)).toBe(true);
    expect(classifyFromMe({ ...base, metadata: { sentFromInboxByUserEmail: 'nora@example.test' } }, undefined, participants)).toBe(true);
  });
  it('uses the self id, then the participants, and otherwise leaves it to the core', () => {
    expect(classifyFromMe({ ...base, userId: 'li_me' }, 'li_me', participants)).toBe(true);
    expect(classifyFromMe(base, 'li_me', participants)).toBe(false);
    expect(classifyFromMe({ ...base, userId: 'li_other' }, 'li_me', participants)).toBeNull();
    expect(classifyFromMe(base, undefined, undefined)).toBeNull();
    expect(classifyFromMe({ ...base, userId: null, metadata: { campaignEvent: null, sentFromInboxByUserId: null } }, 'li_me', participants)).toBeNull();
  });
});

describe('ReactIn error sentences', () => {
  const res = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, body, headers, malformed: false });
  const ctx = { accountName: 'Sales seat', secret: 'rk_secret_1', now: 1_000_000 };

  it('quotes at most about 200 characters of the server message and hides the key if echoed', () => {
    const err = errorFromResponse(res(400, { message: `bad key rk_secret_1 ${'z'.repeat(500)}` }), ctx);
    expect(err.code).toBe('invalid-input');
    expect(err.message).not.toContain('rk_secret_1');
    expect(err.message).toContain('bad key [hidden]');
    expect(err.message.length).toBeLessThan(260);
  });

  it('takes the wait from Retry-After, else from X-RateLimit-Reset', () => {
    expect(errorFromResponse(res(429, { message: 'slow down' }, { 'retry-after': '7' }), ctx).retryAfterMs).toBe(7_000);
    // The reset as epoch seconds (30 s from now), as every provider that names it in seconds sends it.
    const now = Date.UTC(2026, 10, 21, 9);
    expect(errorFromResponse(res(429, {}, { 'x-ratelimit-reset': String(now / 1000 + 30) }), { ...ctx, now }).retryAfterMs).toBe(30_000);
  });

  it('reads 409 by its reason and names the conversation on 404', () => {
    expect(errorFromResponse(res(409, { message: 'Chat is not ready yet' }), ctx).code).toBe('not-ready');
    expect(errorFromResponse(res(409, { message: 'LinkedIn account is disconnected' }), ctx).code).toBe('disconnected');
    expect(errorFromResponse(res(404, { message: 'nope' }), { ...ctx, conversationId: 'c1' }).message).toMatch(/conversation/);
    expect(errorFromResponse(res(503, null), ctx)).toMatchObject({ code: 'server', retryable: true });
  });
});

describe('VirtualClock', () => {
  it('starts on 21 November 2026, 09:00 UTC unless told otherwise', () => {
    expect(new VirtualClock().now()).toBe(DEFAULT_VIRTUAL_START);
    expect(DEFAULT_VIRTUAL_START).toBe(Date.parse('2026-11-21T09:00:00Z'));
    expect(new VirtualClock(5).now()).toBe(5);
  });

  it('runs due timers in due order, ties in insertion order, and skips cleared ones', () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 200);
    const gone = clock.setTimeout(() => log.push('cleared'), 150);
    clock.setTimeout(() => log.push('later'), 1_000);
    clock.clearTimeout(gone);
    clock.advance(150);
    expect(log).toEqual(['a@100']);
    expect(clock.now()).toBe(150);
    clock.advance(50);
    expect(log).toEqual(['a@100', 'b@200', 'c@200']);
    expect(clock.pendingCount).toBe(1);
  });

  it('runs timers scheduled by timers when they fall due within the same advance', () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => log.push(clock.now()), 30), 10);
    clock.advance(100);
    expect(log).toEqual([40]);
    expect(clock.now()).toBe(100);
  });

  it('in autoAdvance mode, a wait ends at once while virtual time moves by exactly the wait', async () => {
    const clock = new VirtualClock(0, { autoAdvance: true });
    const real = Date.now();
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 60_000));
    expect(clock.now()).toBe(60_000);
    const order: number[] = [];
    await Promise.all([5_000, 1_000].map((ms) => new Promise<void>((resolve) => clock.setTimeout(() => (order.push(clock.now()), resolve()), ms))));
    expect(order).toEqual([61_000, 65_000]);
    expect(Date.now() - real).toBeLessThan(1_000);
  });
});
