/**
 * kill -9 between two writes that belong together. A child process (test/crash/step-worker.ts)
 * runs one step with the core's crash-point hook armed: at the named point it says so and blocks,
 * and the test kills it there with SIGKILL. Each case first checks that the kill landed between
 * the two writes (the first is on disk, the second is not), then that the next start, or the next
 * run of the same step, leaves nothing behind: no key without an account, no hidden plain-text
 * export, no half-written backup counted as one of the three kept.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type InboxCore } from '../../src/main/core';
import { BACKUP_DIR, DATABASE_FILE, listBackups, openDatabase, schemaVersion } from '../../src/main/core/db/database';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { bundleForNode } from '../support/bundle';
import { cleanupAfterEach } from '../support/cleanups';
import { tempDataDir } from '../support/core';
import { FileSecretStore } from '../support/file-secrets';

const root = join(__dirname, '..', '..');
const worker = join(root, 'test', '.generated', 'step-worker.mjs');
const KEY = 'rk_step_key';
const ORG = 'org_step';

let sim: ReactInSim;
const dispatcher = new Agent();
const later = cleanupAfterEach();

beforeAll(async () => {
  await bundleForNode(join(root, 'test', 'crash', 'step-worker.ts'), worker);
  sim = await startReactInSimulator({ apiKey: KEY, organizationId: ORG, conversations: 3, getPerMinute: 100_000, postPerMinute: 100_000 });
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await dispatcher.close();
});

interface World {
  dir: string;
  keys: FileSecretStore;
  open: () => Promise<InboxCore>;
}

function world(): World {
  const data = tempDataDir('inbox-steps-');
  later(data.cleanup);
  const keys = new FileSecretStore(join(data.dir, 'test-keys.json'));
  return {
    dir: data.dir,
    keys,
    open: async () => {
      const core = await createCore({ dataDir: data.dir, secrets: keys, dispatcher, allowLoopbackBaseUrls: true });
      later(() => core.close());
      return core;
    },
  };
}

const reactin = (name = 'Sales seat') => ({ provider: 'reactin' as const, name, apiKey: KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });

/** Runs one step in the child; resolves 'killed' when it reached `point` and was killed there, 'done' when it never reached it. */
function runStep(w: World, kind: string, point: string, arg: Record<string, string> = {}): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker], {
      env: { ...process.env, STEP_KIND: kind, STEP_POINT: point, STEP_DATA_DIR: w.dir, STEP_KEY_FILE: w.keys.path, STEP_ARG: JSON.stringify(arg) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let reached = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!reached && out.includes(`at ${point}\n`)) {
        reached = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      if (reached && signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && out.includes('done\n')) resolve('done');
      else reject(new Error(`step worker exited with ${code ?? signal}: ${err}`));
    });
  });
}

/** The account ids in the cache, read straight from the file (no core, so nothing is tidied). */
function accountRows(dir: string): string[] {
  const db = new DatabaseSync(join(dir, DATABASE_FILE), { readOnly: true });
  try {
    return (db.prepare('SELECT id FROM accounts').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

describe('an account and its key', () => {
  it('removeAccount killed after the account row is gone and before its key is deleted: the next start deletes the key', async () => {
    const w = world();
    const core = await w.open();
    const kept = await core.addAccount(reactin('Kept seat'));
    const removed = await core.addAccount(reactin('Removed seat'));
    await core.close();

    expect(await runStep(w, 'remove-account', 'account-removed-key-kept', { accountId: removed.id })).toBe('killed');
    // The kill landed between the two writes: the row is gone, the key is still in the store.
    expect(accountRows(w.dir)).toEqual([kept.id]);
    expect(Object.keys(w.keys.all()).sort()).toEqual([kept.id, removed.id].sort());

    const next = await w.open();
    next.start();
    await next.tidyKeys();
    expect(w.keys.all()).toEqual({ [kept.id]: KEY });
    expect((await next.listAccounts()).map((a) => a.name)).toEqual(['Kept seat']);
  });

  it('addAccount killed after the key is stored and before the account row is written: the next start deletes the key', async () => {
    const w = world();
    const core = await w.open();
    const kept = await core.addAccount(reactin('Kept seat'));
    await core.close();

    expect(await runStep(w, 'add-account', 'key-stored-account-not-yet', { key: 'rk_step_key', org: ORG, baseUrl: sim.baseUrl })).toBe('killed');
    expect(accountRows(w.dir)).toEqual([kept.id]);
    expect(Object.keys(w.keys.all())).toHaveLength(2); // the new key is stored, its account is not

    const next = await w.open();
    next.start();
    await next.tidyKeys();
    expect(w.keys.all()).toEqual({ [kept.id]: KEY });
  });

  it('a key with no account (left by an older version) is swept the next time the key store is used', async () => {
    const w = world();
    await w.keys.set('stray-account-id', 'rk_stray');
    const core = await w.open();
    const kept = await core.addAccount(reactin('Kept seat'));
    const removed = await core.addAccount(reactin('Removed seat'));
    await core.removeAccount(removed.id);
    expect(w.keys.all()).toEqual({ [kept.id]: KEY });
  });
});

describe('a killed export', () => {
  it('leaves a hidden temp file beside the target, and the next export to that place removes it', async () => {
    const w = world();
    const core = await w.open();
    await core.addAccount(reactin());
    await core.syncNow();
    await core.close();
    const out = join(w.dir, 'exports');
    mkdirSync(out);
    const target = join(out, 'inbox.json');

    expect(await runStep(w, 'export', 'export-written-not-renamed', { path: target })).toBe('killed');
    const leftovers = readdirSync(out);
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^\.inbox\.json\..+\.tmp$/);
    expect(existsSync(target)).toBe(false);
    expect(readFileSync(join(out, leftovers[0]!), 'utf8')).toContain('"messages"'); // plain text, readable by anyone with the folder

    expect(await runStep(w, 'export', 'never', { path: target })).toBe('done');
    expect(readdirSync(out)).toEqual(['inbox.json']);
    expect(JSON.parse(readFileSync(target, 'utf8')).conversations).toHaveLength(3);
  });
});

describe('a killed pre-upgrade backup', () => {
  async function filledCache(): Promise<World> {
    const w = world();
    const core = await w.open();
    await core.createLabel('Hot lead');
    await core.close();
    return w;
  }

  it('leaves no file that counts as a backup; the next start upgrades with a complete copy and removes the half-written one', async () => {
    const w = await filledCache();
    expect(await runStep(w, 'upgrade', 'backup-copied-not-renamed')).toBe('killed');
    expect(listBackups(w.dir)).toEqual([]); // the half-done copy is not one of the three kept
    expect(readdirSync(join(w.dir, BACKUP_DIR)).length).toBeGreaterThan(0); // but it is on disk, under its temp name

    expect(await runStep(w, 'upgrade', 'never')).toBe('done');
    const backups = listBackups(w.dir);
    expect(backups).toHaveLength(1);
    expect(readdirSync(join(w.dir, BACKUP_DIR))).toEqual(backups.map((p) => p.slice(p.lastIndexOf('/') + 1)));
    const copy = new DatabaseSync(backups[0]!, { readOnly: true });
    expect(schemaVersion(copy)).toBe(SCHEMA_VERSION);
    expect(copy.prepare('SELECT name FROM labels').all()).toEqual([{ name: 'Hot lead' }]);
    copy.close();
  });

  it('a 0-byte backup and a journal left by an older version are removed, not counted among the three kept', () => {
    const data = tempDataDir('inbox-steps-');
    later(data.cleanup);
    const dir = data.dir;
    const db = openDatabase(dir);
    db.exec("INSERT INTO labels (id, name, color, pinned, created_at) VALUES ('l1', 'Hot lead', '#f00', 0, 0)");
    db.close();
    mkdirSync(join(dir, BACKUP_DIR));
    const stamp = (n: number) => `2026010${n}T000000000Z`;
    writeFileSync(join(dir, BACKUP_DIR, `inbox-v${SCHEMA_VERSION}-${stamp(1)}.sqlite`), '');
    writeFileSync(join(dir, BACKUP_DIR, `inbox-v${SCHEMA_VERSION}-${stamp(1)}.sqlite-journal`), 'x');
    let migrations = [...MIGRATIONS];
    for (let extra = 1; extra <= 3; extra++) {
      migrations = [...migrations, { version: SCHEMA_VERSION + extra, description: `step ${extra}`, sql: `CREATE TABLE later_${extra} (x);` }];
      openDatabase(dir, { migrations }).close();
    }
    const kept = listBackups(dir);
    expect(kept).toHaveLength(3);
    for (const p of kept) expect(statSync(p).size).toBeGreaterThan(0);
    expect(readdirSync(join(dir, BACKUP_DIR)).sort()).toEqual(kept.map((p) => p.slice(p.lastIndexOf('/') + 1)).sort());
  });
});
