/**
 * The shell's own requests (ShellApi in src/shared/ipc.ts), called straight on window.inbox: they
 * are about the app on this computer, not the inbox, so they never go through the store.
 */
import { isAppErrorShape } from '../../shared/errors';
import type { InboxBridge, IpcResult } from '../../shared/ipc';
import { findBridge, InboxError } from './api';

const NO_APP = 'This window has no app behind it, so there is no logs folder to open.';
const UNREACHABLE = 'The window lost its connection to the app. Restart the app if this keeps happening.';

/** Opens the folder with the app's log in the file manager; throws an InboxError with main's sentence when it cannot. */
export async function openLogsFolder(bridge: InboxBridge | null = findBridge()): Promise<void> {
  if (!bridge) throw new InboxError('internal', NO_APP);
  let result: IpcResult<void>;
  try {
    result = await bridge.openLogsFolder();
  } catch {
    throw new InboxError('internal', UNREACHABLE);
  }
  if (result?.ok === true) return;
  if (result?.ok === false && isAppErrorShape(result.error)) throw new InboxError(result.error.code, result.error.message);
  throw new InboxError('internal', UNREACHABLE);
}
