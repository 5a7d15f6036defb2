/**
 * The redaction every log line of main passes through (src/main/core/redact.ts): whatever shape
 * a credential takes in an error — a header dump, a Bearer token, a key in a URL — the log never
 * shows it, and the rest of the text stays readable.
 */
import { describe, expect, it } from 'vitest';
import { describeForLog, redactHeaders, redactText, REDACTED } from '../../src/main/core/redact';

const KEY = 'sk_live+9Qe/Zt7Lr=';

describe('redactText', () => {
  it.each([
    ['an Authorization header line', `authorization: Bearer ${KEY}`, 'authorization: [redacted]'],
    ['an Authorization header, any case, in JSON', `{"Authorization":"Bearer ${KEY}","accept":"application/json"}`, '{"Authorization":"[redacted]","accept":"application/json"}'],
    ['x-api-key as util.inspect prints it', `{ 'x-api-key': [ '${KEY}' ], host: 'api.linkupapi.com' }`, `{ 'x-api-key': [ '[redacted]' ], host: 'api.linkupapi.com' }`],
    ['X-API-Key in a header block', `POST /v1/messages HTTP/1.1\r\nX-API-Key: ${KEY}\r\nHost: x`, 'POST /v1/messages HTTP/1.1\r\nX-API-Key: [redacted]\r\nHost: x'],
    ['a Bearer token in prose', `the server said: invalid token Bearer ${KEY} (expired)`, 'the server said: invalid token Bearer [redacted] (expired)'],
    ['Basic credentials', 'Proxy-Authorization: Basic dXNlcjpwYXNz', 'Proxy-Authorization: [redacted]'],
    ['api_key in a query', `GET https://api.example.com/v1/chats?limit=10&api_key=${encodeURIComponent(KEY)}&page=2`, `GET https://api.example.com/v1/chats?limit=10&api_key=[redacted]&page=2`],
    ['apiKey, token and access_token in queries', 'https://x.test/a?apiKey=abc123&token=t0k3n#frag https://y.test/?access_token=zzz', 'https://x.test/a?apiKey=[redacted]&token=[redacted]#frag https://y.test/?access_token=[redacted]'],
    ['a password in a URL', 'connect https://user:hunter22@proxy.example.com:8080/ failed', 'connect https://[redacted]@proxy.example.com:8080/ failed'],
  ])('masks %s', (_what, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('masks a known secret wherever it appears, also URL-encoded', () => {
    const text = `key ${KEY} sent as ${encodeURIComponent(KEY)}`;
    expect(redactText(text, [KEY])).toBe(`key ${REDACTED} sent as ${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    const text = "ReactIn rejected the API key for 'Sales seat' — update it in Settings. Authorization failed; see https://example.com/docs?page=2&monkey=1";
    expect(redactText(text)).toBe(text);
  });
});

describe('redactHeaders', () => {
  it('masks credential headers in any case and keeps the others', () => {
    expect(redactHeaders({ Authorization: `Bearer ${KEY}`, 'X-Api-Key': KEY, cookie: 'sid=1', accept: 'application/json', 'retry-after': '2' })).toEqual({
      Authorization: REDACTED,
      'X-Api-Key': REDACTED,
      cookie: REDACTED,
      accept: 'application/json',
      'retry-after': '2',
    });
  });
});

describe('describeForLog', () => {
  it('keeps what a developer needs (name, message, stack, fields, causes) and masks credentials at every level', () => {
    const request = { method: 'GET', url: `https://api.example.com/chats?api_key=${KEY}`, headers: { authorization: `Bearer ${KEY}`, 'x-api-key': KEY } };
    const inner = Object.assign(new Error(`socket hang up for ${request.url}`), { code: 'ECONNRESET', request });
    const outer = new TypeError('sync failed', { cause: inner });
    const text = describeForLog(outer);
    expect(text).toContain('TypeError: sync failed');
    expect(text).toMatch(/at .*redact\.test\.ts/); // the stack is there
    expect(text).toContain('caused by: Error: socket hang up for https://api.example.com/chats?api_key=[redacted]');
    expect(text).toContain('"code":"ECONNRESET"');
    expect(text).toContain('"authorization":"[redacted]"');
    expect(text).toContain('"x-api-key":"[redacted]"');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(encodeURIComponent(KEY));
  });

  it('describes values that are not errors, cycles and BigInts included, without throwing', () => {
    const cyclic: Record<string, unknown> = { headers: { Authorization: `Bearer ${KEY}` }, n: 10n };
    cyclic.self = cyclic;
    const text = describeForLog(cyclic);
    expect(text).toContain('[circular]');
    expect(text).toContain('"n":"10n"');
    expect(text).not.toContain(KEY);
    expect(describeForLog(`plain text with Bearer ${KEY}`)).toBe('plain text with Bearer [redacted]');
    expect(describeForLog(undefined)).toBe('undefined');
  });
});
