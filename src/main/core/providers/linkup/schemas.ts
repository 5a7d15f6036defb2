/**
 * Linkup's v2 wire format (linkup.md), checked with zod where a response enters the app.
 * Tolerant on purpose: unknown fields are ignored, optional fields may be null, missing or of
 * the wrong type (read as missing), times may be epoch numbers (ms or s) or ISO strings. List
 * items are checked one by one (../wire.ts): one without a usable id or time is skipped; a
 * page whose list is not a list is reported as unreadable.
 */
import { z } from 'zod';
import { lenient, lenientArray, MAX_ID_CHARS, optText, wireTime } from '../wire';

const text = optText;
const time = wireTime;
/** A count; v1 answered booleans for `unread`, so those are read as 1 / 0. */
const count = z.union([z.number().int().nonnegative(), z.boolean().transform((b) => (b ? 1 : 0))]);
/** Cursors are opaque strings; get_conversation's looks like epoch ms and might come as a number. */
const cursor = z.union([z.string(), z.number().transform(String)]).nullish();

/** `{ success, data, metadata }` — data is checked per action, metadata only for credits. */
export const envelopeSchema = z.object({
  success: z.boolean().optional(),
  data: z.unknown().optional(),
  metadata: z.unknown().optional(),
});

/** `{ success: false, error: { code, message } }` as far as it can be read. */
export const errorBodySchema = z.object({
  success: z.literal(false).optional(),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional(),
});

export const participantSchema = z.object({
  name: text,
  headline: text,
  profile_url: text,
  profile_picture: text,
  is_organization: lenient(z.boolean()),
});

export const lastMessageSchema = z.object({
  text,
  time,
  sender: lenient(
    z.object({
      name: text,
      profile_url: text,
      is_me: lenient(z.boolean()),
    }),
  ),
});

export const conversationSchema = z.object({
  conversation_id: z.string().min(1).max(MAX_ID_CHARS),
  participant: lenient(participantSchema),
  last_message: lenient(lastMessageSchema),
  unread: lenient(count),
  type: text,
});

/** A page: its conversations are checked one by one with conversationSchema (eachValid). */
export const inboxSchema = z.object({
  conversations: z.array(z.unknown()),
  total_results: lenient(z.number()),
  next_cursor: cursor,
});

export const messageSchema = z.object({
  text,
  timestamp: time,
  /** The sender's display name. */
  sender: text,
  sender_info: lenient(
    z.object({
      first_name: text,
      last_name: text,
      profile_url: text,
    }),
  ),
  /** 'TEXT', or 'SYSTEM' for events such as a new connection (often with empty text). */
  message_type: text,
  entity_urn: lenient(z.string().max(MAX_ID_CHARS)),
});

/** A page: its messages are checked one by one with messageSchema (eachValid). */
export const conversationMessagesSchema = z.object({
  messages: z.array(z.unknown()),
  next_cursor: cursor,
  total_message_count: lenient(z.number()),
  unread_count: lenient(count),
  last_seen_message: lenient(z.boolean()),
  last_seen_at: lenient(time),
});

export const sentSchema = z.object({
  entityUrn: text,
  /** The short "2-…" thread id, not the msg_conversation URN list_inbox gives. */
  conversation_id: text,
  deliveredAt: lenient(time),
});

export type WireConversation = z.infer<typeof conversationSchema>;
export type WireLastMessage = z.infer<typeof lastMessageSchema>;
export type WireMessage = z.infer<typeof messageSchema>;
export type WireInbox = z.infer<typeof inboxSchema>;
export type WireConversationMessages = z.infer<typeof conversationMessagesSchema>;
export type WireSent = z.infer<typeof sentSchema>;

/** `metadata.credits_consumed` when it is a usable number, else null. */
export function creditsConsumed(metadata: unknown): number | null {
  if (typeof metadata !== 'object' || metadata === null) return null;
  const v = (metadata as { credits_consumed?: unknown }).credits_consumed;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}
