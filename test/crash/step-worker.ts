/**
 * Child process for the "between two writes" crash tests. It does one step (STEP_KIND) on the
 * data directory, with the core's crash-point hook armed for STEP_POINT: when the core reaches
 * that point it prints "at <point>" and blocks for good, so the parent's SIGKILL lands exactly
 * between the two writes. Keys live in a file (FileSecretStore) so they outlive the kill.
 */
import { writeSync } from 'node:fs';
import { Agent } from 'undici';
import { createCore } from '../../src/main/core';
import { openDatabase } from '../../src/main/core/db/database';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { FileSecretStore } from '../support/file-secrets';

const { STEP_KIND, STEP_POINT, STEP_DATA_DIR, STEP_KEY_FILE, STEP_ARG } = process.env;
if (!STEP_KIND || !STEP_POINT || !STEP_DATA_DIR || !STEP_KEY_FILE) throw new Error('STEP_KIND, STEP_POINT, STEP_DATA_DIR and STEP_KEY_FILE are required');

/** Says where it is, then blocks the whole process (synchronous code included) until killed. */
function crashPoint(name: string): void {
  if (name !== STEP_POINT) return;
  writeSync(1, `at ${name}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const args = JSON.parse(STEP_ARG ?? '{}') as Record<string, string>;
if (STEP_KIND === 'upgrade') {
  openDatabase(STEP_DATA_DIR, { crashPoint, migrations: [...MIGRATIONS, { version: 999, description: 'later', sql: 'CREATE TABLE later (x);' }] }).close();
} else {
  const dispatcher = new Agent();
  const core = await createCore({ dataDir: STEP_DATA_DIR, secrets: new FileSecretStore(STEP_KEY_FILE), dispatcher, allowLoopbackBaseUrls: true, crashPoint, chooseExportPath: async () => args.path ?? null });
  if (STEP_KIND === 'remove-account') await core.removeAccount(args.accountId!);
  else if (STEP_KIND === 'add-account') await core.addAccount({ provider: 'reactin', name: 'Crash seat', apiKey: args.key!, config: { organizationId: args.org!, baseUrl: args.baseUrl! } });
  else if (STEP_KIND === 'export') await core.exportData();
  else throw new Error(`unknown step ${STEP_KIND}`);
  await core.close();
  await dispatcher.close();
}
writeSync(1, 'done\n');
