/**
 * Turns a Linkup error response (`{ success: false, error: { code, message }, metadata }`,
 * linkup.md §3) into a sentence a person can act on. The HTTP status decides first, the
 * error code second (it only tells apart cases that share a status). Errors never cost
 * credits, so nothing here reports usage.
 */
import { AppError } from '../../errors';
import { tooFast, unreadableResponse, type ErrorContext } from '../errors-common';
import type { HttpResponse } from '../http';
import { quoteServerText } from '../kit/quote';
import { parseRetryAfter } from '../kit/rate-limit';
import { errorBodySchema } from './schemas';

export type { ErrorContext };

/** Linkup publishes no rate-limit numbers; without Retry-After, wait a full minute. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Documented code → HTTP status, for an error that arrives with a 2xx status. */
const STATUS_OF_CODE: Record<string, number> = {
  INVALID_API_KEY: 403,
  ACCOUNT_INACTIVE: 403,
  INVALID_ACCOUNT: 404,
  INVALID_ACTION: 400,
  INVALID_PARAMS: 400,
  RATE_LIMITED: 429,
  INSUFFICIENT_CREDITS: 402,
  INTERNAL_ERROR: 500,
};

/** The error code and message of a Linkup error body, when it has them. */
export function errorDetails(body: unknown): { code: string | null; message: string | null } {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success || !parsed.data.error) {
    // Anything else that says why (a proxy's `{ message }`), for quoting only.
    const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
    return { code: null, message: typeof message === 'string' ? message : null };
  }
  return { code: parsed.data.error.code?.trim().toUpperCase() || null, message: parsed.data.error.message ?? null };
}

/** The server's own message, trimmed to a quotable length with the secret removed. */
export function quotable(raw: string | null, secret?: string): string | null {
  return quoteServerText(raw, secret);
}

/** The AppError for a non-2xx Linkup response. */
export function errorFromResponse(res: HttpResponse, ctx: ErrorContext): AppError {
  const { status } = res;
  const { code, message } = errorDetails(res.body);
  const name = `'${ctx.accountName}'`;
  const quoted = ctx.quote === false ? null : quotable(message, ctx.secret);
  switch (true) {
    case status === 400:
      return new AppError('invalid-input', `Linkup refused the request for ${name}${quoted ? `: ${quoted}` : '.'}`, { status });
    case status === 401:
      // Not documented (Linkup answers 403 for a bad key), but it can only mean the key.
      return keyRejected(name, status);
    case status === 402:
      // Not 'server' or 'auth': nothing is broken and the key is fine. 'rate-limited' is the
      // nearest existing code ("a budget ran out"), but unlike a 429 it does not refill by
      // waiting, so it is not retryable and carries no wait: the person has to top up.
      return new AppError('rate-limited', `Linkup has no credits left for ${name} — top up in Linkup, then try again.`, {
        status,
        retryable: false,
        retryAfterMs: null,
      });
    case status === 403:
      return code === 'ACCOUNT_INACTIVE'
        ? new AppError('disconnected', `The LinkedIn account behind ${name} is inactive in Linkup — reconnect it in Linkup, then try again.`, { status })
        : keyRejected(name, status);
    case status === 404:
      return notFound(code, name, ctx, quoted, status);
    case status === 429:
      return rateLimited(res, ctx, name);
    case status >= 500:
      return new AppError('server', `Linkup had a problem on its side (HTTP ${status}) while serving ${name} — it will be tried again.`, { status, retryable: true });
    default:
      return new AppError('bad-response', `Linkup sent a response this app cannot read (HTTP ${status}) for ${name}.`, { status });
  }
}

/**
 * The AppError for a 2xx answer whose body still says `success: false`, or null when the body
 * does not say that. Read as if it had come with the documented status of its code.
 */
export function errorFromSuccessStatus(res: HttpResponse, ctx: ErrorContext): AppError | null {
  const body = res.body as { success?: unknown } | null | undefined;
  if (typeof body !== 'object' || body === null || body.success !== false) return null;
  const { code } = errorDetails(body);
  const status = code === null ? undefined : STATUS_OF_CODE[code];
  if (status === undefined) {
    return new AppError('bad-response', `Linkup reported an error this app does not know (${ctx.quote === false ? 'its code is not shown for an address you have not saved' : (code ?? 'no code')}) for '${ctx.accountName}'.`, { status: res.status });
  }
  const mapped = errorFromResponse({ ...res, status }, ctx);
  return new AppError(mapped.code, mapped.message, { status: res.status, retryable: mapped.retryable, retryAfterMs: mapped.retryAfterMs });
}

function keyRejected(name: string, status: number): AppError {
  return new AppError('auth', `Linkup rejected the API key for ${name} — update it in Settings.`, { status });
}

function notFound(code: string | null, name: string, ctx: ErrorContext, quoted: string | null, status: number): AppError {
  if (code === 'INVALID_ACCOUNT') {
    return new AppError(
      'not-found',
      `Linkup does not know the account ID set for ${name} — copy it from Linkup's account list (it starts with acc_) into this account's settings.`,
      { status },
    );
  }
  if (code === null) {
    // A 404 without Linkup's error body: the base URL does not lead to Linkup's API.
    return new AppError('not-found', `There is no Linkup messages endpoint at the base URL set for ${name} — correct it in Settings or leave it empty.`, { status });
  }
  if (ctx.conversationId !== undefined) {
    return new AppError('not-found', `Linkup could not find this conversation for ${name} — it may have been removed.`, { status });
  }
  return new AppError('not-found', `Linkup could not find what ${name} asked for${quoted ? `: ${quoted}` : '.'}`, { status });
}

function rateLimited(res: HttpResponse, ctx: ErrorContext, name: string): AppError {
  const wait = parseRetryAfter(res.headers['retry-after'], ctx.now) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
  return tooFast('Linkup', ctx.accountName, wait);
}

/** The AppError for a body that is not JSON or not the expected shape. */
export function unreadable(what: string, ctx: Pick<ErrorContext, 'accountName'>, status: number | null = null): AppError {
  return unreadableResponse('Linkup', what, ctx.accountName, status);
}
