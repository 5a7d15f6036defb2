/**
 * Errors that cross IPC. The renderer shows `message`, a sentence written for the person.
 */
export type AppErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'auth'
  | 'disconnected'
  | 'not-ready'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'bad-response'
  | 'keychain'
  /** The cache file is damaged or the disk is full: the message names the file. */
  | 'storage'
  | 'internal';

export interface AppErrorShape {
  code: AppErrorCode;
  message: string;
}

export function isAppErrorShape(v: unknown): v is AppErrorShape {
  return typeof v === 'object' && v !== null && typeof (v as AppErrorShape).code === 'string' && typeof (v as AppErrorShape).message === 'string';
}
