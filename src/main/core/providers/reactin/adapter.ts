/**
 * The ReactIn adapter (reactin.md): three endpoints under {baseUrl}/{organizationId}.
 * ReactIn mirrors no triage actions, so every capability is local; the core polls.
 */
import type { z } from 'zod';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { invalidInput } from '../../errors';
import { sendJson, type HttpRequest } from '../http';
import { BoundedMap } from '../kit/bounded-map';
import { checkedBaseUrl } from '../kit/settings';
import { checkReplyLength, pageQuery as kitPageQuery, withQuery } from '../kit/paging';
import { httpOptionsFor, parseAnswer, type AdapterOptions } from '../kit/request';
import { PROVIDER_CAPABILITIES } from '../capabilities';
import { notOffered } from '../not-offered';
import type { Capabilities, MirrorAction, Page, PageRequest, Provider, ProviderContext, RemoteConversation, RemoteMessage, SendTarget } from '../types';
import { errorFromResponse, unreadable } from './errors';
import { toRemoteConversation, toRemoteMessage } from './map';
import { cleanConversation, cleanMessage, encodeSegment } from '../sanitize';
import { eachValid, skippedField } from '../wire';
import { conversationListSchema, conversationSchema, messageListSchema, messageSchema, parseSentMessage } from './schemas';
import { DEFAULT_BASE_URLS } from '../../../../shared/limits';

export const REACTIN_DEFAULT_BASE_URL = DEFAULT_BASE_URLS.reactin;
export const REACTIN_MAX_PAGE = 100;
export const REACTIN_MAX_CONTENT = 10_000;
/** Participant ids remembered per conversation to classify messages (bounded). */
const MAX_REMEMBERED = 5_000;

const CAPABILITIES: Capabilities = PROVIDER_CAPABILITIES.reactin;

/** Every documented filter of GET /conversations. */
export interface ReactInFilters {
  /** Defaults to the account's configured linkedinAccountId. */
  linkedinAccountId?: string;
  campaignId?: string;
  search?: string;
  cursor?: string | null;
  limit?: number;
}

export interface ReactInConversationPage extends Page<RemoteConversation> {
  /** Unread messages across the whole filter, when ReactIn says. */
  totalUnread: number | null;
}

export interface ReactInProvider extends Provider {
  readonly kind: 'reactin';
  /** GET /conversations with any documented filter. */
  listConversationsFiltered(filters: ReactInFilters): Promise<ReactInConversationPage>;
}

/** Tuning for tests and the shell; the defaults suit production. */
export type ReactInOptions = AdapterOptions;

interface ReactInSettings {
  base: string;
  selfUserId: string | undefined;
  linkedinAccountId: string | undefined;
}

/** Reads and checks the account's ReactIn settings; throws 'invalid-input' with a sentence. */
export function reactInSettings(ctx: ProviderContext): ReactInSettings {
  const { name, config } = ctx.account;
  const org = config.organizationId?.trim();
  if (!org) throw invalidInput(`The ReactIn account '${name}' has no organisation ID — copy it from ReactIn's Settings → API Keys into this account's settings.`);
  const baseUrl = checkedBaseUrl(config.baseUrl, REACTIN_DEFAULT_BASE_URL, name);
  return {
    base: `${baseUrl}/${encodeURIComponent(org)}`,
    selfUserId: config.selfUserId?.trim() || undefined,
    linkedinAccountId: config.linkedinAccountId?.trim() || undefined,
  };
}

/** Builds the ReactIn provider for one account. Throws 'invalid-input' when its settings are unusable. */
export function createReactInProvider(ctx: ProviderContext, options: ReactInOptions = {}): ReactInProvider {
  const settings = reactInSettings(ctx);
  const accountName = ctx.account.name;
  const participantsByConversation = new BoundedMap<string, Set<string>>(MAX_REMEMBERED);
  const remember = (c: RemoteConversation): void => void participantsByConversation.set(c.remoteId, new Set(c.participants.map((p) => p.remoteId)));
  const http = httpOptionsFor(ctx, PROVIDER_LABELS.reactin, options);

  /** Sends one request with a freshly read key; returns the body of a 2xx answer or throws an AppError. */
  async function call(req: Omit<HttpRequest, 'headers'>, conversationId?: string): Promise<{ status: number; body: unknown; malformed: boolean }> {
    const key = await ctx.getApiKey();
    const res = await sendJson({ ...req, headers: { authorization: `Bearer ${key}` } }, http);
    if (res.status < 200 || res.status > 299) {
      throw errorFromResponse(res, { accountName, conversationId, secret: key, quote: ctx.quoteServerText !== false, now: ctx.clock.now() });
    }
    return res;
  }

  async function getParsed<S extends z.ZodType>(url: string, schema: S, what: string, conversationId?: string): Promise<z.output<S>> {
    const res = await call({ method: 'GET', url }, conversationId);
    return parseAnswer(res, schema, what, (w, status) => unreadable(w, { accountName }, status));
  }

  const provider: ReactInProvider = {
    kind: 'reactin',
    capabilities: CAPABILITIES,
    maxPageSize: REACTIN_MAX_PAGE,

    async listConversationsFiltered(filters) {
      const query = pageQuery(filters);
      const linkedinAccountId = filters.linkedinAccountId ?? settings.linkedinAccountId;
      if (linkedinAccountId) query.set('linkedinAccountId', linkedinAccountId);
      if (filters.campaignId) query.set('campaignId', filters.campaignId);
      if (filters.search?.trim()) query.set('search', filters.search.trim());
      const data = await getParsed(withQuery(`${settings.base}/conversations`, query), conversationListSchema, 'conversation list');
      const { items: wire, skipped } = eachValid(data.items, conversationSchema);
      const items = wire.map((c) => cleanConversation(toRemoteConversation(c, settings.selfUserId)));
      items.forEach(remember);
      return { items, nextCursor: data.nextCursor || null, totalUnread: data.totalUnread ?? null, ...skippedField(skipped) };
    },

    async listConversations(req: PageRequest) {
      const { items, nextCursor, skipped } = await provider.listConversationsFiltered({ cursor: req.cursor, limit: req.limit });
      return { items, nextCursor, ...skippedField(skipped) };
    },

    async listMessages(remoteConversationId: string, req: PageRequest): Promise<Page<RemoteMessage>> {
      const url = withQuery(messagesUrl(settings.base, remoteConversationId), pageQuery(req));
      const data = await getParsed(url, messageListSchema, 'messages', remoteConversationId);
      const ids = participantsByConversation.get(remoteConversationId);
      const { items, skipped } = eachValid(data.items, messageSchema);
      return { items: items.map((m) => cleanMessage(toRemoteMessage(m, settings.selfUserId, ids))), nextCursor: data.nextCursor || null, ...skippedField(skipped) };
    },

    async sendMessage(target: SendTarget, text: string): Promise<RemoteMessage | null> {
      const { remoteConversationId } = target;
      checkContent(text);
      const res = await call({ method: 'POST', url: messagesUrl(settings.base, remoteConversationId), body: { content: text } }, remoteConversationId);
      // ReactIn accepted the message; its response shape is unconfirmed, so an unreadable one is not an error.
      const sent = res.malformed ? null : parseSentMessage(res.body);
      if (!sent) return null;
      const message = toRemoteMessage(sent, settings.selfUserId, participantsByConversation.get(remoteConversationId));
      // We just sent it: it is ours whatever the sender id says.
      return cleanMessage({ ...message, fromMe: true });
    },

    async mirror(_remoteConversationId: string, action: MirrorAction): Promise<void> {
      throw notOffered(action);
    },

    async testConnection() {
      await provider.listConversationsFiltered({ limit: 1 });
    },
  };
  return provider;
}

function messagesUrl(base: string, conversationId: string): string {
  if (!conversationId) throw invalidInput('A ReactIn conversation id is missing.');
  return `${base}/conversations/${encodeSegment(conversationId)}/messages`;
}

function pageQuery(req: { cursor?: string | null; limit?: number }): URLSearchParams {
  return kitPageQuery(req, { max: REACTIN_MAX_PAGE, provider: 'ReactIn' });
}

function checkContent(text: string): void {
  checkReplyLength(text, { max: REACTIN_MAX_CONTENT, provider: 'ReactIn', noun: 'reply' });
}
