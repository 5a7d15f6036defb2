/**
 * Where API keys are kept (the shell's KeyStoragePort, or else the SecretStore the core was
 * given), and exporting every piece of local data, never a key, to a file the person picks.
 */
import { isAbsolute, join } from 'node:path';
import type { AppSettings, ExportSummary, KeyStorageStatus } from '../../../shared/domain';
import { DATABASE_FILE } from '../db/database';
import { AppError, invalidInput } from '../errors';
import { exportFileName, writeExport } from '../export';
import type { CoreParts } from './parts';

/** Where API keys are kept: the shell's KeyStoragePort, or else the SecretStore this core was given. */
export async function keyStorageStatus(parts: CoreParts): Promise<KeyStorageStatus> {
  const { opts } = parts;
  if (opts.keyStorage) return opts.keyStorage.status();
  return { backend: 'keychain', description: opts.secrets.description ?? 'the secret store the app was started with', problem: null, fallbackOffered: false };
}

/** Switches key storage to the encrypted file; the port refuses (with a sentence) when it is not offered. */
export async function useEncryptedKeyStorage(parts: CoreParts): Promise<KeyStorageStatus> {
  const { opts } = parts;
  if (!opts.keyStorage) {
    const where = opts.secrets.description ?? 'the secret store the app was started with';
    throw new AppError('keychain', `Keys are kept in ${where} here; there is no encrypted file to switch to.`);
  }
  return opts.keyStorage.useEncryptedFile();
}

/**
 * Writes every piece of local data (never a key) to a JSON file the person picks; null when
 * they cancel. See export.ts for the format and how the file is written.
 */
export async function exportAllData(parts: CoreParts, settings: AppSettings): Promise<ExportSummary | null> {
  const { opts, clock } = parts;
  const choose = opts.chooseExportPath;
  if (!choose) throw new AppError('not-ready', 'This copy of the app cannot ask where to save a file, so nothing was exported.');
  const path = await choose(exportFileName(new Date(clock.now())));
  if (path === null) return null;
  if (typeof path !== 'string' || !isAbsolute(path)) throw invalidInput('Choose a folder and a file name for the export.');
  const counts = await writeExport({ databaseFile: join(opts.dataDir, DATABASE_FILE), path, settings: { ...settings }, now: clock.now(), crashPoint: opts.crashPoint });
  return { path, conversations: counts.conversations, messages: counts.messages, labels: counts.labels };
}
