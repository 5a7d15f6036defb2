/** Pure parts of the Linkup adapter: error sentences per status and code, authorship rules, ids, wire tolerance. */
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../src/main/core/providers/http';
import { errorFromResponse, errorFromSuccessStatus, quotable } from '../../src/main/core/providers/linkup/errors';
import { classifyFromMe, derivedMessageId, isEmptySystemEvent, sentMessageId, type PeerKnowledge, type SelfKnowledge } from '../../src/main/core/providers/linkup/map';
import { conversationSchema, creditsConsumed, messageSchema, sentSchema } from '../../src/main/core/providers/linkup/schemas';

const res = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, body, headers, malformed: false });
const linkupError = (code: string, message = `${code} happened`) => ({ success: false, error: { code, message }, metadata: { credits_consumed: 0 } });
const ctx = { accountName: 'Sales seat', secret: 'lk_secret_1', now: 1_000_000 };

describe('Linkup error sentences', () => {
  it('maps every documented code at its documented status, naming the account', () => {
    const cases: [number, string, string, boolean][] = [
      [403, 'INVALID_API_KEY', 'auth', false],
      [403, 'ACCOUNT_INACTIVE', 'disconnected', false],
      [404, 'INVALID_ACCOUNT', 'not-found', false],
      [400, 'INVALID_ACTION', 'invalid-input', false],
      [400, 'INVALID_PARAMS', 'invalid-input', false],
      [429, 'RATE_LIMITED', 'rate-limited', true],
      [402, 'INSUFFICIENT_CREDITS', 'rate-limited', false],
      [500, 'INTERNAL_ERROR', 'server', true],
    ];
    for (const [status, code, appCode, retryable] of cases) {
      const err = errorFromResponse(res(status, linkupError(code)), ctx);
      expect([code, err.code, err.retryable, err.status]).toEqual([code, appCode, retryable, status]);
      expect(err.message, code).toContain("'Sales seat'");
    }
    expect(errorFromResponse(res(403, linkupError('INVALID_API_KEY')), ctx).message).toBe("Linkup rejected the API key for 'Sales seat' — update it in Settings.");
    expect(errorFromResponse(res(400, linkupError('INVALID_ACTION', "Unknown action 'lst_inbox'")), ctx).message).toBe(
      "Linkup refused the request for 'Sales seat': Unknown action 'lst_inbox'",
    );
  });

  it('keys off the status first and the code second', () => {
    // A code that disagrees with its status: the status wins.
    expect(errorFromResponse(res(403, linkupError('INVALID_ACCOUNT')), ctx).code).toBe('auth');
    expect(errorFromResponse(res(400, linkupError('RATE_LIMITED')), ctx).code).toBe('invalid-input');
    expect(errorFromResponse(res(502, null), ctx)).toMatchObject({ code: 'server', retryable: true, status: 502 });
    expect(errorFromResponse(res(503, 'gateway down'), ctx).code).toBe('server');
    // Undocumented statuses: 401 can only be the key; anything else is not understood.
    expect(errorFromResponse(res(401, {}), ctx).code).toBe('auth');
    expect(errorFromResponse(res(418, linkupError('TEAPOT')), ctx)).toMatchObject({ code: 'bad-response', status: 418 });
    expect(errorFromResponse(res(409, {}), ctx).code).toBe('bad-response');
  });

  it('tells a wrong account ID, a missing conversation and a wrong base URL apart on 404', () => {
    expect(errorFromResponse(res(404, linkupError('INVALID_ACCOUNT')), ctx).message).toMatch(/account ID set for 'Sales seat'/);
    expect(errorFromResponse(res(404, linkupError('NOT_FOUND')), { ...ctx, conversationId: 'urn:x' }).message).toMatch(/could not find this conversation/);
    expect(errorFromResponse(res(404, { message: 'Not Found' }), ctx).message).toMatch(/no Linkup messages endpoint at the base URL/);
  });

  it('takes the wait from Retry-After (seconds or a date), else a conservative minute', () => {
    expect(errorFromResponse(res(429, linkupError('RATE_LIMITED'), { 'retry-after': '7' }), ctx).retryAfterMs).toBe(7_000);
    expect(errorFromResponse(res(429, linkupError('RATE_LIMITED'), { 'retry-after': new Date(1_030_000).toUTCString() }), ctx).retryAfterMs).toBe(30_000);
    const none = errorFromResponse(res(429, linkupError('RATE_LIMITED')), ctx);
    expect(none).toMatchObject({ retryAfterMs: 60_000, retryable: true });
    expect(none.message).toMatch(/try again in 60 s/);
  });

  it('says no credits are left without promising a retry', () => {
    const err = errorFromResponse(res(402, linkupError('INSUFFICIENT_CREDITS')), ctx);
    expect(err).toMatchObject({ code: 'rate-limited', retryable: false, retryAfterMs: null });
    expect(err.message).toBe("Linkup has no credits left for 'Sales seat' — top up in Linkup, then try again.");
  });

  it('quotes at most about 200 characters of the server message and hides the key if echoed', () => {
    const err = errorFromResponse(res(400, linkupError('INVALID_PARAMS', `bad key lk_secret_1 ${'z'.repeat(500)}`)), ctx);
    expect(err.message).not.toContain('lk_secret_1');
    expect(err.message).toContain('bad key [hidden]');
    expect(err.message.length).toBeLessThan(260);
    expect(quotable('  two\n\nlines  ')).toBe('two lines');
    expect(quotable('')).toBeNull();
  });

  it('reads success:false on a 2xx answer by its code, and leaves real successes alone', () => {
    expect(errorFromSuccessStatus(res(200, linkupError('ACCOUNT_INACTIVE')), ctx)).toMatchObject({ code: 'disconnected', status: 200 });
    expect(errorFromSuccessStatus(res(200, linkupError('RATE_LIMITED')), ctx)).toMatchObject({ code: 'rate-limited', retryable: true });
    expect(errorFromSuccessStatus(res(200, { success: false }), ctx)).toMatchObject({ code: 'bad-response' });
    expect(errorFromSuccessStatus(res(200, { success: true, data: {} }), ctx)).toBeNull();
    expect(errorFromSuccessStatus(res(200, { data: {} }), ctx)).toBeNull();
  });
});

describe('Linkup authorship', () => {
  const mara = 'https://www.linkedin.com/in/mara-lind';
  const peer: PeerKnowledge = { participantId: mara, name: 'Mara Lind', urls: new Set([mara]) };
  const self: SelfKnowledge = { urls: new Set(['https://www.linkedin.com/in/robin-seller']), names: new Set() };
  const nobody: SelfKnowledge = { urls: new Set(), names: new Set() };

  it('1–2: a known URL of theirs or ours decides, in any spelling of it', () => {
    expect(classifyFromMe({ url: 'https://linkedin.com/in/Mara-Lind/', name: null }, peer, self)).toBe(false);
    expect(classifyFromMe({ url: 'www.linkedin.com/in/mara-lind?trk=x', name: 'Someone Else' }, peer, self)).toBe(false);
    expect(classifyFromMe({ url: 'https://www.linkedin.com/in/robin-seller/', name: null }, peer, self)).toBe(true);
    expect(classifyFromMe({ url: 'https://www.linkedin.com/in/robin-seller/', name: null }, undefined, self)).toBe(true);
  });

  it('3–4: an opaque ACoAA URL is matched by name, theirs or (once learned) ours', () => {
    const opaque = 'https://www.linkedin.com/in/ACoAAB4xQ7xyz';
    expect(classifyFromMe({ url: opaque, name: '  mara   LIND ' }, peer, self)).toBe(false);
    expect(classifyFromMe({ url: opaque, name: 'Robin Seller' }, undefined, { ...self, names: new Set(['robin seller']) })).toBe(true);
    expect(classifyFromMe({ url: null, name: 'Mara Lind' }, peer, nobody)).toBe(false);
    // Same name on both sides: the name says nothing; the URL rule decides.
    const twins: SelfKnowledge = { urls: new Set(), names: new Set(['mara lind']) };
    expect(classifyFromMe({ url: opaque, name: 'Mara Lind' }, peer, twins)).toBe(true);
  });

  it('5–6: anyone else in a known thread is us; with nothing known, the core decides', () => {
    expect(classifyFromMe({ url: 'https://www.linkedin.com/in/ACoAAself', name: 'R. S.' }, peer, nobody)).toBe(true);
    expect(classifyFromMe({ url: 'https://www.linkedin.com/in/someone', name: null }, undefined, self)).toBeNull();
    expect(classifyFromMe({ url: null, name: null }, peer, self)).toBeNull();
    expect(classifyFromMe({ url: 'https://example.com/not-linkedin', name: null }, peer, self)).toBeNull();
  });
});

describe('Linkup ids', () => {
  const conversation = 'urn:li:msg_conversation:(urn:li:fsd_profile:ACoAAExample,2-QUJDREVG)';

  it("turns send's messagingMessage URN into the msg_message URN get_conversation shows", () => {
    expect(sentMessageId('urn:li:messagingMessage:2-MTIz+/a==', conversation)).toBe('urn:li:msg_message:(urn:li:fsd_profile:ACoAAExample,2-MTIz+/a==)');
    expect(sentMessageId('urn:li:msg_message:(urn:li:fsd_profile:ACoAAExample,2-MTIz)', conversation)).toBe('urn:li:msg_message:(urn:li:fsd_profile:ACoAAExample,2-MTIz)');
  });

  it('gives null when it cannot tell, so the core matches the message by text', () => {
    expect(sentMessageId('urn:li:messagingMessage:xyz', conversation)).toBeNull();
    expect(sentMessageId('urn:li:messagingMessage:2-MTIz', '2-QUJDREVG')).toBeNull();
    expect(sentMessageId(null, conversation)).toBeNull();
    expect(sentMessageId('  ', conversation)).toBeNull();
  });

  it('derives the same id from the same parts, and different ids otherwise', () => {
    expect(derivedMessageId(1_777_000_000_000, 'hi')).toBe(derivedMessageId(1_777_000_000_000, 'hi'));
    expect(derivedMessageId(1_777_000_000_000, 'hi')).not.toBe(derivedMessageId(1_777_000_000_001, 'hi'));
    expect(derivedMessageId(1_777_000_000_000, 'a', 'b')).not.toBe(derivedMessageId(1_777_000_000_000, 'ab'));
    expect(derivedMessageId(1, 'x')).toMatch(/^lkm:[0-9a-f]{24}$/);
  });
});

describe('Linkup wire format', () => {
  it('reads epoch ms, epoch seconds and ISO strings as the same instant', () => {
    const ms = Date.UTC(2026, 4, 2, 9, 14);
    for (const time of [ms, ms / 1000, String(ms), '2026-05-02T09:14:00Z', '2026-05-02T09:14:00.000Z']) {
      const row = conversationSchema.parse({ conversation_id: 'urn:x', last_message: { text: 'hi', time } });
      expect(row.last_message!.time, String(time)).toBe(ms);
    }
    expect(sentSchema.parse({ entityUrn: 'u', conversation_id: '2-x', deliveredAt: '2026-05-02T09:16:00Z' }).deliveredAt).toBe(Date.UTC(2026, 4, 2, 9, 16));
    // An unreadable time: a message is skipped; a row's last message reads as missing.
    expect(messageSchema.safeParse({ text: 'hi', timestamp: 'soon' }).success).toBe(false);
    expect(conversationSchema.parse({ conversation_id: 'urn:x', last_message: { time: 'soon' } }).last_message).toBeNull();
  });

  it('reads credits only from a usable number', () => {
    expect(creditsConsumed({ credits_consumed: 3 })).toBe(3);
    expect(creditsConsumed({ credits_consumed: 0 })).toBe(0);
    for (const bad of [undefined, null, {}, { credits_consumed: '3' }, { credits_consumed: -1 }, { credits_consumed: Number.NaN }]) {
      expect(creditsConsumed(bad)).toBeNull();
    }
  });

  it('skips SYSTEM events only when they have no text', () => {
    const parse = (m: object) => messageSchema.parse({ timestamp: 1, ...m });
    expect(isEmptySystemEvent(parse({ message_type: 'SYSTEM', text: '' }))).toBe(true);
    expect(isEmptySystemEvent(parse({ message_type: 'system', text: null }))).toBe(true);
    expect(isEmptySystemEvent(parse({ message_type: 'SYSTEM', text: 'Mara accepted your invitation' }))).toBe(false);
    expect(isEmptySystemEvent(parse({ message_type: 'TEXT', text: '' }))).toBe(false);
  });
});
