/** The renderer's side of "Open logs folder": it asks the bridge, and a refusal comes back as the sentence main wrote. */
import { describe, expect, it, vi } from 'vitest';
import { openLogsFolder } from '../../src/renderer/src/shellActions';
import type { InboxBridge } from '../../src/shared/ipc';

const bridgeWith = (openLogs: InboxBridge['openLogsFolder']) => ({ openLogsFolder: openLogs }) as unknown as InboxBridge;

describe('openLogsFolder (renderer)', () => {
  it('asks main once, with no arguments', async () => {
    const ask = vi.fn(async () => ({ ok: true as const, value: undefined }));
    await openLogsFolder(bridgeWith(ask));
    expect(ask).toHaveBeenCalledWith();
  });

  it('passes on main’s sentence when the folder cannot be opened', async () => {
    const message = 'The logs folder could not be opened (no file manager). It is /home/me/.config/Inbox/logs; open it in your file manager.';
    await expect(openLogsFolder(bridgeWith(async () => ({ ok: false, error: { code: 'invalid-input', message } })))).rejects.toThrow(message);
  });

  it('says so when the page runs without the app behind it', async () => {
    await expect(openLogsFolder(null)).rejects.toThrow(/no app behind it/);
  });
});
