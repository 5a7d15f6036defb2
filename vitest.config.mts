import { defineConfig } from 'vitest/config';

// Tests are grouped by what they need to run (Signal's habit):
//   test/core     plain Node: the headless core, providers against loopback simulators
//   test/shell    the Electron glue, with vi.mock('electron') (the binary cannot load here)
//   test/keychain a real gnome-keyring in a private D-Bus session
//   test/browser  the built renderer in Debian's Chromium through Playwright
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
