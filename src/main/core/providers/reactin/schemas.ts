/**
 * ReactIn's wire format, checked with zod where the response enters the app. Tolerant on
 * purpose: unknown fields are ignored, optional fields may be null, missing or of the wrong
 * type (read as missing), ids may be numbers, and timestamps may be ISO strings or epoch
 * numbers (seconds or milliseconds). List items are checked one by one (../wire.ts): an item
 * without a usable id or time is skipped, never the page.
 */
import { z } from 'zod';
import { toEpochMs } from '../normalize';
import { lenient, lenientArray, optText, wireId, wireTime } from '../wire';

export { toEpochMs };

const id = wireId;
const text = optText;
const timestamp = wireTime;

export const messageSchema = z.object({
  id,
  userId: lenient(id),
  text,
  timestamp,
  metadata: lenient(
    z.object({
      campaignEvent: z.unknown().optional(),
      sentFromInboxByUserId: z.unknown().optional(),
      sentFromInboxByUserName: z.unknown().optional(),
      sentFromInboxByUserEmail: z.unknown().optional(),
    }),
  ),
});

export const participantSchema = z.object({
  id,
  name: text,
  avatarUrl: text,
  linkedinUrl: text,
  headline: text,
  company: text,
});

export const conversationSchema = z.object({
  id,
  name: text,
  lastMessage: lenient(messageSchema),
  unreadCount: lenient(z.number().int().nonnegative()),
  isDisconnected: lenient(z.boolean()),
  participantsToDisplay: lenientArray(participantSchema),
});

/** A page: its items are checked one by one with conversationSchema (eachValid). */
export const conversationListSchema = z.object({
  items: z.array(z.unknown()),
  nextCursor: z.string().nullish(),
  totalUnread: lenient(z.number()),
});

/** A page: its items are checked one by one with messageSchema (eachValid). */
export const messageListSchema = z.object({
  items: z.array(z.unknown()),
  nextCursor: z.string().nullish(),
  conversation: lenient(z.object({ id, name: text })),
});

export type WireMessage = z.infer<typeof messageSchema>;
export type WireParticipant = z.infer<typeof participantSchema>;
export type WireConversation = z.infer<typeof conversationSchema>;

/** The POST response is unconfirmed: a message itself, or one wrapped in `message`, `item` or `data`. */
export function parseSentMessage(body: unknown): WireMessage | null {
  const candidates = [body];
  if (typeof body === 'object' && body !== null) {
    const wrapper = body as Record<string, unknown>;
    candidates.push(wrapper.message, wrapper.item, wrapper.data);
  }
  for (const candidate of candidates) {
    const parsed = messageSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}
