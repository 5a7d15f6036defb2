/**
 * A loopback ReactIn Unified Inbox API (reactin.md) for tests: the three endpoints, Bearer
 * auth, org scoping, filters, opaque base64 cursors, validation, 409s, per-method sliding
 * window rate limits with X-RateLimit-* and Retry-After, injectable faults, and a request log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeOpaqueCursor, encodeOpaqueCursor, isOffset, prng, readBody, safeDecode, sameId, serveOnLoopback, FaultInjector, type SimulatorFault } from './common';

export interface SimParticipant {
  id: string;
  name: string;
  avatarUrl: string | null;
  linkedinUrl: string | null;
  headline: string | null;
  company: string | null;
  leadId: string | null;
}

export interface SimCampaignEvent {
  id: string;
  campaign: { id: string; name: string };
}

export interface SimMessage {
  id: string;
  userId: string;
  text: string;
  /** Epoch ms; served as an ISO string. */
  timestamp: number;
  readAt: number | null;
  metadata: {
    campaignEvent: SimCampaignEvent | null;
    sentFromInboxByUserId: string | null;
    sentFromInboxByUserName: string | null;
    sentFromInboxByUserEmail: string | null;
  };
}

export interface SimConversation {
  id: string;
  name: string;
  linkedinAccountId: string;
  campaignId: string;
  isDisconnected: boolean;
  notReady: boolean;
  unreadCount: number;
  participants: SimParticipant[];
  /** Newest first. */
  messages: SimMessage[];
}

export interface ReactInSimOptions {
  apiKey: string;
  organizationId: string;
  now?: () => number;
  getPerMinute?: number;
  postPerMinute?: number;
  /** Generate this many deterministic conversations. */
  conversations?: number;
  /** Our own LinkedIn user id; default 'li_me_01'. */
  selfUserId?: string;
  /** Default ['lia_01', 'lia_02']. */
  linkedinAccountIds?: string[];
  /** PRNG seed for generated data; default 1. */
  seed?: number;
  /** Real ms between storing a sent message and answering (the window where a client may die). */
  postAnswerDelayMs?: number;
}

export interface SimFault extends SimulatorFault {
  /** A 400 refusal whose `message` is this text (as ReactIn words a refusal; it may echo what it was sent). */
  refuse?: string;
}

export interface SimRequest {
  method: string;
  /** Raw (still percent-encoded) path. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** 0 when the connection was cut. */
  status: number;
  at: number;
  auth: string | undefined;
}

export interface ReactInSim {
  /** 'http://127.0.0.1:<port>/api' */
  baseUrl: string;
  close(): Promise<void>;
  /** Live state, including conversations with no messages (which the API hides). */
  conversations: SimConversation[];
  addConversation(c: Partial<SimConversation> & { name: string }): SimConversation;
  /** From the other person; bumps unreadCount and moves the conversation to the top. */
  addInboundMessage(conversationId: string, text: string, at?: number): SimMessage;
  /** Mine, sent elsewhere (e.g. the phone). */
  addOwnMessage(conversationId: string, text: string, at?: number): SimMessage;
  /** Sends stored whose answer never reached the client (it hung up first). */
  readonly unansweredSends: number;
  /** Accepted POSTs. */
  sent: { conversationId: string; content: string; at: number }[];
  /** Every request, rejected ones included. */
  requests: SimRequest[];
  setDisconnected(conversationId: string, value: boolean): void;
  setNotReady(conversationId: string, value: boolean): void;
  /** Later requests get 401. */
  revokeKey(): void;
  /** From now on only `key` is accepted, and a revoke is lifted: the person made a new key. */
  setApiKey(key: string): void;
  /** The next `times` requests (default 1) get this fault. */
  injectFault(f: SimFault, times?: number): void;
  /** The `requestNumber`-th request since the simulator started (1-based, as in `requests`) gets this fault. */
  injectFaultAt(requestNumber: number, f: SimFault): void;
  /**
   * Called the moment a send is stored, before it is answered; 'hold' keeps the answer back for
   * good (counted in unansweredSends), so a test can kill the client exactly there. null removes it.
   */
  onSendStored(hook: SendStoredHook | null): void;
}

/** Decides, for a send just stored, whether its answer goes out or is held back for good. */
export type SendStoredHook = (sent: { conversationId: string; content: string }) => 'answer' | 'hold';

const WINDOW_MS = 60_000;
const MAX_CONTENT = 10_000;
const CAMPAIGNS = [
  { id: 'camp_1', name: 'Spring outreach' },
  { id: 'camp_2', name: 'SaaS founders DACH' },
  { id: 'camp_3', name: 'Recruiting — senior engineers' },
  { id: 'camp_4', name: 'Event follow-up' },
];
const TEAMMATE = { id: 'usr_team_7', name: 'Nora Lindqvist', email: 'nora@example.test' };

/** Starts the simulator on 127.0.0.1 with a free port. */
export async function startReactInSimulator(opts: ReactInSimOptions): Promise<ReactInSim> {
  const now = opts.now ?? (() => Date.now());
  const selfUserId = opts.selfUserId ?? 'li_me_01';
  const accountIds = opts.linkedinAccountIds?.length ? opts.linkedinAccountIds : ['lia_01', 'lia_02'];
  const limits = { GET: opts.getPerMinute ?? 30, POST: opts.postPerMinute ?? 60 };
  const windows: Record<'GET' | 'POST', number[]> = { GET: [], POST: [] };
  const faults = new FaultInjector<SimFault>();
  /** Faults for the n-th request ever received (1-based), for deterministic mid-run failures. */
  const faultAt = new Map<number, SimFault>();
  let keyRevoked = false;
  let validKey = opts.apiKey;
  let messageSeq = 0;
  let conversationSeq = 0;
  let sendStoredHook: SendStoredHook | null = null;

  const state = {
    conversations: [] as SimConversation[],
    sent: [] as ReactInSim['sent'],
    unansweredSends: 0,
    requests: [] as SimRequest[],
  };
  const nextMessageId = () => `msg_${(++messageSeq).toString().padStart(5, '0')}`;
  const find = (id: string) => state.conversations.find((c) => sameId(c.id, id));
  const mustFind = (id: string) => {
    const c = find(id);
    if (!c) throw new Error(`simulator: no conversation ${id}`);
    return c;
  };

  state.conversations.push(...generate(opts.conversations ?? 0, opts.seed ?? 1, now(), selfUserId, accountIds, nextMessageId));
  conversationSeq = state.conversations.length;

  function message(userId: string, text: string, at: number, meta: Partial<SimMessage['metadata']> = {}): SimMessage {
    return {
      id: nextMessageId(),
      userId,
      text,
      timestamp: at,
      readAt: null,
      metadata: { campaignEvent: null, sentFromInboxByUserId: null, sentFromInboxByUserName: null, sentFromInboxByUserEmail: null, ...meta },
    };
  }

  // ---- HTTP -----------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const entry: SimRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, at: now(), auth: req.headers.authorization };
    const requestNumber = state.requests.push(entry);
    const rawBody = await readBody(req);
    const bucket = method === 'POST' ? 'POST' : 'GET';

    const reply = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      if (!fault?.resetAfterWrite) entry.status = status;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const headers = { 'content-type': 'application/json', ...rateHeaders(bucket), ...extra };
      // A sent message is stored before its answer: one that never reaches the client leaves it unsure whether it went.
      const write = () => {
        if (!faults.write(fault, req, res, status, headers, text) && status === 201) state.unansweredSends++;
      };
      // A slow answer to a send gives a client that gives up time to hang up first.
      if (status === 201 && opts.postAnswerDelayMs && !fault?.resetAfterWrite) setTimeout(write, opts.postAnswerDelayMs);
      else write();
    };

    const fault = takeFault(requestNumber);
    if (!(await faults.hold(fault, req, res))) return;
    if (fault?.status === 429) return reply(429, { message: 'Too many requests' }, { 'retry-after': '1' });
    if (fault?.status) return reply(fault.status, { message: 'Internal server error' });
    if (fault?.refuse !== undefined) return reply(400, { message: fault.refuse });
    if (fault?.malformed) return reply(200, '{"items": [{"id": "cnv_');
    if (fault && 'body' in fault) return reply(200, fault.body);

    if (!authorized(req.headers.authorization)) return reply(401, { message: 'Invalid or missing API key' });
    const retryAfter = takeSlot(bucket);
    if (retryAfter !== null) return reply(429, { message: 'Too many requests' }, { 'retry-after': String(retryAfter) });

    const segments = url.pathname.split('/').slice(1).map(safeDecode);
    if (segments[0] !== 'api' || segments.length < 3) return reply(404, { message: 'Not found' });
    if (segments[1] !== opts.organizationId) return reply(404, { message: 'Organization not found' });
    if (segments[2] !== 'conversations') return reply(404, { message: 'Not found' });
    if (segments.length === 3) {
      if (method !== 'GET') return reply(405, { message: 'Method not allowed' });
      return listConversations(url.searchParams, reply);
    }
    if (segments.length !== 5 || segments[4] !== 'messages') return reply(404, { message: 'Not found' });
    const conversation = find(segments[3] ?? '');
    if (!conversation || conversation.messages.length === 0) return reply(404, { message: 'Conversation not found' });
    if (method === 'GET') return listMessages(conversation, url.searchParams, reply);
    if (method === 'POST') return postMessage(conversation, rawBody, reply);
    return reply(405, { message: 'Method not allowed' });
  }

  type Reply = (status: number, body: unknown) => void;

  function listConversations(q: URLSearchParams, reply: Reply): void {
    const page = pageParams(q, 30, 'c');
    if (typeof page === 'string') return reply(400, { message: page });
    const search = q.get('search')?.toLowerCase() ?? '';
    const matches = visible()
      .filter((c) => !q.get('linkedinAccountId') || c.linkedinAccountId === q.get('linkedinAccountId'))
      .filter((c) => !q.get('campaignId') || c.campaignId === q.get('campaignId'))
      .filter((c) => !search || [c.name, ...c.participants.map((p) => p.name), c.messages[0]!.text].some((s) => s.toLowerCase().includes(search)));
    const slice = matches.slice(page.offset, page.offset + page.limit);
    reply(200, {
      items: slice.map(renderConversation),
      nextCursor: page.offset + page.limit < matches.length ? encodeCursor('c', page.offset + page.limit) : null,
      totalUnread: matches.reduce((n, c) => n + c.unreadCount, 0),
    });
  }

  function listMessages(c: SimConversation, q: URLSearchParams, reply: Reply): void {
    const page = pageParams(q, 20, 'm');
    if (typeof page === 'string') return reply(400, { message: page });
    reply(200, {
      items: c.messages.slice(page.offset, page.offset + page.limit).map(renderMessage),
      nextCursor: page.offset + page.limit < c.messages.length ? encodeCursor('m', page.offset + page.limit) : null,
      conversation: { id: c.id, name: c.name },
    });
  }

  function postMessage(c: SimConversation, raw: string, reply: (status: number, body: unknown) => void): void {
    let content: unknown;
    try {
      content = (JSON.parse(raw) as { content?: unknown } | null)?.content;
    } catch {
      return reply(400, { message: 'Request body must be JSON' });
    }
    if (typeof content !== 'string' || content.length < 1 || content.length > MAX_CONTENT) {
      return reply(400, { message: `content must be a string of 1 to ${MAX_CONTENT} characters` });
    }
    if (c.isDisconnected) return reply(409, { message: 'LinkedIn account is disconnected' });
    if (c.notReady) return reply(409, { message: 'Chat is not ready yet' });
    const at = now();
    const m = message(selfUserId, content, at);
    insertMessage(c, m);
    state.sent.push({ conversationId: c.id, content, at });
    if (sendStoredHook?.({ conversationId: c.id, content }) === 'hold') {
      // Stored, never answered: the connection stays open until the client goes away.
      state.unansweredSends++;
      return;
    }
    reply(201, renderMessage(m));
  }

  function pageParams(q: URLSearchParams, defaultLimit: number, kind: string): { offset: number; limit: number } | string {
    const rawLimit = q.get('limit');
    const limit = rawLimit === null ? defaultLimit : /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= 100)) return 'limit must be an integer between 1 and 100';
    const rawCursor = q.get('cursor');
    if (rawCursor === null) return { offset: 0, limit };
    const offset = decodeCursor(kind, rawCursor);
    return offset === null ? 'Invalid cursor' : { offset, limit };
  }

  function visible(): SimConversation[] {
    return state.conversations
      .filter((c) => c.messages.length > 0)
      .sort((a, b) => b.messages[0]!.timestamp - a.messages[0]!.timestamp || a.id.localeCompare(b.id));
  }

  function authorized(header: string | undefined): boolean {
    if (keyRevoked || !header) return false;
    return header === `Bearer ${validKey}` || header === validKey;
  }

  function takeFault(requestNumber: number): SimFault | null {
    return faultAt.get(requestNumber) ?? faults.next();
  }

  /** Counts the request against its method's window; the Retry-After seconds when full. */
  function takeSlot(bucket: 'GET' | 'POST'): number | null {
    const t = now();
    const window = prune(bucket, t);
    if (window.length >= limits[bucket]) return Math.max(1, Math.ceil((window[0]! + WINDOW_MS - t) / 1000));
    window.push(t);
    return null;
  }

  function prune(bucket: 'GET' | 'POST', t: number): number[] {
    const window = windows[bucket];
    while (window.length > 0 && window[0]! <= t - WINDOW_MS) window.shift();
    return window;
  }

  function rateHeaders(bucket: 'GET' | 'POST'): Record<string, string> {
    const t = now();
    const window = prune(bucket, t);
    const resetMs = window.length > 0 ? window[0]! + WINDOW_MS : t;
    return {
      'x-ratelimit-limit': String(limits[bucket]),
      'x-ratelimit-remaining': String(Math.max(0, limits[bucket] - window.length)),
      'x-ratelimit-reset': String(Math.ceil(resetMs / 1000)),
    };
  }

  // ---- server ---------------------------------------------------------------------

  const loopback = await serveOnLoopback(handle, (message) => ({ message }));
  const { port } = loopback;

  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    conversations: state.conversations,
    sent: state.sent,
    requests: state.requests,
    get unansweredSends() {
      return state.unansweredSends;
    },
    async close() {
      faults.close();
      await loopback.close();
    },
    addConversation(c) {
      const n = ++conversationSeq;
      const conversation: SimConversation = {
        id: c.id ?? `cnv_add_${n}`,
        name: c.name,
        linkedinAccountId: c.linkedinAccountId ?? accountIds[0]!,
        campaignId: c.campaignId ?? CAMPAIGNS[0]!.id,
        isDisconnected: c.isDisconnected ?? false,
        notReady: c.notReady ?? false,
        unreadCount: c.unreadCount ?? 0,
        participants: c.participants ?? [participant(`li_user_add_${n}`, c.name, n, null, null)],
        messages: [...(c.messages ?? [])].sort((a, b) => b.timestamp - a.timestamp),
      };
      state.conversations.push(conversation);
      return conversation;
    },
    addInboundMessage(conversationId, text, at) {
      const c = mustFind(conversationId);
      const m = message(c.participants[0]?.id ?? 'li_user_unknown', text, at ?? now());
      insertMessage(c, m);
      c.unreadCount++;
      return m;
    },
    addOwnMessage(conversationId, text, at) {
      const c = mustFind(conversationId);
      const m = message(selfUserId, text, at ?? now());
      insertMessage(c, m);
      return m;
    },
    setDisconnected(conversationId, value) {
      mustFind(conversationId).isDisconnected = value;
    },
    setNotReady(conversationId, value) {
      mustFind(conversationId).notReady = value;
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
    injectFaultAt(requestNumber, fault) {
      faultAt.set(requestNumber, fault);
    },
    onSendStored(hook) {
      sendStoredHook = hook;
    },
  };
}

// ---- wire rendering -----------------------------------------------------------------

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function renderMessage(m: SimMessage) {
  return { id: m.id, userId: m.userId, text: m.text, timestamp: iso(m.timestamp), readAt: iso(m.readAt), metadata: m.metadata };
}

function renderConversation(c: SimConversation) {
  const last = c.messages[0]!;
  return {
    id: c.id,
    name: c.name,
    lastMessage: { id: last.id, userId: last.userId, text: last.text, timestamp: iso(last.timestamp) },
    unreadCount: c.unreadCount,
    isDisconnected: c.isDisconnected,
    participantsToDisplay: c.participants,
    // Not documented; here so clients prove they ignore unknown fields.
    linkedinAccountId: c.linkedinAccountId,
    campaign: CAMPAIGNS.find((k) => k.id === c.campaignId) ?? { id: c.campaignId, name: null },
  };
}

/** Keeps messages newest first; a message at the same instant as another goes in front of it. */
function insertMessage(c: SimConversation, m: SimMessage): void {
  const at = c.messages.findIndex((x) => x.timestamp <= m.timestamp);
  if (at === -1) c.messages.push(m);
  else c.messages.splice(at, 0, m);
}






// ---- generated data -----------------------------------------------------------------

const FIRST = ['Lea', 'Jonas', 'Amara', 'Mateo', 'Sofia', 'Kenji', 'Priya', 'Lukas', 'Chloé', 'Omar', 'Ingrid', 'Diego', 'Hana', 'Tobias', 'Zoe', 'Ravi', 'Elif', 'Marek', 'Aisha', 'Finn', 'Yuki', 'Nadia', 'Bruno', 'Freya'];
const LAST = ['Sommer', 'Becker', 'Okafor', 'García', 'Rossi', 'Tanaka', 'Sharma', 'Novak', 'Dubois', 'Haddad', 'Larsen', 'Moreno', 'Kim', 'Weber', 'Clarke', 'Iyer', 'Yılmaz', 'Kowalski', 'Bello', 'Murphy', 'Sato', 'Petrova', 'Costa', 'Nilsson'];
const HEADLINES = ['Head of Sales', 'Founder & CEO', 'VP Engineering', 'Talent Partner', 'Growth Marketing Lead', 'CTO', 'Account Executive', 'Head of People', 'Product Manager', 'Revenue Operations'];
const COMPANIES = ['Nordlicht GmbH', 'Brightloop', 'Kestrel Labs', 'Fjord Analytics', 'Atlas Freight', 'Moonwise', 'Quarry AI', 'Helio Health', 'Pinecrest Capital', 'Tidewater Studio', 'Vantage Robotics', 'Oakline'];
const OUTREACH = ['Hi {first}, loved your post on scaling outbound — open to a quick chat?', 'Hi {first}, following up on my last note.', 'Thanks {first}! Does Tuesday 10:00 work?', 'Sharing the deck we talked about.', 'Great — sending an invite now.', 'No worries, happy to circle back next quarter.'];
const REPLIES = ['Happy to chat next week', 'Thanks for reaching out!', 'Can you send more details?', 'Not right now, maybe in Q3.', 'Sure — Tuesday works.', 'Who else is on your team?', 'Interesting, what does pricing look like?', 'Let me loop in my colleague.'];

function participant(id: string, name: string, n: number, headline: string | null, company: string | null): SimParticipant {
  const slug = name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ +/g, '-');
  return { id, name, avatarUrl: `https://media.example.test/avatars/${id}.jpg`, linkedinUrl: `https://www.linkedin.com/in/${slug}-${n}`, headline, company, leadId: `lead_${n}` };
}


function generate(count: number, seed: number, start: number, self: string, accountIds: string[], nextId: () => string): SimConversation[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: SimConversation[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST);
    const name = `${first} ${pick(LAST)}`;
    const other = participant(`li_user_${1000 + i}`, name, i, pick(HEADLINES), pick(COMPANIES));
    const campaign = CAMPAIGNS[i % CAMPAIGNS.length]!;
    const total = 1 + Math.floor(rnd() * 40);
    const theyLast = rnd() < 0.5;
    // Walk back from the newest message; the oldest one is always the campaign's opener.
    let at = start - Math.floor(rnd() * 45 * 86_400_000) - 60_000;
    const messages: SimMessage[] = [];
    let trailingInbound = 0;
    for (let k = 0; k < total; k++) {
      const oldest = k === total - 1;
      const fromThem = oldest ? false : k === 0 ? theyLast : rnd() < 0.5;
      if (fromThem && trailingInbound === k) trailingInbound++;
      const kind = oldest ? 'campaign' : rnd() < 0.25 ? 'campaign' : rnd() < 0.3 ? 'teammate' : 'plain';
      const meta: SimMessage['metadata'] = { campaignEvent: null, sentFromInboxByUserId: null, sentFromInboxByUserName: null, sentFromInboxByUserEmail: null };
      if (!fromThem && kind === 'campaign') meta.campaignEvent = { id: `evt_${i}_${k}`, campaign };
      if (!fromThem && kind === 'teammate') Object.assign(meta, { sentFromInboxByUserId: TEAMMATE.id, sentFromInboxByUserName: TEAMMATE.name, sentFromInboxByUserEmail: TEAMMATE.email });
      const text = (fromThem ? pick(REPLIES) : pick(OUTREACH)).replace('{first}', first);
      messages.push({ id: '', userId: fromThem ? other.id : self, text, timestamp: at, readAt: !fromThem && rnd() < 0.6 ? at + 3_600_000 : null, metadata: meta });
      at -= 300_000 + Math.floor(rnd() * 3 * 86_400_000);
    }
    // Ids grow with time, as a real message store's would.
    for (const m of [...messages].reverse()) m.id = nextId();
    out.push({
      id: `cnv_${(i + 1).toString(16).padStart(4, '0')}${Math.floor(rnd() * 0xffff).toString(16).padStart(4, '0')}`,
      name,
      linkedinAccountId: accountIds[i % accountIds.length]!,
      campaignId: campaign.id,
      isDisconnected: rnd() < 0.05,
      notReady: false,
      unreadCount: theyLast && rnd() < 0.6 ? trailingInbound : 0,
      participants: [other],
      messages,
    });
  }
  return out;
}

function encodeCursor(kind: string, offset: number): string {
  return encodeOpaqueCursor({ k: kind, o: offset });
}

function decodeCursor(kind: string, cursor: string): number | null {
  const v = decodeOpaqueCursor(cursor);
  return v && v.k === kind && isOffset(v.o) ? v.o : null;
}
