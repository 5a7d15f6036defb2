/**
 * Crispy's wire format, checked with zod where a response enters the app. The field names
 * come from ./assumed.ts as alias lists: each object is first rewritten to canonical names
 * (the first alias present wins), then validated. Tolerant on purpose: unknown fields are
 * ignored, optional fields may be null or missing, ids may be numbers, times may be ISO
 * strings or epoch seconds / milliseconds; an optional field of the wrong type reads as
 * missing. List items are checked one by one (../wire.ts): one without a usable id or time is
 * skipped. A page whose list cannot be found fails, and the adapter reports it as 'bad-response'.
 */
import { z } from 'zod';
import { eachValid, lenient, lenientArray, optText as lenientText, wireId, wireTime } from '../wire';
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

const id = wireId;
const optText = lenientText;
const timestamp = wireTime;
const unread = z.union([z.number().int().nonnegative(), z.boolean().transform((b) => (b ? 1 : 0))]);

export const messageSchema = aliased(F.message, {
  id,
  text: optText,
  sentAt: timestamp,
  senderId: lenient(id),
  fromMe: lenient(z.boolean()),
});

export const participantSchema = aliased(F.participant, {
  id: lenient(id),
  name: optText,
  firstName: optText,
  lastName: optText,
  headline: optText,
  company: optText,
  profileUrl: optText,
  avatarUrl: optText,
});

const labelObject = aliased(F.label, {
  name: z.string(),
  count: lenient(z.number().nonnegative()),
});

/** A label as a string or an object with a name; blank names are dropped. */
export const labelEntry = z.union([z.string().transform((name) => ({ name, count: null as number | null })), labelObject.transform((l) => ({ name: l.name, count: l.count ?? null }))]);

const labelNames = z.array(z.unknown()).transform((ls) => eachValid(ls, labelEntry).items.map((l) => l.name).filter((n) => n.trim() !== ''));

export const conversationSchema = aliased(F.conversation, {
  id,
  name: optText,
  // One object (`participant`) is read as a list of one.
  participants: z.preprocess((v) => (isPlainObject(v) ? [v] : v), lenientArray(participantSchema)),
  lastMessage: lenient(messageSchema),
  unread: lenient(unread),
  yourTurn: lenient(z.boolean()),
  labels: lenient(labelNames),
  archived: lenient(z.boolean()),
  smartArchived: lenient(z.boolean()),
  snoozedUntil: lenient(timestamp),
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

/** A page: its items are checked one by one with `item`; `skipped` counts those that fail. */
function pageSchema<T extends z.ZodType>(listAliases: readonly string[], item: T) {
  return z.preprocess(
    (raw) => readPage(raw, listAliases),
    z
      .object({
        items: z.array(z.unknown()),
        nextCursor: z.union([z.string(), z.number().transform(String)]).nullish(),
        hasMore: lenient(z.boolean()),
      })
      .transform((p) => {
        const { items, skipped } = eachValid(p.items, item);
        return { items, skipped, nextCursor: p.hasMore === false ? null : p.nextCursor || null };
      }),
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
