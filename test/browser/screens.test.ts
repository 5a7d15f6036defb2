/**
 * A tour of every screen (list, thread, composer, palette, help, label, snooze and send-later pickers, typed in too,
 * search and its suggestions, settings, the add-account form, empty views) at 1280×800 and 1920×1080, in the light
 * and the dark theme, with a screenshot of each in test-results/screens/ and axe-core finding no
 * serious or critical violation. The theme is chosen in the settings, against the system's
 * scheme, so the screenshots also show that the choice wins.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { seriousViolations } from '../support/axe';
import { RESULTS_DIR, type BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const suite = browserSuite();

async function openApp(theme: 'light' | 'dark', viewport: { width: number; height: number }, seedDemo: boolean): Promise<{ core: InboxCore; app: BenchPage }> {
  const { dir, cleanup } = tempDataDir('inbox-screens-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo });
  suite.defer(cleanup, () => core.close());
  await core.syncNow();
  await core.updateSettings({ theme });
  const app = await suite.bench.open(core, { viewport, colorScheme: theme === 'dark' ? 'light' : 'dark' });
  suite.defer(() => app.close());
  await app.page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
  return { core, app };
}

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

for (const viewport of VIEWPORTS) {
  for (const theme of ['light', 'dark'] as const) {
    describe(`every screen at ${viewport.width}×${viewport.height}, ${theme} theme`, () => {
    it('is screenshotted and has no serious or critical accessibility violation', { timeout: 240_000 }, async () => {
      const folder = join(RESULTS_DIR, 'screens', `${viewport.width}x${viewport.height}-${theme}`);
      mkdirSync(folder, { recursive: true });
      // One line per finding ("list: color-contrast at .pane-subtitle — …contrast of 3.24…"), so a failure reads at a glance.
      const findings: string[] = [];
      let n = 0;
      async function screen(app: BenchPage, name: string): Promise<void> {
        // No animation is running (reduced motion): the screen is as it will stay.
        await app.page.screenshot({ path: join(folder, `${String(++n).padStart(2, '0')}-${name}.png`) });
        for (const v of await seriousViolations(app.page)) {
          for (const node of v.nodes) findings.push(`${name}: ${v.rule} at ${node.target} — ${node.summary.split('\n').slice(1).join(' ').trim() || v.help}`);
        }
      }

      const { core, app } = await openApp(theme, viewport, true);
      const someone = (await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!.participant.name.split(' ')[0]!;
      const { page } = app;
      await page.locator(ROWS).first().waitFor();
      await screen(app, 'list');

      await page.keyboard.press('Enter');
      await page.locator('[data-thread-id]').waitFor();
      await page.locator('.message').first().waitFor();
      await screen(app, 'thread');

      await page.keyboard.press('r');
      await page.getByRole('textbox', { name: /Reply/ }).waitFor();
      await page.keyboard.type('Thanks, Tuesday works.');
      await screen(app, 'composer');
      await page.keyboard.press('Escape');

      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await palette.waitFor();
      await screen(app, 'palette');
      await page.keyboard.type('dark');
      await palette.locator('[cmdk-item][data-selected="true"][data-entry="command:themeDark"]').waitFor();
      await screen(app, 'palette-query');
      await page.keyboard.press('Escape');
      await palette.waitFor({ state: 'detached' });

      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.waitFor();
      await screen(app, 'help');
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });

      await page.keyboard.press('l');
      const labels = page.getByRole('dialog', { name: /label/i });
      await labels.waitFor();
      await page.keyboard.type('Follow');
      await screen(app, 'label-picker');
      await page.keyboard.press('Escape');
      await labels.waitFor({ state: 'detached' });

      await page.keyboard.press('h');
      const snooze = page.getByRole('dialog', { name: /^Snooze/ });
      await snooze.waitFor();
      await screen(app, 'snooze-picker');
      // A typed time: the status reads it back and the presets step aside, both still legible.
      await page.keyboard.type('tomorrow 3pm');
      await snooze.locator('.snooze-parsed').waitFor();
      await screen(app, 'snooze-picker-typed');
      await page.keyboard.press('Escape');
      await snooze.waitFor({ state: 'detached' });

      // Send later: the picker over the thread, then the reply scheduled in its thread.
      await page.keyboard.press('r');
      await page.getByRole('textbox', { name: /Reply/ }).waitFor();
      await page.keyboard.type('Talk tomorrow morning.');
      await page.keyboard.press('Control+Shift+L');
      const later = page.getByRole('dialog', { name: /later$/ });
      await later.waitFor();
      await screen(app, 'send-later-picker');
      await page.keyboard.type('tomorrow 9am');
      await later.locator('.snooze-parsed').waitFor();
      await screen(app, 'send-later-picker-typed');
      await page.keyboard.press('Enter');
      await later.waitFor({ state: 'detached' });
      await page.locator('[data-scheduled="true"]').waitFor();
      await screen(app, 'scheduled-in-thread');
      await page.keyboard.press('Escape'); // out of the reply box

      await page.keyboard.press('Escape'); // close the thread
      await page.keyboard.press('/');
      await page.getByRole('searchbox').fill(someone);
      await page.locator('.search-status').filter({ hasText: /match/ }).waitFor();
      await page.locator(ROWS).first().waitFor();
      await screen(app, 'search');
      await page.getByRole('searchbox').fill('from:');
      await page.getByRole('listbox', { name: 'Suggestions for from:' }).waitFor();
      await screen(app, 'search-suggestions');
      await page.keyboard.press('Escape'); // the suggestions
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.getByRole('searchbox').waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Accounts & settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Accounts & settings' });
      await settings.waitFor();
      await screen(app, 'settings');
      await settings.locator('[data-setting="keymap"]').scrollIntoViewIfNeeded();
      await screen(app, 'settings-keyboard');
      await settings.locator('[data-form="add-account"]').scrollIntoViewIfNeeded();
      await screen(app, 'accounts');
      await page.keyboard.press('Escape');
      await settings.waitFor({ state: 'detached' });

      await page.keyboard.press('g');
      await page.keyboard.press('s');
      await page.locator('[data-empty]').waitFor();
      await screen(app, 'empty-snoozed');

      await page.keyboard.press('g');
      await page.keyboard.press('t');
      const scheduled = page.getByRole('dialog', { name: 'Scheduled' });
      await scheduled.locator('.scheduled-item').waitFor();
      await screen(app, 'scheduled');
      await page.keyboard.press('Escape');
      await scheduled.waitFor({ state: 'detached' });

      // A first start without any account: the inbox says how to add one.
      const bare = await openApp(theme, viewport, false);
      await bare.app.page.locator('[data-empty="no-accounts"]').waitFor();
      await screen(bare.app, 'empty-no-accounts');

      writeFileSync(join(folder, 'axe.txt'), findings.join('\n') + '\n');
      expect(findings).toEqual([]);
      expect(app.errors).toEqual([]);
      expect(bare.app.errors).toEqual([]);
    });
    });
  }
}

describe('the conversation list read aloud', () => {
  it("says a row's person once, then when, who they are and the last message", async () => {
    const { core, app } = await openApp('light', VIEWPORTS[0], true);
    const first = (await core.listConversations({ view: 'inbox', limit: 1 })).items[0]!;
    const row = app.page.locator(`${ROWS}[data-conversation-id="${first.id}"]`);
    await row.waitFor();
    const snapshot = await app.page.getByRole('listbox').first().ariaSnapshot();
    const line = snapshot.split('\n').find((l) => l.includes('option') && l.includes(first.participant.name))!;
    const name = /option "([^"]*)"/.exec(line)?.[1] ?? line;
    expect(name.split(first.participant.name).length - 1, name).toBe(1);
    expect(name.startsWith(first.participant.name), name).toBe(true);
    expect(name).not.toMatch(/^Select /);
    expect(name).toContain(first.lastMessageText.slice(0, 20));
  });
});
