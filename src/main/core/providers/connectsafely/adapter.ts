/**
 * The ConnectSafely adapter (connectsafely.md): the newer Conversations endpoints under
 * {baseUrl} (default https://api.connectsafely.ai/linkedin), plus POST /messaging/mark-seen.
 * ConnectSafely mirrors mark-seen, mark-unread, star and unstar; everything else stays local.
 * Sends count against 150 messages a day per LinkedIn account, refused locally once used up.
 */
import { dailyMessageCap } from '../../accounts/daily-cap-setting';
import type { z } from 'zod';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { AppError, invalidInput } from '../../errors';
import { PROVIDER_CAPABILITIES } from '../capabilities';
import { DailyCaps } from '../daily-caps';
import { closingError, header, sendJson, type HttpRequest, type HttpResponse } from '../http';
import { checkReplyLength, pageQuery as kitPageQuery, withQuery } from '../kit/paging';
import { waitOut429 } from '../kit/rate-limit';
import { httpOptionsFor, parseAnswer, type AdapterOptions } from '../kit/request';
import { checkedBaseUrl } from '../kit/settings';
import { notOffered } from '../not-offered';
import type { Capabilities, MirrorAction, Page, PageRequest, Provider, ProviderContext, RemoteConversation, RemoteMessage, SendTarget } from '../types';
import { errorFromResponse, failedAnyway, holdUntilFrom, onHold, parseRateLimitReset, unreadable, waitFrom429, type ErrorContext } from './errors';
import { recipientFields, toRemoteConversation, toRemoteMessage } from './map';
import { cleanConversation, cleanMessage, encodeSegment } from '../sanitize';
import { eachValid, skippedField } from '../wire';
import { conversationListSchema, conversationSchema, messageListSchema, messageSchema, parseSentMessage, saysFailed } from './schemas';
import { DEFAULT_BASE_URLS } from '../../../../shared/limits';

export const CONNECTSAFELY_DEFAULT_BASE_URL = DEFAULT_BASE_URLS.connectsafely;
export const CONNECTSAFELY_MAX_PAGE = 100;
export const CONNECTSAFELY_MAX_CONTENT = 10_000;

const CAPABILITIES: Capabilities = PROVIDER_CAPABILITIES.connectsafely;
const LABEL = PROVIDER_LABELS.connectsafely;
const MAX_REDIRECTS = 3;
const REDIRECTS = [301, 302, 303, 307, 308];

/** Every documented filter of GET /conversations. */
export interface ConnectSafelyFilters {
  /** Defaults to the account's configured accountId (ConnectSafely's default account when unset). */
  accountId?: string;
  labelId?: string;
  unreadOnly?: boolean;
  labeledOnly?: boolean;
  cursor?: string | null;
  limit?: number;
}

export interface ConnectSafelyConversationPage extends Page<RemoteConversation> {
  /** True when ConnectSafely answered from its database rather than LinkedIn; null when it did not say. */
  fromCache: boolean | null;
}

export interface ConnectSafelyProvider extends Provider {
  readonly kind: 'connectsafely';
  /** GET /conversations with any documented filter. */
  listConversationsFiltered(filters: ConnectSafelyFilters): Promise<ConnectSafelyConversationPage>;
  /** Messages newer than `sinceMs` (epoch ms), newest first; `req.cursor` pages further back within them. */
  listMessagesSince(conversationUrn: string, sinceMs: number, req?: PageRequest): Promise<Page<RemoteMessage>>;
  dailyCaps(): { action: string; limit: number; used: number; resetAt: number }[];
}

/** Tuning for tests and the shell; the defaults suit production. */
export type ConnectSafelyOptions = AdapterOptions;

interface ConnectSafelySettings {
  base: string;
  accountId: string | undefined;
}

/** Reads and checks the account's ConnectSafely settings; throws 'invalid-input' with a sentence. */
export function connectSafelySettings(ctx: ProviderContext): ConnectSafelySettings {
  const { name, config } = ctx.account;
  const base = checkedBaseUrl(config.baseUrl, CONNECTSAFELY_DEFAULT_BASE_URL, name);
  return { base, accountId: config.accountId?.trim() || undefined };
}

/**
 * Encodes a URN for one path segment. encodeURIComponent leaves ( ) ! * ' alone; LinkedIn URNs
 * contain ( ) , : = and the reference asks for them URL-encoded, so every one of them is escaped.
 */
export function encodeUrn(urn: string): string {
  return encodeSegment(urn).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Builds the ConnectSafely provider for one account. Throws 'invalid-input' when its settings are unusable. */
export function createConnectSafelyProvider(ctx: ProviderContext, options: ConnectSafelyOptions = {}): ConnectSafelyProvider {
  const settings = connectSafelySettings(ctx);
  const accountName = ctx.account.name;
  const caps = new DailyCaps({ send: { noun: 'messages', limit: dailyMessageCap(ctx.account.config), chosen: true } }, ctx.clock, LABEL, accountName);
  const http = httpOptionsFor(ctx, LABEL, { ...options, maxRateLimitRetries: 0 });
  /** End of a hold LinkedIn put on the account (429 with holdUntil), for providers without a budget. */
  let hold = 0;

  /**
   * Sends one request with a freshly read key and returns a 2xx response, or throws an AppError.
   * 429s are waited out around the redirects (the kit's waitOut429), X-RateLimit-Reset (ISO 8601)
   * counting when Retry-After is missing; a GET redirect on the same origin is followed (deprecated
   * endpoints answer 307).
   */
  async function call(req: Omit<HttpRequest, 'headers'>, conversationUrn?: string): Promise<HttpResponse> {
    // LinkedIn holds the account: nothing goes before the hold ends (kept in the budget across rebuilds).
    const heldUntil = Math.max(hold, ctx.budget?.heldUntil() ?? 0);
    if (heldUntil > ctx.clock.now()) throw onHold(accountName, heldUntil, ctx.clock.now());
    const key = await ctx.getApiKey();
    if (!key) throw new AppError('auth', `No ${LABEL} API key is stored for '${accountName}' — add it in Settings.`);
    const errorCtx = (): ErrorContext => ({ accountName, conversationId: conversationUrn, secret: key, quote: ctx.quoteServerText !== false, now: ctx.clock.now() });
    /** One request, a GET's same-origin redirects followed; every refusal's daily-cap numbers are adopted. */
    const once = async (): Promise<HttpResponse> => {
      let url = req.url;
      for (let redirects = 0; ; redirects++) {
        const res = await sendJson({ ...req, url, headers: { authorization: `Bearer ${key}` } }, http);
        if (res.status >= 200 && res.status <= 299) return res;
        // A refusal may still carry today's numbers (a 429 past the cap does).
        const cap = capFromHeaders(res, ctx.clock.now());
        if (cap) caps.correct('send', cap);
        const next = req.method === 'GET' && REDIRECTS.includes(res.status) && redirects < MAX_REDIRECTS ? sameOriginLocation(url, header(res, 'location')) : null;
        if (!next) return res;
        url = next;
      }
    };
    const res = await waitOut429(once, {
      clock: ctx.clock,
      budget: ctx.budget,
      signal: ctx.signal,
      maxRetries: options.maxRateLimitRetries ?? 2,
      maxWaitMs: options.maxRetryAfterMs ?? 120_000,
      // A hold or a used-up day is not waited out in seconds: reported below at once.
      waitFor: (r, now) => (holdUntilFrom(r.body, now) ?? 0) > now || capFromHeaders(r, now)?.remaining === 0 ? 'stop' : waitFrom429(r, now),
      closing: () => closingError(LABEL, false),
    });
    if (res.status >= 200 && res.status <= 299) {
      if (saysFailed(res.body)) throw failedAnyway(res.body, errorCtx(), res.status);
      return res;
    }
    if (res.status === 429) {
      const holdEnds = holdUntilFrom(res.body, ctx.clock.now());
      if (holdEnds !== null && holdEnds > ctx.clock.now()) {
        hold = Math.max(hold, holdEnds);
        ctx.budget?.holdUntil(holdEnds);
        throw onHold(accountName, holdEnds, ctx.clock.now());
      }
      // Today's messages are used up: say so, with the reset, rather than "too fast".
      if (capFromHeaders(res, ctx.clock.now())?.remaining === 0) caps.check('send');
    }
    throw errorFromResponse(res, errorCtx());
  }

  async function getParsed<S extends z.ZodType>(url: string, schema: S, what: string, conversationUrn?: string): Promise<z.output<S>> {
    const res = await call({ method: 'GET', url }, conversationUrn);
    return parseAnswer(res, schema, what, (w, status) => unreadable(w, { accountName }, status));
  }

  async function fetchMessages(conversationUrn: string, req: PageRequest, sinceMs?: number): Promise<Page<RemoteMessage>> {
    const url = conversationUrl(settings.base, conversationUrn, 'messages');
    const query = pageQuery(req.limit);
    if (settings.accountId) query.set('accountId', settings.accountId);
    if (req.cursor) query.set('cursor', req.cursor);
    if (sinceMs !== undefined) query.set('since', String(sinceMs));
    const data = await getParsed(withQuery(url, query), messageListSchema, 'messages', conversationUrn);
    // Newest first whatever order the server used; equal instants keep the server's order.
    const { items: wire, skipped } = eachValid(data.messages, messageSchema);
    const items = wire.map((m) => cleanMessage(toRemoteMessage(m))).sort((a, b) => b.sentAt - a.sentAt);
    let next: string | null = null;
    if (items.length > 0 && data.hasMore !== false) next = data.cursor || (data.hasMore ? String(items.at(-1)!.sentAt) : null);
    // A cursor that does not move would page forever.
    if (next !== null && next === req.cursor) next = null;
    return { items, nextCursor: next, ...skippedField(skipped) };
  }

  const provider: ConnectSafelyProvider = {
    kind: 'connectsafely',
    capabilities: CAPABILITIES,
    maxPageSize: CONNECTSAFELY_MAX_PAGE,

    async listConversationsFiltered(filters) {
      const query = pageQuery(filters.limit);
      const accountId = filters.accountId?.trim() || settings.accountId;
      if (accountId) query.set('accountId', accountId);
      if (filters.cursor) query.set('nextCursor', filters.cursor);
      if (filters.labelId?.trim()) query.set('labelId', filters.labelId.trim());
      if (filters.unreadOnly) query.set('unreadOnly', 'true');
      if (filters.labeledOnly) query.set('labeledOnly', 'true');
      const data = await getParsed(withQuery(`${settings.base}/conversations`, query), conversationListSchema, 'conversation list');
      const { items: wire, skipped } = eachValid(data.conversations, conversationSchema);
      const items = wire.map((c) => cleanConversation(toRemoteConversation(c)));
      let next = data.hasMore === false ? null : data.nextCursor || null;
      if (next !== null && next === filters.cursor) next = null;
      return { items, nextCursor: next, fromCache: data.fromCache ?? null, ...skippedField(skipped) };
    },

    async listConversations(req: PageRequest) {
      const { items, nextCursor, skipped } = await provider.listConversationsFiltered({ cursor: req.cursor, limit: req.limit });
      return { items, nextCursor, ...skippedField(skipped) };
    },

    listMessages(conversationUrn: string, req: PageRequest) {
      return fetchMessages(conversationUrn, req);
    },

    async listMessagesSince(conversationUrn: string, sinceMs: number, req: PageRequest = {}) {
      if (!Number.isFinite(sinceMs) || sinceMs < 0) throw invalidInput(`"Since" must be a point in time; ${String(sinceMs)} is not one.`);
      return fetchMessages(conversationUrn, req, Math.floor(sinceMs));
    },

    async sendMessage(target: SendTarget, text: string): Promise<RemoteMessage | null> {
      checkContent(text);
      const conversationUrn = requireUrn(target.remoteConversationId);
      caps.check('send');
      const body = {
        ...(settings.accountId ? { accountId: settings.accountId } : {}),
        conversationUrn,
        // Whether the thread URN alone is accepted is unconfirmed: name the person too.
        ...recipientFields(target.recipient),
        message: text,
      };
      const res = await call({ method: 'POST', url: `${settings.base}/conversations/send`, body }, conversationUrn);
      caps.record('send', capFromHeaders(res, ctx.clock.now()));
      // Sent. The reference shows sentMessage only as {}: use it when it carries a message.
      const sent = res.malformed ? null : parseSentMessage(res.body);
      if (!sent) return null;
      const message: RemoteMessage = { ...toRemoteMessage(sent), fromMe: true };
      if (!sent.text) message.text = text;
      return cleanMessage(message);
    },

    async mirror(remoteConversationId: string, action: MirrorAction): Promise<void> {
      switch (action.type) {
        case 'mark-seen': {
          const conversationUrn = requireUrn(remoteConversationId);
          const body = { ...(settings.accountId ? { accountId: settings.accountId } : {}), conversationUrn };
          await call({ method: 'POST', url: `${settings.base}/messaging/mark-seen`, body }, conversationUrn);
          return;
        }
        case 'mark-unread':
        case 'star':
        case 'unstar': {
          // No body and no accountId: ConnectSafely resolves the account from the conversation.
          const conversationUrn = requireUrn(remoteConversationId);
          await call({ method: 'PATCH', url: conversationUrl(settings.base, conversationUrn, action.type) }, conversationUrn);
          return;
        }
        default:
          throw notOffered(action);
      }
    },

    dailyCaps() {
      const s = caps.current('send');
      return [{ action: 'send', limit: s.limit, used: s.used, resetAt: s.resetAt }];
    },

    async testConnection() {
      await provider.listConversationsFiltered({ limit: 1 });
    },
  };
  return provider;
}

/**
 * The daily-cap numbers of a response, when its X-RateLimit-Action says they are about messages.
 * Other actions (or none) carry other limits and are ignored here.
 */
export function capFromHeaders(res: HttpResponse, now: number): { limit?: number; remaining?: number; resetAt?: number } | null {
  const action = header(res, 'x-ratelimit-action');
  if (!action || !/messag/i.test(action)) return null;
  const num = (name: string): number | undefined => {
    const v = header(res, name)?.trim();
    return v && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const limit = num('x-ratelimit-limit');
  const used = num('x-ratelimit-used');
  const remaining = num('x-ratelimit-remaining') ?? (limit !== undefined && used !== undefined ? Math.max(0, limit - used) : undefined);
  const resetAt = parseRateLimitReset(header(res, 'x-ratelimit-reset'), now) ?? undefined;
  return { limit, remaining, resetAt };
}

function sameOriginLocation(from: string, location: string | undefined): string | null {
  if (!location) return null;
  try {
    const next = new URL(location, from);
    // Never carry the key to another host.
    return next.origin === new URL(from).origin ? next.toString() : null;
  } catch {
    return null;
  }
}

function requireUrn(urn: string): string {
  if (typeof urn !== 'string' || urn.trim() === '') throw invalidInput('A ConnectSafely conversation URN is missing.');
  return urn;
}

function conversationUrl(base: string, urn: string, tail: string): string {
  return `${base}/conversations/${encodeUrn(requireUrn(urn))}/${tail}`;
}

function pageQuery(limit: number | undefined): URLSearchParams {
  // The cursor travels under a different name per endpoint, after accountId: set by the caller.
  return kitPageQuery({ limit }, { max: CONNECTSAFELY_MAX_PAGE, provider: 'ConnectSafely', sizeParam: 'count', cursorParam: null });
}

function checkContent(text: string): void {
  checkReplyLength(text, { max: CONNECTSAFELY_MAX_CONTENT, provider: 'ConnectSafely', noun: 'message', blankIsEmpty: true });
}
