/**
 * Puts the dispatcher on ipcMain: one `handle` per method of the contract, each checking
 * who is asking before anything is parsed or dispatched (VS Code's habit). Only the top
 * frame of our own renderer page may call; an iframe, another page or a frame that is gone
 * gets an 'invalid-input' answer and never reaches the core.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_METHODS, invokeChannel, type IpcResult } from '../../shared/ipc';
import { toErrorShape } from '../core';
import type { InboxDispatch } from './handlers';

/** The part of ipcMain this module uses. */
export interface IpcHandlerRegistry {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What the check reads from `event.senderFrame` (Electron's WebFrameMain). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export type TrustedSenderCheck = (frame: SenderFrame | null | undefined) => boolean;

export interface RendererLocation {
  /** The page's URL on the app's own scheme (app://inbox/index.html); file:// is never trusted. */
  rendererUrl: string;
  /** The dev server's URL, in development only. */
  devServerUrl?: string;
}

const UNTRUSTED_MESSAGE = 'This request did not come from the app window, so it was refused.';

/** Builds the predicate: true only for the top frame showing our renderer page. */
export function createTrustedSenderCheck(location: RendererLocation): TrustedSenderCheck {
  const page = safeUrl(location.rendererUrl);
  if (!page) throw new Error(`The renderer URL ${location.rendererUrl} is not a URL.`);
  const devOrigin = location.devServerUrl ? safeUrl(location.devServerUrl)?.origin : undefined;

  return (frame) => {
    if (!frame || frame.parent !== null) return false;
    const url = safeUrl(frame.url);
    if (!url) return false;
    // Our page with any hash or query (client-side state), on exactly our scheme and host.
    if (url.protocol === page.protocol && url.host === page.host && url.pathname === page.pathname) return true;
    return devOrigin !== undefined && devOrigin !== 'null' && url.origin === devOrigin;
  };
}

/** Registers one handler per IPC_METHODS entry (the core's and the shell's); returns a function that removes them all. */
export function registerInboxIpc(ipcMain: IpcHandlerRegistry, dispatch: InboxDispatch, isTrustedSender: TrustedSenderCheck): () => void {
  const channels = IPC_METHODS.map((method) => {
    const channel = invokeChannel(method);
    ipcMain.handle(channel, async (event, ...args): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(senderFrameOf(event))) return { ok: false, error: { code: 'invalid-input', message: UNTRUSTED_MESSAGE } };
      try {
        return await dispatch(method, args);
      } catch (err) {
        return { ok: false, error: toErrorShape(err) };
      }
    });
    return channel;
  });
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function senderFrameOf(event: IpcMainInvokeEvent): SenderFrame | null {
  try {
    // Electron returns null (and may throw in older lines) once the frame navigated or closed.
    return event.senderFrame ?? null;
  } catch {
    return null;
  }
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}
