/**
 * What the Add-account form says when the provider refuses what was typed. The core's sentence
 * for a rejected key is written for an account that already exists ("— update it in Settings");
 * in the form the person is already there, so a refusal of the key (code 'auth') is worded for
 * the form: which field to fix, and what to press next. Every other refusal keeps the core's
 * sentence. Pure: no React, no store.
 */
import type { AppErrorCode } from '../../shared/errors';
import { PROVIDER_LABELS } from '../../shared/domain';
import { PROVIDER_FORMS, type ConnectableProvider } from './accounts';

/** The sentence the form shows for a refused test or add. */
export function addFormProblem(provider: ConnectableProvider, problem: { code: AppErrorCode | string; message: string }, typedKey: string): string {
  if (problem.code !== 'auth') return problem.message;
  const label = PROVIDER_LABELS[provider];
  const form = PROVIDER_FORMS[provider];
  // A 403 can mean the key is fine but not for these ids: the required ids are worth a look too.
  const ids = form.fields.filter((f) => f.required).map((f) => f.label);
  const check = ids.length > 0 ? ` and check the ${ids.join(' and the ')}` : '';
  // Crispy keys have a known prefix: a key without it was probably copied from the wrong place.
  const prefix = provider === 'crispy' && typedKey.trim() !== '' && !typedKey.trim().startsWith('crispy_') ? ' Crispy keys start with crispy_.' : '';
  return `${label} did not accept this API key. Copy it again from ${label}, paste it into “API key” here${check}, then press Add account.${prefix}`;
}
