/**
 * How every adapter reads a provider's list pages: the page itself must have its shape (else the
 * whole page is 'bad-response'), but each item is checked on its own. An item whose identity or
 * time cannot be read is skipped and counted (Page.skipped), so one malformed conversation never
 * blocks the rest of the inbox; an optional field of the wrong type is read as missing.
 */
import { z } from 'zod';
import { toEpochMs } from './normalize';

/** Longer ids are not ids: the item is skipped. */
export const MAX_ID_CHARS = 1_024;
/** The last instant a Date can be shown for (Date itself stops at 8.64e15). */
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** An id: a non-empty string or a number, as a string. */
export const wireId = z.union([z.string().min(1).max(MAX_ID_CHARS), z.number()]).transform(String);

/** A time as an ISO string, epoch seconds or epoch ms, read as epoch ms within what a Date can show. */
export const wireTime = z.union([z.string(), z.number()]).transform(toEpochMs).pipe(z.number().min(0).max(LATEST));

/** An optional field: missing, null, or of the wrong type all read as null/undefined. */
export function lenient<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(null);
}

/** Optional text. */
export const optText = lenient(z.string());

/** An optional list whose unreadable entries are dropped (a list of the wrong type reads as missing). */
export function lenientArray<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .nullish()
    .catch(null)
    .transform((xs): z.output<T>[] | null => (xs ? eachValid(xs, item).items : null));
}

/** The items of a page that pass `schema`, and how many did not. */
export function eachValid<T extends z.ZodType>(raw: readonly unknown[], schema: T): { items: z.output<T>[]; skipped: number } {
  const items: z.output<T>[] = [];
  let skipped = 0;
  for (const x of raw) {
    const parsed = schema.safeParse(x);
    if (parsed.success) items.push(parsed.data);
    else skipped++;
  }
  return { items, skipped };
}

/** `{ skipped }` for a page that left items out, else nothing (pages that lost nothing look as before). */
export function skippedField(skipped: number | undefined): { skipped?: number } {
  return skipped ? { skipped } : {};
}
