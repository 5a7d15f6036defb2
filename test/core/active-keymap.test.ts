/** The keymap in force: presets over KEYMAP, the person's rebindings over both, and the checks that keep it usable. */
import { describe, expect, it } from 'vitest';
import {
  activeKeymap,
  checkKeymap,
  chordFromEvent,
  keyConflicts,
  KEYMAP_PRESETS,
  normalizeKeys,
  PRESET_OVERRIDES,
  readKeymapSetting,
  rebind,
  resolveKeymap,
  restoreDefaults,
  type KeymapSetting,
} from '../../src/shared/active-keymap';
import { commandFor, KEYMAP, resolveKey, type Command, type KeyBinding, type KeyEventLike } from '../../src/shared/keymap';
import { settingsPatchSchema } from '../../src/shared/schemas';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { readSettings } from '../../src/main/core/settings-rules';

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
const keysOf = (bindings: readonly KeyBinding[], command: Command): readonly string[] => bindings.find((b) => b.command === command)!.keys;
const gmail: KeymapSetting = { preset: 'gmail', overrides: {} };

/** Every (scope, key) pair and prefix clash in a keymap, as readable strings. */
function clashes(bindings: readonly KeyBinding[]): string[] {
  const out: string[] = [];
  const all = bindings.flatMap((b) => b.keys.map((k) => ({ b, k: k.toLowerCase().split(' ') })));
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i]!;
      const c = all[j]!;
      if (a.b.scope !== c.b.scope) continue;
      const n = Math.min(a.k.length, c.k.length);
      if (a.k.slice(0, n).join(' ') === c.k.slice(0, n).join(' ')) out.push(`${a.b.command}:${a.k.join(' ')} vs ${c.b.command}:${c.k.join(' ')}`);
    }
  return out;
}

describe('activeKeymap', () => {
  it('is today’s KEYMAP for default settings and before settings are loaded', () => {
    expect(activeKeymap(null)).toEqual(KEYMAP);
    expect(activeKeymap(DEFAULT_SETTINGS)).toEqual(KEYMAP);
  });

  it('keeps every command, in order, and binds no key twice in a scope in every preset', () => {
    for (const preset of KEYMAP_PRESETS) {
      const k = activeKeymap({ keymap: { preset, overrides: {} } });
      expect(k.map((b) => b.command)).toEqual(KEYMAP.map((b) => b.command));
      expect(clashes(k), preset).toEqual([]);
      expect(checkKeymap({ preset, overrides: {} }), preset).toBeNull();
      // A preset's own keys are all kept (none given way to another).
      for (const [command, keys] of Object.entries(PRESET_OVERRIDES[preset])) expect(keysOf(k, command as Command), `${preset} ${command}`).toEqual(keys);
    }
  });

  it('Gmail: b snoozes, Shift+U toggles read, u goes back, * then a selects all, and the rest keep today’s keys', () => {
    const k = activeKeymap({ keymap: gmail });
    expect(commandFor(key('b'), 'global', false, k)).toBe('snooze');
    expect(commandFor(key('h'), 'global', false, k)).toBeNull();
    expect(commandFor(key('U', { shiftKey: true }), 'global', false, k)).toBe('toggleRead');
    expect(commandFor(key('u'), 'global', false, k)).toBe('back');
    const star = resolveKey(key('*', { shiftKey: true }), 'global', false, [], k);
    expect(star && 'pending' in star).toBe(true);
    expect(resolveKey(key('a'), 'global', false, star && 'pending' in star ? star.pending : [], k)).toEqual({ command: 'selectAll' });
    expect(commandFor(key('e'), 'global', false, k)).toBe('archive');
    expect(commandFor(key('k', { ctrlKey: true }), 'global', false, k)).toBe('palette');
  });

  it('a rebound plain key for a command that works while typing (Gmail’s u for Back) stays quiet in a text field; Esc still works', () => {
    const k = activeKeymap({ keymap: gmail });
    expect(resolveKey(key('u'), 'global', true, [], k)).toBeNull();
    expect(commandFor(key('Escape'), 'global', true, k)).toBe('back');
  });

  it('gives a key the person rebinds to them: the command that had it keeps its other keys, and nothing is lost', () => {
    const setting = rebind(DEFAULT_SETTINGS.keymap, 'archive', ['j']);
    const k = activeKeymap({ keymap: setting });
    expect(keysOf(k, 'archive')).toEqual(['j']);
    expect(keysOf(k, 'next')).toEqual(['ArrowDown']);
    expect(k.map((b) => b.command)).toEqual(KEYMAP.map((b) => b.command));
    expect(clashes(k)).toEqual([]);
  });

  it('a command added to KEYMAP keeps its default key in every preset, unless a preset takes the key (then it stays in the palette)', () => {
    const added = (keys: string[]): KeyBinding => ({ command: 'star' as Command, label: 'star', keys, description: 'Star', section: 'Triage', scope: 'global' });
    for (const preset of KEYMAP_PRESETS) expect(keysOf(resolveKeymap([...KEYMAP, added(['s'])], { preset, overrides: {} }), 'star' as Command)).toEqual(['s']);
    const taken = resolveKeymap([...KEYMAP, added(['b'])], gmail);
    expect(keysOf(taken, 'star' as Command)).toEqual([]);
    expect(keysOf(taken, 'snooze')).toEqual(['b']);
  });

  it('a plain g and the g sequences conflict both ways; the conflict names the commands', () => {
    const conflicts = keyConflicts(DEFAULT_SETTINGS.keymap, 'archive', ['g']);
    // Every command on a `g …` sequence (Scheduled's `g t` came later), the known four among them.
    const sequences = KEYMAP.filter((b) => b.keys.some((k) => k.startsWith('g '))).map((b) => b.command);
    expect(sequences).toEqual(expect.arrayContaining(['goArchived', 'goInbox', 'goLabel', 'goSnoozed']));
    expect(conflicts.map((c) => c.command).sort()).toEqual([...sequences].sort());
    expect(keyConflicts(rebind(DEFAULT_SETTINGS.keymap, 'archive', ['q']), 'snooze', ['q i'])).toEqual([{ keys: 'q i', command: 'archive', theirs: 'q' }]);
    const k = activeKeymap({ keymap: rebind(DEFAULT_SETTINGS.keymap, 'archive', ['g']) });
    expect(keysOf(k, 'goInbox')).toEqual([]);
    expect(commandFor(key('g'), 'global', false, k)).toBe('archive');
    expect(clashes(k)).toEqual([]);
  });

  it('taking over a key from another rebinding removes it there; restoring one command or all puts the preset’s keys back', () => {
    let s = rebind(gmail, 'label', ['q']);
    s = rebind(s, 'archive', ['q', 'e']);
    expect(s.overrides.label).toEqual([]);
    expect(checkKeymap(s)).toBeNull();
    expect(keysOf(activeKeymap({ keymap: s }), 'archive')).toEqual(['q', 'e']);
    expect(keysOf(activeKeymap({ keymap: restoreDefaults(s, 'archive') }), 'archive')).toEqual(['e']);
    expect(restoreDefaults(s)).toEqual(gmail);
  });

  it('refuses with a sentence: two rebindings on one key, no key for the palette, Esc taken from Back, an unknown command, a key that does not parse', () => {
    expect(checkKeymap({ preset: 'superhuman', overrides: { archive: ['q'], snooze: ['q'] } })).toMatch(/q is given to both “Archive.*” and “Snooze.*”/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { palette: [] } })).toMatch(/Keep a key for the command palette/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { archive: ['Mod+K'] } })).toMatch(/Keep a key for the command palette/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { palette: ['p'] } })).toMatch(/Ctrl.*Alt.*while you type/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { back: ['q'] } })).toMatch(/Esc must stay on Back/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { archive: ['Escape'] } })).toMatch(/Esc must stay on Back/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { fly: ['f'] } as never })).toMatch(/no command called “fly”/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { archive: ['Hyper+E'] } })).toMatch(/“Hyper” .* is not a modifier/);
    expect(checkKeymap({ preset: 'nano' as never, overrides: {} })).toMatch(/no keymap preset called “nano”/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { send: ['s'] } })).toMatch(/“Send reply” works in the reply box, where s would be typed/);
    expect(checkKeymap({ preset: 'superhuman', overrides: { send: ['Alt+S'] } })).toBeNull();
  });

  it('the settings schema (IPC, preferences file) refuses the same keymaps, and writes keys the key handler’s way', () => {
    const bad = settingsPatchSchema.safeParse({ keymap: { preset: 'superhuman', overrides: { back: ['q'] } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/Esc must stay on Back/);
    expect(settingsPatchSchema.safeParse({ keymap: { preset: 'gmail', overrides: { archive: ['x'.repeat(41)] } } }).success).toBe(false);
    const good = settingsPatchSchema.parse({ keymap: { preset: 'kondo', overrides: { archive: ['shift+a', 'ctrl+alt+d'] } } });
    expect(good.keymap).toEqual({ preset: 'kondo', overrides: { archive: ['Shift+A', 'Mod+Alt+D'] } });
  });

  it('writes keys and key presses the key handler’s way', () => {
    expect(normalizeKeys('ctrl+shift+k')).toEqual({ keys: 'Mod+Shift+K' });
    expect(normalizeKeys('  G   I ')).toEqual({ keys: 'g i' });
    expect(normalizeKeys('shift+?')).toEqual({ keys: '?' });
    expect(normalizeKeys('esc')).toEqual({ keys: 'Escape' });
    expect(normalizeKeys('a b c')).toHaveProperty('problem');
    expect(normalizeKeys('Shift')).toHaveProperty('problem');
    expect(chordFromEvent(key('E', { shiftKey: true }))).toBe('Shift+E');
    expect(chordFromEvent(key('k', { metaKey: true }))).toBe('Mod+K');
    expect(chordFromEvent(key('Shift', { shiftKey: true }))).toBeNull();
    expect(chordFromEvent(key('q'))).toBe('q');
    // What was recorded is what the key handler hears.
    const k = activeKeymap({ keymap: rebind(DEFAULT_SETTINGS.keymap, 'archive', [chordFromEvent(key('E', { shiftKey: true, altKey: true }))!]) });
    expect(commandFor(key('E', { shiftKey: true, altKey: true }), 'global', false, k)).toBe('archive');
  });

  it('reads a stored keymap by repairing it: unknown commands and bad keys dropped, an unusable one back to its preset', () => {
    expect(readKeymapSetting({ preset: 'gmail', overrides: { archive: ['q', 'Hyper+Q'], gone: ['z'] } })).toEqual({ preset: 'gmail', overrides: { archive: ['q'] } });
    expect(readKeymapSetting({ preset: 'gmail', overrides: { back: ['q'] } })).toEqual(gmail);
    expect(readKeymapSetting('junk')).toEqual(DEFAULT_SETTINGS.keymap);
    expect(readSettings({ keymap: { preset: 'kondo', overrides: { archive: ['a'] } } } as never).keymap).toEqual({ preset: 'kondo', overrides: { archive: ['a'] } });
  });
});
