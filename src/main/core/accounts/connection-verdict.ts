/**
 * What a failed connection test says. For the provider's own address, or the address an
 * account's key was saved for, the adapter's sentence (which may quote the server, never the
 * key). For any other host the person typed, our own sentence only: every network failure is the
 * same one sentence (so the form cannot tell a closed port from a silent one), and nothing the
 * server wrote is quoted back.
 */
import type { ConnectionVerdict, ProviderKind } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { AppError, toErrorShape } from '../errors';
import { DEFAULT_BASE_URLS } from '../net/base-url';
import { carriesSecret } from '../redact';

export interface VerdictContext {
  provider: Exclude<ProviderKind, 'demo'>;
  /** The origin the test went to. */
  origin: string | null;
  /** The provider's own address, or the one this account's key was saved for. */
  trusted: boolean;
  /** The key that was sent, so no sentence carries it in any spelling. */
  key: string | null;
}

/** The verdict for an error thrown while testing a connection. */
export function failedVerdict(err: unknown, ctx: VerdictContext): Extract<ConnectionVerdict, { ok: false }> {
  const shape = toErrorShape(err);
  const label = PROVIDER_LABELS[ctx.provider];
  const host = ctx.origin ?? 'that address';
  const instead = `Check the base URL, or leave it empty to use ${label}'s own address (${DEFAULT_BASE_URLS[ctx.provider]}).`;
  if (!ctx.trusted) {
    const status = err instanceof AppError && err.status !== null ? ` (HTTP ${err.status})` : '';
    switch (shape.code) {
      case 'network':
        return { ok: false, code: 'network', message: `No answer came from ${host}. ${instead}` };
      case 'auth':
        return { ok: false, code: 'auth', message: `${host} did not accept this API key${status}. Check the key, and that the base URL is your ${label} address.` };
      case 'rate-limited':
        break; // our own sentence, with the wait: nothing of the server's in it
      default:
        return { ok: false, code: shape.code, message: `${host} did not answer as ${label}'s API does${status}. ${instead}` };
    }
  }
  if (ctx.key && carriesSecret(shape.message, ctx.key)) {
    return { ok: false, code: shape.code, message: `${label} refused the connection test; its answer is not shown because it contained the API key.` };
  }
  return { ok: false, code: shape.code, message: shape.message };
}
