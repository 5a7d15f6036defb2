/**
 * A loopback Crispy (crispy.md) for tests, serving both of Crispy's transports:
 *   - REST under /api/v1 for what its docs confirm: organize (§3.1) and mark read (§3.2), as
 *     documented: validation, 404 for unknown chats and chats of another LinkedIn account,
 *     inputs echoed with status 'ok', smart archive that returns on reply server-side;
 *   - MCP at /api/mcp (./crispy-mcp.ts) for the confirmed tools list_conversations,
 *     get_messages, send_message (and list_conversation_labels, a seed name).
 * Daily caps per LinkedIn account and UTC day with X-RateLimit-* headers, Bearer auth, opaque
 * base64 cursors, injectable faults and a request log.
 *
 * Every fact is stated in this file or ./crispy-mcp.ts, never imported from the adapter: a path
 * or field the adapter mistypes fails a test. What the docs do not show (result shapes, field
 * names, paging) is the simulator's own ASSUMED reading, written out below.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMcpServer, type McpOptions, type McpServer, type ToolOutcome } from './crispy-mcp';
import { decodeOpaqueCursor, encodeOpaqueCursor, isOffset, prng, readBody, safeDecode, sameId, serveOnLoopback, FaultInjector, type TransportFault } from './common';

// ---- documented facts (crispy.md) ------------------------------------------------------

/** §1: REST base and the MCP endpoint beside it. */
const REST_PREFIX = '/api/v1';
const MCP_PATH = '/api/mcp';
/** §3.1, §3.2: the confirmed REST paths. */
const ORGANIZE_ROUTE = /^\/inbox\/conversations\/([^/]+)\/organize$/;
const READ_ROUTE = /^\/inbox\/conversations\/([^/]+)\/read$/;
/** §3.1: one action per organize call. */
const ORGANIZE_ACTIONS = ['archive', 'unarchive', 'label', 'unlabel', 'snooze', 'smart_archive'] as const;
type OrganizeAction = (typeof ORGANIZE_ACTIONS)[number];
/** §1: the optional account selector every tool takes (REST: in the POST body). */
const ACCOUNT_ID = 'account_id';
/** §2: daily caps per LinkedIn account, reset 00:00 UTC. */
export type CrispyCapAction = 'send' | 'organize' | 'read';
const DAILY_CAPS: Record<CrispyCapAction, { noun: string; limit: number }> = {
  send: { noun: 'messages sent', limit: 150 },
  organize: { noun: 'organize actions', limit: 200 },
  read: { noun: 'mark-as-read calls', limit: 200 },
};

/**
 * How the other person is written in a conversation (unconfirmed, issue 14): a list
 * `participants`, one object `participant`, or a list `attendees`; a name whole or as first/last.
 */
export type ParticipantShape = 'participants' | 'participant' | 'attendees';
export type NameShape = 'name' | 'first_last';

export interface CrispySimParticipant {
  id: string;
  name: string;
  headline: string | null;
  company: string | null;
  profileUrl: string | null;
  avatarUrl: string | null;
}

export interface CrispySimMessage {
  id: string;
  text: string;
  /** Epoch ms; served as an ISO string. */
  sentAt: number;
  senderId: string;
  fromMe: boolean;
}

export interface CrispySimConversation {
  chatId: string;
  /** The LinkedIn account (Crispy `account_id`) the thread belongs to. */
  accountId: string;
  name: string;
  participants: CrispySimParticipant[];
  /** Newest first. */
  messages: CrispySimMessage[];
  unreadCount: number;
  archived: boolean;
  /** Archived with smart_archive; with returnOnReply it comes back when they write. */
  smartArchived: boolean;
  returnOnReply: boolean;
  labels: string[];
  /** Epoch ms. */
  snoozedUntil: number | null;
  note: string | null;
  /** Epoch ms of the last mark-read. */
  readAt: number | null;
}

export interface CrispySimOptions {
  apiKey: string;
  /** LinkedIn accounts on the key; the first is the key's default. Default ['acc_default']. */
  accountIds?: string[];
  now?: () => number;
  /** Generate this many deterministic conversations, spread over the accounts. */
  conversations?: number;
  /** PRNG seed for generated data; default 1. */
  seed?: number;
  /** Daily caps per LinkedIn account; default 150 / 200 / 200. */
  caps?: Partial<Record<CrispyCapAction, number>>;
  /** How conversations carry the other person; default 'participants'. */
  participantShape?: ParticipantShape;
  /** How names are written; default 'name'. */
  nameShape?: NameShape;
  /** The MCP endpoint's switches (answers as JSON or SSE, the conversation argument's name). */
  mcp?: McpOptions;
}

export interface CrispySimFault extends TransportFault {
  /** Answer with this status (and `body`, else a generic error body). */
  status?: number;
  /** 200 with a body that is not JSON. */
  malformed?: boolean;
  /** This JSON body (with `status`, else 200). */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface CrispySimRequest {
  method: string;
  /** Raw (still percent-encoded) path. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Parsed JSON body (raw text when not JSON; undefined when empty). */
  body: unknown;
  /** 0 when the connection was cut. */
  status: number;
  at: number;
  auth: string | undefined;
}

export interface CrispySimOrganize {
  chatId: string;
  action: OrganizeAction;
  label?: string;
  snooze_until?: string;
  note?: string;
  return_on_reply?: boolean;
  accountId: string;
  at: number;
}

export interface CrispySim {
  /** 'http://127.0.0.1:<port>/api/v1' */
  baseUrl: string;
  /** The MCP endpoint: its calls, sessions and switches. */
  mcp: McpServer;
  close(): Promise<void>;
  /** Live state. */
  conversations: CrispySimConversation[];
  addConversation(c: Partial<CrispySimConversation> & { name: string }): CrispySimConversation;
  /** From the other person: bumps unread, moves the thread to the top, and returns a smart-archived thread to the inbox. */
  addInboundMessage(chatId: string, text: string, at?: number): CrispySimMessage;
  /** Mine, sent elsewhere (e.g. LinkedIn on the phone). */
  addOwnMessage(chatId: string, text: string, at?: number): CrispySimMessage;
  /** Accepted sends. */
  sent: { chatId: string; text: string; at: number }[];
  /** Accepted organize calls. */
  organize: CrispySimOrganize[];
  /** Accepted mark-read calls. */
  reads: { chatId: string; at: number }[];
  /** Every request, rejected ones included. */
  requests: CrispySimRequest[];
  /** Counted uses of a capped tool today (UTC) for an account (default: the key's default). */
  usedToday(tool: CrispyCapAction, accountId?: string): number;
  /** Later requests get 401. */
  revokeKey(): void;
  /** From now on only `key` is accepted, and a revoke is lifted: the person made a new key. */
  setApiKey(key: string): void;
  /** The next `times` requests (default 1) get this fault. */
  injectFault(f: CrispySimFault, times?: number): void;
  /**
   * Called the moment an organize action is carried out, before it is answered; 'hold' keeps the
   * answer back for good, so a test can kill the client exactly there. null removes it.
   */
  onOrganizeApplied(hook: OrganizeAppliedHook | null): void;
}

/** Decides, for an organize action just carried out, whether its answer goes out or is held back for good. */
export type OrganizeAppliedHook = (action: CrispySimOrganize) => 'answer' | 'hold';

const DAY_MS = 86_400_000;
/** The longest message this simulator accepts (the adapter's own limit is checked against it). */
const MAX_CONTENT = 10_000;

/** Starts the simulator on 127.0.0.1 with a free port. */
export async function startCrispySimulator(opts: CrispySimOptions): Promise<CrispySim> {
  const now = opts.now ?? (() => Date.now());
  const accountIds = opts.accountIds?.length ? opts.accountIds : ['acc_default'];
  const capLimits: Record<CrispyCapAction, number> = {
    send: opts.caps?.send ?? DAILY_CAPS.send.limit,
    organize: opts.caps?.organize ?? DAILY_CAPS.organize.limit,
    read: opts.caps?.read ?? DAILY_CAPS.read.limit,
  };
  const usage = new Map<string, number>();
  const faults = new FaultInjector<CrispySimFault>();
  let keyRevoked = false;
  let validKey = opts.apiKey;
  let messageSeq = 0;
  let conversationSeq = 0;
  let organizeAppliedHook: OrganizeAppliedHook | null = null;

  const state = {
    conversations: [] as CrispySimConversation[],
    sent: [] as CrispySim['sent'],
    organize: [] as CrispySimOrganize[],
    reads: [] as CrispySim['reads'],
    requests: [] as CrispySimRequest[],
  };
  const nextMessageId = () => `msg_${(++messageSeq).toString(16).padStart(5, '0')}`;
  const selfId = (accountId: string) => `li_me_${accountId}`;
  const find = (chatId: string) => state.conversations.find((c) => sameId(c.chatId, chatId));
  const mustFind = (chatId: string) => {
    const c = find(chatId);
    if (!c) throw new Error(`simulator: no conversation ${chatId}`);
    return c;
  };

  state.conversations.push(...generate(opts.conversations ?? 0, opts.seed ?? 1, now(), accountIds, selfId, nextMessageId));
  conversationSeq = state.conversations.length;

  // ---- daily caps -----------------------------------------------------------------

  const day = () => Math.floor(now() / DAY_MS);
  const usageKey = (tool: CrispyCapAction, accountId: string) => `${accountId}|${tool}|${day()}`;
  const used = (tool: CrispyCapAction, accountId: string) => usage.get(usageKey(tool, accountId)) ?? 0;
  const count = (tool: CrispyCapAction, accountId: string) => usage.set(usageKey(tool, accountId), used(tool, accountId) + 1);
  const capHeaders = (tool: CrispyCapAction, accountId: string): Record<string, string> => ({
    'x-ratelimit-limit': String(capLimits[tool]),
    'x-ratelimit-remaining': String(Math.max(0, capLimits[tool] - used(tool, accountId))),
    'x-ratelimit-reset': String(((day() + 1) * DAY_MS) / 1000),
  });

  // ---- HTTP -----------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    // MCP: the server-sent stream (GET) is not offered here; answered before any fault, so a
    // client that opens it in the background does not take a fault meant for its next call.
    if (url.pathname === MCP_PATH && method === 'GET') {
      res.writeHead(405, { 'content-type': 'application/json' }).end('{"error":"method not allowed"}');
      return;
    }
    const rawBody = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
        badJson = true;
      }
    }
    const entry: CrispySimRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, status: 0, at: now(), auth: req.headers.authorization };
    state.requests.push(entry);
    let extraHeaders: Record<string, string> = {};

    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (!fault?.resetAfterWrite) entry.status = status;
      faults.write(fault, req, res, status, { 'content-type': 'application/json', ...extraHeaders, ...headers }, typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string) => reply(status, { error: { code, message } });

    const fault = faults.next();
    if (!(await faults.hold(fault, req, res))) return;
    if (fault?.status) return reply(fault.status, 'body' in fault ? fault.body : { error: { code: 'internal_error', message: 'Internal server error' } }, fault.headers);
    if (fault?.malformed) return reply(200, '{"jsonrpc": "2.0", "result": {"conversations": [{"chat_id": "chat_', fault.headers);
    if (fault && 'body' in fault) return reply(200, fault.body, fault.headers);

    if (url.pathname === MCP_PATH) {
      // Crispy's MCP fixtures answer auth failures as {"error": "..."} (crispy.md §11).
      if (!authorized(req.headers.authorization)) return reply(401, { error: 'Missing API key. Send Authorization: Bearer crispy_...' });
      if (badJson) return reply(400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      const out = mcp.handle(method, req.headers, body, rawBody);
      if (!fault?.resetAfterWrite) entry.status = out.status;
      faults.write(fault, req, res, out.status, out.headers, out.text);
      return;
    }

    if (!authorized(req.headers.authorization)) return error(401, 'unauthorized', 'Invalid or missing API key');
    if (badJson) return error(400, 'invalid_json', 'Request body must be JSON');
    if (method === 'POST' && body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      return error(400, 'invalid_body', 'Request body must be a JSON object');
    }
    const args = (body ?? {}) as Record<string, unknown>;

    if (!url.pathname.startsWith(`${REST_PREFIX}/`)) return error(404, 'not_found', 'Not found');
    const path = url.pathname.slice(REST_PREFIX.length);

    // account_id travels in the POST body (§3.1 lists it among the body parameters); absent = the key's default.
    const who = accountOf(args[ACCOUNT_ID]);
    if ('error' in who) return error(404, 'account_not_found', who.error);
    const { accountId } = who;

    const chatOf = (m: RegExpExecArray): CrispySimConversation | null => {
      const c = find(safeDecode(m[1]!));
      return c && c.accountId === accountId ? c : null;
    };

    /** Runs a capped tool: 429 past the cap, headers on every answer, a use counted on success. */
    const capped = (tool: CrispyCapAction, run: () => { status: number; body: unknown }): void => {
      extraHeaders = capHeaders(tool, accountId);
      if (used(tool, accountId) >= capLimits[tool]) {
        return error(429, 'daily_limit_reached', `Daily limit of ${capLimits[tool]} ${DAILY_CAPS[tool].noun} reached`);
      }
      const out = run();
      if (out.status >= 200 && out.status < 300) count(tool, accountId);
      extraHeaders = capHeaders(tool, accountId);
      // Carried out, never answered: the connection stays open until the client goes away.
      if (tool === 'organize' && out.status === 200 && organizeAppliedHook?.(state.organize.at(-1)!) === 'hold') return;
      reply(out.status, out.body);
    };

    let m: RegExpExecArray | null;
    if ((m = ORGANIZE_ROUTE.exec(path))) {
      if (method !== 'POST') return error(405, 'method_not_allowed', 'Method not allowed');
      return capped('organize', () => organizeChat(chatOf(m!), accountId, args));
    }
    if ((m = READ_ROUTE.exec(path))) {
      if (method !== 'POST') return error(405, 'method_not_allowed', 'Method not allowed');
      return capped('read', () => markRead(chatOf(m!)));
    }
    return error(404, 'not_found', 'Not found');
  }

  function accountOf(requested: unknown): { accountId: string } | { error: string } {
    if (requested === null || requested === undefined) return { accountId: accountIds[0]! };
    if (typeof requested !== 'string' || !accountIds.includes(requested)) return { error: `LinkedIn account ${String(requested)} not found: it is not connected to this key` };
    return { accountId: requested };
  }

  const fail = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

  function organizeChat(c: CrispySimConversation | null, accountId: string, args: Record<string, unknown>): { status: number; body: unknown } {
    const action = args.action;
    if (typeof action !== 'string' || !(ORGANIZE_ACTIONS as readonly string[]).includes(action)) {
      return fail(400, 'invalid_action', `Unknown action '${String(action)}'; use one of ${ORGANIZE_ACTIONS.join(', ')}`);
    }
    if (!c) return fail(404, 'chat_not_found', 'Conversation not found');
    const { label, snooze_until: until, note, return_on_reply: returnOnReply } = args;
    if ((action === 'label' || action === 'unlabel') && (typeof label !== 'string' || label.trim() === '')) {
      return fail(400, 'missing_label', `label is required for ${action}`);
    }
    let untilMs = Number.NaN;
    if (action === 'snooze') {
      untilMs = typeof until === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(until) ? Date.parse(until) : Number.NaN;
      if (!Number.isFinite(untilMs)) return fail(400, 'invalid_snooze_until', 'snooze_until must be an ISO 8601 time');
      if (untilMs <= now()) return fail(400, 'invalid_snooze_until', 'snooze_until must be in the future');
    }
    if (note !== undefined && typeof note !== 'string') return fail(400, 'invalid_note', 'note must be a string');
    if (returnOnReply !== undefined && typeof returnOnReply !== 'boolean') return fail(400, 'invalid_return_on_reply', 'return_on_reply must be a boolean');

    switch (action as OrganizeAction) {
      case 'archive':
        Object.assign(c, { archived: true, smartArchived: false });
        break;
      case 'unarchive':
        Object.assign(c, { archived: false, smartArchived: false });
        break;
      case 'smart_archive':
        Object.assign(c, { archived: true, smartArchived: true, returnOnReply: returnOnReply ?? true });
        break;
      case 'label':
        if (!c.labels.includes(label as string)) c.labels.push(label as string);
        break;
      case 'unlabel':
        c.labels = c.labels.filter((l) => l !== label);
        break;
      case 'snooze':
        c.snoozedUntil = untilMs;
        c.note = typeof note === 'string' ? note : null;
        break;
    }
    const logged: CrispySimOrganize = { chatId: c.chatId, action: action as OrganizeAction, accountId, at: now() };
    const echo: Record<string, unknown> = { chat_id: c.chatId, action };
    if (action === 'label' || action === 'unlabel') echo.label = logged.label = label as string;
    if (action === 'snooze') {
      echo.snooze_until = logged.snooze_until = until as string;
      if (typeof note === 'string') echo.note = logged.note = note;
    }
    if (action === 'smart_archive') echo.return_on_reply = logged.return_on_reply = (returnOnReply as boolean | undefined) ?? true;
    state.organize.push(logged);
    return { status: 200, body: { ...echo, status: 'ok' } };
  }

  function markRead(c: CrispySimConversation | null): { status: number; body: unknown } {
    if (!c) return fail(404, 'chat_not_found', 'Conversation not found');
    c.readAt = now();
    c.unreadCount = 0;
    state.reads.push({ chatId: c.chatId, at: c.readAt });
    return { status: 200, body: { chat_id: c.chatId, marked_read: true } };
  }

  // ---- the MCP tools (ASSUMED result shapes: this simulator's own reading) ---------

  /** A capped tool over MCP: past the cap an isError result; X-RateLimit headers on every answer. */
  function cappedTool(tool: CrispyCapAction, accountId: string, run: () => ToolOutcome): ToolOutcome {
    if (used(tool, accountId) >= capLimits[tool]) {
      return { error: `Daily limit of ${capLimits[tool]} ${DAILY_CAPS[tool].noun} reached`, headers: capHeaders(tool, accountId) };
    }
    const out = run();
    if (!('error' in out)) count(tool, accountId);
    return { ...out, headers: capHeaders(tool, accountId) };
  }

  const chatFor = (accountId: string, chatId: string) => {
    const c = find(chatId);
    return c && c.accountId === accountId ? c : null;
  };

  const backend = {
    account: accountOf,
    listConversations(accountId: string, limit: number, cursor: string | null): ToolOutcome {
      const offset = cursor === null ? 0 : decodeCursor('c', cursor);
      if (offset === null) return { error: 'Invalid cursor' };
      const mine = visible().filter((c) => c.accountId === accountId);
      return {
        payload: {
          conversations: mine.slice(offset, offset + limit).map(renderConversation),
          next_cursor: offset + limit < mine.length ? encodeCursor('c', offset + limit) : null,
        },
      };
    },
    getMessages(accountId: string, chatId: string, limit: number, cursor: string | null): ToolOutcome {
      const c = chatFor(accountId, chatId);
      if (!c) return { error: 'Conversation not found' };
      const offset = cursor === null ? 0 : decodeCursor(`m:${c.chatId}`, cursor);
      if (offset === null) return { error: 'Invalid cursor' };
      return {
        payload: {
          messages: c.messages.slice(offset, offset + limit).map(renderMessage),
          next_cursor: offset + limit < c.messages.length ? encodeCursor(`m:${c.chatId}`, offset + limit) : null,
        },
      };
    },
    sendMessage(accountId: string, chatId: string, text: unknown): ToolOutcome {
      return cappedTool('send', accountId, () => {
        const c = chatFor(accountId, chatId);
        if (!c) return { error: 'Conversation not found' };
        if (typeof text !== 'string' || text.length < 1 || text.length > MAX_CONTENT) return { error: `text must be a string of 1 to ${MAX_CONTENT} characters` };
        const at = now();
        const m: CrispySimMessage = { id: nextMessageId(), text, sentAt: at, senderId: selfId(c.accountId), fromMe: true };
        insertMessage(c, m);
        state.sent.push({ chatId: c.chatId, text, at });
        return { payload: { message: renderMessage(m) } };
      });
    },
    listLabels(accountId: string): ToolOutcome {
      const counts = new Map<string, number>();
      for (const c of state.conversations) if (c.accountId === accountId) for (const l of c.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
      const labels = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return { payload: { labels: labels.map(([name, n]) => ({ name, count: n })) } };
    },
  };
  const mcp = createMcpServer(backend, opts.mcp);

  function visible(): CrispySimConversation[] {
    return state.conversations
      .filter((c) => c.messages.length > 0)
      .sort((a, b) => b.messages[0]!.sentAt - a.messages[0]!.sentAt || a.chatId.localeCompare(b.chatId));
  }

  function authorized(header: string | undefined): boolean {
    return !keyRevoked && header === `Bearer ${validKey}`;
  }

  // ---- wire rendering (ASSUMED field names, this simulator's reading) ---------------

  function renderMessage(m: CrispySimMessage) {
    return { id: m.id, text: m.text, sent_at: new Date(m.sentAt).toISOString(), sender_id: m.senderId, from_me: m.fromMe };
  }

  function renderParticipant(p: CrispySimParticipant) {
    const [first, ...rest] = p.name.split(' ');
    const name = (opts.nameShape ?? 'name') === 'name' ? { name: p.name } : { first_name: first, last_name: rest.join(' ') };
    return { id: p.id, ...name, headline: p.headline, company: p.company, profile_url: p.profileUrl, avatar_url: p.avatarUrl };
  }

  function renderConversation(c: CrispySimConversation) {
    const last = c.messages[0] ?? null;
    const shape = opts.participantShape ?? 'participants';
    const people = c.participants.map(renderParticipant);
    return {
      chat_id: c.chatId,
      // A thread with the other person as one object has no name of its own here: only theirs tells who it is.
      ...(shape === 'participant' ? { participant: people[0] ?? null } : { name: c.name, [shape]: people }),
      last_message: last ? renderMessage(last) : null,
      unread_count: c.unreadCount,
      your_turn: last ? !last.fromMe : false,
      labels: [...c.labels],
      archived: c.archived,
      smart_archived: c.smartArchived,
      snoozed_until: c.snoozedUntil === null ? null : new Date(c.snoozedUntil).toISOString(),
      // Not part of the assumed shape; here so clients prove they ignore unknown fields.
      account_id: c.accountId,
      suggested_label: null,
    };
  }

  // ---- server ---------------------------------------------------------------------

  const loopback = await serveOnLoopback(handle, (message) => ({ error: { code: 'simulator_error', message } }));
  const { port } = loopback;

  function inbound(c: CrispySimConversation, text: string, at: number): CrispySimMessage {
    const m: CrispySimMessage = { id: nextMessageId(), text, sentAt: at, senderId: c.participants[0]?.id ?? 'li_unknown', fromMe: false };
    insertMessage(c, m);
    c.unreadCount++;
    // Crispy's smart archive: the thread re-enters the inbox when the other person replies.
    if (c.archived && c.smartArchived && c.returnOnReply) Object.assign(c, { archived: false, smartArchived: false });
    return m;
  }

  return {
    baseUrl: `http://127.0.0.1:${port}${REST_PREFIX}`,
    mcp,
    conversations: state.conversations,
    sent: state.sent,
    organize: state.organize,
    reads: state.reads,
    requests: state.requests,
    async close() {
      faults.close();
      await loopback.close();
    },
    onOrganizeApplied(hook) {
      organizeAppliedHook = hook;
    },
    addConversation(c) {
      const n = ++conversationSeq;
      const conversation: CrispySimConversation = {
        chatId: c.chatId ?? `chat_add${n.toString(16)}`,
        accountId: c.accountId ?? accountIds[0]!,
        name: c.name,
        participants: c.participants ?? [participant(`li_add_${n}`, c.name, n, null, null)],
        messages: [...(c.messages ?? [])].sort((a, b) => b.sentAt - a.sentAt),
        unreadCount: c.unreadCount ?? 0,
        archived: c.archived ?? false,
        smartArchived: c.smartArchived ?? false,
        returnOnReply: c.returnOnReply ?? true,
        labels: c.labels ?? [],
        snoozedUntil: c.snoozedUntil ?? null,
        note: c.note ?? null,
        readAt: c.readAt ?? null,
      };
      state.conversations.push(conversation);
      return conversation;
    },
    addInboundMessage(chatId, text, at) {
      return inbound(mustFind(chatId), text, at ?? now());
    },
    addOwnMessage(chatId, text, at) {
      const c = mustFind(chatId);
      const m: CrispySimMessage = { id: nextMessageId(), text, sentAt: at ?? now(), senderId: selfId(c.accountId), fromMe: true };
      insertMessage(c, m);
      return m;
    },
    usedToday(tool, accountId) {
      return used(tool, accountId ?? accountIds[0]!);
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

/** Keeps messages newest first; a message at the same instant as another goes in front of it. */
function insertMessage(c: CrispySimConversation, m: CrispySimMessage): void {
  const at = c.messages.findIndex((x) => x.sentAt <= m.sentAt);
  if (at === -1) c.messages.push(m);
  else c.messages.splice(at, 0, m);
}






// ---- generated data -----------------------------------------------------------------

const FIRST = ['Lea', 'Jonas', 'Amara', 'Mateo', 'Sofia', 'Kenji', 'Priya', 'Lukas', 'Chloé', 'Omar', 'Ingrid', 'Diego', 'Hana', 'Tobias', 'Zoe', 'Ravi', 'Elif', 'Marek', 'Aisha', 'Finn'];
const LAST = ['Sommer', 'Becker', 'Okafor', 'García', 'Rossi', 'Tanaka', 'Sharma', 'Novak', 'Dubois', 'Haddad', 'Larsen', 'Moreno', 'Kim', 'Weber', 'Clarke', 'Iyer', 'Yılmaz', 'Kowalski'];
const HEADLINES = ['Head of Sales', 'Founder & CEO', 'VP Engineering', 'Talent Partner', 'Growth Marketing Lead', 'CTO', 'Account Executive', 'Head of People'];
const COMPANIES = ['Nordlicht GmbH', 'Brightloop', 'Kestrel Labs', 'Fjord Analytics', 'Atlas Freight', 'Moonwise', 'Quarry AI', 'Helio Health'];
const LABELS = ['sales', 'networking', 'hiring', 'Deal: negotiation'];
const OUTREACH = ['Hi {first}, loved your post on scaling outbound — open to a quick chat?', 'Following up on my last note.', 'Thanks {first}! Does Tuesday 10:00 work?', 'Sharing the deck we talked about.'];
const REPLIES = ['Happy to chat next week', 'Thanks for reaching out!', 'Can you send more details?', 'Not right now, maybe in Q3.', 'Sure — Tuesday works.', 'What does pricing look like?'];

function participant(id: string, name: string, n: number, headline: string | null, company: string | null): CrispySimParticipant {
  const slug = name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ +/g, '-');
  return { id, name, headline, company, profileUrl: `https://www.linkedin.com/in/${slug}-${n}`, avatarUrl: `https://media.example.test/avatars/${id}.jpg` };
}


function generate(
  count: number,
  seed: number,
  start: number,
  accountIds: string[],
  selfId: (accountId: string) => string,
  nextId: () => string,
): CrispySimConversation[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: CrispySimConversation[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST);
    const name = `${first} ${pick(LAST)}`;
    const accountId = accountIds[i % accountIds.length]!;
    const other = participant(`li_${(0x5000 + i).toString(16)}`, name, i, pick(HEADLINES), pick(COMPANIES));
    const total = 1 + Math.floor(rnd() * 30);
    const theyLast = rnd() < 0.5;
    let at = start - Math.floor(rnd() * 30 * DAY_MS) - 60_000;
    const messages: CrispySimMessage[] = [];
    let trailingInbound = 0;
    for (let m = 0; m < total; m++) {
      const oldest = m === total - 1;
      const fromThem = oldest ? false : m === 0 ? theyLast : rnd() < 0.5;
      if (fromThem && trailingInbound === m) trailingInbound++;
      const text = (fromThem ? pick(REPLIES) : pick(OUTREACH)).replace('{first}', first);
      messages.push({ id: '', text, sentAt: at, senderId: fromThem ? other.id : selfId(accountId), fromMe: !fromThem });
      at -= 300_000 + Math.floor(rnd() * 2 * DAY_MS);
    }
    // Ids grow with time, as a real message store's would.
    for (const msg of [...messages].reverse()) msg.id = nextId();
    out.push({
      chatId: `chat_${(i + 1).toString(16)}${Math.floor(rnd() * 0xffff).toString(16).padStart(4, '0')}`,
      accountId,
      name,
      participants: [other],
      messages,
      unreadCount: theyLast && rnd() < 0.7 ? trailingInbound : 0,
      archived: false,
      smartArchived: false,
      returnOnReply: true,
      labels: rnd() < 0.3 ? [pick(LABELS)] : [],
      snoozedUntil: null,
      note: null,
      readAt: null,
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
