/** The error for a triage action a provider does not carry out itself (the core keeps such actions local). */
import { AppError } from '../errors';
import type { MirrorAction } from './types';

/** The error for a mirror the provider does not offer: the core should never have asked. */
export function notOffered(action: MirrorAction): AppError {
  return new AppError('invalid-input', `This provider cannot ${action.type.replace('-', ' ')} conversations; the app keeps that change locally.`);
}
