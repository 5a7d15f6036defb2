/**
 * The promises every provider adapter keeps, held against all four (ReactIn, Linkup,
 * ConnectSafely, Crispy), each over real HTTP against its own loopback simulator: the key read
 * fresh and never shown (in an error or its log line), settings checked before any request, paging to the end, 429s waited
 * out as asked, error answers turned into sentences, and a reply whose answer was lost found
 * again once. What only one provider does is tested in its own <provider>.contract.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import type { AdapterOptions } from '../../src/main/core/providers/kit/request';
import { carriesSecret, describeForLog } from '../../src/main/core/redact';
import { cleanupAfterEach } from '../support/cleanups';
import { REAL_PROVIDERS } from '../support/four-providers';
import { ACCOUNT_NAME, startSubject, type ContractSubject } from '../support/provider-subjects';

const defer = cleanupAfterEach();

describe.each(REAL_PROVIDERS)('the %s adapter keeps the provider contract', (kind) => {
  /** The adapter against a fresh simulator, its session (Crispy's MCP) already open. */
  async function subject(conversations = 3, options: AdapterOptions = {}): Promise<ContractSubject> {
    const s = await startSubject(kind, conversations, options);
    defer(s.dispose);
    await s.provider.testConnection();
    return s;
  }

  /** The AppError a call fails with; the key is never in its message or stack. */
  async function failure(s: ContractSubject, p: Promise<unknown>): Promise<AppError> {
    const err = await p.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.message).not.toContain(s.key);
    expect(String(e.stack)).not.toContain(s.key);
    return e;
  }

  const quoted = (s: ContractSubject) => `'${ACCOUNT_NAME}'`;

  it('refuses a base URL that is not a web address, naming the account, before any request', async () => {
    const s = await subject(1);
    const before = s.requests().length;
    for (const bad of ['api.example.test/v2', 'ftp://files.example.test', 'https://']) {
      expect(() => s.another(bad), bad).toThrow(new RegExp(`^The base URL of ${quoted(s)} is not a web address — use https://\\S+ or leave it empty\\.$`));
    }
    expect(s.requests()).toHaveLength(before);
  });

  it('reads the key for every request, so a rotated key is used at once', async () => {
    const s = await subject(2);
    const t = s.target(0);
    await s.provider.listConversations({});
    expect(s.lastKeySent()).toBe(s.key);
    await s.provider.listMessages(t.remoteConversationId, {});
    expect(s.lastKeySent()).toBe(s.key);
    await s.provider.sendMessage(t, 'hi');
    expect(s.lastKeySent()).toBe(s.key);

    await s.storeKey('rotated_key_42');
    const err = await failure(s, s.provider.listConversations({}));
    expect(s.lastKeySent()).toBe('rotated_key_42');
    expect(err.code).toBe('auth');
  });

  it('says the key was rejected, naming the account, and does not retry', async () => {
    const s = await subject(2);
    const before = s.requests().length;
    s.revokeKey();
    const err = await failure(s, s.provider.testConnection());
    expect(err).toMatchObject({ code: 'auth', retryable: false, message: `${s.label} rejected the API key for ${quoted(s)} — update it in Settings.` });
    expect([401, 403]).toContain(err.status);
    expect(s.requests().slice(before).map((r) => r.status)).toEqual([err.status]);
  });

  it('pages to the end, every visible conversation exactly once', async () => {
    const s = await subject(25);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await s.provider.listConversations({ cursor, limit: 10 });
      seen.push(...page.items.map((c) => c.remoteId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(s.visibleIds().sort());
    expect(pages).toBe(Math.ceil(seen.length / 10));
  });

  it('waits out a 429 for as long as Retry-After says, on the shared clock, then succeeds', async () => {
    const s = await subject(3);
    const before = s.requests().length;
    s.injectRateLimit(1);
    const page = await s.provider.listConversations({});
    expect(page.items).toHaveLength(s.visibleIds().length);
    const [limited, retried] = s.requests().slice(before);
    expect([limited!.status, retried!.status]).toEqual([429, 200]);
    expect(retried!.at - limited!.at).toBe(1_000);
  });

  it('reports rate-limited, with the wait, once the retries run out', async () => {
    const s = await subject(3);
    const before = s.requests().length;
    s.injectRateLimit(3);
    const err = await failure(s, s.provider.listConversations({}));
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryable: true, retryAfterMs: 1_000 });
    expect(err.message).toBe(`${s.label} is limiting how fast ${quoted(s)} can make requests — the app will try again in 1 s.`);
    // The first answer and the two retries the kit allows, each after the 1 s asked (not 1 s, then 2 s of back-off).
    const answers = s.requests().slice(before);
    expect(answers.map((r) => r.status)).toEqual([429, 429, 429]);
    expect(answers.slice(1).map((r, i) => r.at - answers[i]!.at)).toEqual([1_000, 1_000]);
  });

  it('turns 500 and 502 into a retryable server error, sends nothing, and works again after', async () => {
    const s = await subject(2);
    s.injectFault({ status: 500 });
    s.injectFault({ status: 502 });
    const list = await failure(s, s.provider.listConversations({}));
    const send = await failure(s, s.provider.sendMessage(s.target(0), 'hi'));
    expect(list).toMatchObject({ code: 'server', retryable: true, status: 500 });
    expect(list.message).toMatch(new RegExp(`^${s.label} had a problem on its side \\(HTTP 500\\).* — it will be tried again\\.$`));
    expect(send).toMatchObject({ code: 'server', retryable: true, status: 502 });
    expect(s.sentTexts()).toEqual([]);
    expect((await s.provider.listConversations({})).items).toHaveLength(2);
  });

  it('reports an answer that is not JSON as unreadable, in a sentence', async () => {
    const s = await subject(2);
    s.injectFault({ malformed: true });
    const err = await failure(s, s.provider.listConversations({}));
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(new RegExp(`^${s.label} sent a response this app cannot read \\(.+\\) for ${quoted(s)} — it will be tried again on the next sync\\.$`));
  });

  it("quotes the server's reason when it refuses a request", async () => {
    const s = await subject(2);
    const err = await failure(s, s.provider.listMessages(s.target(0).remoteConversationId, { cursor: 'not-a-cursor' }));
    expect(err).toMatchObject({ code: 'invalid-input', status: 400 });
    expect(err.message).toMatch(new RegExp(`^${s.label} refused the request for ${quoted(s)}: \\S.+$`));
  });

  it('hides the key a server echoes in its reason, in any spelling, and quotes the rest', async () => {
    const s = await subject(2);
    const reversed = [...s.key].reverse().join('');
    s.injectRefusal(`Key ${s.key} (also sent as ${encodeURIComponent(s.key)} and ${reversed}) is not allowed here`);
    const err = await failure(s, s.provider.listConversations({}));
    expect(err.message).toContain('is not allowed here');
    expect(carriesSecret(JSON.stringify({ message: err.message, shape: err.toShape() }), s.key)).toBe(false);
  });

  it('reports a cut connection and a silent server as network failures; only a write may have reached the provider', async () => {
    // A deadline a loaded machine keeps (at a load of 25, 250 ms passed before a cut connection was
    // even reported); the silent server holds its answer far longer, until the simulator closes.
    const s = await subject(2, { timeoutMs: 2_000 });
    s.injectFault({ reset: true });
    const cut = await failure(s, s.provider.sendMessage(s.target(0), 'hi'));
    expect(cut).toMatchObject({ code: 'network', retryable: true, mayHaveReachedProvider: true });
    s.injectFault({ hangMs: 60_000 });
    const silent = await failure(s, s.provider.listConversations({}));
    expect(silent).toMatchObject({ code: 'network', retryable: true, mayHaveReachedProvider: false });
    expect(silent.message).toBe(`${s.label} did not answer in time — it will be retried.`);
  });

  it('says a reply whose answer was lost may have been sent, and the thread then shows it once', async () => {
    const s = await subject(2);
    const t = s.target(0);
    s.injectFault({ resetAfterWrite: true });
    const lost = await failure(s, s.provider.sendMessage(t, 'Sent, but the answer was lost'));
    expect(lost).toMatchObject({ code: 'network', retryable: true, mayHaveReachedProvider: true });
    expect(s.sentTexts()).toEqual(['Sent, but the answer was lost']);
    const thread = await s.provider.listMessages(t.remoteConversationId, {});
    expect(thread.items.filter((m) => m.text === 'Sent, but the answer was lost')).toHaveLength(1);
  });

  it('refuses empty and over-long replies before any request, and delivers 1 and 10,000 characters', async () => {
    const s = await subject(2);
    const before = s.requests().length;
    for (const text of ['', 'x'.repeat(10_001)]) expect((await failure(s, s.provider.sendMessage(s.target(0), text))).code).toBe('invalid-input');
    expect(s.requests()).toHaveLength(before);
    await s.provider.sendMessage(s.target(0), '1');
    await s.provider.sendMessage(s.target(0), 'y'.repeat(10_000));
    expect(s.sentTexts()).toEqual(['1', 'y'.repeat(10_000)]);
  });

  it('never puts the API key in an error, nor in the log line of one, whatever went wrong', async () => {
    const s = await subject(2, { maxRateLimitRetries: 0 });
    const id = s.target(0).remoteConversationId;
    const errors: AppError[] = [];
    s.injectFault({ status: 500 });
    errors.push(await failure(s, s.provider.listConversations({})));
    s.injectFault({ malformed: true });
    errors.push(await failure(s, s.provider.listMessages(id, {})));
    s.injectFault({ reset: true });
    errors.push(await failure(s, s.provider.listConversations({})));
    errors.push(await failure(s, s.provider.listMessages(id, { cursor: s.key })));
    s.injectRateLimit(1);
    errors.push(await failure(s, s.provider.listConversations({})));
    s.revokeKey();
    errors.push(await failure(s, s.provider.sendMessage(s.target(0), s.key)));
    expect(errors.map((e) => e.code)).toEqual(['server', 'bad-response', 'network', 'invalid-input', 'rate-limited', 'auth']);
    for (const e of errors) {
      expect(JSON.stringify({ message: e.message, shape: e.toShape(), cause: String(e.cause) })).not.toContain(s.key);
      // What main would print of it (stack, own fields, the cause chain), without being told the key.
      expect(describeForLog(e)).not.toContain(s.key);
    }
  });
});
