/**
 * The MCP side of the loopback Crispy (crispy.md §1, §3.4, §11): JSON-RPC 2.0 over Streamable
 * HTTP at /api/mcp, written here from the documented facts and the MCP spec 2025-06-18, with no
 * MCP library (the adapter uses the official SDK client; this must not share its code).
 *
 * Facts this file states itself (never read from the adapter):
 *   - `initialize` without a session answers `protocolVersion: "2025-06-18"` and an
 *     `mcp-session-id` header; every later request must carry that header: none → 400, an
 *     ended one → 404 `{"error":"session not found"}` (what Crispy's own bridge treats as
 *     "initialize again"). Notifications get 202. GET (no server-sent stream here) gets 405;
 *     DELETE ends the session.
 *   - An answer is JSON or an SSE stream (`event: message`, one `data:` line), by a switch.
 *   - Tool results are `{content: [{type: "text", text: <JSON>}], isError, _meta: {crispyRequestId}}`.
 *   - Confirmed tool names and arguments: `list_conversations` (account_id, limit),
 *     `get_messages` (account_id, conversation_id), `send_message` (account_id, conversation_id,
 *     text). The conversation argument is `conversation_id` in Crispy's skill file and `chat_id`
 *     on its organize/read pages: a switch picks which this server declares in tools/list.
 *     `list_conversation_labels` is a seed name. `cursor` (paging) is ASSUMED, as are the result
 *     shapes below; an argument a tool does not declare is refused (JSON-RPC -32602, or an
 *     isError result, by a switch).
 */
import { randomUUID } from 'node:crypto';

/** The protocol version Crispy's fixtures show initialize answering. */
export const MCP_PROTOCOL_VERSION = '2025-06-18';
/** ASSUMED page sizes of list_conversations / get_messages. */
export const MCP_PAGE = { maxLimit: 50, defaultLimit: 25 } as const;

export type ConversationArg = 'conversation_id' | 'chat_id';

export interface McpOptions {
  /** How answers travel: one JSON body (default) or an SSE stream. */
  answer?: 'json' | 'sse';
  /** The name tools/list declares for the conversation argument; default 'conversation_id'. */
  conversationArg?: ConversationArg;
  /** How a bad argument is refused: a JSON-RPC error (default) or an isError tool result. */
  argumentErrors?: 'jsonrpc' | 'isError';
}

/** A tool's outcome: JSON payload, or an error text (isError), with the X-RateLimit headers of a capped tool. */
export type ToolOutcome = { payload: unknown; headers?: Record<string, string> } | { error: string; headers?: Record<string, string> };

/** What the simulator's state offers the tools; `args` are already checked against the declared names. */
export interface ToolBackend {
  listConversations(accountId: string, limit: number, cursor: string | null): ToolOutcome;
  getMessages(accountId: string, chatId: string, limit: number, cursor: string | null): ToolOutcome;
  sendMessage(accountId: string, chatId: string, text: unknown): ToolOutcome;
  listLabels(accountId: string): ToolOutcome;
  /** The account a call acts for (absent = the key's default), or an error text. */
  account(requested: unknown): { accountId: string } | { error: string };
}

export interface McpCall {
  method: string;
  /** tools/call only. */
  tool?: string;
  arguments?: Record<string, unknown>;
  session: string | null;
}

/** A one-off answer to the next tools/call, instead of the tool's own. */
export type ToolAnswer = { payload: unknown } | { text: string } | { error: string } | { jsonrpcError: { code: number; message: string } } | { structured: unknown };

export interface McpServer {
  /** Handles one HTTP request to /api/mcp: status, headers and body text (JSON or SSE). */
  handle(method: string, headers: Record<string, string | string[] | undefined>, body: unknown, rawBody: string): { status: number; headers: Record<string, string>; text: string };
  /** Every JSON-RPC request and notification that reached a tool or method (after auth and session checks). */
  readonly calls: McpCall[];
  /** Sessions begun by initialize. */
  readonly sessionsStarted: number;
  /** Ends every open session: the next request with one gets 404. */
  expireSessions(): void;
  /** Ends every open session once `n` more tool calls have been answered (a session that expires mid-sync). */
  expireAfterCalls(n: number): void;
  setAnswer(answer: 'json' | 'sse'): void;
  /** Declares (and accepts) another name for the conversation argument from now on. */
  setConversationArg(name: ConversationArg): void;
  /** The next tools/call gets this answer. */
  nextToolAnswer(answer: ToolAnswer): void;
}

interface JsonSchema {
  type: 'object';
  properties: Record<string, { type: string; description?: string; minimum?: number; maximum?: number }>;
  required?: string[];
  additionalProperties: false;
}

/** Creates the MCP endpoint over `backend`. */
export function createMcpServer(backend: ToolBackend, opts: McpOptions = {}): McpServer {
  let answer = opts.answer ?? 'json';
  let convArg: ConversationArg = opts.conversationArg ?? 'conversation_id';
  const argumentErrors = opts.argumentErrors ?? 'jsonrpc';
  const sessions = new Set<string>();
  const calls: McpCall[] = [];
  const oneOff: ToolAnswer[] = [];
  let started = 0;
  let requestSeq = 0;
  let expireIn: number | null = null;

  function tools(): { name: string; description: string; inputSchema: JsonSchema }[] {
    const account = { type: 'string', description: 'LinkedIn account to act as; omit for the default' };
    const paging = { limit: { type: 'integer', minimum: 1, maximum: MCP_PAGE.maxLimit }, cursor: { type: 'string', description: 'next_cursor of the previous page' } };
    return [
      { name: 'list_conversations', description: 'List LinkedIn conversations, newest first', inputSchema: { type: 'object', properties: { account_id: account, ...paging }, additionalProperties: false } },
      {
        name: 'get_messages',
        description: 'Messages of one conversation, newest first',
        inputSchema: { type: 'object', properties: { account_id: account, [convArg]: { type: 'string' }, ...paging }, required: [convArg], additionalProperties: false },
      },
      {
        name: 'send_message',
        description: 'Send a message into a conversation',
        inputSchema: { type: 'object', properties: { account_id: account, [convArg]: { type: 'string' }, text: { type: 'string' } }, required: [convArg, 'text'], additionalProperties: false },
      },
      { name: 'list_conversation_labels', description: 'Labels in use, most-used first', inputSchema: { type: 'object', properties: { account_id: account }, additionalProperties: false } },
      { name: 'organize_conversation', description: 'Archive, label or snooze a conversation', inputSchema: { type: 'object', properties: { account_id: account, chat_id: { type: 'string' }, action: { type: 'string' } }, required: ['chat_id', 'action'], additionalProperties: false } },
    ];
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers: { 'content-type': 'application/json', ...headers }, text: JSON.stringify(body) });

  /** A JSON-RPC answer, as JSON or as an SSE stream by the switch. */
  function rpcAnswer(message: unknown, headers: Record<string, string> = {}) {
    if (answer === 'json') return json(200, message, headers);
    // A comment line first (as keep-alives are), then the one message event.
    return { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers }, text: `: ok\n\nevent: message\nid: ${++requestSeq}\ndata: ${JSON.stringify(message)}\n\n` };
  }

  const result = (id: unknown, r: unknown, headers?: Record<string, string>) => rpcAnswer({ jsonrpc: '2.0', id, result: r }, headers);
  const rpcError = (id: unknown, code: number, message: string) => rpcAnswer({ jsonrpc: '2.0', id, error: { code, message } });
  const toolResult = (id: unknown, outcome: ToolOutcome) =>
    'error' in outcome
      ? result(id, { content: [{ type: 'text', text: outcome.error }], isError: true, _meta: { crispyRequestId: `req_${requestSeq + 1}` } }, outcome.headers)
      : result(id, { content: [{ type: 'text', text: JSON.stringify(outcome.payload) }], isError: false, _meta: { crispyRequestId: `req_${requestSeq + 1}` } }, outcome.headers);

  function callTool(id: unknown, params: Record<string, unknown>) {
    const name = params.name;
    const args = (params.arguments ?? {}) as Record<string, unknown>;
    const tool = tools().find((t) => t.name === name);
    if (!tool) return rpcError(id, -32602, `Unknown tool: ${String(name)}`);
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return rpcError(id, -32602, 'arguments must be an object');
    const declared = Object.keys(tool.inputSchema.properties);
    const bad = Object.keys(args).find((a) => !declared.includes(a)) ?? tool.inputSchema.required?.find((r) => args[r] === undefined);
    if (bad !== undefined) {
      const message = declared.includes(bad) ? `Missing required argument '${bad}' for ${tool.name}` : `Unknown argument '${bad}' for ${tool.name}`;
      return argumentErrors === 'jsonrpc' ? rpcError(id, -32602, `Invalid params: ${message}`) : toolResult(id, { error: message });
    }
    const once = oneOff.shift();
    if (once) {
      if ('jsonrpcError' in once) return rpcError(id, once.jsonrpcError.code, once.jsonrpcError.message);
      if ('structured' in once) return result(id, { content: [{ type: 'text', text: 'see structuredContent' }], structuredContent: once.structured, isError: false });
      if ('text' in once) return result(id, { content: [{ type: 'text', text: once.text }], isError: false });
      return toolResult(id, once);
    }
    const who = backend.account(args.account_id);
    if ('error' in who) return toolResult(id, who);
    const limit = args.limit === undefined ? MCP_PAGE.defaultLimit : args.limit;
    if (!(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= MCP_PAGE.maxLimit)) {
      return toolResult(id, { error: `limit must be an integer between 1 and ${MCP_PAGE.maxLimit}` });
    }
    const cursor = typeof args.cursor === 'string' ? args.cursor : null;
    const chatId = String(args[convArg] ?? '');
    switch (tool.name) {
      case 'list_conversations':
        return toolResult(id, backend.listConversations(who.accountId, limit as number, cursor));
      case 'get_messages':
        return toolResult(id, backend.getMessages(who.accountId, chatId, limit as number, cursor));
      case 'send_message':
        return toolResult(id, backend.sendMessage(who.accountId, chatId, args.text));
      case 'list_conversation_labels':
        return toolResult(id, backend.listLabels(who.accountId));
      default:
        return toolResult(id, { error: 'Use the REST endpoint for this tool in this simulator' });
    }
  }

  return {
    calls,
    get sessionsStarted() {
      return started;
    },
    handle(method, headers, body) {
      if (method === 'GET') return json(405, { error: 'method not allowed' });
      const session = typeof headers['mcp-session-id'] === 'string' ? headers['mcp-session-id'] : null;
      if (method === 'DELETE') {
        if (session) sessions.delete(session);
        return json(200, {});
      }
      if (method !== 'POST') return json(405, { error: 'method not allowed' });
      const accept = String(headers.accept ?? '');
      if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
        return json(406, { error: 'Not Acceptable: Client must accept both application/json and text/event-stream' });
      }
      const msg = body as Record<string, unknown> | undefined;
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg) || msg.jsonrpc !== '2.0' || typeof msg.method !== 'string') {
        return json(400, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } });
      }
      const isRequest = 'id' in msg;
      if (msg.method === 'initialize') {
        const id = randomUUID();
        sessions.add(id);
        started++;
        calls.push({ method: 'initialize', session: id });
        return result(msg.id, { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: { tools: { listChanged: false } }, serverInfo: { name: 'crispy-simulator', version: '1.0.0' } }, { 'mcp-session-id': id });
      }
      if (session === null) return json(400, { error: 'Bad Request: No valid session ID provided' });
      if (!sessions.has(session)) return json(404, { error: 'session not found' });
      const params = (msg.params ?? {}) as Record<string, unknown>;
      calls.push({ method: msg.method, session, ...(msg.method === 'tools/call' ? { tool: String(params.name), arguments: (params.arguments ?? {}) as Record<string, unknown> } : {}) });
      if (!isRequest) return { status: 202, headers: {}, text: '' };
      switch (msg.method) {
        case 'tools/list':
          return result(msg.id, { tools: tools() });
        case 'tools/call': {
          const out = callTool(msg.id, params);
          if (expireIn !== null && --expireIn <= 0) {
            expireIn = null;
            sessions.clear();
          }
          return out;
        }
        case 'ping':
          return result(msg.id, {});
        default:
          return rpcError(msg.id, -32601, `Method not found: ${msg.method}`);
      }
    },
    expireSessions() {
      sessions.clear();
    },
    expireAfterCalls(n) {
      expireIn = n;
    },
    setAnswer(a) {
      answer = a;
    },
    setConversationArg(name) {
      convArg = name;
    },
    nextToolAnswer(a) {
      oneOff.push(a);
    },
  };
}
