/**
 * Which links the app opens in the browser. Pure and import-free: main checks every link
 * with it before `shell.openExternal`, and the renderer uses it to style links it will not open.
 */

/**
 * Hosts whose links open directly. LinkedIn itself (and its lnkd.in shortener), plus the
 * meeting, scheduling and document links people most often send in LinkedIn messages.
 * `subdomains`: LinkedIn serves from many (www, business...), and Zoom meeting links live on
 * per-company and regional subdomains (us02web.zoom.us); the Google and Microsoft entries are
 * exact hosts, because other subdomains of google.com and microsoft.com serve user content.
 */
export const LINK_HOSTS: readonly { host: string; subdomains: boolean }[] = [
  { host: 'linkedin.com', subdomains: true },
  { host: 'lnkd.in', subdomains: false },
  { host: 'calendly.com', subdomains: false },
  { host: 'zoom.us', subdomains: true },
  { host: 'meet.google.com', subdomains: false },
  { host: 'docs.google.com', subdomains: false },
  { host: 'drive.google.com', subdomains: false },
  { host: 'teams.microsoft.com', subdomains: false },
];

/** The verdict on a link: allowed with its normalised address, or refused with a sentence that names the host. */
export type LinkCheck = { allowed: true; href: string } | { allowed: false; reason: string };

/** Checks a link against the allowlist: https only, no user name or password, a listed host, the default port. */
export function linkVerdict(raw: string): LinkCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { allowed: false, reason: 'This is not a web address, so it is not opened from this app.' };
  }
  const host = url.hostname;
  if (url.protocol !== 'https:') {
    return url.protocol === 'http:'
      ? { allowed: false, reason: `The link to ${host} is not secure (http), so it is not opened from this app.` }
      : { allowed: false, reason: `Only web links (https) are opened from this app, not ${url.protocol.replace(/:$/, '')}: links.` };
  }
  if (url.username !== '' || url.password !== '') {
    return { allowed: false, reason: `The link to ${host} carries a user name or password, so it is not opened from this app.` };
  }
  // URL has already lowercased the host and turned any non-ASCII lookalike into xn-- punycode.
  const listed = LINK_HOSTS.some((h) => host === h.host || (h.subdomains && host.endsWith(`.${h.host}`)));
  if (!listed) {
    return { allowed: false, reason: `Links to ${host} are not opened from this app; only LinkedIn and a few meeting and document sites are.` };
  }
  if (url.port !== '') {
    return { allowed: false, reason: `The link to ${host} names an unusual port (${url.port}), so it is not opened from this app.` };
  }
  return { allowed: true, href: url.href };
}

/** The longest link main will put on the clipboard (as long as the providers' sanitiser keeps). */
export const MAX_COPIED_LINK_CHARS = 2_048;

/**
 * The address to put on the clipboard for a link the allowlist refused, or null when it must not
 * be copied: only a web address (http or https) that parses, normalised as the browser would
 * reach it (lowercased, lookalike hosts as xn-- punycode), and no longer than MAX_COPIED_LINK_CHARS.
 * Never javascript:, data:, file: or any other scheme.
 */
export function copyableLink(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_COPIED_LINK_CHARS) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // A user name or password in a link is a classic disguise (https://linkedin.com@evil.example): never handed on.
  if (url.username !== '' || url.password !== '') return null;
  if (url.href.length > MAX_COPIED_LINK_CHARS) return null;
  return url.href;
}

/** This computer, as a URL's hostname spells it: where plain http is allowed, for local test servers only. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}
