/**
 * ConnectSafely's wire format (connectsafely.md §2), checked with zod where a response enters
 * the app. Tolerant on purpose: unknown fields are ignored, optional fields may be null or
 * missing, ids may be numbers, and times may be epoch numbers (ms or s) or ISO strings.
 * The inner fields of `participants` and `latestMessage` in the new list endpoint are
 * unconfirmed (taken from the deprecated recent-messages sample), so they are all optional.
 */
import { z } from 'zod';
import { toEpochMs } from '../normalize';

const id = z.union([z.string().min(1), z.number()]).transform(String);
const text = z.string().nullish();
const flag = z.boolean().nullish();
const timestamp = z.union([z.string(), z.number()]).transform(toEpochMs).pipe(z.number());

export const participantSchema = z.object({
  profileId: id.nullish(),
  /** Not in the reference; used when a future response carries it. */
  profileUrn: text,
  name: text,
  headline: text,
  profilePicture: text,
});

export const latestMessageSchema = z.object({
  text,
  sentAt: timestamp.nullish(),
  senderName: text,
  hasAttachment: flag,
  /** Not in the reference: used as the message id when present. */
  messageUrn: text,
  /** Not in the reference: used to tell mine from theirs when present. */
  isSentByOwner: flag,
  senderProfileId: id.nullish(),
});

export const conversationSchema = z.object({
  conversationUrn: z.string().min(1),
  conversationId: text,
  lastActivityAt: timestamp.nullish(),
  unreadCount: z.number().int().nonnegative().nullish(),
  participants: z.array(participantSchema).nullish(),
  latestMessage: latestMessageSchema.nullish(),
});

export const conversationListSchema = z.object({
  success: flag,
  conversations: z.array(conversationSchema),
  nextCursor: text,
  hasMore: flag,
  fromCache: flag,
});

export const messageSchema = z.object({
  messageUrn: z.string().min(1),
  text,
  sentAt: timestamp,
  senderProfileId: id.nullish(),
  senderName: text,
  isSentByOwner: flag,
  hasAttachment: flag,
});

export const messageListSchema = z.object({
  success: flag,
  messages: z.array(messageSchema),
  participants: z.array(participantSchema).nullish(),
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
