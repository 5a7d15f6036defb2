/**
 * SQLite failures that are about the file itself: a damaged cache and a full disk. They are not
 * "something went wrong, your data is safe": the person is told what happened to which file, and
 * what the app does about it.
 */
import { AppError } from '../errors';

/** SQLite's primary result codes (the low byte of an extended code). */
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_NOTADB = 26;

function sqliteCode(err: unknown): number | null {
  const e = err as { code?: unknown; errcode?: unknown } | null;
  return e && e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' ? e.errcode & 0xff : null;
}

/** The file is damaged (or is not a database at all). */
export function isCorruption(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

/** The disk (or the file's size limit) is full. */
export function isDiskFull(err: unknown): boolean {
  return sqliteCode(err) === SQLITE_FULL || (err as { code?: unknown } | null)?.code === 'ENOSPC';
}

/** The sentence for a damaged cache found while the app runs: nothing more is written to it. */
export function damagedCacheError(file: string, cause?: unknown): AppError {
  return new AppError(
    'storage',
    `The message cache (${file}) is damaged, so the app stopped writing to it. Quit and start the app again: it will move the damaged file aside, keep the labels, snoozes, notes, drafts and unsent replies it can still read, and download your conversations again.`,
    { cause },
  );
}

/** The sentence for a full disk: what was being saved was not saved. */
export function diskFullError(file: string, cause?: unknown): AppError {
  return new AppError('storage', `The disk is full: the message cache (${file}) cannot grow, so this change was not saved. Free some disk space and try again.`, { cause });
}

/** The AppError for a storage failure, or null when `err` is not one. */
export function storageError(err: unknown, file: string): AppError | null {
  if (err instanceof AppError) return null;
  if (isCorruption(err)) return damagedCacheError(file, err);
  if (isDiskFull(err)) return diskFullError(file, err);
  return null;
}
