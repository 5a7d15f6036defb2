/**
 * Dispatches a renderer request to the core: validates the method and its arguments,
 * and turns every outcome into an IpcResult (errors as data). Free of Electron, so the
 * browser bench and the fuzz tests use exactly this path.
 */
import type { InboxApi, InboxMethod, IpcResult } from '../../shared/ipc';
import { INBOX_METHODS } from '../../shared/ipc';
import { toErrorShape } from '../core';
import { ARG_SCHEMAS } from './schemas';

export type InboxDispatch = (method: string, args: unknown[]) => Promise<IpcResult<unknown>>;

const METHODS = new Set<string>(INBOX_METHODS);

/** Builds the validated dispatcher in front of an InboxApi implementation. */
export function createInboxDispatcher(api: InboxApi, log: (err: unknown, method: string) => void = () => {}): InboxDispatch {
  return async (method, args) => {
    if (typeof method !== 'string' || !METHODS.has(method)) return { ok: false, error: { code: 'invalid-input', message: 'Unknown request.' } };
    const m = method as InboxMethod;
    if (!Array.isArray(args)) return { ok: false, error: { code: 'invalid-input', message: `The request '${m}' had invalid input: arguments must be a list.` } };
    const parsed = ARG_SCHEMAS[m].safeParse(args);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-input', message: describeIssue(m, parsed.error.issues[0]) } };
    }
    try {
      const fn = api[m] as (...a: unknown[]) => Promise<unknown>;
      const value = await fn.apply(api, parsed.data as unknown[]);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      const shape = toErrorShape(err);
      if (shape.code === 'internal') log(err, m);
      return { ok: false, error: shape };
    }
  };
}

function describeIssue(method: InboxMethod, issue: { path: PropertyKey[]; message: string } | undefined): string {
  const where = issue && issue.path.length > 0 ? ` (${issue.path.map(String).join('.')})` : '';
  return `The request '${method}' had invalid input${where}: ${issue?.message ?? 'unexpected value'}.`;
}
