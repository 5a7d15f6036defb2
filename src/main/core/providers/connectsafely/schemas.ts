/**
 * ConnectSafely's wire format (connectsafely.md §2), checked with zod where a response enters
 * the app. Tolerant on purpose: unknown fields are ignored, optional fields may be null,
 * missing or of the wrong type (read as missing), ids may be numbers, and times may be epoch
 * numbers (ms or s) or ISO strings. The inner fields of `participants` and `latestMessage` in
 * the new list endpoint are unconfirmed (taken from the deprecated recent-messages sample), so
 * they are all optional. List items are checked one by one (../wire.ts): one without a usable
 * URN or time is skipped, never the page.
 */
import { z } from 'zod';
import { lenient, lenientArray, MAX_ID_CHARS, optText, wireId, wireTime } from '../wire';

const id = wireId;
const text = optText;
const flag = lenient(z.boolean());
const timestamp = wireTime;
const urn = z.string().min(1).max(MAX_ID_CHARS);

export const participantSchema = z.object({
  profileId: lenient(id),
  /** Not in the reference; used when a future response carries it. */
  profileUrn: text,
  name: text,
  headline: text,
  profilePicture: text,
});

export const latestMessageSchema = z.object({
  text,
  sentAt: lenient(timestamp),
  senderName: text,
  hasAttachment: flag,
  /** Not in the reference: used as the message id when present. */
  messageUrn: lenient(urn),
  /** Not in the reference: used to tell mine from theirs when present. */
  isSentByOwner: flag,
  senderProfileId: lenient(id),
});

export const conversationSchema = z.object({
  conversationUrn: urn,
  conversationId: text,
  lastActivityAt: lenient(timestamp),
  unreadCount: lenient(z.number().int().nonnegative()),
  participants: lenientArray(participantSchema),
  latestMessage: lenient(latestMessageSchema),
});

/** A page: its conversations are checked one by one with conversationSchema (eachValid). */
export const conversationListSchema = z.object({
  success: flag,
  conversations: z.array(z.unknown()),
  nextCursor: text,
  hasMore: flag,
  fromCache: flag,
});

export const messageSchema = z.object({
  messageUrn: urn,
  text,
  sentAt: timestamp,
  senderProfileId: lenient(id),
  senderName: text,
  isSentByOwner: flag,
  hasAttachment: flag,
});

/** A page: its messages are checked one by one with messageSchema (eachValid). */
export const messageListSchema = z.object({
  success: flag,
  messages: z.array(z.unknown()),
  participants: lenientArray(participantSchema),
  hasMore: flag,
  cursor: z.union([z.string(), z.number()]).transform(String).nullish(),
});

export type WireParticipant = z.infer<typeof participantSchema>;
export type WireLatestMessage = z.infer<typeof latestMessageSchema>;
export type WireConversation = z.infer<typeof conversationSchema>;
export type WireMessage = z.infer<typeof messageSchema>;

/**
 * The `sentMessage` of a send response. The reference shows it only as `{}`, so it is used
 * when it happens to carry a message URN and a time, and ignored otherwise.
 */
export function parseSentMessage(body: unknown): WireMessage | null {
  if (typeof body !== 'object' || body === null) return null;
  const parsed = messageSchema.safeParse((body as { sentMessage?: unknown }).sentMessage);
  return parsed.success ? parsed.data : null;
}

/** True when a 2xx body says it failed anyway (`{ success: false, ... }`). */
export function saysFailed(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false;
}
