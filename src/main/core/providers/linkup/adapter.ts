/**
 * The Linkup adapter (linkup.md): one endpoint, `POST {base}/messages`, the operation named by
 * `action` in a `{ account_id, action, params }` body, the key in `x-api-key`. Linkup mirrors
 * no triage actions and sends by the recipient's profile URL, never by thread. Every read costs
 * credits (1 per 10 items), which the adapter reports through ctx.reportUsage after each success.
 */
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { AppError, invalidInput } from '../../errors';
import { PROVIDER_CAPABILITIES } from '../capabilities';
import { sendJson, type HttpResponse } from '../http';
import { BoundedMap } from '../kit/bounded-map';
import { checkReplyLength } from '../kit/paging';
import { httpOptionsFor, parseAnswer, type AdapterOptions } from '../kit/request';
import { checkedBaseUrl } from '../kit/settings';
import { normalizeProfileUrl, threadKey } from '../normalize';
import { notOffered } from '../not-offered';
import type { Capabilities, MirrorAction, Page, PageRequest, Provider, ProviderContext, RemoteConversation, RemoteMessage, SendTarget } from '../types';
import { errorFromResponse, errorFromSuccessStatus, unreadable, type ErrorContext } from './errors';
import { comparableName, isEmptySystemEvent, peerOf, sentMessageId, toRemoteConversation, toRemoteMessage, type PeerKnowledge, type SelfKnowledge } from './map';
import { cleanConversation, cleanMessage } from '../sanitize';
import { eachValid, skippedField } from '../wire';
import { conversationMessagesSchema, conversationSchema, creditsConsumed, envelopeSchema, inboxSchema, messageSchema, sentSchema } from './schemas';
import { DEFAULT_BASE_URLS } from '../../../../shared/limits';

export const LINKUP_DEFAULT_BASE_URL = DEFAULT_BASE_URLS.linkup;
/**
 * What sync asks for per page. Linkup bills 1 credit per 10 items returned, rounded up, so a
 * full sync costs the same whatever the page size, as long as pages are multiples of 10. But
 * sync polls often and usually finds nothing or one or two changes: every poll reads one inbox
 * page and, per changed thread, one message page. At 10 that is 1 credit each; at 25 it would be
 * 3, at 50 it would be 5, for the same news. 10 is also Linkup's own default.
 */
export const LINKUP_PAGE_SIZE = 10;
/** The largest `count` this adapter asks for (Linkup publishes no maximum; the server fans out). */
export const LINKUP_MAX_COUNT = 100;
/** Same bounds as every other provider's reply. */
export const LINKUP_MAX_CONTENT = 10_000;
export const LINKUP_CATEGORIES = ['INBOX', 'UNREAD', 'MY_CONNECTIONS', 'INMAIL', 'STARRED'] as const;
export type LinkupCategory = (typeof LINKUP_CATEGORIES)[number];

/** Other people remembered per conversation to classify messages (bounded). */
const MAX_REMEMBERED = 5_000;
/** Our own URLs and names learned from is_me (a handful: vanity and ACoAA forms, renames). */
const MAX_SELF = 20;

const CAPABILITIES: Capabilities = PROVIDER_CAPABILITIES.linkup;
/** Linkup's documented price of a text send (2 with media, which this app never sends). */
const TEXT_SEND_CREDITS = 1;

/** list_inbox with every documented parameter. */
export interface LinkupInboxFilter {
  /** Defaults to INBOX. */
  category?: LinkupCategory;
  cursor?: string | null;
  /** 1 to LINKUP_MAX_COUNT; defaults to LINKUP_PAGE_SIZE. */
  count?: number;
}

export interface LinkupInboxPage extends Page<RemoteConversation> {
  /** `total_results` when Linkup says. */
  totalResults: number | null;
}

export interface LinkupProvider extends Provider {
  readonly kind: 'linkup';
  /** list_inbox in any category: INBOX, UNREAD, MY_CONNECTIONS, INMAIL, STARRED. */
  listInboxFiltered(filter: LinkupInboxFilter): Promise<LinkupInboxPage>;
}

/** Tuning for tests and the shell; the defaults suit production. */
export type LinkupOptions = AdapterOptions;

interface LinkupSettings {
  /** `{base}/messages` */
  endpoint: string;
  accountId: string;
  /** config.selfProfileUrl, normalized. */
  selfProfileUrl: string | null;
}

/** Reads and checks the account's Linkup settings; throws 'invalid-input' with a sentence. */
export function linkupSettings(ctx: ProviderContext): LinkupSettings {
  const { name, config } = ctx.account;
  const accountId = config.accountId?.trim();
  if (!accountId) {
    throw invalidInput(
      `The Linkup account '${name}' has no account ID — copy it from the connected accounts in your Linkup dashboard (it starts with acc_) into this account's settings.`,
    );
  }
  const baseUrl = checkedBaseUrl(config.baseUrl, LINKUP_DEFAULT_BASE_URL, name);
  const rawSelf = config.selfProfileUrl?.trim();
  const selfProfileUrl = rawSelf ? normalizeProfileUrl(rawSelf) : null;
  if (rawSelf && !selfProfileUrl) {
    throw invalidInput(`Your profile URL for '${name}' is not a LinkedIn profile address — use https://www.linkedin.com/in/<you>, or leave it empty.`);
  }
  return { endpoint: `${baseUrl}/messages`, accountId, selfProfileUrl };
}

/** Builds the Linkup provider for one account. Throws 'invalid-input' when its settings are unusable. */
export function createLinkupProvider(ctx: ProviderContext, options: LinkupOptions = {}): LinkupProvider {
  const settings = linkupSettings(ctx);
  const accountName = ctx.account.name;
  // Keyed by the "2-…" thread id, so the full URN and send's short id find the same entry.
  const peers = new BoundedMap<string, PeerKnowledge>(MAX_REMEMBERED);
  const selfUrls = new Set<string>(settings.selfProfileUrl ? [settings.selfProfileUrl] : []);
  const selfNames = new Set<string>();
  const self: SelfKnowledge = { urls: selfUrls, names: selfNames };

  const rememberPeer = (conversationId: string, peer: PeerKnowledge): void => void peers.set(threadKey(conversationId), peer);
  const http = httpOptionsFor(ctx, PROVIDER_LABELS.linkup, options);
  const fail = (what: string, status: number) => unreadable(what, { accountName }, status);
  const rememberSelf = (set: Set<string>, value: string | null): void => {
    if (value && !set.has(value) && set.size < MAX_SELF) set.add(value);
  };

  /**
   * One action with a freshly read key. Returns the envelope's `data` of a successful answer
   * (undefined when the body is no envelope; `readable: false` when it is not JSON at all) or
   * throws an AppError.
   */
  async function call(action: string, params: Record<string, unknown>, conversationId?: string): Promise<{ readable: boolean; data: unknown; status: number }> {
    const key = await ctx.getApiKey();
    const errorCtx: ErrorContext = { accountName, conversationId, secret: key, quote: ctx.quoteServerText !== false, now: ctx.clock.now() };
    let res: HttpResponse;
    try {
      const request = { method: 'POST', url: settings.endpoint, headers: { 'x-api-key': key }, body: { account_id: settings.accountId, action, params }, read: action !== 'send' } as const;
      res = await sendJson(request, http);
    } catch (err) {
      // Every Linkup call is a POST, but only `send` changes anything: a lost read is just lost.
      if (err instanceof AppError && err.code === 'network' && action !== 'send' && err.mayHaveReachedProvider) {
        throw new AppError('network', err.message, { retryable: err.retryable, cause: err.cause });
      }
      throw err;
    }
    if (res.status < 200 || res.status > 299) throw errorFromResponse(res, { ...errorCtx, now: ctx.clock.now() });
    if (res.malformed) return { readable: false, data: undefined, status: res.status };
    const failed = errorFromSuccessStatus(res, { ...errorCtx, now: ctx.clock.now() });
    if (failed) throw failed;
    const envelope = envelopeSchema.safeParse(res.body);
    if (!envelope.success) return { readable: true, data: undefined, status: res.status };
    // Reported as soon as Linkup says it charged, even if the data then proves unreadable.
    const credits = creditsConsumed(envelope.data.metadata);
    if (credits !== null) ctx.reportUsage?.({ kind: 'credits', consumed: credits });
    return { readable: true, data: envelope.data.data, status: res.status };
  }

  const provider: LinkupProvider = {
    kind: 'linkup',
    capabilities: CAPABILITIES,
    maxPageSize: LINKUP_PAGE_SIZE,
    // Same credits per item, a tenth of the requests, when nothing is cached yet.
    backfillPageSize: LINKUP_MAX_COUNT,

    async listInboxFiltered(filter) {
      const category = filter.category ?? 'INBOX';
      if (!(LINKUP_CATEGORIES as readonly string[]).includes(category)) {
        throw invalidInput(`Linkup has no inbox category '${String(category)}'; use one of ${LINKUP_CATEGORIES.join(', ')}.`);
      }
      const params: Record<string, unknown> = { count: checkCount(filter.count), category };
      if (filter.cursor) params.cursor = filter.cursor;
      const res = await call('list_inbox', params);
      const data = parseAnswer({ status: res.status, body: res.data, malformed: !res.readable }, inboxSchema, 'conversation list', fail);
      const { items: conversations, skipped } = eachValid(data.conversations, conversationSchema);
      for (const c of conversations) {
        if (c.participant) rememberPeer(c.conversation_id, peerOf(c));
        const sender = c.last_message?.sender;
        if (sender?.is_me === true) {
          rememberSelf(selfUrls, normalizeProfileUrl(sender.profile_url));
          rememberSelf(selfNames, comparableName(sender.name));
        }
      }
      return {
        items: conversations.map((c) => cleanConversation(toRemoteConversation(c, self))),
        nextCursor: nextCursor(data.next_cursor, filter.cursor, data.conversations.length),
        totalResults: data.total_results ?? null,
        ...skippedField(skipped),
      };
    },

    async listConversations(req: PageRequest) {
      const { items, nextCursor, skipped } = await provider.listInboxFiltered({ category: 'INBOX', cursor: req.cursor, count: req.limit });
      return { items, nextCursor, ...skippedField(skipped) };
    },

    async listMessages(remoteConversationId: string, req: PageRequest): Promise<Page<RemoteMessage>> {
      if (!remoteConversationId?.trim()) throw invalidInput('A Linkup conversation id is missing.');
      const params: Record<string, unknown> = { conversation_id: remoteConversationId, count: checkCount(req.limit) };
      if (req.cursor) params.cursor = req.cursor;
      const res = await call('get_conversation', params, remoteConversationId);
      const { messages: raw, next_cursor } = parseAnswer({ status: res.status, body: res.data, malformed: !res.readable }, conversationMessagesSchema, 'messages', fail);
      const { items: messages, skipped } = eachValid(raw, messageSchema);
      const peer = peers.get(threadKey(remoteConversationId));
      return {
        items: messages.filter((m) => !isEmptySystemEvent(m)).map((m) => cleanMessage(toRemoteMessage(m, peer, self))),
        nextCursor: nextCursor(next_cursor, req.cursor, raw.length),
        ...skippedField(skipped),
      };
    },

    async sendMessage(target: SendTarget, text: string): Promise<RemoteMessage | null> {
      checkContent(text);
      const profileUrl = normalizeProfileUrl(target.recipient?.profileUrl);
      if (!profileUrl) {
        throw invalidInput("A Linkup reply needs the person's LinkedIn profile URL, and this conversation has none yet; sync the conversation again.");
      }
      // Linkup finds (or starts) the thread with this person itself; there is no thread parameter.
      const res = await call('send', { profile_url: profileUrl, message_text: text }, target.remoteConversationId);
      // From here the message is sent: an answer we cannot read must not make the outbox send it twice.
      const parsed = sentSchema.safeParse(res.data);
      const sent = parsed.success ? parsed.data : null;
      if (sent?.conversation_id && !peers.has(threadKey(sent.conversation_id)) && target.recipient) {
        rememberPeer(sent.conversation_id, { participantId: target.recipient.remoteId, name: target.recipient.name, urls: new Set([profileUrl]) });
      }
      // The id get_conversation will give this message. When it cannot be told (or the time is
      // missing), null: sync then matches the pending message by its text instead of showing it twice.
      const remoteId = sent ? sentMessageId(sent.entityUrn, target.remoteConversationId) : null;
      if (!sent || remoteId === null || sent.deliveredAt == null) return null;
      // `sent.conversation_id` is the short "2-…" id of the thread Linkup used (threadKey() of the
      // msg_conversation URN we sent from); the core stores the message where it sent it from.
      return cleanMessage({ remoteId, senderRemoteId: settings.selfProfileUrl, text, sentAt: sent.deliveredAt, fromMe: true });
    },

    settleUnansweredSend(): void {
      // Linkup bills a send when it carries it out; the app sends text only, never media.
      ctx.reportUsage?.({ kind: 'credits', consumed: TEXT_SEND_CREDITS });
    },

    async mirror(_remoteConversationId: string, action: MirrorAction): Promise<void> {
      throw notOffered(action);
    },

    /** The cheapest authenticated call Linkup documents: one inbox row, 1 credit. */
    async testConnection() {
      await provider.listInboxFiltered({ count: 1 });
    },
  };
  return provider;
}

/** Linkup's next cursor, or null at the end: none given, an empty page, or a cursor that did not move. */
function nextCursor(next: string | null | undefined, sent: string | null | undefined, itemCount: number): string | null {
  if (!next || itemCount === 0 || next === sent) return null;
  return next;
}

function checkCount(limit: number | undefined): number {
  if (limit === undefined) return LINKUP_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > LINKUP_MAX_COUNT) {
    throw invalidInput(`Linkup pages hold 1 to ${LINKUP_MAX_COUNT} items here; ${String(limit)} was asked for.`);
  }
  return limit;
}

function checkContent(text: string): void {
  checkReplyLength(text, { max: LINKUP_MAX_CONTENT, provider: 'Linkup', noun: 'reply' });
}
