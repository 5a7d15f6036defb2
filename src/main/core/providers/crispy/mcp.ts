/**
 * Crispy's confirmed MCP server (crispy.md §1, §3.4, §11) through the official MCP TypeScript
 * SDK client over Streamable HTTP: one session per account, kept while it lives. The SDK does
 * not recover from an ended session (its issue #1708), so on a 404 for our session id this
 * drops the client and transport, initializes anew and sends the call once more (Crispy did not
 * run it: the session was unknown). Argument names are read from tools/list on the first
 * connect and kept (not read again per call or per session); a call refused for its arguments
 * reads them once more and is retried when they changed. The fetch underneath (./mcp-fetch.ts)
 * turns every HTTP problem into an AppError; this file maps JSON-RPC errors and tool results
 * flagged isError.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AppError } from '../../errors';
import { wellFormed } from '../sanitize';
import { ACCOUNT_ID_PARAM, CRISPY_TOOLS, type CrispyToolKey } from './api';
import { ASSUMED_TOOL_ARGS, ASSUMED_TOOL_ERRORS } from './assumed';
import { errorFromResponse, quote } from './errors';
import { createMcpFetch, mcpCallScope, McpSessionGone, unreadableAnswer, type McpCallScope, type McpFetchDeps } from './mcp-fetch';

/** What a call means, in the app's words; the session turns it into Crispy's argument names. */
export interface ToolArgs {
  conversationId?: string;
  text?: string;
  limit?: number;
  cursor?: string | null;
}

/** The argument names one tool takes, as learned from tools/list (or assumed when it is not listed). */
export interface ToolArgNames {
  /** Declared in tools/list; false = not listed there, the assumed names are used. */
  listed: boolean;
  conversationId?: string;
  text?: string;
  limit?: string;
  /** Unset when the tool declares no cursor: it serves one page. */
  cursor?: string;
}

export interface CrispyMcpSession {
  /** Calls a tool; resolves to its JSON payload (undefined when the text is not JSON), or throws an AppError. */
  call(tool: CrispyToolKey, args: ToolArgs, scope: McpCallScope, conversationId?: string): Promise<unknown>;
  /** The argument names in use for a tool. */
  argumentNames(tool: CrispyToolKey): ToolArgNames;
}

export interface McpSessionDeps extends McpFetchDeps {
  mcpUrl: string;
  /** Crispy's account_id, when the account names one. */
  accountId: string | undefined;
}

const CLIENT_INFO = { name: 'linkedin-inbox', version: '1.0.0' };
/** JSON-RPC error codes (JSON-RPC 2.0 and the MCP SDK's own). */
const RPC = { ConnectionClosed: -32000, RequestTimeout: -32001, MethodNotFound: -32601, InvalidParams: -32602 } as const;

interface Sdk {
  Client: typeof Client;
  StreamableHTTPClientTransport: typeof StreamableHTTPClientTransport;
}
let sdk: Promise<Sdk> | null = null;

/**
 * The MCP SDK client, loaded on first use: loading it (zod schemas for every MCP type, ajv)
 * takes a noticeable time, which an app without a Crispy account should not pay at start.
 */
export function loadMcpSdk(): Promise<Sdk> {
  sdk ??= Promise.all([import('@modelcontextprotocol/sdk/client/index.js'), import('@modelcontextprotocol/sdk/client/streamableHttp.js')]).then(([c, t]) => ({
    Client: c.Client,
    StreamableHTTPClientTransport: t.StreamableHTTPClientTransport,
  }));
  return sdk;
}

/** A JSON-RPC error the SDK raised (its McpError), with its code. */
function rpcError(err: unknown): { code: number; message: string } | null {
  return err instanceof Error && err.name === 'McpError' && typeof (err as { code?: unknown }).code === 'number' ? (err as Error & { code: number }) : null;
}
/** tools/list pages read at most (Crispy lists 100–170 tools). */
const MAX_TOOL_PAGES = 20;

/** Opens (lazily) and keeps one MCP session for an account. */
export function createCrispyMcpSession(deps: McpSessionDeps): CrispyMcpSession {
  const fetch = createMcpFetch(deps);
  const { accountName } = deps;
  // The SDK's own deadline is a backstop: the fetch's deadline answers first.
  const sdkTimeout = deps.timeoutMs * 2 + 5_000;
  let learned: Record<CrispyToolKey, ToolArgNames> | null = null;
  let current: Promise<Client> | null = null;

  async function open(): Promise<Client> {
    const { Client, StreamableHTTPClientTransport } = await loadMcpSdk();
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    await client.connect(new StreamableHTTPClientTransport(new URL(deps.mcpUrl), { fetch }), { timeout: sdkTimeout });
    if (!learned) learned = await discover(client);
    return client;
  }

  /** The live client; opening one is not part of any call's scope (it changes nothing). */
  function connection(): Promise<Client> {
    if (!current) {
      const opening = mcpCallScope.run({ write: false, numbers: null, dailyCapHit: false }, open);
      current = opening;
      opening.catch(() => {
        if (current === opening) current = null;
      });
    }
    return current;
  }

  function drop(client: Promise<Client>): void {
    if (current === client) current = null;
    void client.then((c) => c.close()).catch(() => undefined);
  }

  async function discover(client: Client): Promise<Record<CrispyToolKey, ToolArgNames>> {
    const declared = new Map<string, string[]>();
    let cursor: string | undefined;
    try {
      for (let page = 0; page < MAX_TOOL_PAGES; page++) {
        const r = await client.listTools(cursor ? { cursor } : undefined, { timeout: sdkTimeout });
        for (const t of r.tools) declared.set(t.name, Object.keys(t.inputSchema.properties ?? {}));
        cursor = r.nextCursor;
        if (!cursor) break;
      }
    } catch (err) {
      // A server without tools/list still has its tools: use the assumed names.
      if (rpcError(err)?.code !== RPC.MethodNotFound) throw err;
    }
    const out = {} as Record<CrispyToolKey, ToolArgNames>;
    for (const key of Object.keys(CRISPY_TOOLS) as CrispyToolKey[]) out[key] = namesFor(declared.get(CRISPY_TOOLS[key]));
    return out;
  }

  /** Reads tools/list again; true when the names for `tool` changed (worth one more try). */
  async function rediscover(client: Client, tool: CrispyToolKey): Promise<boolean> {
    const before = JSON.stringify(learned?.[tool]);
    learned = await mcpCallScope.run({ write: false, numbers: null, dailyCapHit: false }, () => discover(client));
    return JSON.stringify(learned[tool]) !== before;
  }

  function argumentNames(tool: CrispyToolKey): ToolArgNames {
    return learned?.[tool] ?? namesFor(undefined);
  }

  function argumentsFor(tool: CrispyToolKey, a: ToolArgs): Record<string, unknown> {
    const n = argumentNames(tool);
    const out: Record<string, unknown> = {};
    if (deps.accountId) out[ACCOUNT_ID_PARAM] = deps.accountId;
    if (a.conversationId !== undefined) out[n.conversationId ?? ASSUMED_TOOL_ARGS.conversationId[0]] = a.conversationId;
    if (a.text !== undefined) out[n.text ?? ASSUMED_TOOL_ARGS.text[0]] = a.text;
    if (a.limit !== undefined && n.limit) out[n.limit] = a.limit;
    if (a.cursor && n.cursor) out[n.cursor] = a.cursor;
    return out;
  }

  async function call(tool: CrispyToolKey, args: ToolArgs, scope: McpCallScope, conversationId?: string): Promise<unknown> {
    let reopened = false;
    let rediscovered = false;
    for (;;) {
      const client = connection();
      try {
        const c = await client;
        const result = await mcpCallScope.run(scope, () => c.callTool({ name: CRISPY_TOOLS[tool], arguments: argumentsFor(tool, args) }, undefined, { timeout: sdkTimeout }));
        const text = textOf(result.content);
        if (result.isError === true) {
          // Refused for its arguments: it did not run, so asking again with new names is safe.
          if (!rediscovered && ASSUMED_TOOL_ERRORS.badArgument.test(text ?? '')) {
            rediscovered = true;
            if (await rediscover(c, tool)) continue;
          }
          throw toolRefused(text, scope, conversationId);
        }
        return payloadOf(result.structuredContent, text);
      } catch (err) {
        if (err instanceof McpSessionGone) {
          drop(client);
          if (!reopened) {
            reopened = true;
            continue;
          }
          throw new AppError('server', `Crispy ended the connection for '${accountName}' twice in a row — it will be tried again.`, { retryable: true });
        }
        if (rpcError(err)?.code === RPC.InvalidParams && !rediscovered) {
          rediscovered = true;
          if (await rediscover(await client, tool)) continue;
        }
        throw asAppError(err, tool, scope.write);
      }
    }
  }

  /** An isError result as the sentence its HTTP twin would get (the text decides the kind). */
  function toolRefused(text: string | null, scope: McpCallScope, conversationId: string | undefined): AppError {
    const said = text ?? '';
    const E = ASSUMED_TOOL_ERRORS;
    const status = E.dailyCap.test(said) ? 429 : E.scope.test(said) ? 403 : E.auth.test(said) ? 401 : E.notFound.test(said) ? 404 : E.refused.test(said) ? 400 : 500;
    if (status === 429) scope.dailyCapHit = true;
    const headers: Record<string, string> = {};
    const n = scope.numbers;
    if (n?.limit !== undefined) headers['x-ratelimit-limit'] = String(n.limit);
    if (status === 429) headers['x-ratelimit-remaining'] = '0';
    if (n?.resetAt !== undefined) headers['x-ratelimit-reset'] = String(Math.floor(n.resetAt / 1000));
    const onChat = status === 404 && !E.account.test(said) ? conversationId : undefined;
    if (status === 500) {
      const reason = deps.quoteServerText === false ? null : quote(said, undefined);
      return new AppError('server', `Crispy could not do this for '${accountName}'${reason ? ` (${reason})` : ''} — it will be tried again.`, { retryable: true });
    }
    return errorFromResponse({ status, headers, body: { error: said }, malformed: false }, { accountName, conversationId: onChat, quote: deps.quoteServerText !== false, now: deps.clock.now() });
  }

  function asAppError(err: unknown, tool: CrispyToolKey, write: boolean): AppError {
    if (err instanceof AppError) return err;
    const rpc = rpcError(err);
    if (rpc) {
      const reason = deps.quoteServerText === false ? null : quote(rpc.message.replace(/^MCP error -?\d+: /, ''), undefined);
      switch (rpc.code) {
        case RPC.InvalidParams:
          return new AppError('invalid-input', `Crispy refused the request for '${accountName}'${reason ? `: ${reason}` : '.'}`, { status: 400 });
        case RPC.MethodNotFound:
          return unreadableAnswer(`it does not know the tool ${CRISPY_TOOLS[tool]}`, accountName, null, false);
        case RPC.RequestTimeout:
          return new AppError('network', 'Crispy did not answer in time — it will be retried.', { retryable: true, mayHaveReachedProvider: write });
        case RPC.ConnectionClosed:
          return new AppError('network', 'The connection to Crispy failed — it will be retried.', { retryable: true, mayHaveReachedProvider: write });
        default:
          return new AppError('server', `Crispy had a problem on its side${reason ? ` (${reason})` : ''} — it will be tried again.`, { retryable: true, mayHaveReachedProvider: write });
      }
    }
    // The SDK could not read the answer as JSON-RPC (a body of the wrong shape).
    return unreadableAnswer('not an MCP answer', accountName, 200, write);
  }

  return { call, argumentNames };
}

/** Names from a tool's declared properties; the assumed first names when it is not listed. */
function namesFor(props: string[] | undefined): ToolArgNames {
  const A = ASSUMED_TOOL_ARGS;
  if (props === undefined) return { listed: false, conversationId: A.conversationId[0], text: A.text[0], limit: A.limit[0], cursor: A.cursor[0] };
  const pick = (candidates: readonly string[]) => candidates.find((c) => props.includes(c));
  return { listed: true, conversationId: pick(A.conversationId), text: pick(A.text), limit: pick(A.limit), cursor: pick(A.cursor) };
}

/** The text of a result's first text block. */
function textOf(content: unknown): string | null {
  if (!Array.isArray(content)) return null;
  for (const block of content) {
    if (typeof block === 'object' && block !== null && (block as { type?: unknown }).type === 'text' && typeof (block as { text?: unknown }).text === 'string') {
      return (block as { text: string }).text;
    }
  }
  return null;
}

/** structuredContent when given, else the text block read as JSON; undefined when neither is JSON. Strings come out well formed. */
function payloadOf(structured: unknown, text: string | null): unknown {
  const fix = (_k: string, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v);
  if (typeof structured === 'object' && structured !== null) return JSON.parse(JSON.stringify(structured), fix);
  if (text === null) return undefined;
  try {
    return JSON.parse(text, fix);
  } catch {
    return undefined;
  }
}
