/**
 * Masks credentials before anything reaches a log. The app logs no HTTP traffic; what main
 * prints is the odd unexpected error (IPC 'internal' failures, tray, startup), and an error can
 * carry a request in its message or `cause` chain: a header dump, a URL with a key in its query,
 * a server echoing `Bearer …`. Everything main prints goes through describeForLog.
 */

export const REDACTED = '[redacted]';

/** Header names whose values are credentials, in any case. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-auth-token', 'cookie', 'set-cookie'];

// `authorization: Bearer x`, `"x-api-key":"x"`, `'x-api-key': [ 'x' ]`: the name, its separator, then the value.
const HEADER_VALUE = new RegExp(`\\b(${SECRET_HEADERS.join('|')})(["']?\\s*[:=]\\s*(?:\\[\\s*)?["']?)[^"'\\r\\n,;}\\]]+`, 'gi');
const SCHEME_TOKEN = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const QUERY_SECRET = /([?&;](?:api[_-]?key|apikey|key|token|access[_-]?token|auth|secret|password|signature|sig)=)[^&#\s"']+/gi;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

/** The text with credential headers, Bearer/Basic tokens, key-like query parameters, URL passwords and any of `secrets` masked. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // too short to tell from ordinary text
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  return out
    .replace(HEADER_VALUE, `$1$2${REDACTED}`)
    .replace(SCHEME_TOKEN, `$1 ${REDACTED}`)
    .replace(QUERY_SECRET, `$1${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/** A copy of request or response headers with every credential header's value masked. */
export function redactHeaders<V>(headers: Record<string, V>): Record<string, V | string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.includes(name.toLowerCase()) ? REDACTED : value]));
}

/** An error (its name, message, stack, own fields and causes) or any value, as one masked text for a log. */
export function describeForLog(value: unknown, secrets: readonly string[] = []): string {
  return redactText(describe(value, 0, new WeakSet()), secrets);
}

const MAX_DEPTH = 4;
const MAX_TEXT = 8_000;

function describe(value: unknown, depth: number, seen: WeakSet<object>): string {
  if (!(value instanceof Error)) return plain(value, depth, seen);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  const head = value.stack ?? `${value.name}: ${value.message}`;
  const fields = Object.entries(value).filter(([k]) => k !== 'cause' && k !== 'stack' && k !== 'message');
  const parts = [head];
  if (fields.length > 0) parts.push(plain(Object.fromEntries(fields), depth + 1, seen));
  if (value.cause !== undefined && depth < MAX_DEPTH) parts.push(`caused by: ${describe(value.cause, depth + 1, seen)}`);
  return parts.join('\n').slice(0, MAX_TEXT);
}

/** JSON-like text of a non-error value, never throwing (cycles, BigInt, huge values). */
function plain(value: unknown, depth: number, seen: WeakSet<object>): string {
  if (typeof value === 'string') return value.slice(0, MAX_TEXT);
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Error) return describe(v, depth + 1, seen);
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    }).slice(0, MAX_TEXT);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Runs of this many characters of a key (in any spelling below) are enough to call a text a leak. */
const LEAK_RUN = 8;

/**
 * The spellings of a key a server might echo, lowercased: as is, reversed, URL-encoded, hex, and
 * base64 and base64url at each of the three alignments it can have inside a longer encoded text
 * ("Basic " + base64("user:" + key)), without the edge characters its neighbours change.
 */
function secretSpellings(secret: string): string[] {
  const forms = [secret, [...secret].reverse().join(''), encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('hex')];
  for (const pad of ['', 'a', 'aa']) {
    const bytes = Buffer.from(pad + secret, 'utf8');
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = bytes.toString(encoding).replace(/=+$/, '');
      forms.push(encoded.slice(pad === '' ? 0 : 4, Math.max(0, encoded.length - 4)));
    }
  }
  return [...new Set(forms.map((f) => f.toLowerCase()).filter((f) => f.length >= 4))];
}

/**
 * Whether `text` carries `secret` in any spelling a server might echo it in (see secretSpellings),
 * in any case, whole or as a run of 8 characters or more.
 */
export function carriesSecret(text: string, secret: string): boolean {
  if (secret.length < 4) return false; // too short to tell from ordinary text
  const haystack = text.toLowerCase();
  for (const form of secretSpellings(secret)) {
    if (form.length <= LEAK_RUN) {
      if (haystack.includes(form)) return true;
      continue;
    }
    for (let i = 0; i + LEAK_RUN <= form.length; i++) if (haystack.includes(form.slice(i, i + LEAK_RUN))) return true;
  }
  return false;
}

/** The text with every whole spelling of `secret` (see secretSpellings, any case) replaced by `mask`. */
export function maskSecret(text: string, secret: string, mask = '[hidden]'): string {
  if (secret.length < 4) return secret.length > 0 ? text.split(secret).join(mask) : text;
  let out = text.split(secret).join(mask);
  // Longest first, so a spelling inside a longer one does not leave the rest of it behind.
  for (const form of secretSpellings(secret).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), mask);
  }
  return out;
}

/** Server text with the key masked, or null when part of the key would still show in some spelling (quote nothing then). */
export function hideSecret(text: string, secret: string, mask = '[hidden]'): string | null {
  const masked = maskSecret(text, secret, mask);
  return carriesSecret(masked, secret) ? null : masked;
}
