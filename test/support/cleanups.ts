/** Cleanups registered during a test, run after it, newest first (a page before its core, a core before its folder). */
import { afterEach } from 'vitest';

export function cleanupAfterEach(): (...cleanups: (() => unknown)[]) => void {
  let pending: (() => unknown)[] = [];
  afterEach(async () => {
    const due = pending.reverse();
    pending = [];
    for (const c of due) await c();
  });
  return (...cleanups) => void pending.push(...cleanups);
}
