/** How an adapter builds its HTTP options and reads a parsed answer. */
import type { z } from 'zod';
import type { AppError } from '../../errors';
import type { HttpOptions } from '../http';
import type { ProviderContext } from '../types';

/** The tuning an adapter accepts from tests and the shell; the defaults suit production. */
export type AdapterOptions = Pick<HttpOptions, 'timeoutMs' | 'deadlineMs' | 'maxRateLimitRetries' | 'maxRetryAfterMs'>;

/** sendJson's options for one account: the context's dispatcher, clock, budget and close signal, then `options`. */
export function httpOptionsFor(ctx: ProviderContext, providerLabel: string, options: AdapterOptions & Pick<HttpOptions, 'rateLimitWait'> = {}): HttpOptions {
  return { dispatcher: ctx.dispatcher, clock: ctx.clock, budget: ctx.budget, signal: ctx.signal, providerLabel, accountName: ctx.account.name, ...options };
}

/** What parseAnswer needs of a 2xx answer. */
export interface Answer {
  status: number;
  body: unknown;
  malformed: boolean;
}

/**
 * The body of a 2xx answer checked against `schema`; an answer that is not JSON, or not of the
 * shape, becomes the adapter's 'bad-response' error ("<what>, not JSON" or "<what>").
 */
export function parseAnswer<S extends z.ZodType>(res: Answer, schema: S, what: string, unreadable: (what: string, status: number) => AppError): z.output<S> {
  if (res.malformed) throw unreadable(`${what}, not JSON`, res.status);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw unreadable(what, res.status);
  return parsed.data;
}
