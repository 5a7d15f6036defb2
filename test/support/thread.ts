/** Reading a whole thread in a test, the way the renderer gets it: the newest page, then page after page back. */
import type { Message, Thread, ThreadPage, ThreadPageRequest } from '../../src/shared/domain';

interface ThreadReader {
  openConversation(conversationId: string): Promise<Thread>;
  threadPage(conversationId: string, request: ThreadPageRequest): Promise<ThreadPage>;
}

/** Every message of a conversation, oldest first, paged back from the newest page. */
export async function wholeThread(core: ThreadReader, conversationId: string): Promise<Message[]> {
  const opened = await core.openConversation(conversationId);
  const all = [...opened.messages];
  for (let olderCount = opened.olderCount; olderCount > 0; ) {
    const page = await core.threadPage(conversationId, { before: all[0]!.id });
    all.unshift(...page.messages);
    olderCount = page.olderCount;
  }
  return all;
}
