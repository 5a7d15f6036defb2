/**
 * The development switch for loopback base URLs: honoured by `npm start` from a checkout, ignored
 * by a packaged app whatever its environment says, and off unless asked for.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ app: { isPackaged: false, getPath: (name: string) => `/fake/${name}`, enableSandbox: vi.fn() } }));
vi.mock('electron', async () => (await import('../support/electron-stub')).inertElectron({ app: electron.app }));
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../src/main/core', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../src/main/core')>()), createCore: vi.fn(async () => ({ fake: 'core' })) }));

import type { Agent } from 'undici';
import { createCore } from '../../src/main/core';
import { LOOPBACK_BASE_URLS_SWITCH } from '../../src/main/dev-switches';
import { electronShell } from '../../src/main/index';

/** What the shell passes to createCore as allowLoopbackBaseUrls, packaged or not, with the switch set or not. */
async function loopbackAllowed(isPackaged: boolean, value: string | undefined): Promise<unknown> {
  electron.app.isPackaged = isPackaged;
  if (value === undefined) vi.stubEnv(LOOPBACK_BASE_URLS_SWITCH, undefined as unknown as string);
  else vi.stubEnv(LOOPBACK_BASE_URLS_SWITCH, value);
  vi.mocked(createCore).mockClear();
  await electronShell().openCore({ notify: vi.fn() });
  const opts = vi.mocked(createCore).mock.calls[0]![0];
  await (opts.dispatcher as Agent).close();
  return opts.allowLoopbackBaseUrls;
}

describe('the loopback base-URL switch', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    electron.app.isPackaged = false;
  });

  it('is off unless asked for', async () => {
    expect(await loopbackAllowed(false, undefined)).toBe(false);
    expect(await loopbackAllowed(false, 'yes')).toBe(false);
  });

  it('is honoured in development', async () => {
    expect(await loopbackAllowed(false, '1')).toBe(true);
  });

  it('is ignored by a packaged app', async () => {
    expect(await loopbackAllowed(true, '1')).toBe(false);
  });
});
