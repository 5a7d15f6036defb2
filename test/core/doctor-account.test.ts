/**
 * Settings → account → Diagnose through the core: the doctor runs on a saved account with the
 * same key binding and address rules as a sync, reads only, and its report can be saved as
 * Markdown through the export-file port.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { plant } from '../simulators/hostile';
import { startReactInSimulator } from '../simulators/reactin';
import { VirtualClock } from '../support/clock';
import { cleanupAfterEach } from '../support/cleanups';
import { sendAtOnce, tempDataDir } from '../support/core';

const defer = cleanupAfterEach();
const KEY = 'rk_live_DIAGNOSE_9xQ2mWv7';
const NAME = 'Octavian Bramblewick';
const TEXT = 'Cobalt-Pelican-5519 message body';

async function world(chooseExportPath?: (name: string) => Promise<string | null>) {
  const sim = await startReactInSimulator({ apiKey: KEY, organizationId: 'org_diag', conversations: 4, getPerMinute: 1000, postPerMinute: 1000 });
  const { dir, cleanup } = tempDataDir();
  const dispatcher = new Agent();
  const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }), settings: sendAtOnce(), chooseExportPath });
  defer(async () => {
    await core.close();
    await sim.close();
    await dispatcher.close();
    cleanup();
  });
  plant({ kind: 'reactin', sim }, { key: 'ob1', name: NAME, messages: [{ text: TEXT, at: Date.now() }] });
  const account = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: KEY, config: { organizationId: 'org_diag', baseUrl: sim.baseUrl } });
  return { sim, core, account, dir };
}

describe('diagnoseAccount', () => {
  it('reports on a saved account without its key, names or texts, and sends nothing', async () => {
    const { sim, core, account } = await world();
    const sentBefore = sim.sent.length;
    const result = await core.diagnoseAccount(account.id);
    expect(result).toMatchObject({ accountId: account.id, contradicted: 0 });
    expect(result.confirmed).toBeGreaterThanOrEqual(5);
    expect(result.markdown).toContain('# Connection report: ReactIn');
    for (const secret of [KEY, NAME, 'Bramblewick', TEXT, 'Cobalt-Pelican', 'org_diag']) expect(result.markdown).not.toContain(secret);
    for (const c of sim.conversations) for (const p of c.participants) expect(result.markdown).not.toContain(p.name);
    expect(sim.sent.length).toBe(sentBefore);
  });

  it('refuses the demo account with a sentence', async () => {
    const { core } = await world();
    const demo = await core.addAccount({ provider: 'demo', name: 'Second demo', config: {} });
    await expect(core.diagnoseAccount(demo.id)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('demo account') });
  });

  it('saves the last report as Markdown where the person chooses, and asks for a diagnosis first', async () => {
    const chosen: string[] = [];
    let target = '';
    const { core, account, dir } = await world(async (name) => {
      chosen.push(name);
      return target;
    });
    target = join(dir, 'report.md');
    await expect(core.saveDiagnosis(account.id)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('Diagnose first') });
    const result = await core.diagnoseAccount(account.id);
    expect(await core.saveDiagnosis(account.id)).toBe(target);
    expect(chosen[0]).toMatch(/^connection-report-reactin-\d{4}-\d{2}-\d{2}\.md$/);
    expect(readFileSync(target, 'utf8')).toBe(result.markdown);
  });
});
