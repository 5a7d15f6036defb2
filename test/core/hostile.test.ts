/**
 * Hostile content from providers, for each of the four, through the real adapters and core
 * against their loopback simulators: markup, `javascript:` links, direction overrides,
 * invisible and control characters, lone surrogates and a megabyte of text sync and are stored
 * cleaned (src/main/core/providers/sanitize.ts); a conversation or message that cannot be read
 * is skipped and the account says so, the rest syncs; an answer over 20 MB is refused with a
 * typed error the account shows; a conversation whose id holds a lone surrogate syncs and a
 * reply to it goes out. Plus the string rules themselves, the size cap as the body streams in,
 * and a 10,000-item page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { AppError } from '../../src/main/core/errors';
import { MAX_BODY_BYTES, sendJson } from '../../src/main/core/providers/http';
import { normalizeProfileUrl } from '../../src/main/core/providers/normalize';
import { serverMessage as connectSafelyQuote } from '../../src/main/core/providers/connectsafely/errors';
import { quote as crispyQuote } from '../../src/main/core/providers/crispy/errors';
import { quotable as linkupQuote } from '../../src/main/core/providers/linkup/errors';
import { serverMessage as reactinQuote } from '../../src/main/core/providers/reactin/errors';
import { createProvider } from '../../src/main/core/providers/registry';
import { cleanLine, cleanMessageText, cleanUrl, encodeSegment, MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MESSAGE_SHORTENED, wellFormed } from '../../src/main/core/providers/sanitize';
import type { AccountConfig, ConversationSummary, ProviderKind } from '../../src/shared/domain';
import { startConnectSafelySimulator } from '../simulators/connectsafely';
import { startCrispySimulator } from '../simulators/crispy';
import { EXPECTED, HOSTILE, listOf, plant, startHostileProxy, type AnySim, type HostileConversation, type HostileProxy, type ProxiedRequest } from '../simulators/hostile';
import { startLinkupSimulator } from '../simulators/linkup';
import { startReactInSimulator } from '../simulators/reactin';
import { testAccount } from '../support/accounts';
import { VirtualClock } from '../support/clock';
import { sendAtOnce, tempDataDir } from '../support/core';

type Kind = Exclude<ProviderKind, 'demo'>;
const KINDS: Kind[] = ['reactin', 'linkup', 'connectsafely', 'crispy'];
const KEY: Record<Kind, string> = { reactin: 'rk_hostile', linkup: 'lk_hostile', connectsafely: 'cs_hostile', crispy: 'crispy_hostile' };
const MB = 1024 * 1024;
// C0/C1 controls other than tab and new line, direction overrides/isolates, zero-width characters.
const UNWANTED_IN_NAMES = /[\u0000-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const defer = cleanupAfterEach();

interface World {
  kind: Kind;
  target: AnySim;
  proxy: HostileProxy;
  core: InboxCore;
  accountId: string;
  dispatcher: Agent;
  /** The account's settings, pointed at the proxy. */
  config: AccountConfig;
  /** Replies the simulator accepted: [its conversation id, text]. */
  sent(): [string, string][];
}

/** One provider's simulator behind a hostile proxy, `plants` in it, and a core with an account on it. */
async function world(kind: Kind, plants: HostileConversation[]): Promise<World> {
  const dispatcher = new Agent({ connections: 8 });
  let target: AnySim;
  let close: () => Promise<void>;
  let config: AccountConfig;
  switch (kind) {
    case 'reactin': {
      const sim = await startReactInSimulator({ apiKey: KEY.reactin, organizationId: 'org_hostile', getPerMinute: 100_000, postPerMinute: 100_000 });
      target = { kind, sim };
      close = () => sim.close();
      config = { organizationId: 'org_hostile', baseUrl: sim.baseUrl };
      break;
    }
    case 'linkup': {
      const sim = await startLinkupSimulator({ apiKey: KEY.linkup, accountId: 'acc_hostile', perMinute: 100_000 });
      target = { kind, sim };
      close = () => sim.close();
      config = { accountId: 'acc_hostile', baseUrl: sim.baseUrl };
      break;
    }
    case 'connectsafely': {
      const sim = await startConnectSafelySimulator({ apiKey: KEY.connectsafely, perMinute: 100_000, burstPer10s: 100_000 });
      target = { kind, sim };
      close = () => sim.close();
      config = { baseUrl: sim.baseUrl };
      break;
    }
    case 'crispy': {
      const sim = await startCrispySimulator({ apiKey: KEY.crispy });
      target = { kind, sim };
      close = () => sim.close();
      config = { baseUrl: sim.baseUrl };
      break;
    }
  }
  for (const p of plants) plant(target, p);
  const proxy = await startHostileProxy(config.baseUrl!, dispatcher);
  config = { ...config, baseUrl: proxy.baseUrl(config.baseUrl!) };
  const { dir, cleanup } = tempDataDir('inbox-hostile-');
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }), settings: sendAtOnce() });
  defer(cleanup, close, () => proxy.close(), () => dispatcher.close(), () => core.close());
  const account = await core.addAccount({ provider: kind, name: 'Sales seat', apiKey: KEY[kind], config });
  const sent = (): [string, string][] => {
    const t = target;
    switch (t.kind) {
      case 'reactin':
        return t.sim.sent.map((s) => [s.conversationId, s.content]);
      case 'linkup':
        return t.sim.sent.map((s) => [s.conversationId, s.text]);
      case 'connectsafely':
        return t.sim.sent.map((s) => [s.conversationUrn, s.message]);
      case 'crispy':
        return t.sim.sent.map((s) => [s.chatId, s.text]);
    }
  };
  return { kind, target, proxy, core, accountId: account.id, dispatcher, config, sent };
}

const minutesAgo = (n: number) => Date.now() - n * 60_000;

/** The provider's conversation list request, and a thread's messages request (reads only). */
function isList(req: ProxiedRequest): boolean {
  return (req.method === 'GET' && req.url.split('?')[0]!.endsWith('/conversations')) || req.body.includes('"list_inbox"') || req.body.includes('"list_conversations"');
}
function isMessages(req: ProxiedRequest): boolean {
  return (req.method === 'GET' && req.url.split('?')[0]!.endsWith('/messages')) || req.body.includes('"get_conversation"') || req.body.includes('"get_messages"');
}

async function summaries(core: InboxCore): Promise<ConversationSummary[]> {
  return (await core.listConversations({ view: 'all', limit: 500 })).items;
}

async function accountStatus(w: World) {
  return (await w.core.listAccounts()).find((a) => a.id === w.accountId)!.status;
}

const HOSTILE_PLANTS: HostileConversation[] = [
  {
    key: 'markup',
    name: HOSTILE.img,
    headline: HOSTILE.script,
    company: 42,
    avatarUrl: HOSTILE.jsLink,
    profileUrl: HOSTILE.jsLink,
    messages: [HOSTILE.scriptMessage, HOSTILE.linkMessage, HOSTILE.rtlMessage, HOSTILE.controlMessage, HOSTILE.loneMessage, HOSTILE.megabyte].map((text, i) => ({ text, at: minutesAgo(60 - i) })),
  },
  { key: 'rtl', name: HOSTILE.rtlName, avatarUrl: HOSTILE.dataLink, profileUrl: HOSTILE.fileLink, messages: [{ text: 'hello', at: minutesAgo(40) }] },
  { key: 'zw', name: HOSTILE.zeroWidthName, messages: [{ text: 'hello', at: minutesAgo(41) }] },
  { key: 'ctl', name: HOSTILE.controlName, messages: [{ text: 'hello', at: minutesAgo(42) }] },
  { key: 'lone', name: HOSTILE.loneName, messages: [{ text: 'hello', at: minutesAgo(43) }] },
  { key: 'long', name: HOSTILE.longName, messages: [{ text: 'hello', at: minutesAgo(44) }] },
];

describe.each(KINDS)('hostile content from %s', (kind) => {
  it('syncs markup, javascript: links, direction overrides, invisible and control characters, lone surrogates and a megabyte of text, and stores them cleaned', async () => {
    const w = await world(kind, HOSTILE_PLANTS);
    await w.core.syncNow(w.accountId);
    expect(await accountStatus(w)).toMatchObject({ state: 'ok', message: null });

    const rows = await summaries(w.core);
    expect(rows.map((r) => r.title).sort()).toEqual([HOSTILE.img, EXPECTED.rtlName, EXPECTED.zeroWidthName, EXPECTED.controlName, EXPECTED.loneName, EXPECTED.longName].sort());
    for (const r of rows) {
      expect(r.participant.name, JSON.stringify(r.participant.name)).not.toMatch(UNWANTED_IN_NAMES);
      expect(r.participant.name.length).toBeLessThanOrEqual(MAX_NAME_CHARS);
      // Only web addresses survive: never javascript:, data: or file:.
      for (const url of [r.participant.avatarUrl, r.participant.profileUrl]) expect(url === null || url.startsWith('https://'), String(url)).toBe(true);
    }

    // Markup is kept as the literal text it is (the renderer draws text, never markup).
    const markup = rows.find((r) => r.title === HOSTILE.img)!;
    expect(markup.participant).toMatchObject({ name: HOSTILE.img, company: null, avatarUrl: null });
    expect(markup.participant.headline).toBe(HOSTILE.script);
    expect(markup.lastMessageText.length).toBe(MAX_MESSAGE_CHARS);

    const thread = await w.core.openConversation(markup.id);
    const texts = thread.messages.map((m) => m.text);
    expect(texts.slice(0, 5)).toEqual([HOSTILE.scriptMessage, HOSTILE.linkMessage, HOSTILE.rtlMessage, EXPECTED.controlMessage, EXPECTED.loneMessage]);
    // A megabyte message is kept shortened, and says so.
    expect(texts[5]!.length).toBe(MAX_MESSAGE_CHARS);
    expect(texts[5]!.startsWith('MMMMMMMM')).toBe(true);
    expect(texts[5]!.endsWith(MESSAGE_SHORTENED)).toBe(true);
  });

  it('skips a conversation and a message it cannot read, keeps everything else, and says so on the account', async () => {
    const plants: HostileConversation[] = [
      { key: 'one', name: 'Ada Lovelace', messages: [{ text: 'first', at: minutesAgo(30) }, { text: 'second', at: minutesAgo(29) }] },
      { key: 'two', name: 'Grace Hopper', messages: [{ text: 'hello', at: minutesAgo(20) }] },
    ];
    const w = await world(kind, plants);
    // No id anywhere, in any provider's spelling: unreadable as a conversation or a message.
    w.proxy.next({ rewrite: (json) => (listOf(json).push({ name: 'Nobody', title: 'Nobody', unread: 1 }), json) }, isList);
    w.proxy.next({ rewrite: (json) => (listOf(json).unshift({ text: 'no id, no time' }), json) }, isMessages);
    await w.core.syncNow(w.accountId);

    const rows = await summaries(w.core);
    expect(rows.map((r) => r.title).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
    const all = await Promise.all(rows.map((r) => w.core.openConversation(r.id)));
    expect(all.flatMap((t) => t.messages.map((m) => m.text)).sort()).toEqual(['first', 'hello', 'second']);
    expect(await accountStatus(w)).toMatchObject({ state: 'ok', message: expect.stringMatching(/sent 2 conversations or messages this app could not read for 'Sales seat'; they were left out/) });

    // The next sync, which reads everything, clears the note.
    await w.core.syncNow(w.accountId);
    expect((await accountStatus(w)).message).toBeNull();
  });

  it('refuses an answer larger than 20 MB as it streams in, with a typed error the account shows, and syncs normally afterwards', async () => {
    const w = await world(kind, [{ key: 'one', name: 'Ada Lovelace', messages: [{ text: 'hello', at: minutesAgo(5) }] }]);
    w.proxy.next({ huge: 50 * MB, declareLength: false }, isList);
    const err = await w.core.syncNow(w.accountId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'bad-response', message: expect.stringMatching(/cannot read \(larger than 20 MB\) for 'Sales seat'/) });
    // It stopped reading: far less than the 50 MB was ever sent.
    expect(w.proxy.hugeBytesSent).toBeLessThan(40 * MB);
    expect(await accountStatus(w)).toMatchObject({ state: 'error', message: (err as AppError).message });
    expect(await summaries(w.core)).toEqual([]);

    await w.core.syncNow(w.accountId);
    expect(await accountStatus(w)).toMatchObject({ state: 'ok' });
    expect((await summaries(w.core)).map((r) => r.title)).toEqual(['Ada Lovelace']);
  });

  it('syncs a conversation whose id holds a lone surrogate, and a reply to it goes out', async () => {
    const w = await world(kind, [{ key: 'id\uDC00x', name: 'Lone Id', messages: [{ text: 'hello', at: minutesAgo(5) }] }]);
    const remoteId = plant(w.target, { key: 'second\uD800', name: 'Second Lone', messages: [{ text: 'hi', at: minutesAgo(4) }] });
    await w.core.syncNow(w.accountId);
    expect(await accountStatus(w)).toMatchObject({ state: 'ok' });
    const rows = await summaries(w.core);
    expect(rows.map((r) => r.title).sort()).toEqual(['Lone Id', 'Second Lone']);
    const row = rows.find((r) => r.title === 'Second Lone')!;
    expect((await w.core.openConversation(row.id)).messages.map((m) => m.text)).toEqual(['hi']);

    await w.core.sendReply(row.id, 'Replying to a broken id');
    await w.core.deliverOutbox();
    expect(w.sent()).toEqual([[remoteId, 'Replying to a broken id']]);
    expect((await w.core.openConversation(row.id)).messages.map((m) => [m.text, m.status])).toEqual([
      ['hi', 'sent'],
      ['Replying to a broken id', 'sent'],
    ]);
  });

  it('reads a page of 10,000 conversations whole, each cleaned', async () => {
    const w = await world(kind, [{ key: 'one', name: HOSTILE.rtlName, messages: [{ text: HOSTILE.controlMessage, at: minutesAgo(5) }] }]);
    const idKey: Record<Kind, string> = { reactin: 'id', linkup: 'conversation_id', connectsafely: 'conversationUrn', crispy: 'chat_id' };
    w.proxy.next(
      {
        rewrite: (json) => {
          const list = listOf(json);
          const first = list[0] as Record<string, unknown>;
          list.length = 0;
          for (let i = 0; i < 10_000; i++) list.push({ ...first, [idKey[kind]]: `${String(first[idKey[kind]])}-${i}` });
          return json;
        },
      },
      isList,
    );
    const provider = createProvider({ account: testAccount(kind, w.config), getApiKey: async () => KEY[kind], dispatcher: w.dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
    const page = await provider.listConversations({ limit: provider.maxPageSize });
    expect(page.items).toHaveLength(10_000);
    expect(new Set(page.items.map((c) => c.remoteId)).size).toBe(10_000);
    expect(page.items.every((c) => c.title === EXPECTED.rtlName && c.participants[0]!.name === EXPECTED.rtlName)).toBe(true);
    expect(page.items.every((c) => c.lastMessage!.text === EXPECTED.controlMessage)).toBe(true);
  });
});

describe('string hygiene (providers/sanitize.ts)', () => {
  it('replaces lone surrogates, so encoding never throws, and keeps real pairs', () => {
    expect(wellFormed('a\uDC00b\uD800')).toBe('a\uFFFDb\uFFFD');
    expect(wellFormed('emoji 😀')).toBe('emoji 😀');
    expect(() => encodeURIComponent('x\uDC00')).toThrow(URIError);
    expect(encodeSegment('x\uDC00')).toBe('x%EF%BF%BD');
    // A profile path with a malformed escape is no profile, never a URIError.
    expect(normalizeProfileUrl('https://www.linkedin.com/in/%ED%B0%80')).toBeNull();
    expect(normalizeProfileUrl('https://www.linkedin.com/in/%ZZ')).toBeNull();
    expect(normalizeProfileUrl('ada\uDC00')).toBe('https://www.linkedin.com/in/ada%EF%BF%BD');
  });

  it('cleans names: controls, direction controls and invisible characters go, white space collapses, 200 characters at most', () => {
    expect(cleanLine(HOSTILE.rtlName)).toBe(EXPECTED.rtlName);
    expect(cleanLine('\u2067Isolated\u2069 \u200Fname\u200E')).toBe('Isolated name');
    expect(cleanLine(HOSTILE.zeroWidthName)).toBe(EXPECTED.zeroWidthName);
    expect(cleanLine(HOSTILE.controlName)).toBe(EXPECTED.controlName);
    expect(cleanLine('  Two\n\tlines\u2028here  ')).toBe('Two lines here');
    expect(cleanLine(HOSTILE.longName)).toBe(EXPECTED.longName);
    expect(cleanLine(`${'a'.repeat(198)}😀😀`)).toBe(`${'a'.repeat(198)}…`); // never half an emoji
    // Emoji sequences and scripts that need joiners keep them.
    expect(cleanLine('Family 👨‍👩‍👧')).toBe('Family 👨‍👩‍👧');
    expect(cleanLine('می‌خواهم')).toBe('می‌خواهم');
    // Nothing visible left, or not text at all: no name.
    for (const raw of ['\u200B\u200B', ' \u3164 ', 42, null, ['x']]) expect(cleanLine(raw), JSON.stringify(raw)).toBeNull();
    // Stacked marks are cut to a few per character.
    expect(cleanLine(`Z${'\u0301'.repeat(100)}`)).toBe(`Z${'\u0301'.repeat(6)}`);
  });

  it('cleans message text: controls go but new lines and tabs stay, direction controls stay, 100,000 characters at most', () => {
    expect(cleanMessageText(HOSTILE.controlMessage)).toBe(EXPECTED.controlMessage);
    expect(cleanMessageText(HOSTILE.rtlMessage)).toBe(HOSTILE.rtlMessage);
    expect(cleanMessageText(HOSTILE.scriptMessage)).toBe(HOSTILE.scriptMessage);
    expect(cleanMessageText('a\u2028b')).toBe('a\nb');
    const long = cleanMessageText(HOSTILE.megabyte);
    expect(long.length).toBe(MAX_MESSAGE_CHARS);
    expect(long.endsWith(MESSAGE_SHORTENED)).toBe(true);
    const exact = 'x'.repeat(MAX_MESSAGE_CHARS);
    expect(cleanMessageText(exact)).toBe(exact);
    expect(cleanMessageText(5)).toBe('');
  });

  it('quotes server error text as one clean line in every provider', () => {
    const said = 'Bad\u202E tseuqer\u0000\n\u200Bhere';
    expect(reactinQuote({ message: said })).toBe('Bad tseuqer here');
    expect(connectSafelyQuote({ error: said })).toBe('Bad tseuqer here');
    expect(linkupQuote(said)).toBe('Bad tseuqer here');
    expect(crispyQuote(said)).toBe('Bad tseuqer here');
    expect(reactinQuote({ message: '\u202E\u200B' })).toBeNull();
  });

  it('keeps only https addresses (plain http only for this computer), without credentials', () => {
    expect(cleanUrl('https://media.licdn.com/a.jpg')).toBe('https://media.licdn.com/a.jpg');
    expect(cleanUrl('http://127.0.0.1:8080/a.png')).toBe('http://127.0.0.1:8080/a.png');
    for (const bad of [HOSTILE.jsLink, ' JavaScript:alert(1)', HOSTILE.dataLink, HOSTILE.fileLink, 'http://example.com/a.jpg', 'https://user:pw@example.com/', 'https://exa mple.com', `https://x.com/${'a'.repeat(3000)}`, 'https://x.com/\uDC00', '//x.com/a', 42]) {
      expect(cleanUrl(bad), String(bad)).toBeNull();
    }
  });
});

describe('the size cap at the HTTP boundary', () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    server = null;
  });

  /** A server answering `status` with `bytes` of body, streamed, optionally declaring its length. */
  async function serve(status: number, bytes: number, declare: boolean): Promise<string> {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(declare ? { 'content-length': String(bytes) } : {}) });
      const chunk = Buffer.alloc(256 * 1024, 'y');
      let left = bytes;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          const piece = chunk.subarray(0, Math.min(left, chunk.length));
          left -= piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/x`;
  }

  const opts = (dispatcher: Agent) => ({ dispatcher, clock: new VirtualClock(), providerLabel: 'ReactIn', accountName: 'Sales seat' });

  it('refuses a read over 20 MB, whether or not it declares its length, with a typed error naming the account', async () => {
    const dispatcher = new Agent();
    defer(() => dispatcher.close());
    for (const declare of [false, true]) {
      const url = await serve(200, MAX_BODY_BYTES + 1, declare);
      const err = await sendJson({ method: 'GET', url }, opts(dispatcher)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, `declared: ${declare}`).toMatchObject({ code: 'bad-response', status: 200, retryable: false });
      expect((err as AppError).message).toBe("ReactIn sent a response this app cannot read (larger than 20 MB) for 'Sales seat' — it will be tried again on the next sync.");
      server!.closeAllConnections();
      await new Promise<void>((ok) => server!.close(() => ok()));
      server = null;
    }
  });

  it('hands adapters well-formed strings: a lone surrogate spelt \\udc00 in JSON arrives as U+FFFD, real pairs intact', async () => {
    const dispatcher = new Agent();
    defer(() => dispatcher.close());
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[{"id":"cnv_\\udc00","name":"A \\uD800 B","emoji":"\\ud83d\\ude00"}]}');
    });
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const res = await sendJson({ method: 'GET', url }, opts(dispatcher));
    expect(res.body).toEqual({ items: [{ id: 'cnv_\uFFFD', name: 'A \uFFFD B', emoji: '😀' }] });
  });

  it('reads an answer of exactly 20 MB; an oversized answer to an accepted write is sent but unreadable, an oversized error keeps its status', async () => {
    const dispatcher = new Agent();
    defer(() => dispatcher.close());
    let url = await serve(200, MAX_BODY_BYTES, false);
    expect(await sendJson({ method: 'GET', url }, opts(dispatcher))).toMatchObject({ status: 200, malformed: true }); // read whole; not JSON
    server!.closeAllConnections();
    await new Promise<void>((ok) => server!.close(() => ok()));
    url = await serve(201, MAX_BODY_BYTES + 1, false);
    expect(await sendJson({ method: 'POST', url, body: { content: 'hi' } }, opts(dispatcher))).toMatchObject({ status: 201, malformed: true, body: undefined });
    // A read sent as POST (Linkup) is still a read.
    await expect(sendJson({ method: 'POST', url, body: {}, read: true }, opts(dispatcher))).rejects.toMatchObject({ code: 'bad-response' });
    // An oversized error answer keeps its status, for the adapter to say what went wrong.
    server!.closeAllConnections();
    await new Promise<void>((ok) => server!.close(() => ok()));
    url = await serve(503, MAX_BODY_BYTES + 1, true);
    expect(await sendJson({ method: 'GET', url }, opts(dispatcher))).toMatchObject({ status: 503, malformed: true, body: undefined });
  });
});
