/**
 * String hygiene for everything a provider says, in one place for all four adapters. Provider
 * text is hostile until cleaned: it may carry lone surrogates, control characters, direction
 * overrides, invisible characters, megabytes of text, or addresses with any scheme. Nothing
 * here escapes HTML: the renderer draws every provider string as a text node, never as markup.
 *
 *  - every string: lone surrogates become U+FFFD (done for the whole body in http.ts, so ids
 *    are well formed before any adapter encodes them into a URL; here again for other callers);
 *  - message text: NUL and the other C0/C1 controls go, except new line and tab; CR LF and the
 *    Unicode line separators become new lines; runs of more than MAX_MARKS combining marks are
 *    cut ("Zalgo"); at most MAX_MESSAGE_CHARS characters, then MESSAGE_SHORTENED. Direction
 *    controls stay (they are part of real right-to-left text); the renderer isolates each message;
 *  - names, titles, headlines, companies, labels (one line): all controls, direction
 *    overrides/embeddings/isolates/marks and invisible characters (zero-width space, word
 *    joiner, BOM, Hangul fillers...) go; white space collapses to one space; at most
 *    MAX_NAME_CHARS characters, then "…". ZWJ and ZWNJ stay: emoji and several scripts need them;
 *  - addresses (avatars, profiles): https, or plain http to this computer (127.0.0.1, localhost,
 *    [::1], where tests' servers are), no user name or password, no white space, at most
 *    MAX_URL_CHARS; anything else (javascript:, data:, file:, ...) becomes null. Stored addresses
 *    are only strings: what may be reached is decided where they are used. The avatar cache
 *    (avatars.ts) fetches no plain http and nothing on this computer or a private network unless
 *    a test allows it; profile links go through the link allowlist (shared/links.ts).
 */
import { isLoopbackHost } from '../../../shared/links';
import { UNKNOWN_PARTICIPANT_NAME } from '../../../shared/domain';
import type { RemoteConversation, RemoteMessage, RemoteParticipant } from './types';

/** Characters of one message kept; a longer one is cut and ends with MESSAGE_SHORTENED. */
export const MAX_MESSAGE_CHARS = 100_000;
export const MESSAGE_SHORTENED = '… (message shortened)';
/** Characters of a name, title, headline, company or label. */
export const MAX_NAME_CHARS = 200;
export const MAX_URL_CHARS = 2_048;
/** An unread count above this is shown as this. */
export const MAX_UNREAD = 99_999;
/** Combining marks kept on one base character. */
export const MAX_MARKS = 6;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 except tab and new line, DEL, C1.
const TEXT_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
// Every control, plus direction marks, embeddings, overrides and isolates, plus characters that draw nothing.
const LINE_STRIP =
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u206A-\u206F\u2066-\u2069\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]/g;
const WHITE_SPACE = /[\s\u2028\u2029]+/g;
const MARK_RUN = new RegExp(`(\\p{M}{${MAX_MARKS}})\\p{M}+`, 'gu');

/** The string with each lone surrogate replaced by U+FFFD, so it can be encoded (encodeURIComponent, UTF-8). */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** encodeURIComponent that cannot throw: lone surrogates are sent as U+FFFD. */
export function encodeSegment(s: string): string {
  return encodeURIComponent(wellFormed(s));
}

/** At most `max` UTF-16 units, never ending in half a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end);
}

/** Message text as stored and shown (see the file comment). Non-strings become ''. */
export function cleanMessageText(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') return '';
  // Work on a bounded piece: what lies past twice the cap is dropped anyway.
  let s = cut(raw, MAX_MESSAGE_CHARS * 2);
  s = wellFormed(s).replace(LINE_BREAKS, '\n').replace(TEXT_CONTROLS, '').replace(MARK_RUN, '$1');
  if (s.length > MAX_MESSAGE_CHARS || raw.length > MAX_MESSAGE_CHARS * 2) {
    s = cut(s, MAX_MESSAGE_CHARS - MESSAGE_SHORTENED.length) + MESSAGE_SHORTENED;
  }
  return s;
}

/** One line of display text (see the file comment); null when nothing visible is left. */
export function cleanLine(raw: unknown, max: number = MAX_NAME_CHARS): string | null {
  if (typeof raw !== 'string') return null;
  let s = cut(raw, max * 4);
  s = wellFormed(s).replace(LINE_STRIP, '').replace(WHITE_SPACE, ' ').replace(MARK_RUN, '$1').trim();
  if (s === '') return null;
  if (s.length > max) s = `${cut(s, max - 1).trimEnd()}…`;
  return s;
}

/** An address that may be fetched or opened (see the file comment), else null. */
export function cleanUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (s === '' || s.length > MAX_URL_CHARS || /[\s\u0000-\u001F\u007F-\u009F]/.test(s) || s !== wellFormed(s)) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  if (url.username !== '' || url.password !== '') return null;
  return s;
}

export function cleanParticipant(p: RemoteParticipant): RemoteParticipant {
  return {
    ...p,
    name: cleanLine(p.name) ?? UNKNOWN_PARTICIPANT_NAME,
    headline: cleanLine(p.headline),
    company: cleanLine(p.company),
    avatarUrl: cleanUrl(p.avatarUrl),
    profileUrl: cleanUrl(p.profileUrl),
  };
}

export function cleanMessage(m: RemoteMessage): RemoteMessage {
  return { ...m, text: cleanMessageText(m.text) };
}

/** A conversation (any adapter's extension of one) with every display string cleaned. */
export function cleanConversation<C extends RemoteConversation>(c: C): C {
  const participants = c.participants.map(cleanParticipant);
  const title = cleanLine(c.title) ?? (cleanLine(participants.map((p) => p.name).join(', ')) || 'LinkedIn conversation');
  const unreadCount = Number.isFinite(c.unreadCount) ? Math.min(MAX_UNREAD, Math.max(0, Math.floor(c.unreadCount))) : 0;
  return { ...c, title, participants, lastMessage: c.lastMessage ? cleanMessage(c.lastMessage) : null, unreadCount };
}
