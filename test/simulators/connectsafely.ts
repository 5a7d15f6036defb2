/**
 * A loopback ConnectSafely LinkedIn API (connectsafely.md) for tests: GET /conversations with
 * filters and nextCursor/hasMore paging (later cursors prefixed "linkedin:"), thread messages
 * with cursor (older) and since (newer), send, mark-seen, mark-unread/star/unstar, Bearer auth,
 * accountId checks, percent-encoded URNs in paths, the three error body shapes, 60 requests a
 * minute with bursts of 100 per 10 s, 150 messages a day per account with X-RateLimit-* headers,
 * the deprecated recent-messages 307, injectable faults, and a log of every request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeOpaqueCursor, encodeOpaqueCursor, isOffset, prng, readBody, safeDecode, sameId, serveOnLoopback, FaultInjector, type SimulatorFault } from './common';

export interface SimParticipant {
  /** Vanity slug ("kai-berg-3") or ACoA… member id. */
  profileId: string;
  /** urn:li:fsd_profile:ACoA…; not served in lists (undocumented), used to match recipients. */
  profileUrn: string;
  name: string;
  headline: string | null;
  profilePicture: string | null;
}

export interface SimMessage {
  messageUrn: string;
  text: string;
  /** Epoch ms; served as a number. */
  sentAt: number;
  senderProfileId: string;
  senderName: string;
  isSentByOwner: boolean;
  hasAttachment: boolean;
}

export interface SimConversation {
  conversationUrn: string;
  /** The "2-…" thread id inside the URN. */
  conversationId: string;
  accountId: string;
  participants: SimParticipant[];
  /** Newest first. */
  messages: SimMessage[];
  unreadCount: number;
  labels: string[];
  starred: boolean;
}

export type SimErrorShape = 'mixed' | 'error' | 'success-error' | 'code-message';

export interface ConnectSafelySimOptions {
  apiKey: string;
  /** The LinkedIn account the key serves (its default); default 'acc_main'. */
  accountId?: string;
  now?: () => number;
  /** Generate this many deterministic conversations. */
  conversations?: number;
  /** PRNG seed for generated data; default 1. */
  seed?: number;
  /** Sustained requests a minute; default 60. */
  perMinute?: number;
  /** Requests allowed in any 10 s (and the bucket's size); default 100. */
  burstPer10s?: number;
  /**
   * 'bucket' (default): a token bucket with X-RateLimit-* headers on a 429. 'strict-minute': as the
   * live server counts, every request (rejected ones too) in a sliding 60 s window of `perMinute`,
   * and a 429 that carries no X-RateLimit-* header and no Retry-After.
   */
  rateLimit?: 'bucket' | 'strict-minute';
  /** Sends a UTC day per account; default 150. */
  messagesPerDay?: number;
  /**
   * 'mixed' (default): each endpoint answers errors in the shape its reference page shows.
   * Otherwise every error uses that one shape: `{error}`, `{success:false,error}` or `{success:false,code,message}`.
   */
  errorShape?: SimErrorShape;
  /** Fill the send response's `sentMessage` (the reference shows only `{}`); default false. */
  echoSentMessage?: boolean;
}

export interface SimFault extends SimulatorFault {
  /** 307 to this path (under /linkedin), or to this absolute URL. */
  redirectTo?: string;
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
  /** Parsed JSON body, when there was one. */
  body?: unknown;
}

export interface SimSend {
  conversationUrn: string;
  recipientProfileId?: string;
  recipientProfileUrn?: string;
  message: string;
  at: number;
}

export interface SimMark {
  conversationUrn: string;
  action: 'seen' | 'unread' | 'star' | 'unstar';
  at: number;
}

export interface ConnectSafelySim {
  /** 'http://127.0.0.1:<port>/linkedin' */
  baseUrl: string;
  close(): Promise<void>;
  /** Live state. */
  conversations: SimConversation[];
  /** The account owner's profile (the mailbox every URN belongs to). */
  owner: SimParticipant;
  /** A conversation with no messages yet (hidden from lists until it has one); `threadId` forces the "2-…" part of its URN. */
  addConversation(c: { participants: Partial<SimParticipant>[]; labels?: string[]; unreadCount?: number; threadId?: string }): SimConversation;
  /** From the other person; bumps unreadCount. */
  addInboundMessage(conversationUrn: string, text: string, at?: number): SimMessage;
  /** Mine, sent elsewhere (e.g. the phone). */
  addOwnMessage(conversationUrn: string, text: string, at?: number): SimMessage;
  /** Accepted sends. */
  sent: SimSend[];
  /** Accepted mark-seen / mark-unread / star / unstar calls. */
  marks: SimMark[];
  /** Every request, rejected ones included. */
  requests: SimRequest[];
  /** Sends counted today (UTC) for the account. */
  sendsToday(accountId?: string): number;
  /** Later requests get 401. */
  revokeKey(): void;
  /** LinkedIn puts the account on hold until `until` (epoch ms): every request gets 429 with holdUntil. */
  holdAccount(until: number): void;
  /** From now on only `key` is accepted, and a revoke is lifted: the person made a new key. */
  setApiKey(key: string): void;
  /** The next `times` requests (default 1) get this fault. */
  injectFault(f: SimFault, times?: number): void;
}

const DAY_MS = 86_400_000;
const MAX_MESSAGE = 10_000;
const DEFAULT_PAGE = 20;
/** Rows past this offset come "from LinkedIn": their cursors carry the linkedin: prefix. */
const DB_ROWS = 50;
const OWNER_ID = 'ACoAAOwnerX9mQ2z';

type Shape = Exclude<SimErrorShape, 'mixed'>;

class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Starts the simulator on 127.0.0.1 with a free port. */
export async function startConnectSafelySimulator(opts: ConnectSafelySimOptions): Promise<ConnectSafelySim> {
  const now = opts.now ?? (() => Date.now());
  const accountId = opts.accountId ?? 'acc_main';
  const perMinute = opts.perMinute ?? 60;
  const burst = opts.burstPer10s ?? 100;
  const perDay = opts.messagesPerDay ?? 150;
  const errorShape = opts.errorShape ?? 'mixed';
  const rnd = prng(opts.seed ?? 1);
  const faults = new FaultInjector<SimFault>();
  const sendsByDay = new Map<string, number>();
  let keyRevoked = false;
  let validKey = opts.apiKey;
  let conversationSeq = 0;
  // Token bucket (size `burst`, refilled at perMinute) plus a 10 s window of `burst`.
  let tokens = burst;
  let refilledAt = now();
  const window10: number[] = [];
  const strictMinute = opts.rateLimit === 'strict-minute';
  const window60: number[] = [];
  /** LinkedIn's hold on the account: every request before `until` gets 429 with holdUntil. */
  let hold: { until: number } | null = null;

  const owner: SimParticipant = { profileId: OWNER_ID, profileUrn: `urn:li:fsd_profile:${OWNER_ID}`, name: 'Alex Morgan', headline: 'Founder', profilePicture: null };
  const state = {
    conversations: [] as SimConversation[],
    sent: [] as SimSend[],
    marks: [] as SimMark[],
    requests: [] as SimRequest[],
  };

  const threadId = () => `2-${Buffer.from(Array.from({ length: 16 }, () => Math.floor(rnd() * 256))).toString('base64')}`;
  const conversationUrnFor = (id: string) => `urn:li:msg_conversation:(${owner.profileUrn},${id})`;
  const messageUrnFor = () => `urn:li:msg_message:(${owner.profileUrn},${threadId()})`;
  const find = (urn: string) => state.conversations.find((c) => sameId(c.conversationUrn, urn));
  const mustFind = (urn: string) => {
    const c = find(urn);
    if (!c) throw new Error(`simulator: no conversation ${urn}`);
    return c;
  };

  function makeConversation(participants: SimParticipant[], forcedThreadId?: string): SimConversation {
    conversationSeq++;
    const id = forcedThreadId ?? threadId();
    return { conversationUrn: conversationUrnFor(id), conversationId: id, accountId, participants, messages: [], unreadCount: 0, labels: [], starred: false };
  }

  function makeMessage(from: SimParticipant, text: string, at: number, mine: boolean): SimMessage {
    return { messageUrn: messageUrnFor(), text, sentAt: at, senderProfileId: from.profileId, senderName: from.name, isSentByOwner: mine, hasAttachment: false };
  }

  state.conversations.push(...generate(opts.conversations ?? 0, rnd, now(), owner, makeConversation, makeMessage));

  // ---- HTTP -----------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const entry: SimRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, at: now(), auth: req.headers.authorization };
    state.requests.push(entry);
    const raw = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
        entry.body = body;
      } catch {
        badJson = true;
      }
    }

    const send = (r: Reply) => {
      if (!fault?.resetAfterWrite) entry.status = r.status;
      faults.write(fault, req, res, r.status, { 'content-type': 'application/json', ...r.headers }, typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    };

    const fault = faults.next();
    if (!(await faults.hold(fault, req, res))) return;
    if (fault?.status === 429) return send(new Reply(429, { error: 'Too many requests' }, { 'retry-after': '1' }));
    if (fault?.status) return send(new Reply(fault.status, fault.status === 500 ? { success: false, error: 'Internal server error' } : { error: 'Bad gateway' }));
    if (fault?.malformed) return send(new Reply(200, '{"success": true, "conversations": [{"conversationUrn": "urn:li:'));
    if (fault?.redirectTo) return send(new Reply(307, '', { location: fault.redirectTo.startsWith('/') ? `/linkedin${fault.redirectTo}` : fault.redirectTo }));
    if (fault && 'body' in fault) return send(new Reply(200, fault.body));

    send(route(method, url, body, badJson, req.headers.authorization));
  }

  function route(method: string, url: URL, body: unknown, badJson: boolean, auth: string | undefined): Reply {
    if (strictMinute) {
      const limited = takeStrictSlot();
      if (limited) return limited;
    }
    if (hold !== null && now() < hold.until) return error(429, 'LinkedIn has put this account on hold', 'success-error', {}, { holdUntil: new Date(hold.until).toISOString() });
    if (!authorized(auth)) return error(401, 'Unauthorized - invalid or missing API key', 'error');
    const limited = strictMinute ? null : takeSlot();
    if (limited) return limited;

    const raw = url.pathname.split('/').slice(1);
    if (raw[0] !== 'linkedin') return error(404, 'Not found', 'error');
    const path = raw.slice(1);
    const q = url.searchParams;
    if (badJson) return error(400, 'Request body must be JSON', 'success-error');

    if (path[0] === 'messaging' && path.length === 2) {
      if (path[1] === 'recent-messages' && method === 'GET') {
        // Deprecated: answers 307 to the new list endpoint.
        return new Reply(307, '', { location: `/linkedin/conversations${url.search}` });
      }
      if (path[1] === 'mark-seen' && method === 'POST') return markSeen(body);
      return error(404, 'Not found', 'error');
    }
    if (path[0] !== 'conversations') return error(404, 'Not found', 'error');
    if (path.length === 1) return method === 'GET' ? listConversations(q) : error(405, 'Method not allowed', 'error');
    if (path.length === 2 && path[1] === 'send') return method === 'POST' ? sendMessage(body) : error(405, 'Method not allowed', 'error');
    if (path.length !== 3) return error(404, 'Not found', 'error');

    // The URN must arrive percent-encoded: ( ) , : = + / never appear raw in the segment.
    const segment = path[1]!;
    if (!/^[A-Za-z0-9%._~-]+$/.test(segment)) return error(400, 'conversationUrn must be URL-encoded in the path', 'success-error');
    const urn = safeDecode(segment);
    const c = urn === null ? undefined : find(urn);
    const tail = path[2];
    if (tail === 'messages') {
      if (method !== 'GET') return error(405, 'Method not allowed', 'error');
      const account = checkAccount(q.get('accountId'), 'error');
      if (account) return account;
      if (!c || c.accountId !== (q.get('accountId') ?? accountId)) return error(404, 'Conversation not found', 'error');
      return listMessages(c, q);
    }
    if (tail === 'mark-unread' || tail === 'star' || tail === 'unstar') {
      if (method !== 'PATCH') return error(405, 'Method not allowed', 'error');
      if (!c) return error(404, 'Conversation not found', 'error');
      if (tail === 'mark-unread') c.unreadCount = Math.max(1, c.unreadCount);
      else c.starred = tail === 'star';
      state.marks.push({ conversationUrn: c.conversationUrn, action: tail === 'mark-unread' ? 'unread' : tail, at: now() });
      return new Reply(200, { success: true, conversationUrn: c.conversationUrn });
    }
    return error(404, 'Not found', 'error');
  }

  function checkAccount(id: string | null | undefined, shape: Shape): Reply | null {
    if (id === null || id === undefined) return null;
    return id === accountId ? null : error(404, `LinkedIn account not found: ${id}`, shape);
  }

  function listConversations(q: URLSearchParams): Reply {
    const count = pageSize(q.get('count'));
    if (typeof count === 'string') return error(400, count, 'code-message');
    const account = checkAccount(q.get('accountId'), 'success-error');
    if (account) return account;
    const unreadOnly = bool(q.get('unreadOnly'));
    const labeledOnly = bool(q.get('labeledOnly'));
    if (unreadOnly === 'bad' || labeledOnly === 'bad') return error(400, 'unreadOnly and labeledOnly must be true or false', 'code-message');
    const rawCursor = q.get('nextCursor');
    const offset = rawCursor === null ? 0 : decodeCursor(rawCursor);
    if (offset === null) return error(400, 'Invalid nextCursor', 'code-message');
    const labelId = q.get('labelId');
    const matches = visible()
      .filter((c) => !labelId || c.labels.includes(labelId))
      .filter((c) => !unreadOnly || c.unreadCount > 0)
      .filter((c) => !labeledOnly || c.labels.length > 0);
    const slice = matches.slice(offset, offset + count);
    const hasMore = offset + count < matches.length;
    return new Reply(200, {
      success: true,
      conversations: slice.map((c, i) => renderConversation(c, offset + i < DB_ROWS ? 'db' : 'linkedin')),
      accounts: [{ id: accountId, name: 'Main seat' }],
      nextCursor: hasMore ? encodeCursor(offset + count) : null,
      hasMore,
      fromCache: offset < DB_ROWS,
    });
  }

  function listMessages(c: SimConversation, q: URLSearchParams): Reply {
    const count = pageSize(q.get('count'));
    if (typeof count === 'string') return error(400, count, 'code-message');
    const cursor = q.get('cursor');
    const since = q.get('since');
    for (const [name, v] of [
      ['cursor', cursor],
      ['since', since],
    ] as const) {
      if (v !== null && !/^\d+$/.test(v)) return error(400, `${name} must be a timestamp in milliseconds`, 'code-message');
    }
    const matches = c.messages.filter((m) => (cursor === null || m.sentAt < Number(cursor)) && (since === null || m.sentAt > Number(since)));
    const page = matches.slice(0, count);
    const hasMore = matches.length > count;
    return new Reply(200, {
      success: true,
      messages: page.map(renderMessage),
      participants: c.participants.map(renderParticipant),
      hasMore,
      cursor: hasMore ? String(page.at(-1)!.sentAt) : null,
      note: '',
    });
  }

  function sendMessage(body: unknown): Reply {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const message = b.message;
    if (typeof message !== 'string' || message.length < 1) return error(400, 'message is required', 'success-error');
    if (message.length > MAX_MESSAGE) return error(400, `message must be at most ${MAX_MESSAGE} characters`, 'success-error');
    const recipientProfileId = str(b.recipientProfileId);
    const recipientProfileUrn = str(b.recipientProfileUrn);
    const conversationUrn = str(b.conversationUrn);
    if (!recipientProfileId && !recipientProfileUrn && !conversationUrn) {
      return error(400, 'recipientProfileUrn or recipientProfileId is required', 'success-error');
    }
    const account = checkAccount(str(b.accountId), 'success-error');
    if (account) return account;
    const isRecipient = (p: SimParticipant) => p.profileId === recipientProfileId || p.profileUrn === recipientProfileUrn;
    let c: SimConversation | undefined;
    if (conversationUrn) {
      c = find(conversationUrn);
      if (!c) return error(404, 'Conversation not found', 'success-error');
      if ((recipientProfileId || recipientProfileUrn) && !c.participants.some(isRecipient)) {
        return error(400, 'The recipient is not part of this conversation', 'success-error');
      }
    } else {
      c = visible().find((x) => x.participants.length === 1 && isRecipient(x.participants[0]!));
      if (!c) {
        const id = recipientProfileId ?? recipientProfileUrn!.replace(/^urn:li:fsd_profile:/, '');
        c = makeConversation([{ profileId: id, profileUrn: recipientProfileUrn ?? `urn:li:fsd_profile:ACoAA${id}`, name: id, headline: null, profilePicture: null }]);
        state.conversations.push(c);
      }
    }
    const t = now();
    const day = dayKey(t);
    const used = sendsByDay.get(day) ?? 0;
    if (used >= perDay) {
      return new Reply(429, shaped(429, `Daily message limit of ${perDay} reached for this account`, 'success-error'), {
        ...capHeaders(used, t),
        'retry-after': String(Math.ceil((nextMidnight(t) - t) / 1000)),
      });
    }
    sendsByDay.set(day, used + 1);
    const m = makeMessage(owner, message, t, true);
    insertMessage(c, m);
    state.sent.push({ conversationUrn: c.conversationUrn, ...(recipientProfileId ? { recipientProfileId } : {}), ...(recipientProfileUrn ? { recipientProfileUrn } : {}), message, at: t });
    return new Reply(
      200,
      {
        success: true,
        message,
        recipientProfileUrn: c.participants[0]?.profileUrn ?? null,
        sentMessage: opts.echoSentMessage ? renderMessage(m) : {},
        threadId: null,
      },
      capHeaders(used + 1, t),
    );
  }

  function markSeen(body: unknown): Reply {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const urn = str(b.conversationUrn);
    if (!urn) return error(400, 'conversationUrn is required', 'success-error');
    const account = checkAccount(str(b.accountId), 'success-error');
    if (account) return account;
    const c = find(urn);
    if (!c) return error(404, 'Conversation not found', 'error');
    c.unreadCount = 0;
    state.marks.push({ conversationUrn: urn, action: 'seen', at: now() });
    return new Reply(200, { success: true, accountId: c.accountId, conversationUrn: urn, message: 'Conversation marked as seen' });
  }

  // ---- helpers --------------------------------------------------------------------

  function shaped(status: number, text: string, natural: Shape): unknown {
    const shape = errorShape === 'mixed' ? natural : errorShape;
    if (shape === 'error') return { error: text };
    if (shape === 'success-error') return { success: false, error: text };
    const code = status === 400 ? 'validation_error' : status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : status === 429 ? 'rate_limit_exceeded' : 'error';
    return { success: false, code, message: text };
  }

  function error(status: number, text: string, natural: Shape, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): Reply {
    const body = shaped(status, text, natural);
    return new Reply(status, typeof body === 'object' && body !== null ? { ...body, ...extra } : body, headers);
  }

  function capHeaders(used: number, t: number): Record<string, string> {
    return {
      'x-ratelimit-action': 'messages',
      'x-ratelimit-limit': String(perDay),
      'x-ratelimit-used': String(used),
      'x-ratelimit-remaining': String(Math.max(0, perDay - used)),
      'x-ratelimit-reset': new Date(nextMidnight(t)).toISOString(),
    };
  }

  function visible(): SimConversation[] {
    return state.conversations
      .filter((c) => c.messages.length > 0)
      .sort((a, b) => b.messages[0]!.sentAt - a.messages[0]!.sentAt || a.conversationUrn.localeCompare(b.conversationUrn));
  }

  function authorized(header: string | undefined): boolean {
    return !keyRevoked && header === `Bearer ${validKey}`;
  }

  /** Counts every request in a sliding minute; a bare 429 (no headers) when over. */
  function takeStrictSlot(): Reply | null {
    const t = now();
    while (window60.length > 0 && window60[0]! <= t - 60_000) window60.shift();
    window60.push(t); // counted even when refused, as the live server does
    if (window60.length <= perMinute) return null;
    return error(429, 'Too many requests - slow down', 'code-message');
  }

  /** Counts the request against the global limits; the 429 when over. */
  function takeSlot(): Reply | null {
    const t = now();
    const rate = perMinute / 60_000;
    tokens = Math.min(burst, tokens + (t - refilledAt) * rate);
    refilledAt = t;
    while (window10.length > 0 && window10[0]! <= t - 10_000) window10.shift();
    if (tokens >= 1 && window10.length < burst) {
      tokens -= 1;
      window10.push(t);
      return null;
    }
    const waitTokens = tokens >= 1 ? 0 : (1 - tokens) / rate;
    const waitWindow = window10.length < burst ? 0 : window10[0]! + 10_000 - t;
    const wait = Math.max(1_000, Math.ceil(Math.max(waitTokens, waitWindow) / 1000) * 1000);
    return error(429, 'Too many requests - slow down', 'code-message', {
      'retry-after': String(wait / 1000),
      'x-ratelimit-limit': String(perMinute),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': new Date(t + wait).toISOString(),
    });
  }

  // ---- server ---------------------------------------------------------------------

  const loopback = await serveOnLoopback(handle, (message) => ({ error: message }));
  const { port } = loopback;

  return {
    baseUrl: `http://127.0.0.1:${port}/linkedin`,
    conversations: state.conversations,
    owner,
    sent: state.sent,
    marks: state.marks,
    requests: state.requests,
    async close() {
      faults.close();
      await loopback.close();
    },
    addConversation(c) {
      const participants = c.participants.map((p, i): SimParticipant => {
        const profileId = p.profileId ?? `member-${conversationSeq + 1}-${i}`;
        return {
          profileId,
          profileUrn: p.profileUrn ?? `urn:li:fsd_profile:${/^ACo/.test(profileId) ? profileId : `ACoAA${profileId.replace(/[^A-Za-z0-9]/g, '')}`}`,
          name: p.name ?? profileId,
          headline: p.headline ?? null,
          profilePicture: p.profilePicture ?? null,
        };
      });
      const conversation = makeConversation(participants, c.threadId);
      conversation.labels = c.labels ?? [];
      conversation.unreadCount = c.unreadCount ?? 0;
      state.conversations.push(conversation);
      return conversation;
    },
    addInboundMessage(conversationUrn, text, at) {
      const c = mustFind(conversationUrn);
      const m = makeMessage(c.participants[0] ?? owner, text, at ?? now(), false);
      insertMessage(c, m);
      c.unreadCount++;
      return m;
    },
    addOwnMessage(conversationUrn, text, at) {
      const c = mustFind(conversationUrn);
      const m = makeMessage(owner, text, at ?? now(), true);
      insertMessage(c, m);
      return m;
    },
    sendsToday(id = accountId) {
      return id === accountId ? (sendsByDay.get(dayKey(now())) ?? 0) : 0;
    },
    holdAccount(until) {
      hold = { until };
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

function renderParticipant(p: SimParticipant) {
  return { profileId: p.profileId, name: p.name, headline: p.headline, profilePicture: p.profilePicture };
}

function renderMessage(m: SimMessage) {
  const { messageUrn, text, sentAt, senderProfileId, senderName, isSentByOwner, hasAttachment } = m;
  return { messageUrn, text, sentAt, senderProfileId, senderName, senderPhoto: null, isSentByOwner, hasAttachment, attachments: [] };
}

function renderConversation(c: SimConversation, source: 'db' | 'linkedin') {
  const last = c.messages[0]!;
  return {
    conversationUrn: c.conversationUrn,
    conversationId: c.conversationId,
    lastActivityAt: last.sentAt,
    unreadCount: c.unreadCount,
    participants: c.participants.map(renderParticipant),
    // As documented: no message URN and no "is mine" flag.
    latestMessage: { text: last.text, sentAt: last.sentAt, senderName: last.senderName, hasAttachment: last.hasAttachment },
    source,
    salesNavThreadId: null,
    // Not documented; here so clients prove they ignore unknown fields.
    starred: c.starred,
  };
}

/** Keeps messages newest first; a message at the same instant as another goes in front of it. */
function insertMessage(c: SimConversation, m: SimMessage): void {
  const at = c.messages.findIndex((x) => x.sentAt <= m.sentAt);
  if (at === -1) c.messages.push(m);
  else c.messages.splice(at, 0, m);
}

function pageSize(raw: string | null): number | string {
  if (raw === null) return DEFAULT_PAGE;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  return n >= 1 && n <= 100 ? n : 'count must be an integer between 1 and 100';
}

function bool(raw: string | null): boolean | 'bad' {
  if (raw === null || raw === 'false') return false;
  return raw === 'true' ? true : 'bad';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function dayKey(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

function nextMidnight(t: number): number {
  return (Math.floor(t / DAY_MS) + 1) * DAY_MS;
}






// ---- generated data -----------------------------------------------------------------

const FIRST = ['Kai', 'Lea', 'Jonas', 'Amara', 'Mateo', 'Sofia', 'Kenji', 'Priya', 'Lukas', 'Chloé', 'Omar', 'Ingrid', 'Diego', 'Hana', 'Tobias', 'Zoe', 'Ravi', 'Elif', 'Marek', 'Aisha'];
const LAST = ['Berg', 'Sommer', 'Becker', 'Okafor', 'García', 'Rossi', 'Tanaka', 'Sharma', 'Novak', 'Dubois', 'Haddad', 'Larsen', 'Moreno', 'Kim', 'Weber', 'Clarke', 'Iyer', 'Yılmaz'];
const HEADLINES = ['Head of Sales at Brightloop', 'Founder & CEO, Kestrel Labs', 'VP Engineering | Fjord Analytics', 'Talent Partner', 'CTO at Quarry AI', 'Account Executive', 'Product Manager, Helio Health'];
const MINE = ['Hi {first}, loved your post on scaling outbound — open to a quick chat?', 'Following up on my last note.', 'Thanks {first}! Does Tuesday 10:00 work?', 'Sharing the deck we talked about.', 'Great — sending an invite now.'];
const THEIRS = ['Happy to chat next week', 'Thanks for reaching out!', 'Can you send more details?', 'Not right now, maybe in Q3.', 'Sure — Tuesday works.', 'Interesting, what does pricing look like?'];
export const SIM_LABELS = ['lbl_hot', 'lbl_followup', 'lbl_hiring'];


function generate(
  count: number,
  rnd: () => number,
  start: number,
  owner: SimParticipant,
  makeConversation: (ps: SimParticipant[]) => SimConversation,
  makeMessage: (from: SimParticipant, text: string, at: number, mine: boolean) => SimMessage,
): SimConversation[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: SimConversation[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST);
    const name = `${first} ${pick(LAST)}`;
    const member = `ACoAA${Math.floor(rnd() * 36 ** 6).toString(36).toUpperCase()}x${i}`;
    const slug = `${name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ +/g, '-')}-${i}`;
    // Most profiles have a vanity slug as their id; some only the ACoA member id.
    const profileId = i % 5 === 3 ? member : slug;
    const other: SimParticipant = { profileId, profileUrn: `urn:li:fsd_profile:${member}`, name, headline: pick(HEADLINES), profilePicture: `https://media.example.test/${member}.jpg` };
    const c = makeConversation([other]);
    const total = 1 + Math.floor(rnd() * 25);
    let at = start - Math.floor(rnd() * 30 * 86_400_000) - 60_000;
    let trailingInbound = 0;
    for (let k = 0; k < total; k++) {
      const oldest = k === total - 1;
      const fromThem = !oldest && rnd() < 0.5;
      if (fromThem && trailingInbound === k) trailingInbound++;
      const m = makeMessage(fromThem ? other : owner, (fromThem ? pick(THEIRS) : pick(MINE)).replace('{first}', first), at, !fromThem);
      m.hasAttachment = rnd() < 0.05;
      c.messages.push(m);
      at -= 300_000 + Math.floor(rnd() * 2 * 86_400_000);
    }
    c.unreadCount = trailingInbound > 0 && rnd() < 0.7 ? trailingInbound : 0;
    if (i % 4 === 0) c.labels.push(SIM_LABELS[0]!);
    if (i % 6 === 1) c.labels.push(SIM_LABELS[1]!);
    c.starred = i % 9 === 0;
    out.push(c);
  }
  return out;
}

/** Offsets past the rows ConnectSafely keeps in its database page LinkedIn itself ("linkedin:" cursors). */
function encodeCursor(offset: number): string {
  const token = encodeOpaqueCursor({ o: offset });
  return offset >= DB_ROWS ? `linkedin:${token}` : token;
}

function decodeCursor(cursor: string): number | null {
  const linkedin = cursor.startsWith('linkedin:');
  const v = decodeOpaqueCursor(linkedin ? cursor.slice('linkedin:'.length) : cursor);
  return v && isOffset(v.o) && v.o >= DB_ROWS === linkedin ? v.o : null;
}
