/** The one keymap: no two commands share a key, sequences resolve, and typing silences single keys. */
import { describe, expect, it } from 'vitest';
import { commandFor, describeChord, KEYMAP, resolveKey, type KeyEventLike } from '../../src/shared/keymap';

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keymap', () => {
  it('gives every key to one command only, and no single key is also the start of a sequence', () => {
    const seen = new Map<string, string>();
    for (const b of KEYMAP) {
      for (const k of b.keys) {
        const id = `${b.scope}:${k.toLowerCase()}`;
        expect(seen.get(id), `${k} is bound twice`).toBeUndefined();
        seen.set(id, b.command);
      }
    }
    const singles = new Set([...seen.keys()].filter((k) => !k.includes(' ')));
    for (const k of seen.keys()) if (k.includes(' ')) expect(singles.has(k.split(' ')[0]!)).toBe(false);
  });

  it('reads g then s as Snoozed, g then l as the label jump, and forgets a sequence that goes nowhere', () => {
    const first = resolveKey(key('g'), 'global', false);
    expect(first && 'pending' in first).toBe(true);
    const prefix = first && 'pending' in first ? first.pending : [];
    expect(resolveKey(key('s'), 'global', false, prefix)).toEqual({ command: 'goSnoozed' });
    expect(resolveKey(key('l'), 'global', false, prefix)).toEqual({ command: 'goLabel' });
    expect(resolveKey(key('i'), 'global', false, prefix)).toEqual({ command: 'goInbox' });
    expect(resolveKey(key('q'), 'global', false, prefix)).toBeNull();
  });

  it('takes ? and / with or without Shift (keyboard layouts differ), and Shift+J as extend', () => {
    expect(commandFor(key('?', { shiftKey: true }), 'global', false)).toBe('help');
    expect(commandFor(key('?'), 'global', false)).toBe('help');
    expect(commandFor(key('/'), 'global', false)).toBe('search');
    expect(commandFor(key('J', { shiftKey: true }), 'global', false)).toBe('extendDown');
    expect(commandFor(key('j'), 'global', false)).toBe('next');
    expect(commandFor(key('a', { metaKey: true }), 'global', false)).toBe('selectAll');
    expect(commandFor(key('k', { ctrlKey: true }), 'global', false)).toBe('palette');
  });

  it('keeps single keys quiet while typing; Esc and Ctrl/Cmd+K still work there', () => {
    for (const k of ['j', 'e', 'x', '?', '/', 'g', 'p']) expect(resolveKey(key(k), 'global', true)).toBeNull();
    expect(commandFor(key('Escape'), 'global', true)).toBe('back');
    expect(commandFor(key('k', { ctrlKey: true }), 'global', true)).toBe('palette');
    expect(commandFor(key('Enter', { ctrlKey: true }), 'composer', true)).toBe('send');
    expect(commandFor(key('Enter', { shiftKey: true }), 'composer', true)).toBeNull();
  });

  it('writes keys for people', () => {
    expect(describeChord('g i')).toBe('g then i');
    expect(describeChord('Escape')).toBe('Esc');
    expect(describeChord('Shift+E')).toMatch(/^(Shift\+|⇧)E$/);
  });

  it('writes Mod as ⌘ on a Mac and as Ctrl+ elsewhere, as the renderer says which platform it runs on', () => {
    expect(describeChord('Mod+Enter', true)).toBe('⌘Enter');
    expect(describeChord('Shift+E', true)).toBe('⇧E');
    expect(describeChord('Mod+Enter', false)).toBe('Ctrl+Enter');
    expect(describeChord('Shift+E', false)).toBe('Shift+E');
  });
});
