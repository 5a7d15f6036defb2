/**
 * The renderer's keymap is the one the settings say: the key handler's reading of a key, the
 * keys shown beside buttons and in the palette follow a preset or a rebinding the moment it is
 * chosen, and go back when the core refuses it. Store-level, with a fake core that keeps settings
 * by the core's rule (the shared keymapSettingSchema, which settings-rules.ts applies).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AppSettings } from '../../src/shared/domain';
import type { InboxApi } from '../../src/shared/ipc';
import { rebind } from '../../src/shared/active-keymap';
import { keymapSettingSchema } from '../../src/shared/schemas';
import { runCommand } from '../../src/renderer/src/commands';
import { bindingFor, commandFor, keyPieces, pressFor, resolveKey, type KeyEventLike } from '../../src/renderer/src/keymap';
import { createInboxStore } from '../../src/renderer/src/store';

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

function coreKeeping(start: AppSettings) {
  let saved = start;
  const api = {
    getSettings: async () => saved,
    updateSettings: async (patch: Partial<AppSettings>) => {
      // As the core: a keymap it cannot use is refused with its sentence, and nothing is kept.
      let keymap = saved.keymap;
      if (patch.keymap !== undefined) {
        const checked = keymapSettingSchema.safeParse(patch.keymap);
        if (!checked.success) throw new Error(checked.error.issues[0]!.message);
        keymap = checked.data;
      }
      saved = { ...saved, ...patch, keymap };
      return saved;
    },
  } as unknown as InboxApi;
  return { api, saved: () => saved };
}

async function storeWith(settings: AppSettings) {
  const core = coreKeeping(settings);
  const store = createInboxStore(core.api);
  await store.getState().loadSettings();
  return { store, core };
}

describe('the renderer follows the keymap setting', () => {
  it('a stored Gmail keymap is what the key handler and the labels use from the first load', async () => {
    await storeWith({ ...DEFAULT_SETTINGS, keymap: { preset: 'gmail', overrides: {} } });
    expect(commandFor(key('b'), 'global', false)).toBe('snooze');
    expect(commandFor(key('h'), 'global', false)).toBeNull();
    expect(bindingFor('snooze').keys).toEqual(['b']);
    expect(keyPieces('toggleRead')).toEqual(['Shift+U']);
    // Sentences that name a key (empty views, notices) name the one in force, or the palette when there is none.
    expect(pressFor('snooze', true)).toBe('Press b');
  });

  it('a command left without a key is named by its palette entry, never by an empty key', async () => {
    await storeWith({ ...DEFAULT_SETTINGS, keymap: { preset: 'superhuman', overrides: { undo: [] } } });
    expect(keyPieces('undo')).toEqual([]);
    expect(pressFor('undo')).toBe('choose “Undo the last action (or a reply still in its undo window)” in the palette');
  });

  it('the palette’s “Keymap: Gmail” switches at once, says so, and is kept by the core; “Keymap: Superhuman” goes back', async () => {
    const { store, core } = await storeWith(DEFAULT_SETTINGS);
    expect(commandFor(key('h'), 'global', false)).toBe('snooze');
    expect(runCommand(store, 'keymapGmail')).toBe(true);
    expect(commandFor(key('b'), 'global', false)).toBe('snooze');
    await expect.poll(() => store.getState().notice?.text).toBe('Keymap: Gmail. Press ? to see its keys.');
    expect(core.saved().keymap.preset).toBe('gmail');
    runCommand(store, 'keymapSuperhuman');
    await expect.poll(() => core.saved().keymap.preset).toBe('superhuman');
    expect(commandFor(key('h'), 'global', false)).toBe('snooze');
    expect(commandFor(key('b'), 'global', false)).toBeNull();
  });

  it('a rebinding moves the key at once; one the core refuses puts the old keys back and says why', async () => {
    const { store } = await storeWith(DEFAULT_SETTINGS);
    await store.getState().updateSettings({ keymap: rebind(DEFAULT_SETTINGS.keymap, 'archive', ['q']) });
    expect(commandFor(key('q'), 'global', false)).toBe('archive');
    expect(commandFor(key('e'), 'global', false)).toBeNull();
    await expect(store.getState().updateSettings({ keymap: { preset: 'superhuman', overrides: { back: ['w'] } } })).rejects.toThrow(/Esc must stay on Back/);
    expect(commandFor(key('Escape'), 'global', true)).toBe('back');
    expect(commandFor(key('q'), 'global', false)).toBe('archive');
    expect(resolveKey(key('w'), 'global', false)).toBeNull();
  });
});
