/**
 * What a failed connection test says. The adapter's sentence, which for a host the person has not
 * saved quotes nothing the server wrote (ProviderContext.quoteServerText), and never the key in
 * any spelling. For such a host every network failure is the same one sentence, so the form cannot
 * tell a closed port from a silent or a reset one (it cannot be used to scan ports).
 */
import type { ConnectionVerdict, ProviderKind } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { toErrorShape } from '../errors';
import { DEFAULT_BASE_URLS } from '../net/base-url';
import { carriesSecret } from '../redact';

export interface VerdictContext {
  provider: Exclude<ProviderKind, 'demo'>;
  /** The origin the test went to. */
  origin: string;
  /** The provider's own address, or the one this account's key was saved for. */
  trusted: boolean;
  /** The key that was sent, so no sentence carries it in any spelling. */
  key: string | null;
}

/** The verdict for an error thrown while testing a connection. */
export function failedVerdict(err: unknown, ctx: VerdictContext): Extract<ConnectionVerdict, { ok: false }> {
  const shape = toErrorShape(err);
  const label = PROVIDER_LABELS[ctx.provider];
  if (!ctx.trusted && shape.code === 'network') {
    return { ok: false, code: 'network', message: `No answer came from ${ctx.origin}. Check the base URL, or leave it empty to use ${label}'s own address (${DEFAULT_BASE_URLS[ctx.provider]}).` };
  }
  if (ctx.key && carriesSecret(shape.message, ctx.key)) {
    return { ok: false, code: shape.code, message: `${label} refused the connection test; its answer is not shown because it contained the API key.` };
  }
  return { ok: false, code: shape.code, message: shape.message };
}
