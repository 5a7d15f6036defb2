import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANGED_CHANNEL, INBOX_METHODS, IPC_METHODS, invokeChannel } from '../../src/shared/ipc';

// A fake ipcRenderer that keeps listeners per channel, and a contextBridge that records what is exposed.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  return {
    listeners,
    exposed: new Map<string, any>(),
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
      on: vi.fn((channel: string, l: (...a: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      }),
      removeListener: vi.fn((channel: string, l: (...a: unknown[]) => void) => void listeners.get(channel)?.delete(l)),
    },
    /** Main sends on a channel: every listener gets (event, ...args), as in Electron. */
    emit(channel: string, ...args: unknown[]) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'the IpcRendererEvent' }, ...args);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: electron.ipcRenderer,
}));

async function loadPreload() {
  vi.resetModules();
  electron.exposed.clear();
  electron.listeners.clear();
  vi.clearAllMocks();
  await import('../../src/preload/index');
  return electron.exposed.get('inbox');
}

beforeEach(() => {
  electron.exposed.clear();
});

describe('the preload', () => {
  it("exposes one object, 'inbox', with exactly the contract's methods and the two listeners", async () => {
    const bridge = await loadPreload();
    expect([...electron.exposed.keys()]).toEqual(['inbox']);
    expect(Object.keys(bridge).sort()).toEqual([...IPC_METHODS, 'onChanged', 'onOpenConversation'].sort());
    for (const key of Object.keys(bridge)) expect(typeof bridge[key]).toBe('function');
  });

  it('offers no raw invoke, send or on for arbitrary channels', async () => {
    const bridge = await loadPreload();
    for (const raw of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'removeListener']) expect(bridge).not.toHaveProperty(raw);
  });

  it.each(IPC_METHODS)('%s invokes its own channel with its arguments and returns the answer', async (method) => {
    const bridge = await loadPreload();
    const answer = await bridge[method]('a', { b: 1 });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(invokeChannel(method), 'a', { b: 1 });
    expect(answer).toEqual({ ok: true, value: { channel: invokeChannel(method), args: ['a', { b: 1 }] } });
  });

  it('onChanged delivers the change event only (never the IpcRendererEvent) until unsubscribed', async () => {
    const bridge = await loadPreload();
    const seen: unknown[][] = [];
    const off = bridge.onChanged((...args: unknown[]) => seen.push(args));
    electron.emit(CHANGED_CHANNEL, { conversations: ['c_1'] });
    off();
    electron.emit(CHANGED_CHANNEL, { accounts: true });
    expect(seen).toEqual([[{ conversations: ['c_1'] }]]);
    expect(electron.listeners.get(CHANGED_CHANNEL)?.size ?? 0).toBe(0);
  });

  it('onOpenConversation passes a clicked notification’s conversation id', async () => {
    const bridge = await loadPreload();
    const ids: string[] = [];
    const off = bridge.onOpenConversation((id: string) => ids.push(id));
    electron.emit('inbox:open-conversation', 'c_42');
    electron.emit('inbox:open-conversation', { not: 'an id' });
    off();
    electron.emit('inbox:open-conversation', 'c_43');
    expect(ids).toEqual(['c_42']);
  });

  it('keeps an open request that arrives before the app listens, and hands it over once', async () => {
    const bridge = await loadPreload();
    electron.emit('inbox:open-conversation', 'c_early');
    const first: string[] = [];
    const second: string[] = [];
    bridge.onOpenConversation((id: string) => first.push(id));
    bridge.onOpenConversation((id: string) => second.push(id));
    expect(first).toEqual(['c_early']);
    expect(second).toEqual([]);
  });

  it('stays small and imports nothing but electron and the shared contract', () => {
    const source = readFileSync(join(__dirname, '../../src/preload/index.ts'), 'utf8');
    expect(source.split('\n').length).toBeLessThan(60);
    const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((s) => s === 'electron' || s.startsWith('../shared/'))).toBe(true);
  });
});
