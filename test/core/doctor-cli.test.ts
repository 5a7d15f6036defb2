/**
 * `npm run doctor`: the CLI in-process against the ReactIn simulator, with the key from the
 * environment (--provider) or from the secret store of a saved account (--account); the report
 * holds no key or name, and a loopback address needs --allow-loopback.
 */
import { describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { KEY_VARIABLE, runDoctorCli } from '../../src/main/doctor-cli';
import { plant } from '../simulators/hostile';
import { startReactInSimulator } from '../simulators/reactin';
import { VirtualClock } from '../support/clock';
import { cleanupAfterEach } from '../support/cleanups';
import { sendAtOnce, tempDataDir } from '../support/core';

const defer = cleanupAfterEach();
const KEY = 'rk_live_CLI_p4Nz8TqW';
const NAME = 'Leopoldine Thistlewaite';

async function simulator() {
  const sim = await startReactInSimulator({ apiKey: KEY, organizationId: 'org_cli', conversations: 2, getPerMinute: 1000, postPerMinute: 1000 });
  defer(() => sim.close());
  plant({ kind: 'reactin', sim }, { key: 'lt1', name: NAME, messages: [{ text: 'Saffron-Zeppelin-3310', at: Date.now() }] });
  return sim;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, secrets = new MemorySecretStore()) {
  let out = '';
  const code = await runDoctorCli(argv, { env, secrets: () => secrets, write: (t) => (out += t) });
  return { code, out };
}

describe('npm run doctor', () => {
  it('--provider probes with the key from the environment and prints a report without it', async () => {
    const sim = await simulator();
    const { code, out } = await cli(['--provider', 'reactin', '--base-url', sim.baseUrl, '--organization-id', 'org_cli', '--allow-loopback'], { [KEY_VARIABLE]: KEY });
    expect(code).toBe(0);
    expect(out).toContain('# Connection report: ReactIn');
    expect(out).toContain('0 contradicted');
    for (const secret of [KEY, NAME, 'Thistlewaite', 'Saffron-Zeppelin']) expect(out).not.toContain(secret);
    expect(sim.sent.length).toBe(0);
  });

  it('--provider refuses an address on this computer without --allow-loopback, and a missing key, with a sentence', async () => {
    const sim = await simulator();
    const loopback = await cli(['--provider', 'reactin', '--base-url', sim.baseUrl], { [KEY_VARIABLE]: KEY });
    expect(loopback).toEqual({ code: 1, out: expect.stringContaining('points at this computer') });
    const noKey = await cli(['--provider', 'reactin']);
    expect(noKey).toEqual({ code: 1, out: expect.stringContaining(`Set ${KEY_VARIABLE}`) });
    expect(sim.requests.length).toBe(0);
  });

  it('--account reads the saved account and its stored key, and names the accounts when the name is unknown', async () => {
    const sim = await simulator();
    const { dir, cleanup } = tempDataDir();
    const secrets = new MemorySecretStore();
    const dispatcher = new Agent();
    const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets, dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }), settings: sendAtOnce() });
    defer(async () => {
      await dispatcher.close();
      cleanup();
    });
    await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: KEY, config: { organizationId: 'org_cli', baseUrl: sim.baseUrl } });
    await core.close();
    const ok = await cli(['--account', 'Sales seat', '--data-dir', dir, '--allow-loopback'], {}, secrets);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('0 contradicted');
    for (const secret of [KEY, NAME, 'org_cli']) expect(ok.out).not.toContain(secret);
    const unknown = await cli(['--account', 'Nobody', '--data-dir', dir], {}, secrets);
    expect(unknown).toEqual({ code: 1, out: expect.stringContaining("the accounts are: 'Sales seat'") });
  });
});
