/**
 * Child process for the crash test: opens the core on a data directory and delivers its
 * outbox until nothing is left, then exits 0. The parent kills it with SIGKILL at random
 * points. Its waits run on a virtual clock so documented rate limits cost no real time.
 */
import { Agent } from 'undici';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { VirtualClock } from '../support/clock';
import { sendAtOnce } from '../support/core';

const { CRASH_DATA_DIR, CRASH_KEYS } = process.env;
if (!CRASH_DATA_DIR || !CRASH_KEYS) throw new Error('CRASH_DATA_DIR and CRASH_KEYS are required');

const secrets = new MemorySecretStore();
for (const [accountId, key] of Object.entries(JSON.parse(CRASH_KEYS) as Record<string, string>)) await secrets.set(accountId, key);
const dispatcher = new Agent();
const core = await createCore({ dataDir: CRASH_DATA_DIR, secrets, dispatcher, settings: sendAtOnce(), clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
for (let round = 0; round < 100; round++) {
  await core.deliverOutbox();
  if (core.outboxEntries().every((e) => e.status === 'done' || e.status === 'failed')) break;
}
await core.close();
await dispatcher.close();
process.stdout.write('drained\n');
