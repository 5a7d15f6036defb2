import type { BenchPage } from './bench';

/**
 * An init script (Bench.open's initScript) that records, per IPC method, how many answers the
 * page has received and the arguments of the last one answered (window.__answered). The record
 * is made before the app's own continuation runs, and a later page.evaluate runs only after every
 * such continuation and React's commit; so a record read from the test means the renderer has
 * acted on that answer. It is the sync point for checking that something did not appear, or that
 * the core has taken in what the renderer told it, without waiting a fixed time.
 */
export const RECORD_ANSWERS_SCRIPT = `(() => {
  const answered = {};
  Object.defineProperty(window, '__answered', { value: answered });
  const raw = window.__inboxInvoke;
  window.__inboxInvoke = (method, args) => {
    const answer = raw(method, args);
    answer.then(() => {
      const seen = answered[method] || (answered[method] = { count: 0, lastArgs: null });
      seen.count += 1;
      seen.lastArgs = args;
    }, () => {});
    return answer;
  };
})();`;

export interface Answered {
  count: number;
  /** The arguments of the last call answered, or null before any. */
  lastArgs: unknown[] | null;
}

/** What the page has had back for `method` (needs RECORD_ANSWERS_SCRIPT). */
export function answeredInPage(app: BenchPage, method: string): Promise<Answered> {
  return app.page.evaluate((m) => (globalThis as unknown as { __answered: Record<string, Answered> }).__answered[m] ?? { count: 0, lastArgs: null }, method);
}
