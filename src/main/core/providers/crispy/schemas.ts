/**
 * Crispy's wire format, checked with zod where a response enters the app. The field names
 * come from ./assumed.ts as alias lists: each object is first rewritten to canonical names
 * (the first alias present wins), then validated. Tolerant on purpose: unknown fields are
 * ignored, optional fields may be null or missing, ids may be numbers, times may be ISO
 * strings or epoch seconds / milliseconds. Unusable shapes fail, and the adapter reports
 * them as 'bad-response'.
 */
import { z } from 'zod';
import { toEpochMs } from '../normalize';
import { ASSUMED_FIELDS as F } from './assumed';

type Aliases = Readonly<Record<string, readonly string[]>>;
type Json = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Copies, for each canonical field, the first alias that has a value. A field whose aliases
 * are all null stays null; one whose aliases are all absent stays absent.
 */
export function canonical(raw: Json, aliases: Aliases): Json {
  const out: Json = {};
  for (const [field, names] of Object.entries(aliases)) {
    let sawNull = false;
    for (const name of names) {
      const v = raw[name];
      if (v === undefined) continue;
      if (v === null) {
        sawNull = true;
        continue;
      }
      out[field] = v;
      break;
    }
    if (!(field in out) && sawNull) out[field] = null;
  }
  return out;
}

/** An object schema whose input fields are read under any of their aliases. */
function aliased<S extends z.ZodRawShape>(aliases: Record<keyof S & string, readonly string[]>, shape: S) {
  return z.preprocess((raw) => (isPlainObject(raw) ? canonical(raw, aliases) : raw), z.object(shape));
}

const id = z.union([z.string().min(1), z.number()]).transform(String);
const optText = z.string().nullish();
const timestamp = z.union([z.string(), z.number()]).transform(toEpochMs).pipe(z.number());
const unread = z.union([z.number().int().nonnegative(), z.boolean().transform((b) => (b ? 1 : 0))]);

export const messageSchema = aliased(F.message, {
  id,
  text: optText,
  sentAt: timestamp,
  senderId: id.nullish(),
  fromMe: z.boolean().nullish(),
});

export const participantSchema = aliased(F.participant, {
  id: id.nullish(),
  name: optText,
  headline: optText,
  company: optText,
  profileUrl: optText,
  avatarUrl: optText,
});

const labelObject = aliased(F.label, {
  name: z.string(),
  count: z.number().nonnegative().nullish(),
});

/** A label as a string or an object with a name; blank names are dropped. */
const labelEntry = z.union([z.string().transform((name) => ({ name, count: null as number | null })), labelObject.transform((l) => ({ name: l.name, count: l.count ?? null }))]);

const labelNames = z.array(labelEntry).transform((ls) => ls.map((l) => l.name).filter((n) => n.trim() !== ''));

export const conversationSchema = aliased(F.conversation, {
  id,
  name: optText,
  participants: z.array(participantSchema).nullish(),
  lastMessage: messageSchema.nullish(),
  unread: unread.nullish(),
  yourTurn: z.boolean().nullish(),
  labels: labelNames.nullish(),
  archived: z.boolean().nullish(),
  smartArchived: z.boolean().nullish(),
  snoozedUntil: timestamp.nullish(),
});

const PAGE_META: Aliases = { nextCursor: F.nextCursor, hasMore: F.hasMore };

/**
 * Finds the list and its paging fields: at the top level, in a one-level envelope
 * (`data` / `result`), or a bare array.
 */
function readPage(raw: unknown, listAliases: readonly string[]): unknown {
  if (Array.isArray(raw)) return { items: raw };
  if (!isPlainObject(raw)) return raw;
  const outer = canonical(raw, { items: listAliases, ...PAGE_META });
  if (outer.items !== undefined) return outer;
  for (const key of F.envelope) {
    const inner = raw[key];
    if (Array.isArray(inner)) return { ...outer, items: inner };
    if (isPlainObject(inner)) {
      const c = canonical(inner, { items: listAliases, ...PAGE_META });
      if (c.items !== undefined) return { items: c.items, nextCursor: c.nextCursor ?? outer.nextCursor, hasMore: c.hasMore ?? outer.hasMore };
    }
  }
  return outer;
}

function pageSchema<T extends z.ZodType>(listAliases: readonly string[], item: T) {
  return z.preprocess(
    (raw) => readPage(raw, listAliases),
    z
      .object({
        items: z.array(item),
        nextCursor: z.union([z.string(), z.number().transform(String)]).nullish(),
        hasMore: z.boolean().nullish(),
      })
      .transform((p) => ({ items: p.items as z.output<T>[], nextCursor: p.hasMore === false ? null : p.nextCursor || null })),
  );
}

export const conversationListSchema = pageSchema(F.conversationList, conversationSchema);
export const messageListSchema = pageSchema(F.messageList, messageSchema);
export const labelListSchema = pageSchema(F.labelList, labelEntry);

export type WireMessage = z.output<typeof messageSchema>;
export type WireParticipant = z.output<typeof participantSchema>;
export type WireConversation = z.output<typeof conversationSchema>;
export type WireLabel = z.output<typeof labelEntry>;

/** The send response: `{ message: {...} }`, a bare message, or either inside an envelope. Null when unusable. */
export function parseSentMessage(body: unknown): WireMessage | null {
  const candidates: unknown[] = [body];
  const wrappers = isPlainObject(body) ? [body, ...F.envelope.map((k) => body[k]).filter(isPlainObject)] : [];
  for (const w of wrappers) {
    candidates.push(w);
    for (const k of F.sentMessage) candidates.push(w[k]);
  }
  for (const candidate of candidates) {
    const parsed = messageSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}
