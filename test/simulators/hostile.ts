/**
 * Hostile provider data for tests, for any of the four simulators: a catalogue of nasty strings
 * (markup, `javascript:` links, direction overrides, invisible and control characters, lone
 * surrogates, a megabyte of text), one provider-neutral description of a conversation that each
 * simulator is filled from (`plant`), and a loopback proxy that stands in front of a simulator to
 * rewrite its JSON (malformed items, 10,000-item pages), to answer with a body of any size, to
 * drip an answer a byte at a time, or to page for ever (`endlessPages`, `circularCursors`).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, type Dispatcher } from 'undici';
import type { ConnectSafelySim } from './connectsafely';
import type { CrispySim } from './crispy';
import { LINKUP_SIM_SELF_FSD, type LinkupSim } from './linkup';
import type { ReactInSim } from './reactin';
import { readBody } from './common';

/** Text a provider might send to break the app. Each is what a person should see literally, unless EXPECTED says otherwise. */
export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=1</script>',
  jsLink: 'javascript:window.__pwned=1',
  dataLink: 'data:text/html,<script>window.__pwned=1</script>',
  fileLink: 'file:///etc/passwd',
  /** Shows as "Mallory exe.png" unless the override is removed. */
  rtlName: 'Mallory \u202Egnp.exe',
  zeroWidthName: 'Ze\u200Bro\u2060Wi\uFEFFdth',
  controlName: 'Nul\u0000Bell\u0007Esc\u001B Name',
  loneName: 'Lone \uDC00 Surrogate',
  longName: 'W'.repeat(5_000),
  scriptMessage: '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"><b>bold?</b>',
  linkMessage: 'Click javascript:window.__pwned=1 or <a href="javascript:window.__pwned=1">this</a>',
  rtlMessage: 'Invoice \u202Efdp.exe attached',
  controlMessage: 'Line one\u0000\r\nLine two\u0007\tTabbed',
  loneMessage: 'broken \uD800 pair',
  /** 1,000,000 characters without a space. */
  megabyte: 'M'.repeat(1_000_000),
} as const;

/** What the app keeps of each (see src/main/core/providers/sanitize.ts). */
export const EXPECTED = {
  rtlName: 'Mallory gnp.exe',
  zeroWidthName: 'ZeroWidth',
  controlName: 'NulBellEsc Name',
  loneName: 'Lone \uFFFD Surrogate',
  longName: `${'W'.repeat(199)}…`,
  controlMessage: 'Line one\nLine two\tTabbed',
  loneMessage: 'broken \uFFFD pair',
} as const;

export interface PlantedMessage {
  text: string;
  at: number;
}

/** One conversation with one other person, as every simulator can hold it. Fields typed `unknown` may be given the wrong type on purpose. */
export interface HostileConversation {
  /** Part of the provider's conversation id (may hold a lone surrogate). */
  key: string;
  name: string;
  headline?: unknown;
  company?: unknown;
  avatarUrl?: unknown;
  /** A LinkedIn profile URL or anything else. Linkup addresses replies by it: keep it real where a reply must go out. */
  profileUrl?: unknown;
  /** From the other person, oldest first. */
  messages: PlantedMessage[];
}

export type AnySim =
  | { kind: 'reactin'; sim: ReactInSim }
  | { kind: 'linkup'; sim: LinkupSim }
  | { kind: 'connectsafely'; sim: ConnectSafelySim }
  | { kind: 'crispy'; sim: CrispySim };

const asText = (v: unknown) => v as string;

/** Puts the conversation into the simulator; returns the provider's id for it. */
export function plant(target: AnySim, c: HostileConversation): string {
  const slug = `person-${c.key.replace(/[^a-z0-9]/gi, '')}`;
  const profileUrl = c.profileUrl === undefined ? `https://www.linkedin.com/in/${slug}` : c.profileUrl;
  switch (target.kind) {
    case 'reactin': {
      const { sim } = target;
      const conv = sim.addConversation({
        id: `cnv_${c.key}`,
        name: c.name,
        participants: [
          { id: `li_${slug}`, name: c.name, headline: asText(c.headline ?? null), company: asText(c.company ?? null), avatarUrl: asText(c.avatarUrl ?? null), linkedinUrl: asText(profileUrl), leadId: null },
        ],
      });
      for (const m of c.messages) sim.addInboundMessage(conv.id, m.text, m.at);
      return conv.id;
    }
    case 'linkup': {
      const { sim } = target;
      const shortId = `2-${c.key}`;
      const id = `urn:li:msg_conversation:(urn:li:fsd_profile:${LINKUP_SIM_SELF_FSD},${shortId})`;
      sim.conversations.push({
        id,
        shortId,
        participant: { name: c.name, headline: asText(c.headline ?? null), profileUrl: asText(profileUrl), messageProfileUrl: asText(profileUrl), profilePicture: asText(c.avatarUrl ?? null) },
        unread: 0,
        connection: true,
        inmail: false,
        starred: false,
        messages: [],
      });
      for (const m of c.messages) sim.addInboundMessage(id, m.text, m.at);
      return id;
    }
    case 'connectsafely': {
      const { sim } = target;
      // ConnectSafely names people by profile id; the profile URL is derived from it.
      const conv = sim.addConversation({ threadId: `2-${c.key}`, participants: [{ profileId: slug, name: c.name, headline: asText(c.headline ?? null), profilePicture: asText(c.avatarUrl ?? null) }] });
      for (const m of c.messages) sim.addInboundMessage(conv.conversationUrn, m.text, m.at);
      return conv.conversationUrn;
    }
    case 'crispy': {
      const { sim } = target;
      const conv = sim.addConversation({
        chatId: `chat_${c.key}`,
        name: c.name,
        participants: [{ id: `li_${slug}`, name: c.name, headline: asText(c.headline ?? null), company: asText(c.company ?? null), profileUrl: asText(profileUrl), avatarUrl: asText(c.avatarUrl ?? null) }],
      });
      for (const m of c.messages) sim.addInboundMessage(conv.chatId, m.text, m.at);
      return conv.chatId;
    }
  }
}

/** What the next matching request gets instead of the simulator's own answer. */
export type ProxyAction =
  /** The simulator's answer, its JSON rewritten (2xx answers only). */
  | { rewrite: (json: any) => unknown } // eslint-disable-line @typescript-eslint/no-explicit-any
  /** 200 with this many bytes of JSON-looking text, in chunks, with or without a Content-Length. */
  | { huge: number; declareLength: boolean }
  /** The simulator's answer, sent one byte every `everyMs` real milliseconds (each byte resets an idle timer). */
  | { dripEveryMs: number };

/**
 * The simulator's answer to a request whose path and query `forward` rewrote, its JSON rewritten
 * by `rewrite` (2xx answers only): a page made up from another one.
 */
export interface ForwardAction {
  forward: (url: string) => string;
  rewrite: (json: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Where a provider's pages keep their cursor and item ids (ReactIn: `?cursor=`, `nextCursor`, `id`). */
export interface PageShape {
  /** The query parameter a request carries the cursor in. */
  cursorParam: string;
  /** The field of a page (or of its `data`) holding the next cursor. */
  cursorField: string;
  /** The field of each item holding its id. */
  idField: string;
}

/** The suffix the proxy gives ids it invents; it removes it from every request it forwards. */
const INVENTED = /~p\d+/g;

export interface ProxiedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** The request body as text. */
  body: string;
}

export interface HostileProxy {
  /** `simBaseUrl` with the proxy's origin: give this to the account. */
  baseUrl(simBaseUrl: string): string;
  /** The next request for which `when` holds (default: the next one) gets `action`. */
  next(action: ProxyAction | ForwardAction, when?: (req: ProxiedRequest) => boolean): void;
  /** Every request for which `when` holds gets `action`, until the returned function is called. */
  always(action: ProxyAction | ForwardAction, when?: (req: ProxiedRequest) => boolean): () => void;
  /** Called (and awaited) before each request is answered: to look at the app while it waits. */
  onRequest(listener: (req: ProxiedRequest) => Promise<void> | void): void;
  /** Bytes written for answers from `huge`, counted as they left (to show the client stopped reading). */
  readonly hugeBytesSent: number;
  close(): Promise<void>;
}

/** A loopback proxy to `target` (a simulator's origin) that passes everything through unless told otherwise. */
export async function startHostileProxy(target: string, dispatcher: Dispatcher): Promise<HostileProxy> {
  const origin = new URL(target).origin;
  type Rule = { action: ProxyAction | ForwardAction; when: (req: ProxiedRequest) => boolean; once: boolean };
  const queue: Rule[] = [];
  const listeners: ((req: ProxiedRequest) => Promise<void> | void)[] = [];
  let hugeBytesSent = 0;

  async function handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const body = await readBody(req);
    const info: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', body };
    for (const listener of listeners) await listener(info);
    const at = queue.findIndex((q) => q.when(info));
    const rule = at >= 0 ? queue[at]! : null;
    if (rule?.once) queue.splice(at, 1);
    const action = rule?.action ?? null;
    if (action && 'huge' in action) {
      res.writeHead(200, { 'content-type': 'application/json', ...(action.declareLength ? { 'content-length': String(action.huge) } : {}) });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let left = action.huge;
      res.write('{"items":"');
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        hugeBytesSent += piece.length;
        if (!res.write(piece)) {
          await new Promise<void>((ok) => {
            const done = () => (res.off('drain', done), res.off('close', done), ok());
            res.on('drain', done).on('close', done);
          });
        }
      }
      if (!res.destroyed) res.end('"}');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
    const path = (action && 'forward' in action ? (action as ForwardAction).forward(info.url) : info.url).replace(INVENTED, '');
    const upstream = await request(`${origin}${path}`, { method: info.method as Dispatcher.HttpMethod, headers, body: body.length > 0 ? body : undefined, dispatcher });
    let text = await upstream.body.text();
    if (action && 'rewrite' in action && upstream.statusCode >= 200 && upstream.statusCode < 300) {
      text = JSON.stringify(rewriteAnswer(JSON.parse(text), action.rewrite));
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(upstream.headers)) if (typeof v === 'string' && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) out[k] = v;
    res.writeHead(upstream.statusCode, out);
    if (action && 'dripEveryMs' in action) {
      // One byte at a time, each after a real pause: a connection that is never idle and never done.
      for (const byte of Buffer.from(text)) {
        if (res.destroyed) return;
        res.write(Buffer.from([byte]));
        await new Promise<void>((ok) => {
          const t = setTimeout(ok, action.dripEveryMs);
          res.once('close', () => (clearTimeout(t), ok()));
        });
      }
    }
    if (!res.destroyed) res.end(action && 'dripEveryMs' in action ? undefined : text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `proxy error: ${String(err)}` }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: (simBaseUrl) => {
      const u = new URL(simBaseUrl);
      return `http://127.0.0.1:${port}${u.pathname}`;
    },
    next: (action, when = () => true) => void queue.push({ action, when, once: true }),
    always: (action, when = () => true) => {
      const rule: Rule = { action, when, once: false };
      queue.push(rule);
      return () => {
        const at = queue.indexOf(rule);
        if (at >= 0) queue.splice(at, 1);
      };
    },
    onRequest: (listener) => void listeners.push(listener),
    get hugeBytesSent() {
      return hugeBytesSent;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** An MCP tool result (Crispy) carries its JSON in a text block: that is what gets rewritten. */
function rewriteAnswer(json: unknown, rewrite: (json: any) => unknown): unknown { // eslint-disable-line @typescript-eslint/no-explicit-any
  const block = (json as { result?: { content?: { type?: string; text?: string }[] } } | null)?.result?.content?.[0];
  if (block?.type === 'text' && typeof block.text === 'string') {
    block.text = JSON.stringify(rewrite(JSON.parse(block.text)));
    return json;
  }
  return rewrite(json);
}

/** The first array in a JSON answer (or in its `data`): the list of a page, whatever the provider calls it. */
export function listOf(json: unknown): unknown[] {
  const find = (o: unknown): unknown[] | null => {
    if (Array.isArray(o)) return o;
    if (typeof o !== 'object' || o === null) return null;
    for (const v of Object.values(o)) if (Array.isArray(v)) return v;
    return null;
  };
  const top = find(json);
  if (top) return top;
  const data = (json as { data?: unknown } | null)?.data;
  const inner = find(data);
  if (inner) return inner;
  throw new Error(`no list in ${JSON.stringify(json).slice(0, 200)}`);
}

/** The page object holding the cursor: the answer itself, or its `data`. */
function cursorHolder(json: any, shape: PageShape): Record<string, unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof json?.data === 'object' && json.data !== null && shape.cursorField in json.data) return json.data;
  return json;
}

/** The request with its cursor removed: the simulator serves its first page. */
function firstPage(url: string, shape: PageShape): string {
  const u = new URL(url, 'http://proxy');
  u.searchParams.delete(shape.cursorParam);
  return `${u.pathname}${u.search}`;
}

/** Gives every item of the page an id the simulator never sent (`<id>~p<n>`; the proxy maps it back when it is asked for). */
function renumber(json: unknown, shape: PageShape, n: number): void {
  for (const item of listOf(json) as Record<string, unknown>[]) item[shape.idField] = `${String(item[shape.idField])}~p${n}`;
}

/** A provider that pages for ever: every answer is the simulator's first page again, with new ids and a new cursor. Use with `always`. */
export function endlessPages(shape: PageShape): ForwardAction {
  return firstPageAgain(shape, (served) => `endless-${served}`);
}

/** Every answer the simulator's first page again, with new ids after the first and the cursor `cursorFor` names. */
function firstPageAgain(shape: PageShape, cursorFor: (served: number) => string): ForwardAction {
  let served = 0;
  return {
    forward: (url) => firstPage(url, shape),
    rewrite: (json) => {
      served++;
      if (served > 1) renumber(json, shape, served);
      cursorHolder(json, shape)[shape.cursorField] = cursorFor(served);
      return json;
    },
  };
}

/**
 * A provider whose cursors go round in a circle (first page → "loop-a" → "loop-b" → "loop-a" …),
 * each answer the simulator's first page with new ids: a cursor never equals the one just sent,
 * and no item is one the app has seen, but the cursors repeat. Use with `always`.
 */
export function circularCursors(shape: PageShape): ForwardAction {
  return firstPageAgain(shape, (served) => (served % 2 === 1 ? 'loop-a' : 'loop-b'));
}
