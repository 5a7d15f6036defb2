/**
 * The Crispy adapter (crispy.md). Crispy organizes conversations server-side, so archive,
 * smart archive (back on reply), labels, snooze and mark-read are mirrored through its
 * confirmed organize / read REST endpoints (./api.ts). Listing, messages, sending and labels
 * go through its confirmed MCP server (./mcp.ts), whose tools are confirmed by name; their
 * argument names are read from tools/list, and what stays ASSUMED (payload fields, paging) is in
 * ./assumed.ts. Every counted call is checked against the account's daily caps before it is
 * made, and the caps are corrected from Crispy's X-RateLimit-* headers after.
 */
import type { z } from 'zod';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { AppError, invalidInput } from '../../errors';
import { PROVIDER_CAPABILITIES } from '../capabilities';
import { DailyCaps } from '../daily-caps';
import { parseRetryAfter, sendJson, type HttpRequest, type HttpResponse } from '../http';
import { BoundedMap } from '../kit/bounded-map';
import { checkPageSize, checkReplyLength } from '../kit/paging';
import { httpOptionsFor, parseAnswer, type AdapterOptions } from '../kit/request';
import { checkedBaseUrl } from '../kit/settings';
import { notOffered } from '../not-offered';
import type { Capabilities, MirrorAction, Page, PageRequest, Provider, ProviderContext, RemoteMessage, SendTarget } from '../types';
import { ACCOUNT_ID_PARAM, CONFIRMED_PATHS, CRISPY_DAILY_CAPS, CRISPY_DEFAULT_BASE_URL, fillPath, mcpUrlFor, type CrispyCapAction, type CrispyToolKey, type OrganizeBody } from './api';
import { ASSUMED_PAGE } from './assumed';
import { createCrispyMcpSession, type ToolArgs } from './mcp';
import type { McpCallScope } from './mcp-fetch';
import { errorFromResponse, isDailyCapResponse, quote, rateLimitNumbers, serverError, unreadable } from './errors';
import { toCrispyConversation, toRemoteConversation, toRemoteMessage, type CrispyConversation } from './map';
import { cleanConversation, cleanLine, cleanMessage } from '../sanitize';
import { skippedField } from '../wire';
import { conversationListSchema, isPlainObject, labelListSchema, messageListSchema, parseSentMessage } from './schemas';

export { CRISPY_DEFAULT_BASE_URL };
export type { CrispyConversation, CrispyConversationState } from './map';

export const CRISPY_MAX_PAGE = ASSUMED_PAGE.maxLimit;
export const CRISPY_MAX_CONTENT = 10_000;
/** Participant ids remembered per conversation to classify messages (bounded). */
const MAX_REMEMBERED = 5_000;
const LABEL = PROVIDER_LABELS.crispy;

const CAPABILITIES: Capabilities = PROVIDER_CAPABILITIES.crispy;

/** A label in use on the account, with how many conversations carry it when Crispy says. */
export interface CrispyLabel {
  name: string;
  count: number | null;
}

/** Today's state of one daily cap; `action` is 'send', 'organize' or 'read'. */
export interface CrispyDailyCap {
  action: CrispyCapAction;
  limit: number;
  used: number;
  /** Epoch ms of the next reset (00:00 UTC, or what Crispy's X-RateLimit-Reset said). */
  resetAt: number;
}

export interface CrispyProvider extends Provider {
  readonly kind: 'crispy';
  /** Like listConversations, plus what Crispy keeps per thread (labels, archived, snoozed, whose turn). */
  listConversationsDetailed(req: PageRequest): Promise<Page<CrispyConversation>>;
  /** Labels in use on the account, most-used first (list_conversation_labels). */
  listLabels(): Promise<CrispyLabel[]>;
  dailyCaps(): CrispyDailyCap[];
}

/** Tuning for tests and the shell; the defaults suit production. */
export type CrispyOptions = AdapterOptions;

interface CrispySettings {
  baseUrl: string;
  /** Crispy's `account_id`; undefined = the key's default LinkedIn account. */
  accountId: string | undefined;
  selfUserId: string | undefined;
}

/** Reads and checks the account's Crispy settings; throws 'invalid-input' with a sentence. */
export function crispySettings(ctx: ProviderContext): CrispySettings {
  const { name, config } = ctx.account;
  const baseUrl = checkedBaseUrl(config.baseUrl, CRISPY_DEFAULT_BASE_URL, name);
  return { baseUrl, accountId: config.accountId?.trim() || undefined, selfUserId: config.selfUserId?.trim() || undefined };
}

/** A REST call (organize and read: POSTs whose paths Crispy confirms). */
interface CallSpec {
  method: 'POST';
  path: string;
  body?: Record<string, unknown>;
  /** Set when the request concerns one conversation (for a 404's sentence). */
  conversationId?: string;
  /** Set for calls that count against a daily cap. */
  counted?: CrispyCapAction;
}

/** Builds the Crispy provider for one account. Throws 'invalid-input' when its settings are unusable. */
export function createCrispyProvider(ctx: ProviderContext, options: CrispyOptions = {}): CrispyProvider {
  const settings = crispySettings(ctx);
  const accountName = ctx.account.name;
  const caps = new DailyCaps<CrispyCapAction>(CRISPY_DAILY_CAPS, ctx.clock, LABEL, accountName);
  const participantsByConversation = new BoundedMap<string, Set<string>>(MAX_REMEMBERED);
  const remember = (c: CrispyConversation): void => void participantsByConversation.set(c.remoteId, new Set(c.participants.map((p) => p.remoteId)));
  /** A daily-cap 429 is handed back at once: waiting seconds for a cap that resets at midnight only repeats the refused call. */
  const http = httpOptionsFor(ctx, LABEL, {
    ...options,
    rateLimitWait: (res, now) => (isDailyCapResponse(res, now) ? 'stop' : parseRetryAfter(res.headers['retry-after'], now)),
  });

  /** Refuses a counted call whose daily cap is used up, with DailyCaps' sentence. */
  function checkCap(action: CrispyCapAction, status?: number): void {
    try {
      caps.check(action);
    } catch (err) {
      if (status !== undefined && err instanceof AppError) {
        throw new AppError(err.code, err.message, { retryable: err.retryable, retryAfterMs: err.retryAfterMs, status });
      }
      throw err;
    }
  }

  /** One request with a freshly read key; returns a 2xx response or throws an AppError. */
  async function call(spec: CallSpec): Promise<HttpResponse> {
    const key = await ctx.getApiKey();
    if (!key) throw new AppError('auth', `There is no Crispy API key for '${accountName}' — add it in Settings.`);
    if (spec.counted) checkCap(spec.counted);

    const body = settings.accountId ? { ...spec.body, [ACCOUNT_ID_PARAM]: settings.accountId } : spec.body;
    const url = `${settings.baseUrl}${spec.path}`;
    const res = await sendJson({ method: spec.method, url, headers: { authorization: `Bearer ${key}` }, body }, http);

    const numbers = spec.counted ? rateLimitNumbers(res, ctx.clock.now()) : null;
    if (res.status >= 200 && res.status <= 299) {
      if (spec.counted) caps.record(spec.counted, numbers);
      return res;
    }
    const now = ctx.clock.now();
    if (spec.counted) {
      if (res.status === 429 && isDailyCapResponse(res, now)) {
        // Crispy says the day's cap is used up: adopt that, so the next call is refused before it is made.
        caps.correct(spec.counted, { ...numbers, remaining: 0 });
        checkCap(spec.counted, 429);
      }
      if (numbers) caps.correct(spec.counted, numbers);
    }
    throw errorFromResponse(res, { accountName, conversationId: spec.conversationId, secret: key, quote: ctx.quoteServerText !== false, now });
  }

  const mcp = createCrispyMcpSession({
    mcpUrl: mcpUrlFor(settings.baseUrl),
    accountId: settings.accountId,
    accountName,
    dispatcher: ctx.dispatcher,
    clock: ctx.clock,
    budget: ctx.budget,
    getApiKey: ctx.getApiKey,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRateLimitRetries: options.maxRateLimitRetries ?? 2,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
    signal: ctx.signal,
    quoteServerText: ctx.quoteServerText,
  });

  /** One MCP tool call; a counted one is checked against its daily cap before and recorded after. */
  async function tool(name: CrispyToolKey, args: ToolArgs, counted?: CrispyCapAction): Promise<unknown> {
    if (counted) checkCap(counted);
    const scope: McpCallScope = { write: name === 'sendMessage', numbers: null, dailyCapHit: false };
    try {
      const payload = await mcp.call(name, args, scope, args.conversationId);
      if (counted) caps.record(counted, scope.numbers);
      return payload;
    } catch (err) {
      if (counted && scope.dailyCapHit) {
        // Crispy says the day's cap is used up: adopt that, so the next call is refused before it is made.
        caps.correct(counted, { ...scope.numbers, remaining: 0 });
        checkCap(counted, 429);
      }
      if (counted && scope.numbers) caps.correct(counted, scope.numbers);
      throw err;
    }
  }

  async function read<S extends z.ZodType>(name: CrispyToolKey, args: ToolArgs, schema: S, what: string): Promise<z.output<S>> {
    const payload = await tool(name, args);
    return parseAnswer({ status: 200, body: payload, malformed: payload === undefined }, schema, what, (w, status) => unreadable(w, { accountName }, status));
  }

  /** The cursor of the next page, or null when the tool declares no cursor to send it back in. */
  const nextPage = (name: CrispyToolKey, cursor: string | null | undefined) => (cursor && mcp.argumentNames(name).cursor ? cursor : null);

  /** A 2xx organize / read answer that says it did not happen (e.g. `status: "error"`) is not a success. */
  function requireConfirmed(res: HttpResponse, what: string): void {
    if (res.malformed || !isPlainObject(res.body)) return; // shape unconfirmed: a 2xx is taken as done
    const b = res.body;
    const denied =
      b.success === false || b.ok === false || b.marked_read === false || (typeof b.status === 'string' && /^(error|failed|failure|rejected)$/i.test(b.status));
    if (!denied) return;
    const reason = ctx.quoteServerText === false ? null : quote(serverError(b).text, undefined);
    throw new AppError('server', `Crispy did not ${what} for '${accountName}'${reason ? ` (${reason})` : ''} — it will be tried again.`, {
      status: res.status,
      retryable: true,
    });
  }

  async function organize(chatId: string, body: OrganizeBody): Promise<void> {
    const res = await call({ method: 'POST', path: fillPath(CONFIRMED_PATHS.organize, chatId), body: { ...body }, conversationId: chatId, counted: 'organize' });
    requireConfirmed(res, `carry out '${body.action.replace('_', ' ')}'`);
  }

  const provider: CrispyProvider = {
    kind: 'crispy',
    capabilities: CAPABILITIES,
    maxPageSize: CRISPY_MAX_PAGE,

    async listConversationsDetailed(req) {
      const data = await read('listConversations', pageArgs(req), conversationListSchema, 'conversation list');
      const items = data.items.map((c) => cleanCrispyConversation(toCrispyConversation(c, settings.selfUserId)));
      items.forEach(remember);
      return { items, nextCursor: nextPage('listConversations', data.nextCursor), ...skippedField(data.skipped) };
    },

    async listConversations(req) {
      const page = await provider.listConversationsDetailed(req);
      return { items: page.items.map(toRemoteConversation), nextCursor: page.nextCursor, ...skippedField(page.skipped) };
    },

    async listMessages(remoteConversationId, req) {
      const chatId = requireChatId(remoteConversationId);
      const data = await read('getMessages', { ...pageArgs(req), conversationId: chatId }, messageListSchema, 'messages');
      const ids = participantsByConversation.get(chatId);
      const items = data.items.map((m) => cleanMessage(toRemoteMessage(m, settings.selfUserId, ids)));
      // The order of get_messages is unconfirmed; the core wants newest first (stable for ties).
      items.sort((a, b) => b.sentAt - a.sentAt);
      return { items, nextCursor: nextPage('getMessages', data.nextCursor), ...skippedField(data.skipped) };
    },

    async sendMessage(target: SendTarget, text: string): Promise<RemoteMessage | null> {
      const chatId = requireChatId(target.remoteConversationId);
      checkContent(text);
      const payload = await tool('sendMessage', { conversationId: chatId, text }, 'send');
      // Crispy accepted the message; the result's shape is unconfirmed, so an unreadable one is not an error.
      const sent = parseSentMessage(payload);
      if (!sent) return null;
      // We just sent it: it is ours whatever the sender fields say.
      return cleanMessage({ ...toRemoteMessage(sent, settings.selfUserId), fromMe: true });
    },

    async mirror(remoteConversationId: string, action: MirrorAction): Promise<void> {
      switch (action.type) {
        case 'archive':
        case 'unarchive':
          return organize(requireChatId(remoteConversationId), { action: action.type });
        case 'smart-archive':
          return organize(requireChatId(remoteConversationId), { action: 'smart_archive', return_on_reply: true });
        case 'label':
        case 'unlabel': {
          if (typeof action.label !== 'string' || action.label.trim() === '') throw invalidInput('A label needs some text.');
          // Free text, sent exactly: unlabel only matches the same text.
          return organize(requireChatId(remoteConversationId), { action: action.type, label: action.label });
        }
        case 'snooze': {
          if (!Number.isFinite(action.until)) throw invalidInput('A snooze needs a time to end.');
          if (action.until <= ctx.clock.now()) {
            throw invalidInput(`A snooze must end in the future; ${new Date(action.until).toISOString()} has already passed.`);
          }
          const body: OrganizeBody = { action: 'snooze', snooze_until: new Date(action.until).toISOString() };
          if (action.note !== null && action.note.trim() !== '') body.note = action.note;
          return organize(requireChatId(remoteConversationId), body);
        }
        case 'mark-seen': {
          const chatId = requireChatId(remoteConversationId);
          const res = await call({ method: 'POST', path: fillPath(CONFIRMED_PATHS.read, chatId), body: {}, conversationId: chatId, counted: 'read' });
          requireConfirmed(res, 'mark the conversation read');
          return;
        }
        default:
          throw notOffered(action);
      }
    },

    async listLabels() {
      const data = await read('listLabels', {}, labelListSchema, 'labels');
      return data.items.flatMap((l) => {
        const name = cleanLine(l.name);
        return name === null ? [] : [{ name, count: l.count }];
      });
    },

    dailyCaps() {
      return (Object.keys(CRISPY_DAILY_CAPS) as CrispyCapAction[]).map((action) => {
        const s = caps.current(action);
        return { action, limit: s.limit, used: s.used, resetAt: s.resetAt };
      });
    },

    async testConnection() {
      await provider.listConversationsDetailed({ limit: 1 });
    },
  };
  return provider;
}

/** A conversation with its display strings cleaned, Crispy's labels included. */
function cleanCrispyConversation(c: CrispyConversation): CrispyConversation {
  const clean = cleanConversation(c);
  const labels = c.crispy.labels.map((l) => cleanLine(l)).filter((l): l is string => l !== null);
  return { ...clean, crispy: { ...clean.crispy, labels } };
}

function requireChatId(chatId: string): string {
  if (typeof chatId !== 'string' || chatId.trim() === '') throw invalidInput('A Crispy conversation id is missing.');
  return chatId;
}

function pageArgs(req: PageRequest): ToolArgs {
  return { limit: checkPageSize(req.limit, CRISPY_MAX_PAGE, 'Crispy'), cursor: req.cursor ?? null };
}

function checkContent(text: string): void {
  checkReplyLength(text, { max: CRISPY_MAX_CONTENT, provider: 'Crispy', noun: 'message' });
}
