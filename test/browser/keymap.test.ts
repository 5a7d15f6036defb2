/**
 * Keymap presets and rebinding in a real Chromium against a real core: the palette switches to
 * Gmail's keys and the help overlay, the hint bar and the keys themselves follow; Settings →
 * Keyboard records a new key for Archive, names the command that has it first and takes it over,
 * and "Restore all defaults" brings the preset's keys back. Every change is kept by the core.
 */
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { BenchPage } from '../support/bench';
import { browserSuite } from '../support/browser-suite';
import { offlineDispatcher, tempDataDir } from '../support/core';

const ROWS = '[role="option"][data-conversation-id]';
const SELECTED = `${ROWS}[aria-selected="true"]`;
const suite = browserSuite();

async function demoInbox(): Promise<{ core: InboxCore; app: BenchPage }> {
  const { dir, cleanup } = tempDataDir('inbox-keymap-');
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
  await core.syncNow();
  const app = await suite.bench.open(core);
  suite.defer(cleanup, () => core.close(), () => app.close());
  await app.page.locator(ROWS).first().waitFor();
  return { core, app };
}

async function runFromPalette(app: BenchPage, query: string): Promise<void> {
  const { page } = app;
  await page.keyboard.press('Control+K');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.waitFor();
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await expect.poll(() => palette.count()).toBe(0);
}

/** The <kbd> texts the help overlay shows for a command (and that it names the keymap in force). */
async function helpKeys(app: BenchPage, command: string, keymap = 'Superhuman (default)'): Promise<string[]> {
  const { page } = app;
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  expect(await help.locator('.help-foot').textContent()).toContain(`Keys: ${keymap} —`);
  const keys = await help.locator(`[data-command="${command}"] kbd`).allTextContents();
  await page.keyboard.press('Escape');
  await expect.poll(() => help.count()).toBe(0);
  return keys;
}

const hintKey = (app: BenchPage, label: string) => app.page.locator('.key-hints .key-hint', { hasText: label }).locator('kbd').textContent();
const selectedId = (app: BenchPage) => app.page.locator(SELECTED).getAttribute('data-conversation-id');

describe('keymap presets and rebinding', () => {
  it('“Keymap: Gmail” from the palette: help and the hint bar show b for snooze, b snoozes, h no longer does, and the core keeps it', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    expect(await hintKey(app, 'snooze')).toBe('h');
    expect(await helpKeys(app, 'snooze')).toEqual(['h']);

    await runFromPalette(app, 'keymap gmail');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Keymap: Gmail' }).count()).toBe(1);
    await expect.poll(async () => (await core.getSettings()).keymap.preset).toBe('gmail');
    await expect.poll(() => hintKey(app, 'snooze')).toBe('b');
    expect(await helpKeys(app, 'snooze', 'Gmail')).toEqual(['b']);
    expect(await helpKeys(app, 'toggleRead', 'Gmail')).toEqual(['Shift+U']);

    await page.keyboard.press('h');
    expect(await page.locator('.snooze-picker').count()).toBe(0);
    await page.keyboard.press('b');
    await page.locator('.snooze-picker').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.snooze-picker').count()).toBe(0);
    // What the empty Snoozed view tells the person to press is Gmail's key too.
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await expect.poll(() => page.locator('[data-empty="snoozed"] p').textContent()).toMatch(/^Press b on a conversation to snooze it\./);

    // The next start (a fresh page on the same core) has Gmail's keys.
    const again = await suite.bench.open(core);
    suite.defer(() => again.close());
    await again.page.locator(ROWS).first().waitFor();
    await expect.poll(() => hintKey(again, 'snooze')).toBe('b');
    expect(app.errors).toEqual([]);
    expect(again.errors).toEqual([]);
  });

  it('Settings → Keyboard: Esc cancels recording; a taken key names its command first, Take it over moves it, the new key archives; Restore all defaults puts e back', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await core.updateSettings({ keymap: { preset: 'gmail', overrides: {} } });
    await runFromPalette(app, 'settings');
    const settings = page.getByRole('dialog', { name: 'Accounts & settings' });
    await settings.waitFor();
    const keyboard = settings.locator('[data-setting="keymap"]');
    await expect.poll(() => keyboard.getByRole('combobox', { name: 'Keymap' }).inputValue()).toBe('gmail');

    // Esc while recording cancels the recording, not the settings screen.
    await keyboard.getByRole('button', { name: /^Change the key for Archive \(comes/ }).click();
    await keyboard.getByRole('button', { name: /^Press the new key for Archive \(comes/ }).waitFor();
    await page.keyboard.press('Escape');
    await keyboard.getByText('Nothing changed.').waitFor();
    expect(await settings.count()).toBe(1);

    // u is Gmail's Back: the conflict is named before anything changes.
    await keyboard.getByRole('button', { name: /^Change the key for Archive \(comes/ }).click();
    await keyboard.getByRole('button', { name: /^Press the new key for Archive \(comes/ }).waitFor();
    await page.keyboard.press('u');
    await keyboard.getByRole('button', { name: /^Press the new key for Archive \(comes/ }).filter({ hasText: 'Enter keeps it' }).waitFor();
    await page.keyboard.press('Enter');
    const conflict = keyboard.getByRole('alert').filter({ hasText: 'is already the key for' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('u is already the key for “Back one step');
    expect((await core.getSettings()).keymap.overrides).toEqual({});
    await app.screenshot('keymap-conflict');
    await conflict.getByRole('button', { name: 'Take it over' }).click();
    await keyboard.getByText('Saved — Archive (comes back when they reply): u.').waitFor();
    await expect.poll(async () => (await core.getSettings()).keymap.overrides).toEqual({ archive: ['u'] });
    expect(await keyboard.locator('[data-command="archive"] .keymap-keys kbd').allTextContents()).toEqual(['u']);
    expect(await keyboard.locator('[data-command="back"] .keymap-keys kbd').allTextContents()).toEqual(['Esc']);
    await page.keyboard.press('Escape');
    await expect.poll(() => settings.count()).toBe(0);

    // u archives now; e does nothing.
    expect(await hintKey(app, 'archive')).toBe('u');
    const first = await selectedId(app);
    await page.keyboard.press('e');
    expect(await page.locator(`${ROWS}[data-conversation-id="${first}"]`).count()).toBe(1);
    await page.keyboard.press('u');
    await expect.poll(() => page.locator(`${ROWS}[data-conversation-id="${first}"]`).count()).toBe(0);
    await expect.poll(async () => (await core.listConversations({ view: 'archived' })).items.map((c) => c.id)).toContain(first);

    await runFromPalette(app, 'settings');
    await settings.waitFor();
    await keyboard.getByRole('button', { name: 'Restore all defaults' }).click();
    await keyboard.getByText('Saved — every command has its Gmail keys again.').waitFor();
    await expect.poll(async () => (await core.getSettings()).keymap).toEqual({ preset: 'gmail', overrides: {} });
    await page.keyboard.press('Escape');
    await expect.poll(() => settings.count()).toBe(0);
    await expect.poll(() => hintKey(app, 'archive')).toBe('e');
    const next = await selectedId(app);
    await page.keyboard.press('e');
    await expect.poll(() => page.locator(`${ROWS}[data-conversation-id="${next}"]`).count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('refuses, with a sentence, to leave the palette without a key; records two keys in a row as a sequence', async () => {
    const { core, app } = await demoInbox();
    const { page } = app;
    await runFromPalette(app, 'settings');
    const keyboard = page.getByRole('dialog', { name: 'Accounts & settings' }).locator('[data-setting="keymap"]');
    await keyboard.getByRole('button', { name: /^Change the key for Command palette/ }).click();
    await keyboard.getByRole('button', { name: /^Press the new key for Command palette/ }).waitFor();
    await page.keyboard.press('Backspace');
    await keyboard.getByRole('alert').filter({ hasText: 'Keep a key for the command palette' }).waitFor();
    expect((await core.getSettings()).keymap.overrides).toEqual({});
    expect(await keyboard.locator('[data-command="palette"] .keymap-keys kbd').allTextContents()).toEqual(['Ctrl+K']);

    // Two keys in a row make a sequence: g then x goes to Archived.
    await keyboard.getByRole('button', { name: /^Change the key for Go to Archived/ }).click();
    const recorder = keyboard.getByRole('button', { name: /^Press the new key for Go to Archived/ });
    await recorder.waitFor();
    await page.keyboard.press('g');
    await recorder.filter({ hasText: 'Enter keeps it' }).waitFor();
    await page.keyboard.press('x');
    await keyboard.getByText('Saved — Go to Archived: g then x.').waitFor();
    await expect.poll(async () => (await core.getSettings()).keymap.overrides).toEqual({ goArchived: ['g x'] });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Accounts & settings' }).waitFor({ state: 'detached' });
    await page.keyboard.press('g');
    await page.keyboard.press('x');
    await page.locator('[data-empty="archived"]').waitFor();
    expect(app.errors).toEqual([]);
  });
});
