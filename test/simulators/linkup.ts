/**
 * A loopback Linkup v2 messaging API (linkup.md) for tests: the single `POST /v2/messages`
 * endpoint with `list_inbox`, `get_conversation` and `send`, `x-api-key` auth, `account_id`
 * checks, credits (1 per 10 items read, 1 per send; errors are free), the documented error
 * codes, a per-minute request window with Retry-After, injectable faults and a request log.
 *
 * Data looks like real Linkup data: msg_conversation URNs, profile URLs that differ between
 * answers for the same person (trailing slash, upper case, opaque ACoAA ids), SYSTEM events with
 * empty text, and a send answer in other formats than the reads (short "2-…" thread id, ISO time
 * without milliseconds, a messagingMessage URN).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeOpaqueCursor, encodeOpaqueCursor, isOffset, prng, readBody, sameId, serveOnLoopback, FaultInjector, type SimulatorFault } from './common';

export interface LinkupSimParticipant {
  name: string;
  headline: string | null;
  /** As list_inbox reports it. */
  profileUrl: string;
  /** As get_conversation reports it on their messages (often another form of the same URL). */
  messageProfileUrl: string;
  profilePicture: string | null;
}

export interface LinkupSimMessage {
  entityUrn: string;
  text: string;
  /** Epoch ms; served as a number. */
  timestamp: number;
  senderName: string;
  /** As get_conversation reports it. */
  senderProfileUrl: string;
  type: 'TEXT' | 'SYSTEM';
  /** The truth, for tests: Linkup itself never says this on messages. */
  fromMe: boolean;
}

export interface LinkupSimConversation {
  /** urn:li:msg_conversation:(urn:li:fsd_profile:<ours>,2-…) */
  id: string;
  /** The "2-…" part, which send answers with. */
  shortId: string;
  participant: LinkupSimParticipant;
  unread: number;
  /** Category flags: MY_CONNECTIONS, INMAIL, STARRED. */
  connection: boolean;
  inmail: boolean;
  starred: boolean;
  /** Newest first. */
  messages: LinkupSimMessage[];
}

export interface LinkupSimOptions {
  apiKey: string;
  accountId: string;
  now?: () => number;
  /** Generate this many deterministic conversations. */
  conversations?: number;
  /** PRNG seed for generated data; default 1. */
  seed?: number;
  /** Starting credit balance; default 1,000,000. */
  credits?: number;
  /** Our own profile URL; default https://www.linkedin.com/in/robin-seller. */
  selfProfileUrl?: string;
  /**
   * Requests per sliding minute before RATE_LIMITED. Linkup publishes no numbers: 60 is an
   * ASSUMPTION (the same as the conservative budget the app uses for Linkup).
   */
  perMinute?: number;
}

export type LinkupSimFault = SimulatorFault;

export interface LinkupSimRequest {
  method: string;
  path: string;
  /** `action` of the body, when there was one. */
  action: string | null;
  params: Record<string, unknown>;
  /** `account_id` of the body, as sent. */
  accountId: unknown;
  /** 0 when the connection was cut. */
  status: number;
  at: number;
  /** The x-api-key header. */
  apiKey: string | undefined;
  /** The Authorization header, which Linkup does not use. */
  authorization: string | undefined;
  contentType: string | undefined;
  /** credits_consumed of the answer. */
  credits: number;
}

export interface LinkupSim {
  /** 'http://127.0.0.1:<port>/v2' */
  baseUrl: string;
  close(): Promise<void>;
  /** Live state. */
  conversations: LinkupSimConversation[];
  /** From the other person; bumps unread and moves the conversation to the top. Takes the URN or the short id. */
  addInboundMessage(conversationId: string, text: string, at?: number): LinkupSimMessage;
  /** Mine, sent elsewhere (e.g. the phone). */
  addOwnMessage(conversationId: string, text: string, at?: number): LinkupSimMessage;
  /** Accepted sends. */
  sent: { profileUrl: string; text: string; at: number; conversationId: string }[];
  /** Every request, rejected ones included. */
  requests: LinkupSimRequest[];
  /** Credits charged so far. */
  readonly creditsUsed: number;
  /** Credits left. */
  readonly credits: number;
  setCredits(n: number): void;
  /** Later requests get 403 ACCOUNT_INACTIVE. */
  setInactive(value: boolean): void;
  /** Later requests get 403 INVALID_API_KEY. */
  revokeKey(): void;
  /** From now on only `key` is accepted, and a revoke is lifted: the person made a new key. */
  setApiKey(key: string): void;
  /** The next `times` requests (default 1) get this fault. */
  injectFault(f: LinkupSimFault, times?: number): void;
}

export const LINKUP_SIM_SELF_URL = 'https://www.linkedin.com/in/robin-seller';
export const LINKUP_SIM_SELF_NAME = 'Robin Seller';
/** Our own opaque profile id: in every URN, and in some of our messages' sender URLs. */
export const LINKUP_SIM_SELF_FSD = 'ACoAAB4xQ7selfRobin_9k';
export const LINKUP_SIM_CATEGORIES = ['INBOX', 'UNREAD', 'MY_CONNECTIONS', 'INMAIL', 'STARRED'] as const;

const WINDOW_MS = 60_000;
const MAX_TEXT = 10_000;
const DEFAULT_COUNT = 10;
const MAX_COUNT = 100;

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** Starts the simulator on 127.0.0.1 with a free port. */
export async function startLinkupSimulator(opts: LinkupSimOptions): Promise<LinkupSim> {
  const now = opts.now ?? (() => Date.now());
  const selfUrl = opts.selfProfileUrl ?? LINKUP_SIM_SELF_URL;
  const perMinute = opts.perMinute ?? 60;
  const window: number[] = [];
  const faults = new FaultInjector<LinkupSimFault>();
  let balance = opts.credits ?? 1_000_000;
  let creditsUsed = 0;
  let inactive = false;
  let keyRevoked = false;
  let validKey = opts.apiKey;
  let messageSeq = 0;
  let threadSeq = 0;

  const state = {
    conversations: [] as LinkupSimConversation[],
    sent: [] as LinkupSim['sent'],
    requests: [] as LinkupSimRequest[],
  };
  const nextEntityUrn = () => `urn:li:msg_message:(urn:li:fsd_profile:${LINKUP_SIM_SELF_FSD},${linkedInId('msg', ++messageSeq)})`;
  const nextThread = () => {
    const shortId = linkedInId('thread', ++threadSeq);
    return { shortId, id: `urn:li:msg_conversation:(urn:li:fsd_profile:${LINKUP_SIM_SELF_FSD},${shortId})` };
  };
  const find = (ref: string) => {
    const key = ref.trim();
    return state.conversations.find((c) => sameId(c.id, key) || sameId(c.shortId, key));
  };
  const mustFind = (ref: string) => {
    const c = find(ref);
    if (!c) throw new Error(`simulator: no conversation ${ref}`);
    return c;
  };
  const selfMessageUrl = (n: number) => (n % 4 === 3 ? `https://www.linkedin.com/in/${LINKUP_SIM_SELF_FSD}` : `${selfUrl.replace(/\/+$/, '')}/`);

  state.conversations.push(...generate(opts.conversations ?? 0, opts.seed ?? 1, now(), nextThread, nextEntityUrn, selfMessageUrl));

  function ownMessage(text: string, at: number): LinkupSimMessage {
    return { entityUrn: nextEntityUrn(), text, timestamp: at, senderName: LINKUP_SIM_SELF_NAME, senderProfileUrl: selfMessageUrl(messageSeq), type: 'TEXT', fromMe: true };
  }

  // ---- HTTP -----------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const apiKey = header(req, 'x-api-key');
    const entry: LinkupSimRequest = {
      method,
      path: url.pathname,
      action: null,
      params: {},
      accountId: undefined,
      status: 0,
      at: now(),
      apiKey,
      authorization: header(req, 'authorization'),
      contentType: header(req, 'content-type'),
      credits: 0,
    };
    state.requests.push(entry);
    const raw = await readBody(req);
    type Body = { account_id?: unknown; action?: unknown; params?: unknown };
    let body: Body | null = null;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Body;
    } catch {
      body = null;
    }
    if (body) {
      entry.action = typeof body.action === 'string' ? body.action : null;
      entry.accountId = body.account_id;
      if (typeof body.params === 'object' && body.params !== null) entry.params = body.params as Record<string, unknown>;
    }
    const action = entry.action ?? '';

    const reply: Reply = (status, payload, extra = {}) => {
      if (!fault?.resetAfterWrite) entry.status = status;
      faults.write(fault, req, res, status, { 'content-type': 'application/json', ...extra }, typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const fail = (status: number, code: string, message: string, extra: Record<string, string> = {}) =>
      reply(status, { success: false, error: { code, message }, metadata: { action: action || null, credits_consumed: 0, timestamp: iso(now()) } }, extra);

    const fault = faults.next();
    if (!(await faults.hold(fault, req, res))) return;
    if (fault?.status === 429) return fail(429, 'RATE_LIMITED', 'Too many requests', { 'retry-after': '1' });
    if (fault?.status) return fail(fault.status, 'INTERNAL_ERROR', 'An internal error occurred');
    if (fault?.malformed) return reply(200, '{"success": true, "data": {"conversations": [{"conversation_id": "urn:li:msg_');
    if (fault && 'body' in fault) return reply(200, fault.body);

    // One URL for everything; anything else is not Linkup's messaging API.
    if (url.pathname !== '/v2/messages' || method !== 'POST') return reply(404, { message: 'Not Found' });
    if (keyRevoked || !apiKey || apiKey !== validKey) return fail(403, 'INVALID_API_KEY', 'Invalid or missing API key');
    if (!body) return fail(400, 'INVALID_PARAMS', 'Request body must be a JSON object');
    if (typeof body.account_id !== 'string' || body.account_id === '') return fail(400, 'INVALID_PARAMS', 'account_id is required');
    if (body.account_id !== opts.accountId) return fail(404, 'INVALID_ACCOUNT', `Account ${body.account_id} not found`);
    if (inactive) return fail(403, 'ACCOUNT_INACTIVE', 'This LinkedIn account is not active; reconnect it');
    const retryAfter = takeSlot();
    if (retryAfter !== null) return fail(429, 'RATE_LIMITED', 'Too many requests, slow down', { 'retry-after': String(retryAfter) });
    if (body.params !== undefined && (typeof body.params !== 'object' || body.params === null || Array.isArray(body.params))) {
      return fail(400, 'INVALID_PARAMS', 'params must be an object');
    }
    const params = entry.params;

    /** Charges `cost` and answers with what `run` does, or refuses with 402 before anything happened. */
    const succeed = (cost: number, run: () => unknown) => {
      if (cost > balance) return fail(402, 'INSUFFICIENT_CREDITS', `This request needs ${cost} credits; ${balance} left`);
      const data = run();
      balance -= cost;
      creditsUsed += cost;
      entry.credits = cost;
      reply(200, { success: true, data, metadata: { action, account_id: opts.accountId, credits_consumed: cost, timestamp: iso(now()) } });
    };

    switch (action) {
      case 'list_inbox':
        return listInbox(params, fail, succeed);
      case 'get_conversation':
        return getConversation(params, fail, succeed);
      case 'send':
        return send(params, fail, succeed);
      default:
        return fail(400, 'INVALID_ACTION', `Unknown action '${action}'. Valid actions: list_inbox, get_conversation, send`);
    }
  }

  type Fail = (status: number, code: string, message: string) => void;
  type Succeed = (cost: number, run: () => unknown) => void;

  function listInbox(params: Record<string, unknown>, fail: Fail, succeed: Succeed): void {
    const count = readCount(params.count);
    if (count === null) return fail(400, 'INVALID_PARAMS', `count must be an integer between 1 and ${MAX_COUNT}`);
    const category = params.category === undefined ? 'INBOX' : params.category;
    if (typeof category !== 'string' || !(LINKUP_SIM_CATEGORIES as readonly string[]).includes(category)) {
      return fail(400, 'INVALID_PARAMS', `category must be one of ${LINKUP_SIM_CATEGORIES.join(', ')}`);
    }
    let offset = 0;
    if (params.cursor !== undefined && params.cursor !== null) {
      const decoded = typeof params.cursor === 'string' ? decodeCursor(params.cursor) : null;
      if (!decoded || decoded.category !== category) return fail(400, 'INVALID_PARAMS', 'cursor is invalid or expired');
      offset = decoded.offset;
    }
    const matches = visible().filter((c) => inCategory(c, category));
    const slice = matches.slice(offset, offset + count);
    succeed(credits(slice.length), () => ({
      conversations: slice.map(renderConversation),
      total_results: matches.length,
      next_cursor: offset + count < matches.length ? encodeCursor(category, offset + count) : null,
    }));
  }

  function getConversation(params: Record<string, unknown>, fail: Fail, succeed: Succeed): void {
    const count = readCount(params.count);
    if (count === null) return fail(400, 'INVALID_PARAMS', `count must be an integer between 1 and ${MAX_COUNT}`);
    let c: LinkupSimConversation | undefined;
    if (typeof params.conversation_id === 'string' && params.conversation_id !== '') c = find(params.conversation_id);
    else if (typeof params.profile_url === 'string' && params.profile_url !== '') c = byProfile(params.profile_url);
    else return fail(400, 'INVALID_PARAMS', 'conversation_id or profile_url is required');
    if (!c) return fail(400, 'INVALID_PARAMS', 'No conversation matches conversation_id or profile_url');
    let before = Infinity;
    if (params.cursor !== undefined && params.cursor !== null) {
      if (typeof params.cursor !== 'string' || !/^\d+$/.test(params.cursor)) return fail(400, 'INVALID_PARAMS', 'cursor is invalid');
      before = Number(params.cursor);
    }
    const older = c.messages.filter((m) => m.timestamp < before);
    const page = older.slice(0, count);
    const newest = c.messages[0];
    succeed(credits(page.length), () => ({
      total_message_count: c.messages.length,
      unread_count: c.unread,
      last_seen_message: c.unread === 0,
      last_seen_at: c.unread === 0 && newest ? newest.timestamp + 60_000 : null,
      messages: page.map(renderMessage),
      next_cursor: older.length > page.length ? String(page.at(-1)!.timestamp) : null,
    }));
  }

  function send(params: Record<string, unknown>, fail: Fail, succeed: Succeed): void {
    const profileUrl = params.profile_url;
    const text = params.message_text;
    if (typeof profileUrl !== 'string' || profileKey(profileUrl) === null) return fail(400, 'INVALID_PARAMS', 'profile_url must be a LinkedIn profile URL');
    if (typeof text !== 'string' || text.length < 1 || text.length > MAX_TEXT) {
      return fail(400, 'INVALID_PARAMS', `message_text must be a string of 1 to ${MAX_TEXT} characters`);
    }
    const cost = typeof params.media_link === 'string' || params.media_file !== undefined || typeof params.media_path === 'string' ? 2 : 1;
    succeed(cost, () => {
      const at = now();
      const conversation = byProfile(profileUrl) ?? startThread(profileUrl);
      const message = ownMessage(text, at);
      insertMessage(conversation, message);
      conversation.unread = 0;
      state.sent.push({ profileUrl, text, at, conversationId: conversation.id });
      // Other formats than the reads: the short thread id, an ISO time to the second, another URN kind.
      return {
        entityUrn: `urn:li:messagingMessage:${message.entityUrn.slice(message.entityUrn.lastIndexOf(',') + 1, -1)}`,
        conversation_id: conversation.shortId,
        deliveredAt: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      };
    });
  }

  function startThread(profileUrl: string): LinkupSimConversation {
    const { id, shortId } = nextThread();
    const slug = profileUrl.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? 'member';
    const name = slug
      .split('-')
      .filter((w) => !/^\d+$/.test(w))
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' ');
    const clean = `https://www.linkedin.com/in/${slug}`;
    const c: LinkupSimConversation = {
      id,
      shortId,
      participant: { name: name || 'LinkedIn Member', headline: null, profileUrl: clean, messageProfileUrl: `${clean}/`, profilePicture: null },
      unread: 0,
      connection: true,
      inmail: false,
      starred: false,
      messages: [],
    };
    state.conversations.push(c);
    return c;
  }

  function byProfile(url: string): LinkupSimConversation | undefined {
    const key = profileKey(url);
    if (key === null) return undefined;
    return state.conversations.find((c) => profileKey(c.participant.profileUrl) === key || profileKey(c.participant.messageProfileUrl) === key);
  }

  function visible(): LinkupSimConversation[] {
    return state.conversations
      .filter((c) => c.messages.length > 0)
      .sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp || a.id.localeCompare(b.id));
  }

  /** Counts the request in the sliding minute; the Retry-After seconds when it is full. */
  function takeSlot(): number | null {
    const t = now();
    while (window.length > 0 && window[0]! <= t - WINDOW_MS) window.shift();
    if (window.length >= perMinute) return Math.max(1, Math.ceil((window[0]! + WINDOW_MS - t) / 1000));
    window.push(t);
    return null;
  }

  // ---- server ---------------------------------------------------------------------

  const loopback = await serveOnLoopback(handle, (message) => ({ success: false, error: { code: 'INTERNAL_ERROR', message } }));
  const { port } = loopback;

  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    conversations: state.conversations,
    sent: state.sent,
    requests: state.requests,
    get creditsUsed() {
      return creditsUsed;
    },
    get credits() {
      return balance;
    },
    async close() {
      faults.close();
      await loopback.close();
    },
    addInboundMessage(conversationId, text, at) {
      const c = mustFind(conversationId);
      const m: LinkupSimMessage = {
        entityUrn: nextEntityUrn(),
        text,
        timestamp: at ?? now(),
        senderName: c.participant.name,
        senderProfileUrl: c.participant.messageProfileUrl,
        type: 'TEXT',
        fromMe: false,
      };
      insertMessage(c, m);
      c.unread++;
      return m;
    },
    addOwnMessage(conversationId, text, at) {
      const c = mustFind(conversationId);
      const m = ownMessage(text, at ?? now());
      insertMessage(c, m);
      return m;
    },
    setCredits(n) {
      balance = n;
    },
    setInactive(value) {
      inactive = value;
    },
    revokeKey() {
      keyRevoked = true;
    },
    setApiKey(key) {
      validKey = key;
      keyRevoked = false;
    },
    injectFault(fault, times = 1) {
      faults.inject(fault, times);
    },
  };
}

// ---- wire rendering -----------------------------------------------------------------

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function renderConversation(c: LinkupSimConversation) {
  const last = c.messages[0]!;
  return {
    conversation_id: c.id,
    participant: {
      name: c.participant.name,
      headline: c.participant.headline,
      profile_url: c.participant.profileUrl,
      profile_picture: c.participant.profilePicture,
      // Not documented; here so clients prove they ignore unknown fields.
      public_identifier: c.participant.profileUrl.split('/').pop(),
    },
    last_message: {
      text: last.text,
      time: last.timestamp,
      sender: { name: last.senderName, profile_url: last.senderProfileUrl, is_me: last.fromMe },
    },
    unread: c.unread,
    type: c.inmail ? 'inmail' : 'normal',
    is_starred: c.starred,
  };
}

function renderMessage(m: LinkupSimMessage) {
  const [first, ...rest] = m.senderName.split(' ');
  return {
    text: m.text,
    timestamp: m.timestamp,
    sender: m.senderName,
    sender_info: { first_name: first ?? '', last_name: rest.join(' '), profile_url: m.senderProfileUrl },
    message_type: m.type,
    entity_urn: m.entityUrn,
    attachments: [],
  };
}

function inCategory(c: LinkupSimConversation, category: string): boolean {
  switch (category) {
    case 'UNREAD':
      return c.unread > 0;
    case 'MY_CONNECTIONS':
      return c.connection;
    case 'INMAIL':
      return c.inmail;
    case 'STARRED':
      return c.starred;
    default:
      return true;
  }
}

/** 1 credit per 10 items returned, rounded up (an empty page is free). */
function credits(items: number): number {
  return Math.ceil(items / 10);
}

function readCount(v: unknown): number | null {
  if (v === undefined || v === null) return DEFAULT_COUNT;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_COUNT ? v : null;
}

/** The simulator's own tolerant profile comparison: scheme, www, case, query and trailing slash do not matter. */
function profileKey(url: string): string | null {
  const s = url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  return /^linkedin\.com\/in\/[^/]+$/.test(s) ? s : null;
}

/** Keeps messages newest first; a message at the same instant as another goes in front of it. */
function insertMessage(c: LinkupSimConversation, m: LinkupSimMessage): void {
  const at = c.messages.findIndex((x) => x.timestamp <= m.timestamp);
  if (at === -1) c.messages.push(m);
  else c.messages.splice(at, 0, m);
}

/** A LinkedIn-style "2-<base64>" id; the bytes are chosen so ids carry '+', '/' and '='. */
function linkedInId(kind: string, n: number): string {
  const bytes = Buffer.concat([Buffer.from([0xfb, 0xff, 0xbf]), Buffer.from(`${kind}_${n.toString(36)}_${(n * 2654435761) % 1e9}`)]);
  return `2-${bytes.toString('base64')}`;
}




function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}


// ---- generated data -----------------------------------------------------------------

const FIRST = ['Mara', 'Jonas', 'Amara', 'Mateo', 'Sofia', 'Kenji', 'Priya', 'Lukas', 'Chloé', 'Omar', 'Ingrid', 'Diego', 'Hana', 'Tobias', 'Zoe', 'Ravi', 'Elif', 'Marek', 'Aisha', 'Finn'];
const LAST = ['Lind', 'Becker', 'Okafor', 'García', 'Rossi', 'Tanaka', 'Sharma', 'Novak', 'Dubois', 'Haddad', 'Larsen', 'Moreno', 'Kim', 'Weber', 'Clarke', 'Iyer', 'Yılmaz', 'Kowalski'];
const HEADLINES = ['Ops lead', 'Founder & CEO', 'VP Engineering', 'Talent Partner', 'Head of Growth', 'CTO', 'Account Executive', 'Head of People'];
const MINE = ['Hi {first}, great to connect — open to a quick chat?', 'Following up on my last note, {first}.', 'Thanks! Does Thursday 10:00 work?', 'Sharing the deck we talked about.', 'Sending an invite now.'];
const THEIRS = ['Thursday works for me.', 'Thanks for reaching out!', 'Can you send more details?', 'Not right now, maybe next quarter.', 'Who else is on your team?', 'What does pricing look like?'];

/** How the other person's URL looks in list_inbox and on their messages. */
type UrlStyle = 'same' | 'slash' | 'case' | 'acoaa-in-messages' | 'acoaa-everywhere';
const STYLES: UrlStyle[] = ['same', 'slash', 'slash', 'case', 'acoaa-in-messages', 'acoaa-everywhere'];


function generate(
  count: number,
  seed: number,
  start: number,
  nextThread: () => { id: string; shortId: string },
  nextUrn: () => string,
  selfMessageUrl: (n: number) => string,
): LinkupSimConversation[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: LinkupSimConversation[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST);
    const name = `${first} ${pick(LAST)}`;
    const slug = `${name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ +/g, '-')}-${i}`;
    const opaque = `ACoAA${(1_000_000 + i * 7919).toString(36)}Xq${i}`;
    const vanity = `https://www.linkedin.com/in/${slug}`;
    const style = STYLES[i % STYLES.length]!;
    const listUrl = style === 'acoaa-everywhere' ? `https://www.linkedin.com/in/${opaque}` : vanity;
    const messageUrl = {
      same: vanity,
      slash: `${vanity}/`,
      case: `https://linkedin.com/in/${slug.charAt(0).toUpperCase()}${slug.slice(1)}/`,
      'acoaa-in-messages': `https://www.linkedin.com/in/${opaque}`,
      'acoaa-everywhere': `https://www.linkedin.com/in/${opaque}/`,
    }[style];
    const inmail = rnd() < 0.12;
    const connection = !inmail;
    const total = 1 + Math.floor(rnd() * 30);
    const theyLast = rnd() < 0.5;
    const system = connection && rnd() < 0.3;
    let at = start - Math.floor(rnd() * 30 * 86_400_000) - 60_000;
    const messages: LinkupSimMessage[] = [];
    let trailingInbound = 0;
    for (let k = 0; k < total; k++) {
      const fromThem = k === 0 ? theyLast : rnd() < 0.5;
      if (fromThem && trailingInbound === k) trailingInbound++;
      const text = (fromThem ? pick(THEIRS) : pick(MINE)).replace('{first}', first);
      messages.push({
        entityUrn: '',
        text,
        timestamp: at,
        senderName: fromThem ? name : 'Robin Seller',
        senderProfileUrl: fromThem ? (k % 2 === 0 && style === 'slash' ? vanity : messageUrl) : selfMessageUrl(k),
        type: 'TEXT',
        fromMe: !fromThem,
      });
      at -= 60_000 + Math.floor(rnd() * 2 * 86_400_000);
    }
    // A new connection starts with a SYSTEM event that has no text.
    if (system) messages.push({ entityUrn: '', text: '', timestamp: at, senderName: name, senderProfileUrl: messageUrl, type: 'SYSTEM', fromMe: false });
    for (const m of [...messages].reverse()) m.entityUrn = nextUrn();
    const { id, shortId } = nextThread();
    out.push({
      id,
      shortId,
      participant: { name, headline: pick(HEADLINES), profileUrl: listUrl, messageProfileUrl: messageUrl, profilePicture: `https://media.example.test/p/${slug}.jpg` },
      unread: theyLast && rnd() < 0.6 ? trailingInbound : 0,
      connection,
      inmail,
      starred: rnd() < 0.15,
      messages,
    });
  }
  return out;
}

function encodeCursor(category: string, offset: number): string {
  return encodeOpaqueCursor({ c: category, o: offset }, 2);
}

function decodeCursor(cursor: string): { category: string; offset: number } | null {
  const v = decodeOpaqueCursor(cursor);
  return v && typeof v.c === 'string' && isOffset(v.o) ? { category: v.c, offset: v.o } : null;
}
