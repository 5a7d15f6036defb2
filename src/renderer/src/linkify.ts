/**
 * Finds web links in message text, for the thread to draw as links. Pure: text in, parts out;
 * the parts are rendered as text nodes, never as markup. Only http(s) addresses written out
 * in full become links; `javascript:`, `data:`, `file:` and bare domains stay text.
 */
import { linkVerdict } from '../../shared/links';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string; allowed: boolean; reason: string | null };

// An http(s) address up to the next space or a character that cannot be part of one as written.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`{}|\\^[\]]+/gi;
// Punctuation that ends a sentence rather than the address ("see https://x.com/a.").
const TRAILING = /[.,;:!?*_~]+$/;

/** Drops trailing punctuation, and a closing bracket that has no opening one inside the address. */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    const last = url.at(-1);
    if (last === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** Splits text into plain parts and links; each link says whether the app opens it (the shared allowlist). */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    // "https://" alone is not an address.
    if (!/^https?:\/\/[^/?#]+/i.test(url)) continue;
    if (start > at) parts.push({ kind: 'text', text: text.slice(at, start) });
    const check = linkVerdict(url);
    parts.push({ kind: 'link', text: url, url, allowed: check.allowed, reason: check.allowed ? null : check.reason });
    at = start + url.length;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}
