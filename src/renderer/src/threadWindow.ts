/**
 * The part of an open thread the renderer holds: a contiguous window of its messages (the core
 * answers a page at a time), grown as the person scrolls and refreshed when the core says the
 * conversation changed. Pure, so the store only has to call these.
 */
import type { Message, Thread, ThreadPage } from '../../shared/domain';

/**
 * A fresh newest page merged into the window held: what was paged in above it is kept (so the
 * person's place survives a new message, a send or a retry), the rest comes from the page.
 */
export function mergeNewest(held: Thread | null, fresh: Thread): Thread {
  if (!held || held.conversation.id !== fresh.conversation.id || fresh.messages.length === 0) return fresh;
  const overlap = held.messages.findIndex((m) => m.id === fresh.messages[0]!.id);
  if (overlap >= 0) {
    return { ...fresh, messages: [...held.messages.slice(0, overlap), ...fresh.messages], olderCount: Math.max(0, fresh.olderCount - overlap) };
  }
  if (held.newerCount > 0) {
    // Reading far above the newest page (opened at a search hit): stay there; newer pages load on the way down.
    const total = fresh.olderCount + fresh.messages.length;
    return { ...fresh, messages: held.messages, olderCount: held.olderCount, newerCount: Math.max(1, total - held.olderCount - held.messages.length) };
  }
  return fresh;
}

/** An older page put above the window (messages already held are not repeated). */
export function withOlder(held: Thread, page: ThreadPage): Thread {
  const have = new Set(held.messages.map((m) => m.id));
  return { ...held, messages: [...page.messages.filter((m) => !have.has(m.id)), ...held.messages], olderCount: page.olderCount };
}

/** A newer page put below the window (messages already held are not repeated). */
export function withNewer(held: Thread, page: ThreadPage): Thread {
  const have = new Set(held.messages.map((m) => m.id));
  return { ...held, messages: [...held.messages, ...page.messages.filter((m) => !have.has(m.id))], newerCount: page.newerCount };
}

/** My reply just queued, at the bottom of a window that reaches the newest message. */
export function withMine(held: Thread, message: Message): Thread {
  return held.messages.some((m) => m.id === message.id) ? held : { ...held, messages: [...held.messages, message] };
}

/** How many messages the whole thread has, held or not. */
export function threadSize(t: ThreadPage): number {
  return t.olderCount + t.messages.length + t.newerCount;
}
