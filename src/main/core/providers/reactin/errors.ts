/** Turns a ReactIn error response (status + `{ message }` body) into a sentence a person can act on. */
import { AppError } from '../../errors';
import { cleanLine } from '../sanitize';
import { tooFast, unreadableResponse, type ErrorContext } from '../errors-common';
import { header, parseRetryAfter, type HttpResponse } from '../http';
import { hideSecret } from '../../redact';

export type { ErrorContext };

const MAX_QUOTE = 200;

/** The server's own `message`, trimmed to a quotable length with the secret removed. */
export function serverMessage(body: unknown, secret?: string): string | null {
  const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  // Quoted into sentences the app shows: one line, no control, direction or invisible characters.
  let text = cleanLine(raw, 10_000) ?? '';
  if (text === '') return null;
  if (secret) {
    // A key echoed reversed, encoded or in part is not quoted at all.
    const hidden = hideSecret(text, secret);
    if (hidden === null) return null;
    text = hidden;
  }
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
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
  const reset = Number(header(res, 'x-ratelimit-reset'));
  const fromReset = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - ctx.now) : null;
  const wait = parseRetryAfter(res.headers['retry-after'], ctx.now) ?? fromReset ?? 60_000;
  return tooFast('ReactIn', ctx.accountName, wait);
}

/** The AppError for a body that is not JSON or not the expected shape. */
export function unreadable(what: string, ctx: Pick<ErrorContext, 'accountName'>, status: number | null = null): AppError {
  return unreadableResponse('ReactIn', what, ctx.accountName, status);
}
