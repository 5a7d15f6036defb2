/**
 * The renderer's client for the core: turns the preload's `window.inbox` (answers as
 * IpcResult, because Error objects lose their fields crossing the context bridge) back
 * into InboxApi, throwing an InboxError that carries the code and the person's sentence.
 */
import type { AppErrorCode } from '../../shared/errors';
import { isAppErrorShape } from '../../shared/errors';
import type { InboxApi, InboxBridge, InboxMethod, IpcResult } from '../../shared/ipc';
import { INBOX_METHODS } from '../../shared/ipc';

declare global {
  interface Window {
    /** Exposed by the preload (or the browser test bench); absent in a plain browser tab. */
    inbox?: InboxBridge;
  }
}

/** A failure the person can read: `message` is a sentence written for them. */
export class InboxError extends Error {
  readonly code: AppErrorCode;
  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = 'InboxError';
    this.code = code;
  }
}

const UNREACHABLE = 'The window lost its connection to the app. Restart the app if this keeps happening.';

/** The sentence to show for anything thrown by an api call. */
export function errorSentence(err: unknown): string {
  if (err instanceof InboxError) return err.message;
  return 'Something went wrong. Try again; restart the app if it keeps happening.';
}

/** Wraps a bridge into InboxApi: one method per entry of INBOX_METHODS, nothing else. */
export function createInboxClient(bridge: InboxBridge): InboxApi {
  async function call(method: InboxMethod, args: unknown[]): Promise<unknown> {
    let result: IpcResult<unknown>;
    try {
      const fn = bridge[method] as (...a: unknown[]) => Promise<IpcResult<unknown>>;
      result = await fn(...args);
    } catch {
      throw new InboxError('internal', UNREACHABLE);
    }
    if (result && result.ok === true) return result.value;
    if (result && result.ok === false && isAppErrorShape(result.error)) throw new InboxError(result.error.code, result.error.message);
    throw new InboxError('internal', UNREACHABLE);
  }
  const client: Partial<Record<InboxMethod, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of INBOX_METHODS) client[method] = (...args: unknown[]) => call(method, args);
  return client as unknown as InboxApi;
}

/** The bridge the preload installed, or null when the page runs without one. */
export function findBridge(): InboxBridge | null {
  return typeof window !== 'undefined' && window.inbox ? window.inbox : null;
}
