/**
 * Reading the cache: pages of the list, view counts, threads (opening one marks it read here),
 * local search and profile pictures.
 */
import type { ConversationPage, SearchResult, Thread, ThreadPage, ThreadPageRequest, ViewCounts } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import type { ListQuery } from '../../../shared/ipc';
import { AvatarCache } from '../avatars';
import { invalidInput } from '../errors';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, runSearch, searchStoreFor } from '../search';
import { toSummary } from '../store/conversations';
import { threadPage } from '../thread-pages';
import type { Triage } from '../triage';
import type { CoreEvents } from './events';
import type { OutboxRunner } from './outbox-runner';
import { requireConversation, type CoreParts } from './parts';
import { LIMITS } from '../../../shared/limits';

const DEFAULT_PAGE = LIMITS.listPageDefault;
const MAX_PAGE = LIMITS.listPage;

export class Reads {
  readonly avatars: AvatarCache;

  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
    private readonly outbox: OutboxRunner,
    private readonly triage: Triage,
  ) {
    const { opts } = parts;
    this.avatars = new AvatarCache({ db: parts.db, dispatcher: opts.dispatcher, clock: parts.clock, timeoutMs: opts.avatarTimeoutMs, allowLoopback: opts.allowLoopbackImages, maxTotalBytes: opts.avatarCacheBytes });
  }

  /** One page of a view of the list. */
  listConversations(query: ListQuery): ConversationPage {
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? DEFAULT_PAGE, MAX_PAGE);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) throw invalidInput('That page of the list does not exist.');
    // The total from the kept counts when they are right: counting the view is a pass over it (issue 16.8).
    const page = this.parts.conversations.list(query.view, offset, limit, this.parts.viewCounts.kept(query.view));
    return { items: page.items.map(toSummary), total: page.total };
  }

  /** How many conversations each view holds. */
  viewCounts(): ViewCounts {
    return this.parts.viewCounts.current();
  }

  /** Returns the thread's newest page (or the page around a message) and marks it read locally (no read receipt is sent). */
  openConversation(conversationId: string, at: { around?: string } = {}): Thread {
    let c = requireConversation(this.parts, conversationId);
    if (c.unreadCount > 0 || c.readAt === null) {
      this.triage.markRead(conversationId, { recordUndo: false });
      if (c.unreadCount > 0) {
        this.events.emit({ conversations: [conversationId] });
        this.outbox.kick();
      }
      c = requireConversation(this.parts, conversationId);
    }
    return {
      conversation: toSummary(c),
      ...threadPage(this.parts.messages, conversationId, { around: at.around }),
      composer: c.disconnected
        ? { enabled: false, reason: `The LinkedIn account behind '${c.accountName}' is disconnected in ${PROVIDER_LABELS[c.provider]}. Reconnect it there to reply.` }
        : { enabled: true, reason: null },
      draft: this.parts.drafts.get(conversationId),
    };
  }

  /** The page of a thread before, after or around a message (see thread-pages.ts). */
  threadPage(conversationId: string, request: ThreadPageRequest): ThreadPage {
    requireConversation(this.parts, conversationId);
    return threadPage(this.parts.messages, conversationId, request);
  }

  /** Local full-text search with operators (the language is described in search.ts). */
  search(query: string, limit: number = DEFAULT_SEARCH_LIMIT): SearchResult {
    if (typeof query !== 'string') throw invalidInput('Type something to search for.');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) throw invalidInput(`Search shows 1 to ${MAX_SEARCH_LIMIT} results at a time.`);
    return runSearch({ store: searchStoreFor(this.parts.db), conversations: this.parts.conversations }, query, limit, new Date(this.parts.clock.now()));
  }

  /** The other person's profile picture as a data: URL (fetched once, then cached); null when there is none or it cannot be had. */
  async avatar(conversationId: string): Promise<string | null> {
    const c = requireConversation(this.parts, conversationId);
    const url = c.participant.avatarUrl;
    const person = this.parts.conversations.firstParticipant(conversationId)?.remoteId;
    return url && person ? this.avatars.dataUrl({ accountId: c.accountId, person }, url) : null;
  }

}
