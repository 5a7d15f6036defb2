/** Excerpts of what a search found: the FTS5 marks turned into highlighted segments. Pure. */
import type { Highlighted } from '../../../shared/domain';

/**
 * Marks put around matches by FTS5's snippet() and highlight(): control characters, which the
 * texts are stripped of before they are marked (stripMarkers), so a message cannot fake a match.
 */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';
/** Tokens in a message excerpt around the match. */
export const EXCERPT_TOKENS = 14;
const PLAIN_EXCERPT_CHARS = 120;

/**
 * The text with control characters (the markers among them) and direction embeddings, overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069) replaced by spaces. Both separate words for FTS5
 * either way, so what matches is unchanged, excerpts show whitespace as spaces, and an excerpt
 * cannot show "Invoice \u202Efdp.exe" as "Invoice exe.pdf" (the list preview drops them too).
 */
export function stripMarkers(text: string): string {
  return text.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, ' ');
}

/** FTS5 output with MARK_OPEN/MARK_CLOSE turned into segments; whitespace runs become one space. */
export function toHighlighted(marked: string): Highlighted {
  const segments: Highlighted = [];
  let match = false;
  for (const part of marked.split(/([\u0002\u0003])/u)) {
    if (part === MARK_OPEN) match = true;
    else if (part === MARK_CLOSE) match = false;
    else pushSegment(segments, part.replace(/\s+/gu, ' '), match);
  }
  if (segments.length > 0) {
    segments[0]!.text = segments[0]!.text.trimStart();
    segments[segments.length - 1]!.text = segments[segments.length - 1]!.text.trimEnd();
  }
  return segments.filter((s) => s.text !== '');
}

function pushSegment(segments: Highlighted, text: string, match: boolean): void {
  if (text === '') return;
  const prev = segments[segments.length - 1];
  if (prev && prev.match === match) prev.text += text;
  else segments.push({ text, match });
}

/** The start of a text as one unmarked segment, cut at a word near PLAIN_EXCERPT_CHARS. */
export function plainExcerpt(text: string): Highlighted {
  const flat = stripMarkers(text).replace(/\s+/gu, ' ').trim();
  if (flat === '') return [];
  if (flat.length <= PLAIN_EXCERPT_CHARS) return [{ text: flat, match: false }];
  const cut = flat.slice(0, PLAIN_EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  return [{ text: `${(space > PLAIN_EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`, match: false }];
}

