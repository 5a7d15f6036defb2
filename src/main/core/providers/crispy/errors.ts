/**
 * Turns a Crispy error response into a sentence a person can act on. The REST error body is
 * unconfirmed (crispy.md §5), so the status decides first and the body (`{error}`,
 * `{error:{code,message}}` or `{message}`, see ASSUMED_ERRORS) only adds detail.
 */
import { AppError } from '../../errors';
import { tooFast, unreadableResponse, type ErrorContext } from '../errors-common';
import { nextUtcMidnight, resetSentence } from '../daily-caps';
import { header, parseRetryAfter, type HttpResponse } from '../http';
import { quoteServerText } from '../kit/quote';
import { parseRateLimitReset } from '../kit/rate-limit';
import { CRISPY_KEY_PREFIX, RATE_LIMIT_HEADERS } from './api';
import { ASSUMED_ERRORS } from './assumed';
import { isPlainObject } from './schemas';

export type { ErrorContext };

/** Anything shaped like a Crispy key is hidden from quoted text too, not only the key in use. */
const KEY_LIKE = new RegExp(`${CRISPY_KEY_PREFIX}[A-Za-z0-9_\\-+/=.]+`, 'g');
/** A 429 whose reset is further away than this, with nothing left, is a daily cap, not a burst limit. */
const DAILY_RESET_THRESHOLD_MS = 5 * 60_000;

/** The server's own code and text, from whichever of the accepted shapes it used. */
export function serverError(body: unknown): { code: string | null; text: string | null } {
  if (!isPlainObject(body)) return { code: null, text: null };
  const pickString = (o: Record<string, unknown>, names: readonly string[]): string | null => {
    for (const n of names) {
      const v = o[n];
      if (typeof v === 'string' && v.trim() !== '') return v;
    }
    return null;
  };
  const err = body.error;
  if (typeof err === 'string' && err.trim() !== '') return { code: pickString(body, ASSUMED_ERRORS.code), text: pickString(body, ASSUMED_ERRORS.message) ?? err };
  if (isPlainObject(err)) {
    return {
      code: pickString(err, ASSUMED_ERRORS.code) ?? pickString(body, ASSUMED_ERRORS.code),
      text: pickString(err, ASSUMED_ERRORS.message) ?? pickString(body, ASSUMED_ERRORS.message),
    };
  }
  return { code: pickString(body, ASSUMED_ERRORS.code), text: pickString(body, ASSUMED_ERRORS.message) };
}

/** Server text made safe to show: one line, at most ~200 characters, no key (nor anything shaped like a Crispy key). */
export function quote(raw: string | null, secret?: string): string | null {
  return quoteServerText(raw, secret, [{ pattern: KEY_LIKE, replacement: '[hidden]' }]);
}

/** The daily-cap numbers of a response, when it carries them (reset as epoch ms). */
export function rateLimitNumbers(res: HttpResponse, now: number): { limit?: number; remaining?: number; resetAt?: number } | null {
  const num = (name: string): number | undefined => {
    const raw = header(res, name);
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const limit = num(RATE_LIMIT_HEADERS.limit);
  const remaining = num(RATE_LIMIT_HEADERS.remaining);
  // Unix seconds per crispy.md; the kit's parser also copes with milliseconds and dates.
  const resetAt = parseRateLimitReset(header(res, RATE_LIMIT_HEADERS.reset), now) ?? undefined;
  if (limit === undefined && remaining === undefined && resetAt === undefined) return null;
  return { limit, remaining, resetAt };
}

/** True when a 429 says the day's cap is used up (by its words, or by nothing left until a far reset). */
export function isDailyCapResponse(res: HttpResponse, now: number): boolean {
  if (res.status !== 429) return false;
  const { code, text } = serverError(res.body);
  if ([code, text].some((s) => s !== null && ASSUMED_ERRORS.dailyCap.test(s))) return true;
  const numbers = rateLimitNumbers(res, now);
  return (
    numbers?.remaining === 0 &&
    numbers.resetAt !== undefined &&
    numbers.resetAt - now > DAILY_RESET_THRESHOLD_MS &&
    header(res, 'retry-after') === undefined
  );
}

/** The AppError for a non-2xx Crispy response (a daily-cap 429 on a counted call is the adapter's, via DailyCaps). */
export function errorFromResponse(res: HttpResponse, ctx: ErrorContext): AppError {
  const { status } = res;
  const name = `'${ctx.accountName}'`;
  const { code, text } = serverError(res.body);
  const quoted = ctx.quote === false ? null : quote(text ?? code, ctx.secret);
  switch (true) {
    case status === 400 || status === 422:
      return new AppError('invalid-input', `Crispy refused the request for ${name}${quoted ? `: ${quoted}` : '.'}`, { status });
    case status === 401:
      return keyRejected(ctx, status);
    case status === 403:
      if ([code, text].some((s) => s !== null && ASSUMED_ERRORS.scope.test(s))) {
        return new AppError(
          'auth',
          `The scope of the Crispy API key for ${name} does not allow this${quoted ? ` (${quoted})` : ''} — give the key the scope it needs in Crispy, then update it in Settings.`,
          { status },
        );
      }
      return keyRejected(ctx, status);
    case status === 404:
      return new AppError(
        'not-found',
        ctx.conversationId !== undefined
          ? `Crispy could not find this conversation for ${name} — it may have been deleted, or it belongs to another LinkedIn account than the one this account uses.`
          : `Crispy could not find what ${name} asked for — check the account ID and base URL in Settings.`,
        { status },
      );
    case status === 429:
      return isDailyCapResponse(res, ctx.now) ? dailyCapReached(res, ctx) : rateLimited(res, ctx);
    case status >= 500:
      return new AppError('server', `Crispy had a problem on its side (HTTP ${status}) — it will be tried again.`, { status, retryable: true });
    default:
      return new AppError('bad-response', `Crispy sent a response this app cannot read (HTTP ${status}) for ${name}.`, { status });
  }
}

function keyRejected(ctx: ErrorContext, status: number): AppError {
  const hint = ctx.secret !== undefined && !ctx.secret.startsWith(CRISPY_KEY_PREFIX) ? ` Crispy keys start with '${CRISPY_KEY_PREFIX}'.` : '';
  return new AppError('auth', `Crispy rejected the API key for '${ctx.accountName}' — update it in Settings.${hint}`, { status });
}

/** A short-term 429 that outlasted the waiting sendJson does. */
function rateLimited(res: HttpResponse, ctx: ErrorContext): AppError {
  const resetAt = rateLimitNumbers(res, ctx.now)?.resetAt;
  const fromReset = resetAt !== undefined ? Math.max(0, resetAt - ctx.now) : null;
  const wait = parseRetryAfter(res.headers['retry-after'], ctx.now) ?? fromReset ?? 60_000;
  return tooFast('Crispy', ctx.accountName, wait);
}

/** The day's cap is used up on a call this app does not count itself: wait until the reset. */
function dailyCapReached(res: HttpResponse, ctx: ErrorContext): AppError {
  const resetAt = rateLimitNumbers(res, ctx.now)?.resetAt ?? nextUtcMidnight(ctx.now);
  const wait = Math.max(0, resetAt - ctx.now);
  return new AppError(
    'rate-limited',
    `Crispy says today's limit for '${ctx.accountName}' is used up. ${resetSentence(resetAt, ctx.now)}`,
    { status: 429, retryable: true, retryAfterMs: wait },
  );
}

/** The AppError for a body that is not JSON or not the expected shape. */
export function unreadable(what: string, ctx: Pick<ErrorContext, 'accountName'>, status: number | null = null): AppError {
  return unreadableResponse('Crispy', what, ctx.accountName, status);
}
