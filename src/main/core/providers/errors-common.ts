/** Error sentences and context every provider adapter shares, so the four say the same thing the same way. */
import { AppError } from '../errors';

export interface ErrorContext {
  /** The account's display name, e.g. 'Sales seat'. */
  accountName: string;
  /** Set when the request concerned one conversation. */
  conversationId?: string;
  /** Removed from any server text we quote, in case the server echoes it. */
  secret?: string;
  /** False for a host the person has not saved (a connection test of a typed base URL): nothing the server wrote is quoted. */
  quote?: boolean;
  now: number;
}

/** The provider answered something that is not JSON or not the expected shape. */
export function unreadableResponse(provider: string, what: string, accountName: string, status: number | null = null): AppError {
  return new AppError('bad-response', `${provider} sent a response this app cannot read (${what}) for '${accountName}' — it will be tried again on the next sync.`, {
    status,
  });
}

/** The provider said "too fast" (429): wait `waitMs`, then try again. */
export function tooFast(provider: string, accountName: string, waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('rate-limited', `${provider} is limiting how fast '${accountName}' can make requests — the app will try again in ${seconds} s.`, {
    status: 429,
    retryable: true,
    retryAfterMs: waitMs,
  });
}
