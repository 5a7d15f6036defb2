/**
 * SQLite's `PRAGMA quick_check` reads every page of the cache: a few hundred milliseconds at
 * 10,000 conversations, seconds at 100,000. It runs after the cache is open and the window's first
 * page is served and drawn (services/cache-health.ts holds it until then), on its own read-only
 * connection in a worker thread, so opening never waits for it, nor do the first rows. What
 * it finds is damage found while the app runs: the core marks the file (the next start recovers it)
 * and tells the person. The cheap checks that a file opened at all can still be trusted (its header,
 * its length) stay on the opening path, in recovery.ts.
 */
import { Worker } from 'node:worker_threads';

/** Tests only: hold the check until `hold` settles, and hear its result (null: no damage found, or the check could not run). */
export interface CacheCheckHooks {
  hold?: Promise<void>;
  checked?: (damage: string | null) => void;
}

export interface CacheCheckOptions extends CacheCheckHooks {
  /** Aborted when the core closes: the worker is stopped and its result ignored. */
  signal: AbortSignal;
  /** Called with a SQLite-shaped corruption error when the check finds damage. */
  onDamage: (err: Error) => void;
}

/**
 * The worker's code, as text run with `eval`: the same source then works under Node (tests), in the
 * bundled Electron main process and in the bench bundle, with no worker file to ship beside them.
 * On Linux it lowers its own thread's priority (a nice value per thread) so the check yields the CPU
 * to the window on a busy machine; on macOS and Windows the same call would lower the whole app.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
// Only on Linux is a priority per thread: elsewhere it would lower the whole app, for good.
if (process.platform === 'linux') { try { require('node:os').setPriority(0, 10); } catch {} }
let db = null;
try {
  db = new DatabaseSync(workerData.file, { readOnly: true, timeout: 5000 });
  const rows = db.prepare('PRAGMA quick_check').all();
  parentPort.postMessage(rows.length === 1 && rows[0].quick_check === 'ok' ? { sound: true } : { damage: 'SQLite’s check of the file failed' });
} catch (err) {
  const code = err && err.code === 'ERR_SQLITE_ERROR' && typeof err.errcode === 'number' ? err.errcode & 0xff : null;
  if (code === 26) parentPort.postMessage({ damage: 'it is no longer a database file' });
  else if (code === 11) parentPort.postMessage({ damage: 'SQLite could not read parts of it' });
  else parentPort.postMessage({ unknown: String(err && err.message ? err.message : err) });
} finally {
  try { if (db) db.close(); } catch {}
}
`;

type WorkerAnswer = { sound: true } | { damage: string } | { unknown: string };

/** An error shaped like SQLite's own SQLITE_CORRUPT, so the core's storage path treats it as damage. */
export function corruptionFound(damage: string): Error {
  return Object.assign(new Error(`The cache failed SQLite's check: ${damage}.`), { code: 'ERR_SQLITE_ERROR', errcode: 11 });
}

/**
 * Runs quick_check on `file` in a worker thread and reports damage through `onDamage`. Returns at
 * once; a check that cannot run (no worker, a lock) reports nothing: the next start checks again.
 */
export function checkCacheInBackground(file: string, options: CacheCheckOptions): void {
  void runCheck(file, options).then(
    (damage) => {
      if (options.signal.aborted) return;
      if (damage !== null) options.onDamage(corruptionFound(damage));
      options.checked?.(damage);
    },
    () => undefined,
  ).catch(() => undefined); // what reporting the damage throws stays here: the core already said it or will at its next write
}

async function runCheck(file: string, options: CacheCheckOptions): Promise<string | null> {
  await options.hold;
  if (options.signal.aborted) return null;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file } });
  worker.unref(); // a check still running never keeps the process from exiting
  const stop = () => void worker.terminate();
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the cache check stopped (exit ${code})`)));
    });
    return 'damage' in answer ? answer.damage : null;
  } finally {
    options.signal.removeEventListener('abort', stop);
    void worker.terminate();
  }
}
