/**
 * The app's log, for people to send us: electron-log writing `main.log` in the app's logs folder
 * (rotated to `main.old.log` past LOG_MAX_BYTES, so it never grows without bound) and to the
 * console. Every message passes one hook that turns each part into text through describeForLog
 * (src/main/core/redact.ts), so a key in an error, a header dump or a URL never reaches the file,
 * whoever logs it. electron-log's Node build is used on purpose: it never loads `electron`, so
 * tests open the real log in a temporary folder.
 */
import NodeLog from 'electron-log/node';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeForLog, invalidInput } from './core';

/** The log file's name in the logs folder; the previous one is kept as `main.old.log`. */
export const LOG_FILE_NAME = 'main.log';
/** Past this size the file is rotated: the old one is kept once, so at most twice this is on disk. */
export const LOG_MAX_BYTES = 1024 * 1024;

/** What the shell logs with. Every part is redacted before any transport sees it. */
export interface AppLog {
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
  /** The folder holding the log file (what "Open logs folder" opens). */
  readonly folder: string;
  /** The current log file. */
  readonly file: string;
}

export interface AppLogOptions {
  /** The folder for the file: app.getPath('logs') in the app. */
  folder: string;
  /** Rotate past this many bytes (tests pass a small number). */
  maxBytes?: number;
  /** Also print to the console (the app does; a test can switch it off). */
  console?: boolean;
}

let instances = 0;

/** Opens the app's log: a rotated file in `folder`, every message redacted by describeForLog. */
export function openAppLog(options: AppLogOptions): AppLog {
  const file = join(options.folder, LOG_FILE_NAME);
  const logger = NodeLog.create({ logId: `inbox-${++instances}` });
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  logger.transports.file.level = 'info';
  logger.transports.console.level = options.console === false ? false : 'info';
  // Plain text for the console as for the file: no colours or timestamps in a terminal or a test's spy.
  logger.transports.console.format = '{text}';
  // The console as it is when the line is written (electron-log keeps the one it found at load).
  logger.transports.console.writeFn = ({ message }) => (message.level === 'error' ? console.error : message.level === 'warn' ? console.warn : console.info)(...message.data);
  // Nothing leaves this computer: no IPC or remote transport, where this build has them.
  for (const t of Object.entries(logger.transports)) if (t[0] !== 'file' && t[0] !== 'console' && t[1]) t[1].level = false;
  // Each part on its own: an error keeps its stack and causes, a string its words, and every one is masked.
  logger.hooks.push((message) => ({ ...message, data: message.data.map((part) => describeForLog(part)) }));
  return {
    info: (...parts) => logger.info(...parts),
    warn: (...parts) => logger.warn(...parts),
    error: (...parts) => logger.error(...parts),
    folder: options.folder,
    file,
  };
}

/** Opens the logs folder in the file manager; when it cannot, says where the folder is. */
export async function openLogsFolder(shell: { openPath(path: string): Promise<string> }, folder: string): Promise<void> {
  // The log writes its folder only at its first line: before anything was logged it may not exist.
  try {
    mkdirSync(folder, { recursive: true });
  } catch {
    // openPath then says why the folder cannot be opened, with its path
  }
  const problem = await shell.openPath(folder);
  if (problem !== '') throw invalidInput(`The logs folder could not be opened (${problem}). It is ${folder}; open it in your file manager.`);
}

/**
 * The app log, opened at its first use: the shell is wired before Electron's 'ready', and the logs
 * folder (under userData on Linux and Windows) is only final once the app is ready.
 */
export function appLogOnFirstUse(folder: () => string, options: Omit<AppLogOptions, 'folder'> = {}): AppLog {
  let opened: AppLog | null = null;
  const log = () => (opened ??= openAppLog({ ...options, folder: folder() }));
  return {
    info: (...parts) => log().info(...parts),
    warn: (...parts) => log().warn(...parts),
    error: (...parts) => log().error(...parts),
    get folder() {
      return log().folder;
    },
    get file() {
      return log().file;
    },
  };
}
