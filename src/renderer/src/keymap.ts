/**
 * Every keyboard shortcut, defined once. The key handler, the hint bar and (later) the
 * help overlay are all drawn from KEYMAP, so what the app shows is what it does.
 */

export type Command =
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'archive'
  | 'moveToInbox'
  | 'snooze'
  | 'label'
  | 'toggleRead'
  | 'undo'
  | 'nextSplit'
  | 'previousSplit'
  | 'reply'
  | 'send';

export interface KeyBinding {
  command: Command;
  /** Chords like 'j', 'Shift+E', 'Mod+Enter'. Mod is Ctrl, or Cmd on a Mac; either works everywhere. */
  keys: readonly string[];
  /** A word or two for the hint bar. */
  label: string;
  description: string;
  /** Where the binding applies: 'global' keys work anywhere except while typing; 'composer' ones only in the reply box. */
  scope: 'global' | 'composer';
  /** Still fires while focus is in a text field (Esc must be able to leave one). */
  whileTyping?: boolean;
  /** Left out of the hint bar under the list (it is still a shortcut, and listed in help). */
  hideHint?: boolean;
}

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'next', label: 'next', keys: ['j', 'ArrowDown'], description: 'Next conversation', scope: 'global' },
  { command: 'previous', label: 'previous', keys: ['k', 'ArrowUp'], description: 'Previous conversation', scope: 'global' },
  { command: 'open', label: 'open', keys: ['Enter', 'o'], description: 'Open conversation', scope: 'global' },
  { command: 'back', label: 'back', keys: ['Escape'], description: 'Back (leave the reply box, then close the thread)', scope: 'global', whileTyping: true },
  { command: 'archive', label: 'archive', keys: ['e'], description: 'Archive (comes back when they reply)', scope: 'global' },
  { command: 'moveToInbox', label: 'to inbox', keys: ['Shift+E'], description: 'Move to inbox (from Archived or Snoozed)', scope: 'global' },
  { command: 'snooze', label: 'snooze', keys: ['h'], description: 'Snooze until a time, with an optional note', scope: 'global' },
  { command: 'label', label: 'label', keys: ['l'], description: 'Add or remove labels', scope: 'global' },
  { command: 'toggleRead', label: 'read/unread', keys: ['u'], description: 'Mark as read or unread', scope: 'global' },
  { command: 'undo', label: 'undo', keys: ['z'], description: 'Undo the last action (or a reply still in its undo window)', scope: 'global' },
  { command: 'nextSplit', label: 'next tab', keys: ['Tab'], description: 'Next split inbox tab', scope: 'global' },
  { command: 'previousSplit', label: 'previous tab', keys: ['Shift+Tab'], description: 'Previous split inbox tab', scope: 'global', hideHint: true },
  { command: 'reply', label: 'reply', keys: ['r'], description: 'Reply', scope: 'global' },
  { command: 'send', label: 'send', keys: ['Mod+Enter'], description: 'Send reply', scope: 'composer', whileTyping: true },
];

interface Chord {
  key: string;
  shift: boolean;
  mod: boolean;
  alt: boolean;
}

function parseChord(chord: string): Chord {
  const parts = chord.split('+');
  const key = parts.pop() ?? '';
  return { key: key.toLowerCase(), shift: parts.includes('Shift'), mod: parts.includes('Mod'), alt: parts.includes('Alt') };
}

const CHORDS = KEYMAP.map((b) => ({ binding: b, chords: b.keys.map(parseChord) }));

/** The minimal view of a key event the keymap needs (a DOM KeyboardEvent fits). */
export interface KeyEventLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
}

function matches(chord: Chord, e: KeyEventLike): boolean {
  if (e.key.toLowerCase() !== chord.key) return false;
  const mod = e.ctrlKey || e.metaKey;
  return mod === chord.mod && e.shiftKey === chord.shift && e.altKey === chord.alt;
}

/** True when the element takes typed text, so single-key shortcuts must stay quiet. */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/** The command a key event asks for in a scope, or null. `typing` says focus is in a text field. */
export function commandFor(e: KeyEventLike, scope: KeyBinding['scope'], typing: boolean): Command | null {
  if (e.isComposing) return null;
  for (const { binding, chords } of CHORDS) {
    if (binding.scope !== scope) continue;
    if (typing && !binding.whileTyping) continue;
    if (chords.some((c) => matches(c, e))) return binding.command;
  }
  return null;
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const KEY_NAMES: Record<string, string> = { Escape: 'Esc', ArrowDown: '↓', ArrowUp: '↑', Enter: 'Enter', Tab: 'Tab' };

/** How a chord is written for people: 'Mod+Enter' → 'Ctrl+Enter' (or '⌘Enter' on a Mac). */
export function describeChord(chord: string): string {
  const parts = chord.split('+');
  const key = parts.pop() ?? '';
  const mods = parts.map((m) => (m === 'Mod' ? (IS_MAC ? '⌘' : 'Ctrl+') : m === 'Shift' ? (IS_MAC ? '⇧' : 'Shift+') : m === 'Alt' ? (IS_MAC ? '⌥' : 'Alt+') : m));
  return mods.join('') + (KEY_NAMES[key] ?? key);
}

/** The binding for a command, for hints next to buttons. */
export function bindingFor(command: Command): KeyBinding {
  const b = KEYMAP.find((x) => x.command === command);
  if (!b) throw new Error(`No key binding for ${command}`);
  return b;
}
