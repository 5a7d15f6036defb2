/**
 * Child process for the crash test: opens the core on a data directory and delivers its
 * outbox until nothing is left, then exits 0. The parent kills it with SIGKILL at random
 * points. Its waits run on a virtual clock so documented rate limits cost no real time.
 */
import { Agent } from 'undici';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { loadMcpSdk } from '../../src/main/core/providers/crispy/mcp';
import { VirtualClock } from '../support/clock';
import { sendAtOnce } from '../support/core';

const { CRASH_DATA_DIR, CRASH_KEYS } = process.env;
if (!CRASH_DATA_DIR || !CRASH_KEYS) throw new Error('CRASH_DATA_DIR and CRASH_KEYS are required');

const secrets = new MemorySecretStore();
for (const [accountId, key] of Object.entries(JSON.parse(CRASH_KEYS) as Record<string, string>)) await secrets.set(accountId, key);
const dispatcher = new Agent();
const core = await createCore({ dataDir: CRASH_DATA_DIR, secrets, dispatcher, settings: sendAtOnce(), clock: new VirtualClock(Date.now(), { autoAdvance: true }) });
// Loaded here, not by the first Crispy send, so the parent's kill window falls on the drain
// itself rather than on module loading (which takes seconds on a loaded machine).
await loadMcpSdk();
process.stdout.write('ready\n');
for (let round = 0; round < 100; round++) {
  await core.deliverOutbox();
  if (core.outboxEntries().every((e) => e.status === 'done' || e.status === 'failed')) break;
}
await core.close();
await dispatcher.close();
process.stdout.write('drained\n');
