/**
 * Pages of a thread. Opening a conversation answers with its newest page only, so a thread of
 * thousands of messages (each up to ~100,000 characters from a hostile provider) is never one
 * huge answer; the renderer asks for the page before or after what it holds as the person
 * scrolls, and for the page around a message a search result points at.
 */
import { THREAD_PAGE_BYTES, THREAD_PAGE_MESSAGES, type Message, type ThreadPage, type ThreadPageRequest } from '../../shared/domain';
import { invalidInput, notFound } from './errors';
import type { MessageStore, PageBudget, ThreadPosition } from './store/messages';

const FULL_PAGE: PageBudget = { count: THREAD_PAGE_MESSAGES, bytes: THREAD_PAGE_BYTES };
const HALF_PAGE: PageBudget = { count: Math.floor(THREAD_PAGE_MESSAGES / 2), bytes: Math.floor(THREAD_PAGE_BYTES / 2) };

/** One page of a conversation's thread (oldest first), as the request asks; the newest page when it names no message. */
export function threadPage(messages: MessageStore, conversationId: string, request: ThreadPageRequest = {}): ThreadPage {
  const named = (['before', 'after', 'around'] as const).filter((k) => request[k] !== undefined);
  if (named.length > 1) throw invalidInput('Ask for one of: the page before, after or around a message.');
  const at = (id: string): ThreadPosition => {
    const position = messages.position(conversationId, id);
    if (!position) throw notFound('That message is no longer in this conversation. Open the conversation again to see its newest messages.');
    return position;
  };
  let page: Message[];
  if (request.before !== undefined) page = messages.walk(conversationId, 'older', at(request.before), FULL_PAGE).reverse();
  else if (request.after !== undefined) page = messages.walk(conversationId, 'newer', at(request.after), FULL_PAGE);
  else if (request.around !== undefined) page = around(messages, conversationId, request.around, at(request.around));
  else page = messages.walk(conversationId, 'older', null, FULL_PAGE).reverse();
  return withCounts(messages, conversationId, page);
}

/** The message itself with up to half a page on either side of it. */
function around(messages: MessageStore, conversationId: string, id: string, position: ThreadPosition): Message[] {
  const self = messages.get(id)!;
  const older = messages.walk(conversationId, 'older', position, HALF_PAGE).reverse();
  const newer = messages.walk(conversationId, 'newer', position, { count: HALF_PAGE.count - 1, bytes: HALF_PAGE.bytes });
  return [...older, self, ...newer];
}

function withCounts(messages: MessageStore, conversationId: string, page: Message[]): ThreadPage {
  const first = page[0];
  const last = page.at(-1);
  if (!first || !last) return { messages: page, olderCount: 0, newerCount: 0 };
  return {
    messages: page,
    olderCount: messages.countBeyond(conversationId, 'older', messages.position(conversationId, first.id)!),
    newerCount: messages.countBeyond(conversationId, 'newer', messages.position(conversationId, last.id)!),
  };
}
