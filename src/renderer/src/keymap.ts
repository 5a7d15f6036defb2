/**
 * The keymap (src/shared/keymap.ts: one definition for the key handler, the hints, the help and
 * the palette), plus what only a page can know: the platform (⌘ or Ctrl) and whether focus is in
 * a text field.
 */
import { describeChord as describeChordOn, keyPieces as keyPiecesOn, type Command } from '../../shared/keymap';

export * from '../../shared/keymap';

/** True on a Mac (and iPad), where Mod is written ⌘; read here because src/shared has no DOM. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** How a chord is written for people on this platform: 'Mod+Enter' → 'Ctrl+Enter', or '⌘Enter' on a Mac. */
export function describeChord(chord: string): string {
  return describeChordOn(chord, IS_MAC);
}

/** The keys of a command as <kbd> pieces, written for this platform. */
export function keyPieces(command: Command): string[] {
  return keyPiecesOn(command, IS_MAC);
}

/** True when the element takes typed text, so single-key shortcuts must stay quiet. */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}
