/**
 * Turns a ConnectSafely error response into a sentence a person can act on. ConnectSafely uses
 * three body shapes (connectsafely.md §4): `{ error }`, `{ success: false, error }` and
 * `{ success: false, code, message }`. The HTTP status decides the kind; the body only adds words.
 */
import { AppError } from '../../errors';
import { tooFast, unreadableResponse, type ErrorContext } from '../errors-common';
import type { HttpResponse } from '../http';
import { quoteServerText } from '../kit/quote';
import { parseRateLimitReset, waitFrom429 as waitFromHeaders } from '../kit/rate-limit';

export { parseRateLimitReset };

export type { ErrorContext };

const LABEL = 'ConnectSafely';

/** The server's own words from any of the three shapes, trimmed, with the key removed. */
export function serverMessage(body: unknown, secret?: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { error?: unknown; message?: unknown; code?: unknown };
  const nested = typeof b.error === 'object' && b.error !== null ? (b.error as { message?: unknown }).message : undefined;
  const raw = [b.error, nested, b.message, b.code].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (raw === undefined) return null;
  // Anything that still looks like a credential is not worth quoting.
  return quoteServerText(raw, secret, [{ pattern: /\bBearer\s+\S+/gi, replacement: 'Bearer [hidden]' }]);
}

/** How long a 429 asks us to wait: Retry-After, else X-RateLimit-Reset, else null. */
export function waitFrom429(res: HttpResponse, now: number): number | null {
  return waitFromHeaders(res.headers, now);
}

/**
 * The end of a hold LinkedIn put on the account, from a 429 body's `holdUntil` (ISO 8601 or
 * epoch), or null when the body carries none.
 */
export function holdUntilFrom(body: unknown, now: number): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const raw = (body as { holdUntil?: unknown }).holdUntil;
  return typeof raw === 'number' || typeof raw === 'string' ? parseRateLimitReset(raw, now) : null;
}

/** The AppError for a request refused (or not made) while LinkedIn holds the account. */
export function onHold(accountName: string, until: number, now: number): AppError {
  const at = `${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return new AppError(
    'rate-limited',
    `LinkedIn has paused this account until ${at} (${inAboutFromNow(until - now)}). ${LABEL} refuses every request for '${accountName}' until then, so the app sends none and tries again after.`,
    { status: 429, retryable: true, retryAfterMs: Math.max(0, until - now) },
  );
}

function inAboutFromNow(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes < 90 ? `in about ${minutes} min` : `in about ${Math.round(minutes / 60)} h`;
}

/** The AppError for a non-2xx ConnectSafely response (daily-cap 429s are handled by the adapter). */
export function errorFromResponse(res: HttpResponse, ctx: ErrorContext): AppError {
  const { status } = res;
  const name = `'${ctx.accountName}'`;
  const quoted = ctx.quote === false ? null : serverMessage(res.body, ctx.secret);
  switch (true) {
    case status === 400 || status === 422:
      return new AppError('invalid-input', `${LABEL} refused the request for ${name}${quoted ? `: ${quoted}` : '.'}`, { status });
    case status === 401:
      return new AppError('auth', `${LABEL} rejected the API key for ${name} — update it in Settings.`, { status });
    case status === 403:
      return new AppError('auth', `${LABEL} refused access for ${name} — check the API key and the account ID in Settings.`, { status });
    case status === 404:
      return notFound(ctx, name, quoted, status);
    case status === 429:
      return rateLimited(res, ctx, name);
    case status >= 500:
      return new AppError('server', `${LABEL} had a problem on its side (HTTP ${status}) — it will be tried again.`, { status, retryable: true });
    case status >= 300 && status < 400:
      return new AppError('bad-response', `${LABEL} redirected a request for ${name} somewhere this app does not follow (HTTP ${status}).`, { status });
    default:
      return new AppError('bad-response', `${LABEL} sent a response this app cannot read (HTTP ${status}) for ${name}.`, { status });
  }
}

function notFound(ctx: ErrorContext, name: string, quoted: string | null, status: number): AppError {
  const aboutAccount = /account/i.test(quoted ?? '');
  if (ctx.conversationId !== undefined && !aboutAccount) {
    return new AppError(
      'not-found',
      `${LABEL} could not find this conversation for ${name} — it may have been deleted on LinkedIn, or it belongs to another LinkedIn account.`,
      { status },
    );
  }
  return new AppError('not-found', `${LABEL} does not know the LinkedIn account set for ${name} — check the account ID in Settings, or reconnect the account in ConnectSafely.`, {
    status,
  });
}

function rateLimited(res: HttpResponse, ctx: ErrorContext, name: string): AppError {
  const wait = waitFrom429(res, ctx.now) ?? 60_000;
  return tooFast(LABEL, ctx.accountName, wait);
}

/** The AppError for a 2xx answer that says `success: false`. */
export function failedAnyway(body: unknown, ctx: ErrorContext, status: number): AppError {
  const quoted = ctx.quote === false ? null : serverMessage(body, ctx.secret);
  return new AppError('server', `${LABEL} could not carry out the request for '${ctx.accountName}'${quoted ? `: ${quoted}` : ''} — it will be tried again.`, {
    status,
    retryable: true,
  });
}

/** The AppError for a body that is not JSON or not the expected shape. */
export function unreadable(what: string, ctx: Pick<ErrorContext, 'accountName'>, status: number | null = null): AppError {
  return unreadableResponse(LABEL, what, ctx.accountName, status);
}
