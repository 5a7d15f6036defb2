import { configDefaults, defineConfig } from 'vitest/config';

// Tests are grouped by what they need to run (Signal's habit):
//   test/core     plain Node: the headless core, providers against loopback simulators
//   test/shell    the Electron glue, with vi.mock('electron') (the binary cannot load here)
//   test/keychain a real gnome-keyring in a private D-Bus session
//   test/browser  the built renderer in Debian's Chromium through Playwright
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Files tests write for a nested vitest run (test/ci) are theirs, not this run's.
    exclude: [...configDefaults.exclude, 'test/.generated/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a person would see; on a shared 2-core machine under load that
    // can take seconds, so the default 1 s is far too short (a wrong answer still fails, later).
    expect: { poll: { timeout: 15_000, interval: 50 } },
    reporters: ['default'],
  },
});
