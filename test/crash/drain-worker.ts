/**
 * Child process for the crash test: loads (the lazily loaded MCP SDK too), prints "ready" and
 * waits for one line on stdin, {"point"?, "nth"?}; then opens the core on a data directory and
 * delivers its outbox until nothing is left, then exits 0. Loading first lets the parent start
 * the next child while the current one runs. The parent kills it with SIGKILL where the test
 * says: when a simulator holds its answer, or here, when the core reaches `point` for the
 * `nth` time (it prints "at <point>" and blocks until killed). Its waits run on a virtual clock
 * so documented rate limits cost no real time.
 */
import { writeSync } from 'node:fs';
import { Agent } from 'undici';
import { createCore, MemorySecretStore } from '../../src/main/core';
import type { CrashPoint } from '../../src/main/core/ports';
import { VirtualClock } from '../support/clock';
import { sendAtOnce } from '../support/core';

const { CRASH_DATA_DIR, CRASH_KEYS } = process.env;
if (!CRASH_DATA_DIR || !CRASH_KEYS) throw new Error('CRASH_DATA_DIR and CRASH_KEYS are required');

// Crispy's MCP client loads its SDK on first use: load it now, before the run is timed or killed.
await Promise.all([import('@modelcontextprotocol/sdk/client/index.js'), import('@modelcontextprotocol/sdk/client/streamableHttp.js')]);
writeSync(1, 'ready\n');
const orders = await new Promise<{ point?: CrashPoint; nth?: number }>((resolve) => {
  let line = '';
  process.stdin.on('data', (d) => {
    line += d;
    if (line.includes('\n')) {
      process.stdin.pause();
      resolve(JSON.parse(line) as { point?: CrashPoint; nth?: number });
    }
  });
});

let reached = 0;
/** Says where it is, then blocks the whole process (synchronous code included) until killed. */
function crashPoint(point: CrashPoint): void {
  if (point !== orders.point || ++reached !== (orders.nth ?? 1)) return;
  writeSync(1, `at ${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const secrets = new MemorySecretStore();
for (const [accountId, key] of Object.entries(JSON.parse(CRASH_KEYS) as Record<string, string>)) await secrets.set(accountId, key);
const dispatcher = new Agent();
const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: CRASH_DATA_DIR, secrets, dispatcher, settings: sendAtOnce(), clock: new VirtualClock(Date.now(), { autoAdvance: true }), crashPoint });
for (let round = 0; round < 100; round++) {
  await core.deliverOutbox();
  if (core.outboxEntries().every((e) => e.status === 'done' || e.status === 'failed')) break;
}
await core.close();
await dispatcher.close();
process.stdout.write('drained\n');
