/**
 * Linkup's v2 wire format (linkup.md), checked with zod where a response enters the app.
 * Tolerant on purpose: unknown fields are ignored, optional fields may be null or missing,
 * times may be epoch numbers (ms or s) or ISO strings. A field of the wrong type fails the
 * parse, and the adapter reports the response as unreadable.
 */
import { z } from 'zod';
import { toEpochMs } from '../normalize';

const text = z.string().nullish();
const time = z.union([z.string(), z.number()]).transform(toEpochMs).pipe(z.number());
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
  is_organization: z.boolean().nullish(),
});

export const lastMessageSchema = z.object({
  text,
  time,
  sender: z
    .object({
      name: text,
      profile_url: text,
      is_me: z.boolean().nullish(),
    })
    .nullish(),
});

export const conversationSchema = z.object({
  conversation_id: z.string().min(1),
  participant: participantSchema.nullish(),
  last_message: lastMessageSchema.nullish(),
  unread: count.nullish(),
  type: text,
});

export const inboxSchema = z.object({
  conversations: z.array(conversationSchema),
  total_results: z.number().nullish(),
  next_cursor: cursor,
});

export const messageSchema = z.object({
  text,
  timestamp: time,
  /** The sender's display name. */
  sender: text,
  sender_info: z
    .object({
      first_name: text,
      last_name: text,
      profile_url: text,
    })
    .nullish(),
  /** 'TEXT', or 'SYSTEM' for events such as a new connection (often with empty text). */
  message_type: text,
  entity_urn: text,
});

export const conversationMessagesSchema = z.object({
  messages: z.array(messageSchema),
  next_cursor: cursor,
  total_message_count: z.number().nullish(),
  unread_count: count.nullish(),
  last_seen_message: z.boolean().nullish(),
  last_seen_at: time.nullish(),
});

export const sentSchema = z.object({
  entityUrn: text,
  /** The short "2-…" thread id, not the msg_conversation URN list_inbox gives. */
  conversation_id: text,
  deliveredAt: time.nullish(),
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
