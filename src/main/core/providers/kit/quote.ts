/** Server text quoted into an error sentence: one line, short, and never the key. */
import { carriesSecret, maskSecret } from '../../redact';
import { cleanLine } from '../sanitize';

/** The longest server text quoted, ellipsis included. */
export const MAX_QUOTE = 200;

/**
 * `raw` made safe to show, or null when there is nothing to quote. Control, direction and
 * invisible characters go, every spelling of `secret` and every match of `hide` (a provider's
 * key-like or Bearer patterns) becomes '[hidden]', and a text that still carries part of the key
 * in any spelling is not quoted at all.
 */
export function quoteServerText(raw: string | null | undefined, secret?: string, hide: readonly { pattern: RegExp; replacement: string }[] = []): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  let text = cleanLine(raw, 10_000) ?? '';
  if (secret) text = maskSecret(text, secret); // as is, encoded, reversed…
  for (const { pattern, replacement } of hide) text = text.replace(pattern, replacement);
  if (secret && carriesSecret(text, secret)) return null;
  if (text === '') return null;
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
}
