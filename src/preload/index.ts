/**
 * The sandboxed preload: puts exactly the typed contract on `window.inbox`, nothing else.
 * - one method per IPC_METHODS entry (the core's and the shell's), each invoking its own channel (answers are IpcResult);
 * - onChanged(listener): change events from main; returns an unsubscribe function;
 * - onOpenConversation(listener): a clicked notification asks to open a conversation id;
 *   a request that arrives before anyone listens is kept and handed to the first listener.
 * Listeners receive the payload only, never the IpcRendererEvent (it carries ipcRenderer).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ChangeEvent } from '../shared/domain';
import { CHANGED_CHANNEL, IPC_METHODS, invokeChannel, OPEN_CONVERSATION_CHANNEL, type InboxBridge } from '../shared/ipc';

const openListeners = new Set<(conversationId: string) => void>();
let pendingOpen: string | null = null;
ipcRenderer.on(OPEN_CONVERSATION_CHANNEL, (_event, conversationId: unknown) => {
  if (typeof conversationId !== 'string') return;
  if (openListeners.size === 0) pendingOpen = conversationId;
  for (const listener of openListeners) listener(conversationId);
});

const methods = Object.fromEntries(
  IPC_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(invokeChannel(method), ...args)]),
);

const bridge = {
  ...methods,
  onChanged(listener: (event: ChangeEvent) => void): () => void {
    const relay = (_event: unknown, change: ChangeEvent) => listener(change);
    ipcRenderer.on(CHANGED_CHANNEL, relay);
    return () => void ipcRenderer.removeListener(CHANGED_CHANNEL, relay);
  },
  onOpenConversation(listener: (conversationId: string) => void): () => void {
    openListeners.add(listener);
    if (pendingOpen !== null) {
      const id = pendingOpen;
      pendingOpen = null;
      listener(id);
    }
    return () => void openListeners.delete(listener);
  },
} as InboxBridge;

contextBridge.exposeInMainWorld('inbox', bridge);
