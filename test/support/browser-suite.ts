/**
 * The hooks every browser test file shares: one Chromium for the file (launched before its
 * first test, closed after its last), and cleanups registered during a test, run after it,
 * newest first (the page before the core it talks to, the core before its data directory).
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { launchBench, type Bench } from './bench';
import { cleanupAfterEach } from './cleanups';

export interface BrowserSuite {
  /** This file's Chromium; ready inside tests. */
  readonly bench: Bench;
  /** Runs after the current test, newest first. */
  defer(...cleanups: (() => unknown)[]): void;
}

/**
 * A ceiling, not a wait, for each browser test of the file: a walk through several screens takes
 * 5–10 s on a quiet machine and over 30 s (the suite's default) at a load of 20 on 2 cores.
 */
export const BROWSER_TEST_TIMEOUT_MS = 90_000;

export function browserSuite(): BrowserSuite {
  vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT_MS });
  let bench: Bench | undefined;
  beforeAll(async () => {
    bench = await launchBench();
  });
  afterAll(async () => {
    await bench?.close();
  });
  const defer = cleanupAfterEach();
  return {
    get bench(): Bench {
      if (!bench) throw new Error('The browser is launched in beforeAll: use it inside a test.');
      return bench;
    },
    defer,
  };
}
