/**
 * The keymap in force (src/shared/keymap.ts defines every command; the settings choose a preset
 * and rebindings, src/shared/active-keymap.ts), plus what only a page can know: the platform
 * (⌘ or Ctrl) and whether focus is in a text field. Everything here reads the active keymap, so
 * the key handler, hints, help, palette and every `describeChord(bindingFor(…))` agree with it.
 */
import type { StoreApi } from 'zustand/vanilla';
import { activeKeymap } from '../../shared/active-keymap';
import type { AppSettings } from '../../shared/domain';
import {
  bindingFor as bindingForIn,
  commandFor as commandForIn,
  describeChord as describeChordOn,
  keyPieces as keyPiecesOn,
  resolveKey as resolveKeyIn,
  type Chord,
  type Command,
  type KeyBinding,
  type KeyEventLike,
  type KeyOutcome,
} from '../../shared/keymap';

export * from '../../shared/keymap';

/** True on a Mac (and iPad), where Mod is written ⌘; read here because src/shared has no DOM. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

let current: readonly KeyBinding[] = activeKeymap(null);

/** The keymap in force now (the default one until the settings are loaded). */
export function currentKeymap(): readonly KeyBinding[] {
  return current;
}

/** Keeps the keymap in force in step with the store's settings (called once, by createInboxStore). */
export function followKeymapSetting(store: StoreApi<{ settings: AppSettings | null }>): void {
  current = activeKeymap(store.getState().settings);
  store.subscribe((s, prev) => {
    if (s.settings?.keymap !== prev.settings?.keymap) current = activeKeymap(s.settings);
  });
}

/** The binding for a command in the keymap in force, for hints next to buttons. */
export function bindingFor(command: Command): KeyBinding {
  return bindingForIn(command, current);
}

/** Reads one key press with the keymap in force (see the shared resolveKey). */
export function resolveKey(e: KeyEventLike, scope: KeyBinding['scope'], typing: boolean, prefix: readonly Chord[] = []): KeyOutcome {
  return resolveKeyIn(e, scope, typing, prefix, current);
}

/** The command a single key press asks for, with the keymap in force. */
export function commandFor(e: KeyEventLike, scope: KeyBinding['scope'], typing: boolean): Command | null {
  return commandForIn(e, scope, typing, current);
}

/** How a chord is written for people on this platform: 'Mod+Enter' → 'Ctrl+Enter', or '⌘Enter' on a Mac. */
export function describeChord(chord: string): string {
  return describeChordOn(chord, IS_MAC);
}

/** The first key of a command in the keymap in force, written for people ('' for a palette-only command). */
export function describeKeyOf(command: Command): string {
  const first = bindingFor(command).keys[0];
  return first ? describeChord(first) : '';
}

/**
 * How a sentence tells the person to run a command with the keymap in force: "press h", or for a
 * command left without a key, "choose “…” in the palette". `Capital` starts the sentence.
 */
export function pressFor(command: Command, capital = false): string {
  const key = describeKeyOf(command);
  const text = key ? `press ${key}` : `choose “${bindingFor(command).description}” in the palette`;
  return capital ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** The keys of a command as <kbd> pieces, written for this platform. */
export function keyPieces(command: Command): string[] {
  return keyPiecesOn(command, IS_MAC, current);
}

/** True when the element takes typed text, so single-key shortcuts must stay quiet. */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}
