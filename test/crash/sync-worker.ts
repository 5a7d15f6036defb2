/**
 * Child process for the sync crash test: opens the core on a data directory and syncs every
 * account until it is done, then exits 0 after printing "synced". The parent kills it with
 * SIGKILL at random points of the sync. Its waits run on a virtual clock, so the app's own
 * pacing of documented rate limits costs no real time.
 */
import { Agent } from 'undici';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { VirtualClock } from '../support/clock';

const { CRASH_DATA_DIR, CRASH_KEYS } = process.env;
if (!CRASH_DATA_DIR || !CRASH_KEYS) throw new Error('CRASH_DATA_DIR and CRASH_KEYS are required');

const secrets = new MemorySecretStore();
for (const [accountId, key] of Object.entries(JSON.parse(CRASH_KEYS) as Record<string, string>)) await secrets.set(accountId, key);
const dispatcher = new Agent();
const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: CRASH_DATA_DIR, secrets, dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
process.stdout.write('syncing\n');
for (const account of await core.listAccounts()) await core.syncNow(account.id);
process.stdout.write('synced\n');
await core.close();
await dispatcher.close();
