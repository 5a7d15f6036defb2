/**
 * Normalisation shared by every adapter: times, profile URLs and LinkedIn thread ids come
 * in several shapes across providers (providers/README.md, "Implications" §4).
 */
import { wellFormed } from './sanitize';

/** Epoch ms from an ISO string, epoch seconds or epoch ms (numbers below 1e12 are seconds). NaN when unreadable. */
export function toEpochMs(value: string | number): number {
  if (typeof value === 'number') return Number.isFinite(value) ? (value < 1e12 ? value * 1000 : value) : Number.NaN;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return toEpochMs(Number(trimmed));
  return trimmed === '' ? Number.NaN : Date.parse(trimmed);
}

/**
 * A LinkedIn profile URL in one comparable form: https://www.linkedin.com/in/<slug>, lower-case
 * slug, no query, fragment or trailing slash. Vanity slugs and opaque ACoAA… ids stay distinct
 * (they cannot be matched without asking LinkedIn); ACoAA ids keep their case. Returns null for
 * anything that is not a LinkedIn /in/ URL or bare slug.
 */
export function normalizeProfileUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = wellFormed(raw).trim();
  if (!s) return null;
  if (!/^[a-z]+:\/\//i.test(s) && !s.includes('/')) s = `https://www.linkedin.com/in/${s}`;
  if (/^(www\.)?linkedin\.com\//i.test(s)) s = `https://${s}`;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (!/(^|\.)linkedin\.com$/i.test(url.hostname)) return null;
  const m = /^\/(in|sales\/lead|sales\/people)\/([^/]+)/i.exec(url.pathname);
  if (!m) return null;
  // A malformed escape ("%ZZ", an encoded lone surrogate) is no profile: null, never a URIError.
  let slug: string;
  try {
    slug = wellFormed(decodeURIComponent(m[2]!));
  } catch {
    return null;
  }
  if (!/^ACoA/.test(slug)) slug = slug.toLowerCase();
  return `https://www.linkedin.com/in/${encodeURIComponent(slug)}`;
}

/** The profile slug (vanity or ACoAA id) of a profile URL, or null. */
export function profileSlug(raw: string | null | undefined): string | null {
  const url = normalizeProfileUrl(raw);
  return url ? decodeURIComponent(url.slice('https://www.linkedin.com/in/'.length)) : null;
}

/**
 * The LinkedIn thread id ("2-…") inside any conversation reference: a msg_conversation URN,
 * a messagingThread URN, or the bare short id Linkup's send returns. Used to join them.
 */
export function threadKey(ref: string): string {
  const m = /(2-[A-Za-z0-9+/=_-]+)\)?$/.exec(ref.trim());
  return m ? m[1]! : ref.trim();
}
