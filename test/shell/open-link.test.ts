import { beforeEach, describe, expect, it, vi } from 'vitest';

// index.ts imports Electron and, through preferences.ts, electron-store: neither can load here.
const electron = vi.hoisted(() => ({
  openExternal: vi.fn(async (_url: string) => {}),
  writeText: vi.fn((_text: string) => {}),
  app: { isPackaged: false, getPath: (name: string) => `/fake/${name}`, enableSandbox: vi.fn() },
}));
vi.mock('electron', async () =>
  (await import('../support/electron-stub')).inertElectron({
    app: electron.app,
    shell: { openExternal: electron.openExternal },
    clipboard: { writeText: electron.writeText },
  }),
);
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../src/main/core', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/main/core')>();
  // The real core stays available (the last test runs openLink through it with the shell's ports).
  return { ...real, createCore: vi.fn(async () => ({ fake: 'core' })) };
});

import type { Agent } from 'undici';
import { createCore, MemorySecretStore, type CoreOptions } from '../../src/main/core';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { electronShell } from '../../src/main/index';

describe("the core's openExternal port in the shell", () => {
  beforeEach(() => {
    electron.openExternal.mockClear();
    electron.writeText.mockClear();
    vi.mocked(createCore).mockClear();
  });

  it('calls shell.openExternal with an allowed link, normalised, and never with a refused one', async () => {
    await electronShell().openCore({ notify: vi.fn() });
    const opts = vi.mocked(createCore).mock.calls[0]![0];
    const openExternal = opts.openExternal!;
    await openExternal('https://WWW.linkedin.com/in/jane');
    expect(electron.openExternal.mock.calls).toEqual([['https://www.linkedin.com/in/jane']]);

    for (const url of ['https://evil.com/?linkedin.com', 'javascript:alert(1)', 'file:///etc/passwd', 'http://linkedin.com/in/jane']) {
      await expect(openExternal(url)).rejects.toThrow(/opened from this app/);
    }
    expect(electron.openExternal).toHaveBeenCalledTimes(1);
    await (opts.dispatcher as Agent).close();
  });

  it("passes Electron's clipboard as copyText: a refused https link is copied by main, an allowed one opens and is not copied, javascript: is neither", async () => {
    await electronShell().openCore({ notify: vi.fn() });
    const opts = vi.mocked(createCore).mock.calls[0]![0];
    await (opts.dispatcher as Agent).close();
    // The real core, with the ports the shell built.
    const { createCore: realCreateCore } = await vi.importActual<typeof import('../../src/main/core')>('../../src/main/core');
    const tmp = tempDataDir('inbox-open-link-');
    const core = await realCreateCore({
      dataDir: tmp.dir,
      secrets: new MemorySecretStore(),
      dispatcher: offlineDispatcher(),
      openExternal: opts.openExternal,
      copyText: opts.copyText,
    } satisfies CoreOptions);
    try {
      expect(await core.openLink('https://example.com/portfolio')).toEqual({
        opened: false,
        reason: 'Links to example.com are not opened from this app; only LinkedIn and a few meeting and document sites are.',
        copied: true,
      });
      expect(electron.writeText.mock.calls).toEqual([['https://example.com/portfolio']]);
      expect(electron.openExternal).not.toHaveBeenCalled();

      expect(await core.openLink('https://www.linkedin.com/in/jane')).toEqual({ opened: true });
      expect(electron.openExternal.mock.calls).toEqual([['https://www.linkedin.com/in/jane']]);

      expect(await core.openLink('javascript:alert(1)')).toEqual({ opened: false, reason: expect.stringContaining('javascript:'), copied: false });
      // Only the refused https link ever reached the clipboard; javascript: reached nothing.
      expect(electron.writeText.mock.calls).toEqual([['https://example.com/portfolio']]);
      expect(electron.openExternal).toHaveBeenCalledTimes(1);
    } finally {
      await core.close();
      tmp.cleanup();
    }
  });
});
