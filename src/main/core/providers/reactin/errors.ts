/** Turns a ReactIn error response (status + `{ message }` body) into a sentence a person can act on. */
import { AppError } from '../../errors';
import { tooFast, unreadableResponse, type ErrorContext } from '../errors-common';
import type { HttpResponse } from '../http';
import { quoteServerText } from '../kit/quote';
import { waitFrom429 } from '../kit/rate-limit';

export type { ErrorContext };

/** The server's own `message`, trimmed to a quotable length with the secret removed. */
export function serverMessage(body: unknown, secret?: string): string | null {
  const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof raw === 'string' ? quoteServerText(raw, secret) : null;
}

/** The AppError for a non-2xx ReactIn response. */
export function errorFromResponse(res: HttpResponse, ctx: ErrorContext): AppError {
  const { status } = res;
  const name = `'${ctx.accountName}'`;
  const quoted = ctx.quote === false ? null : serverMessage(res.body, ctx.secret);
  switch (true) {
    case status === 400:
      return new AppError('invalid-input', `ReactIn refused the request for ${name}${quoted ? `: ${quoted}` : '.'}`, { status });
    case status === 401:
      return new AppError('auth', `ReactIn rejected the API key for ${name} — update it in Settings.`, { status });
    case status === 403:
      return new AppError('auth', `ReactIn refused access for ${name} — check the API key and organisation ID in Settings.`, { status });
    case status === 404:
      return new AppError(
        'not-found',
        ctx.conversationId !== undefined
          ? `ReactIn could not find this conversation for ${name} — it may have been removed, or the organisation ID in Settings may be wrong.`
          : `ReactIn does not know the organisation ID set for ${name} — check it in Settings.`,
        { status },
      );
    case status === 409:
      return /not\s*ready/i.test(quoted ?? '')
        ? new AppError('not-ready', `This chat is not ready yet in ReactIn for ${name} — it will be tried again shortly.`, { status, retryable: true })
        : new AppError('disconnected', `The LinkedIn account behind ${name} is disconnected in ReactIn — reconnect it in ReactIn, then try again.`, { status });
    case status === 429:
      return rateLimited(res, ctx, name);
    case status >= 500:
      return new AppError('server', `ReactIn had a problem on its side (HTTP ${status}) — it will be tried again.`, { status, retryable: true });
    default:
      return new AppError('bad-response', `ReactIn sent a response this app cannot read (HTTP ${status}) for ${name}.`, { status });
  }
}

function rateLimited(res: HttpResponse, ctx: ErrorContext, name: string): AppError {
  const wait = waitFrom429(res.headers, ctx.now) ?? 60_000;
  return tooFast('ReactIn', ctx.accountName, wait);
}

/** The AppError for a body that is not JSON or not the expected shape. */
export function unreadable(what: string, ctx: Pick<ErrorContext, 'accountName'>, status: number | null = null): AppError {
  return unreadableResponse('ReactIn', what, ctx.accountName, status);
}
