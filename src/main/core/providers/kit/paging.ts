/** Page sizes, page queries and reply lengths, checked before any request is made. */
import { invalidInput } from '../../errors';

/** `limit` when it is a whole number from 1 to `max` (or undefined: the provider's default); otherwise 'invalid-input'. */
export function checkPageSize(limit: number | undefined, max: number, provider: string): number | undefined {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > max)) {
    throw invalidInput(`${provider} serves pages of 1 to ${max} items; ${String(limit)} was asked for.`);
  }
  return limit;
}

/** The query of one page: the checked size under `sizeParam` (and the cursor under `cursorParam`, when given). */
export function pageQuery(
  req: { limit?: number; cursor?: string | null },
  spec: { max: number; provider: string; sizeParam?: string; cursorParam?: string | null },
): URLSearchParams {
  const query = new URLSearchParams();
  const limit = checkPageSize(req.limit, spec.max, spec.provider);
  if (limit !== undefined) query.set(spec.sizeParam ?? 'limit', String(limit));
  const cursorParam = spec.cursorParam === undefined ? 'cursor' : spec.cursorParam;
  if (cursorParam !== null && req.cursor) query.set(cursorParam, req.cursor);
  return query;
}

/** `url` with the query appended, or `url` alone when the query is empty. */
export function withQuery(url: string, query: URLSearchParams): string {
  const qs = query.toString();
  return qs ? `${url}?${qs}` : url;
}

/**
 * Refuses an empty reply (with `blankIsEmpty`, one of only spaces too) and one longer than `max`,
 * in the provider's words: "A ReactIn reply can be at most 10,000 characters; this one has 10,001."
 */
export function checkReplyLength(text: string, spec: { max: number; provider: string; noun: 'reply' | 'message'; blankIsEmpty?: boolean }): void {
  if (typeof text !== 'string' || (spec.blankIsEmpty ? text.trim() : text).length === 0) throw invalidInput('A reply cannot be empty.');
  if (text.length > spec.max) {
    throw invalidInput(`A ${spec.provider} ${spec.noun} can be at most ${spec.max.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`);
  }
}
