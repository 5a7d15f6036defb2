import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { MemorySettingsStore } from '../../src/main/core';
import { DEFAULT_SETTINGS } from '../../src/shared/domain';

/** A fresh temporary data directory, removed by the returned cleanup. */
export function tempDataDir(prefix = 'inbox-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A dispatcher with the network switched off: any request fails as if offline. */
export function offlineDispatcher(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/** Settings with no undo window, so a test's deliverOutbox() sends a reply at once. */
export function sendAtOnce(): MemorySettingsStore {
  const settings = new MemorySettingsStore();
  settings.save({ ...DEFAULT_SETTINGS, undoSendSeconds: 0 });
  return settings;
}
