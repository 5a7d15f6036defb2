/**
 * A setting shows its new value the moment it is chosen (a radio moves when clicked), and goes
 * back, with the core's sentence, when the core refuses it. Store-level: a fake core whose
 * answers the test holds and releases.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AppSettings } from '../../src/shared/domain';
import type { InboxApi } from '../../src/shared/ipc';
import { createInboxStore } from '../../src/renderer/src/store';

function held<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function fakeCore(saved: AppSettings) {
  const answers: ReturnType<typeof held<AppSettings>>[] = [];
  const reads: ReturnType<typeof held<AppSettings>>[] = [];
  const api = {
    getSettings: () => {
      const h = held<AppSettings>();
      reads.push(h);
      return h.promise;
    },
    updateSettings: () => {
      const h = held<AppSettings>();
      answers.push(h);
      return h.promise;
    },
  } as unknown as InboxApi;
  return { api, answers, reads, saved };
}

async function loaded(saved: AppSettings) {
  const core = fakeCore(saved);
  const store = createInboxStore(core.api);
  const loading = store.getState().loadSettings();
  core.reads.shift()!.resolve(saved);
  await loading;
  return { store, core };
}

describe('settings change at once', () => {
  it('shows compact rows before the core has answered, and keeps them when it agrees', async () => {
    const { store, core } = await loaded({ ...DEFAULT_SETTINGS, density: 'comfortable' });
    const saving = store.getState().updateSettings({ density: 'compact' });
    expect(store.getState().settings?.density).toBe('compact');
    core.answers.shift()!.resolve({ ...DEFAULT_SETTINGS, density: 'compact' });
    await saving;
    expect(store.getState().settings?.density).toBe('compact');
  });

  it('goes back to what was saved when the core refuses, and says why', async () => {
    const { store, core } = await loaded({ ...DEFAULT_SETTINGS, density: 'comfortable' });
    const saving = store.getState().updateSettings({ density: 'compact' });
    expect(store.getState().settings?.density).toBe('compact');
    core.answers.shift()!.reject(new Error('The disk is full.'));
    await expect(saving).rejects.toThrow('The disk is full.');
    expect(store.getState().settings?.density).toBe('comfortable');
  });

  it('a read that started before a change does not put the old value back', async () => {
    const { store, core } = await loaded({ ...DEFAULT_SETTINGS, theme: 'system' });
    const reading = store.getState().loadSettings();
    const saving = store.getState().updateSettings({ theme: 'dark' });
    core.reads.shift()!.resolve({ ...DEFAULT_SETTINGS, theme: 'system' });
    await reading;
    expect(store.getState().settings?.theme).toBe('dark');
    core.answers.shift()!.resolve({ ...DEFAULT_SETTINGS, theme: 'dark' });
    await saving;
    expect(store.getState().settings?.theme).toBe('dark');
  });
});
