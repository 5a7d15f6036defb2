/**
 * Child process for the sync crash test: opens the core on a data directory and syncs every
 * account until it is done, then exits 0 after printing "synced". With CRASH_PAGE_NTH, when the
 * sync has written that many pages of messages, it stops inside the last page's transaction,
 * prints "at sync-page-written-not-committed" and blocks there until the parent's SIGKILL. Its
 * waits run on a virtual clock, so the app's own pacing of documented rate limits costs no real time.
 */
import { writeSync } from 'node:fs';
import { Agent } from 'undici';
import { createCore, MemorySecretStore } from '../../src/main/core';
import type { CrashPoint } from '../../src/main/core/ports';
import { VirtualClock } from '../support/clock';

const { CRASH_DATA_DIR, CRASH_KEYS, CRASH_PAGE_NTH } = process.env;
if (!CRASH_DATA_DIR || !CRASH_KEYS) throw new Error('CRASH_DATA_DIR and CRASH_KEYS are required');

let pages = 0;
/** Says where it is, then blocks the whole process (synchronous code included) until killed. */
function crashPoint(point: CrashPoint): void {
  if (point !== 'sync-page-written-not-committed' || !CRASH_PAGE_NTH || ++pages !== Number(CRASH_PAGE_NTH)) return;
  writeSync(1, `at ${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const secrets = new MemorySecretStore();
for (const [accountId, key] of Object.entries(JSON.parse(CRASH_KEYS) as Record<string, string>)) await secrets.set(accountId, key);
const dispatcher = new Agent();
const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: CRASH_DATA_DIR, secrets, dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }), crashPoint });
process.stdout.write('syncing\n');
for (const account of await core.listAccounts()) await core.syncNow(account.id);
process.stdout.write('synced\n');
await core.close();
await dispatcher.close();
