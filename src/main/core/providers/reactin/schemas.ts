/**
 * ReactIn's wire format, checked with zod where the response enters the app. Tolerant on
 * purpose: unknown fields are ignored, optional fields may be null or missing, ids may be
 * numbers, and timestamps may be ISO strings or epoch numbers (seconds or milliseconds).
 */
import { z } from 'zod';
import { toEpochMs } from '../normalize';

export { toEpochMs };

const id = z.union([z.string().min(1), z.number()]).transform(String);
const text = z.string().nullish();
const timestamp = z.union([z.string(), z.number()]).transform(toEpochMs).pipe(z.number());

export const messageSchema = z.object({
  id,
  userId: id.nullish(),
  text,
  timestamp,
  metadata: z
    .object({
      campaignEvent: z.unknown().optional(),
      sentFromInboxByUserId: z.unknown().optional(),
      sentFromInboxByUserName: z.unknown().optional(),
      sentFromInboxByUserEmail: z.unknown().optional(),
    })
    .nullish(),
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
  lastMessage: messageSchema.nullish(),
  unreadCount: z.number().int().nonnegative().nullish(),
  isDisconnected: z.boolean().nullish(),
  participantsToDisplay: z.array(participantSchema).nullish(),
});

export const conversationListSchema = z.object({
  items: z.array(conversationSchema),
  nextCursor: z.string().nullish(),
  totalUnread: z.number().nullish(),
});

export const messageListSchema = z.object({
  items: z.array(messageSchema),
  nextCursor: z.string().nullish(),
  conversation: z.object({ id, name: text }).nullish(),
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
