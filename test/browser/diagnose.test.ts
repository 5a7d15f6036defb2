/**
 * Settings → account → Diagnose in a real Chromium, against a real core and the loopback ReactIn
 * simulator: the report appears with its verdicts and without the key or a person's name, and
 * "Save report…" writes it where the person chose (the core's chooseExportPath port stands in
 * for the Save dialog).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { plant } from '../simulators/hostile';
import { startReactInSimulator } from '../simulators/reactin';
import { isFocused } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { tempDataDir } from '../support/core';

const API_KEY = 'rk_diag_secret_5b7e21';
const ORG = 'org_diagnose';
const NAME = 'Ambrosine Wetherell';
const suite = browserSuite();

describe('Diagnose on an account card', () => {
  it('shows the connection report without the key or a name, and saves it as Markdown', async () => {
    const sim = await startReactInSimulator({ apiKey: API_KEY, organizationId: ORG, conversations: 3, getPerMinute: 1000, postPerMinute: 1000 });
    plant({ kind: 'reactin', sim }, { key: 'aw1', name: NAME, messages: [{ text: 'Vermilion-Gondola-2207', at: Date.now() }] });
    const { dir, cleanup } = tempDataDir('inbox-diagnose-');
    const agent = new Agent();
    const target = join(dir, 'report.md');
    const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: dir, secrets: new MemorySecretStore(), dispatcher: agent, chooseExportPath: async () => target });
    const app = await suite.bench.open(core);
    suite.defer(cleanup, () => sim.close(), () => agent.close(), () => core.close(), () => app.close());
    await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: API_KEY, config: { organizationId: ORG, baseUrl: sim.baseUrl } });

    const page = app.page;
    await page.getByRole('button', { name: /Accounts & settings/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Accounts' });
    await dialog.getByRole('button', { name: 'Diagnose Sales seat' }).click();
    const panel = dialog.getByRole('region', { name: 'Diagnose Sales seat' });
    await panel.getByRole('button', { name: 'Run diagnosis' }).click();
    await expect.poll(() => panel.getByRole('status').first().textContent()).toMatch(/^\d+ confirmed, 0 contradicted, 1 not seen\.$/);
    const report = await panel.getByRole('textbox', { name: 'Report' }).inputValue();
    expect(report).toContain('# Connection report: ReactIn');
    for (const secret of [API_KEY, NAME, 'Wetherell', 'Vermilion-Gondola', ORG]) expect(report).not.toContain(secret);

    await panel.getByRole('button', { name: 'Save report…' }).click();
    await expect.poll(() => panel.getByText(`Saved the report to ${target}.`).count()).toBe(1);
    expect(readFileSync(target, 'utf8')).toBe(report);
    expect(sim.sent.length).toBe(0);

    await panel.getByRole('button', { name: 'Close' }).click();
    // The cursor returns to the button that opened the panel.
    await expect.poll(() => isFocused(dialog.getByRole('button', { name: 'Diagnose Sales seat' }))).toBe(true);
  });
});
