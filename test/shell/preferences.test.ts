import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// electron-store imports electron, which cannot load here. It is a thin layer over `conf`
// that supplies userData as the folder; the stand-in is `conf` itself with an explicit cwd,
// so the schema, defaults and reset-on-corruption below run for real.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class ElectronStoreOverConf extends Conf<Record<string, unknown>> {
      constructor(options: Record<string, unknown>) {
        super({ projectName: 'inbox-test', configName: options.name as string, ...options });
      }
    },
  };
});

import { DEFAULT_SETTINGS } from '../../src/shared/domain';
import { cacheHistoryIn, openPreferences, settingsIn } from '../../src/main/preferences';
import { LIMITS } from '../../src/shared/limits';
import { settingsPatchSchema } from '../../src/shared/schemas';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'inbox-prefs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => join(dir, 'preferences.json');

describe('preferences', () => {
  it('start from the defaults', () => {
    const prefs = openPreferences(dir);
    expect(prefs.get('windowBounds')).toBeNull();
    expect(prefs.get('settings')).toEqual({}); // the core fills in its own defaults
    expect(prefs.get('keyStorage')).toBeUndefined(); // the keychain, until the person switches
  });

  it("keep the person's settings for the core across openings, and drop invalid ones", () => {
    const store = settingsIn(openPreferences(dir));
    expect(store.load()).toEqual({});
    const chosen = { ...DEFAULT_SETTINGS, pollIntervalMinutes: 5, doNotDisturb: true, mutedAccountIds: ['acc-1'] };
    store.save(chosen);
    expect(settingsIn(openPreferences(dir)).load()).toEqual(chosen);
    expect(() => store.save({ ...chosen, pollIntervalMinutes: 7 })).toThrow();
    expect(settingsIn(openPreferences(dir)).load()).toEqual(chosen);
  });

  it('remember that this computer had a message cache, across openings (so a lost cache is reported, not taken for a first start)', () => {
    const history = cacheHistoryIn(openPreferences(dir));
    expect(history.cacheExisted()).toBe(false);
    history.rememberCache();
    expect(cacheHistoryIn(openPreferences(dir)).cacheExisted()).toBe(true);
  });

  it('keep snippets across openings, and refuse malformed or too many', () => {
    const store = settingsIn(openPreferences(dir));
    const snippets = [
      { id: 's1', name: 'Intro', body: 'Hi {firstName}, thanks for connecting!' },
      { id: 's2', name: 'Calendly', body: 'Pick any slot: https://calendly.com/me/30min' },
    ];
    store.save({ ...DEFAULT_SETTINGS, snippets });
    expect(settingsIn(openPreferences(dir)).load().snippets).toEqual(snippets);
    expect(() => store.save({ ...DEFAULT_SETTINGS, snippets: [{ id: 's3', name: '', body: 'x' }] })).toThrow();
    expect(() => store.save({ ...DEFAULT_SETTINGS, snippets: [{ id: 's3', name: 'x'.repeat(61), body: 'x' }] })).toThrow();
    expect(() => store.save({ ...DEFAULT_SETTINGS, snippets: [{ id: 's3', name: 'No body' } as never] })).toThrow();
    expect(() => store.save({ ...DEFAULT_SETTINGS, snippets: Array.from({ length: 101 }, (_, i) => ({ id: `s${i}`, name: `n${i}`, body: 'b' })) })).toThrow();
    expect(settingsIn(openPreferences(dir)).load().snippets).toEqual(snippets);
  });

  it('keep exactly the settings the shared schema (main, the core) accepts: one value valid there is valid here, and the other way round', () => {
    const store = settingsIn(openPreferences(dir));
    const longest = 'n'.repeat(LIMITS.snippetName);
    const cases: Record<string, unknown>[] = [
      ...Array.from({ length: 62 }, (_, i) => ({ pollIntervalMinutes: i })),
      ...Array.from({ length: 62 }, (_, i) => ({ undoSendSeconds: i })),
      ...[279, 280, 900, 901, null, 300.5].map((listWidth) => ({ listWidth })),
      ...['system', 'dark', 'sepia'].map((theme) => ({ theme })),
      ...['next', 'list', 'up'].map((afterTriage) => ({ afterTriage })),
      ...['compact', 'cosy'].map((density) => ({ density })),
      { mutedAccountIds: Array.from({ length: LIMITS.mutedAccounts }, (_, i) => `a${i}`) },
      { mutedAccountIds: Array.from({ length: LIMITS.mutedAccounts + 1 }, (_, i) => `a${i}`) },
      { snippets: [{ id: 's1', name: longest, body: 'b'.repeat(LIMITS.reply) }] },
      { snippets: [{ id: 's1', name: `${longest}n`, body: 'b' }] },
      { snippets: [{ id: 's1', name: 'n', body: 'b'.repeat(LIMITS.reply + 1) }] },
      { snippets: Array.from({ length: LIMITS.snippets + 1 }, (_, i) => ({ id: `s${i}`, name: `n${i}`, body: 'b' })) },
      { sendReadReceipts: 'yes' },
    ];
    const disagreements = cases.flatMap((patch) => {
      const shared = settingsPatchSchema.safeParse(patch).success;
      let kept = true;
      try {
        store.save(patch as never);
      } catch {
        kept = false;
      }
      return shared === kept ? [] : [`${JSON.stringify(patch).slice(0, 80)}: the shared schema ${shared ? 'accepts' : 'refuses'}, the preferences file ${kept ? 'keeps' : 'refuses'}`];
    });
    expect(disagreements).toEqual([]);
  });

  it('keep window bounds and the theme (one setting, among the settings) across openings, in preferences.json', () => {
    const bounds = { x: 10, y: 20, width: 1000, height: 700, maximized: false };
    const first = openPreferences(dir);
    first.set('windowBounds', bounds);
    settingsIn(first).save({ ...DEFAULT_SETTINGS, theme: 'dark' });
    const again = openPreferences(dir);
    expect(again.get('windowBounds')).toEqual(bounds);
    expect(settingsIn(again).load().theme).toBe('dark');
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ windowBounds: bounds, settings: { theme: 'dark' } });
  });

  it('open a file from before the theme moved into the settings, keeping its window bounds', () => {
    const bounds = { x: 1, y: 2, width: 900, height: 600, maximized: true };
    writeFileSync(file(), JSON.stringify({ windowBounds: bounds, theme: 'dark', settings: {} }));
    expect(openPreferences(dir).get('windowBounds')).toEqual(bounds);
  });

  it('refuse values outside the schema', () => {
    const prefs = openPreferences(dir);
    expect(() => settingsIn(prefs).save({ ...DEFAULT_SETTINGS, theme: 'neon' as never })).toThrow();
    expect(() => prefs.set('windowBounds', { x: 0, y: 0, width: 0, height: 10, maximized: false })).toThrow();
    expect(() => prefs.set('windowBounds', { x: 0, y: 0, width: 10, height: 10 } as never)).toThrow();
    expect(settingsIn(prefs).load()).toEqual({});
  });

  it('reset a corrupt file to the defaults instead of stopping the app', () => {
    writeFileSync(file(), '{"windowBounds": {"x": 1,');
    expect(openPreferences(dir).get('windowBounds')).toBeNull();
  });

  it('reset a file that breaks the schema to the defaults', () => {
    writeFileSync(file(), JSON.stringify({ windowBounds: { x: 'left' }, settings: { theme: 'dark' } }));
    const prefs = openPreferences(dir);
    expect(prefs.get('windowBounds')).toBeNull();
    expect(settingsIn(prefs).load()).toEqual({});
  });
});
