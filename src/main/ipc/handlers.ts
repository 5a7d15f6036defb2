/**
 * Dispatches a renderer request to the core: validates the method and its arguments,
 * and turns every outcome into an IpcResult (errors as data). Free of Electron, so the
 * browser bench and the fuzz tests use exactly this path.
 */
import type { AppMethod, InboxApi, IpcResult, ShellApi } from '../../shared/ipc';
import { INBOX_METHODS, SHELL_METHODS } from '../../shared/ipc';
import { toErrorShape } from '../core';
import { ARG_SCHEMAS, SHELL_ARG_SCHEMAS } from './schemas';

export type InboxDispatch = (method: string, args: unknown[]) => Promise<IpcResult<unknown>>;

const METHODS = new Set<string>(INBOX_METHODS);
const SHELL = new Set<string>(SHELL_METHODS);

/**
 * Builds the validated dispatcher in front of an InboxApi implementation, and of the shell's own
 * methods when `shell` is given (without it they are unknown requests, as in the browser bench).
 */
export function createInboxDispatcher(api: InboxApi, log: (err: unknown, method: string) => void = () => {}, shell?: ShellApi): InboxDispatch {
  const schemas: Record<string, { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }> = { ...ARG_SCHEMAS, ...SHELL_ARG_SCHEMAS };
  return async (method, args) => {
    const known = typeof method === 'string' && (METHODS.has(method) || (shell !== undefined && SHELL.has(method)));
    if (!known) return { ok: false, error: { code: 'invalid-input', message: 'Unknown request.' } };
    const m = method as AppMethod;
    if (!Array.isArray(args)) return { ok: false, error: { code: 'invalid-input', message: `The request '${m}' had invalid input: arguments must be a list.` } };
    const parsed = schemas[m]!.safeParse(args);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-input', message: describeIssue(m, parsed.error.issues[0]) } };
    }
    try {
      const target = (SHELL.has(m) ? shell : api) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const value = await target[m]!.apply(target, parsed.data as unknown[]);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      const shape = toErrorShape(err);
      if (shape.code === 'internal') log(err, m);
      return { ok: false, error: shape };
    }
  };
}

function describeIssue(method: AppMethod, issue: { path: PropertyKey[]; message: string } | undefined): string {
  const where = issue && issue.path.length > 0 ? ` (${issue.path.map(String).join('.')})` : '';
  return `The request '${method}' had invalid input${where}: ${issue?.message ?? 'unexpected value'}.`;
}
