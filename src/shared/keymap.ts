/**
 * Every keyboard shortcut and every command, defined once. The key handler, the hint bar,
 * the help overlay (`?`) and the command palette are all drawn from KEYMAP, so what the app
 * shows is what it does. Commands without keys are palette-only.
 */

export type Command =
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'archive'
  | 'archiveForever'
  | 'moveToInbox'
  | 'snooze'
  | 'label'
  | 'toggleRead'
  | 'undo'
  | 'nextSplit'
  | 'previousSplit'
  | 'reply'
  | 'send'
  | 'sendWithFollowUp'
  | 'clearFollowUp'
  | 'toggleSelect'
  | 'extendDown'
  | 'extendUp'
  | 'selectAll'
  | 'clearSelection'
  | 'search'
  | 'palette'
  | 'help'
  | 'profile'
  | 'editNote'
  | 'goInbox'
  | 'goSnoozed'
  | 'goArchived'
  | 'goLabel'
  | 'goScheduled'
  | 'sendLater'
  | 'syncNow'
  | 'settings'
  | 'addAccount'
  | 'exportData'
  | 'removeDemo'
  | 'themeSystem'
  | 'themeLight'
  | 'themeDark'
  | 'toggleDensity'
  | 'keymapSuperhuman'
  | 'keymapKondo'
  | 'keymapGmail'
  | 'saveSearchAsSplit';

export type Section = 'Move' | 'Triage' | 'Select' | 'Go to' | 'Reply' | 'App';
export const SECTIONS: readonly Section[] = ['Move', 'Triage', 'Select', 'Go to', 'Reply', 'App'];

export interface KeyBinding {
  command: Command;
  /**
   * Chords like 'j', 'Shift+E', 'Mod+Enter', or sequences of chords separated by a space
   * ('g i': press g, then i). Mod is Ctrl, or Cmd on a Mac; either works everywhere.
   * Empty for palette-only commands.
   */
  keys: readonly string[];
  /** A word or two for the hint bar. */
  label: string;
  description: string;
  section: Section;
  /** Where the binding applies: 'global' keys work anywhere except while typing; 'composer' ones only in the reply box. */
  scope: 'global' | 'composer';
  /** Still fires while focus is in a text field (Esc must be able to leave one; Ctrl+K opens the palette from anywhere). */
  whileTyping?: boolean;
  /** Shown in the hint bar under the list (the most used keys; everything is in help and the palette). */
  hint?: boolean;
  /** Left out of the palette (moving the cursor is not something one searches for). */
  notInPalette?: boolean;
  /** Other words people type for it ("done" for archive, "dark" for the dark theme): the palette matches them too. */
  keywords?: readonly string[];
}

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'next', label: 'next', keys: ['j', 'ArrowDown'], description: 'Next conversation', section: 'Move', scope: 'global', hint: true, notInPalette: true },
  { command: 'previous', label: 'previous', keys: ['k', 'ArrowUp'], description: 'Previous conversation', section: 'Move', scope: 'global', hint: true, notInPalette: true },
  { command: 'open', label: 'open', keys: ['Enter', 'o'], description: 'Open conversation', section: 'Move', scope: 'global', hint: true, notInPalette: true },
  { command: 'back', label: 'back', keys: ['Escape'], description: 'Back one step (close a dialog, leave a field, clear the selection, close the thread)', section: 'Move', scope: 'global', whileTyping: true, hint: true, notInPalette: true },
  { command: 'nextSplit', label: 'next tab', keys: ['Tab'], description: 'Next split inbox tab', section: 'Move', scope: 'global', notInPalette: true },
  { command: 'previousSplit', label: 'previous tab', keys: ['Shift+Tab'], description: 'Previous split inbox tab', section: 'Move', scope: 'global', notInPalette: true },
  { command: 'archive', label: 'archive', keys: ['e'], description: 'Archive (comes back when they reply)', section: 'Triage', scope: 'global', hint: true, keywords: ['done', 'archive'] },
  { command: 'archiveForever', label: 'archive for good', keys: [], description: 'Archive for good (stays archived when they reply)', section: 'Triage', scope: 'global', keywords: ['archive forever', 'archive permanently'] },
  { command: 'moveToInbox', label: 'to inbox', keys: ['Shift+E'], description: 'Move to inbox (from Archived or Snoozed)', section: 'Triage', scope: 'global', keywords: ['unarchive', 'unsnooze', 'restore', 'move to inbox'] },
  { command: 'snooze', label: 'snooze', keys: ['h'], description: 'Snooze until a time, with an optional note', section: 'Triage', scope: 'global', hint: true, keywords: ['remind me', 'later', 'defer', 'snooze'] },
  { command: 'label', label: 'label', keys: ['l'], description: 'Add or remove labels', section: 'Triage', scope: 'global', hint: true, keywords: ['tag', 'label'] },
  { command: 'toggleRead', label: 'read/unread', keys: ['u'], description: 'Mark as read or unread', section: 'Triage', scope: 'global', keywords: ['mark read', 'mark unread', 'unread', 'read'] },
  { command: 'undo', label: 'undo', keys: ['z'], description: 'Undo the last action (or a reply still in its undo window)', section: 'Triage', scope: 'global', hint: true, keywords: ['revert', 'take back'] },
  { command: 'toggleSelect', label: 'select', keys: ['x'], description: 'Select or unselect the conversation', section: 'Select', scope: 'global', hint: true, keywords: ['select', 'check'] },
  { command: 'extendDown', label: 'select down', keys: ['Shift+J', 'Shift+ArrowDown'], description: 'Extend the selection down', section: 'Select', scope: 'global', notInPalette: true },
  { command: 'extendUp', label: 'select up', keys: ['Shift+K', 'Shift+ArrowUp'], description: 'Extend the selection up', section: 'Select', scope: 'global', notInPalette: true },
  { command: 'selectAll', label: 'select all', keys: ['Mod+A'], description: 'Select every conversation in this view', section: 'Select', scope: 'global', keywords: ['select all', 'all'] },
  { command: 'clearSelection', label: 'clear selection', keys: [], description: 'Clear the selection', section: 'Select', scope: 'global', keywords: ['deselect', 'unselect'] },
  { command: 'goInbox', label: 'inbox', keys: ['g i'], description: 'Go to Inbox', section: 'Go to', scope: 'global' },
  { command: 'goSnoozed', label: 'snoozed', keys: ['g s'], description: 'Go to Snoozed', section: 'Go to', scope: 'global' },
  { command: 'goArchived', label: 'archived', keys: ['g a'], description: 'Go to Archived', section: 'Go to', scope: 'global' },
  { command: 'goLabel', label: 'label…', keys: ['g l'], description: 'Go to a label…', section: 'Go to', scope: 'global' },
  { command: 'goScheduled', label: 'scheduled', keys: ['g t'], description: 'Go to Scheduled: replies set to send later', section: 'Go to', scope: 'global', keywords: ['scheduled', 'send later', 'scheduled replies', 'outbox', 'queued'] },
  { command: 'search', label: 'search', keys: ['/'], description: 'Search messages, people, companies and notes (from: label: is: account: before: after: note:)', section: 'Go to', scope: 'global', hint: true, keywords: ['find', 'search'] },
  { command: 'saveSearchAsSplit', label: 'save as tab', keys: ['Mod+S'], description: 'Save search as split tab (with a live count)', section: 'Go to', scope: 'global', whileTyping: true, keywords: ['save search', 'saved search', 'split tab', 'new tab', 'keep this search', 'smart view'] },
  { command: 'reply', label: 'reply', keys: ['r'], description: 'Reply', section: 'Reply', scope: 'global', hint: true, keywords: ['send', 'send a message', 'write', 'respond', 'answer'] },
  { command: 'send', label: 'send', keys: ['Mod+Enter'], description: 'Send reply', section: 'Reply', scope: 'composer', whileTyping: true, notInPalette: true },
  { command: 'sendWithFollowUp', label: 'send + remind', keys: ['Mod+Shift+Enter'], description: 'Send reply and remind me if they do not answer (1, 3 or 7 days, or a time you type)', section: 'Reply', scope: 'composer', whileTyping: true, notInPalette: true },
  { command: 'sendLater', label: 'send later', keys: ['Mod+Shift+L'], description: 'Send later: schedule the reply ("tomorrow 9am", "in 2 hours")', section: 'Reply', scope: 'composer', whileTyping: true, notInPalette: true },
  { command: 'clearFollowUp', label: 'remove follow-up', keys: [], description: 'Remove the follow-up reminder', section: 'Reply', scope: 'global', keywords: ['follow up', 'follow-up', 'reminder', 'remove reminder', 'cancel reminder', 'no reply'] },
  { command: 'editNote', label: 'note', keys: ['n'], description: 'Note on this person (shared by every conversation with them)', section: 'Reply', scope: 'global', keywords: ['note', 'notes', 'person note', 'remember', 'memo', 'comment about'] },
  { command: 'profile', label: 'profile', keys: ['p'], description: 'Open their LinkedIn profile in the browser', section: 'Reply', scope: 'global', keywords: ['linkedin', 'open profile'] },
  { command: 'palette', label: 'commands', keys: ['Mod+K'], description: 'Command palette: every action and view', section: 'App', scope: 'global', whileTyping: true, hint: true, notInPalette: true },
  { command: 'help', label: 'help', keys: ['?'], description: 'Keyboard shortcuts', section: 'App', scope: 'global', hint: true, keywords: ['shortcuts', 'keyboard', 'keys'] },
  { command: 'syncNow', label: 'sync', keys: [], description: 'Sync every account now', section: 'App', scope: 'global', keywords: ['refresh', 'sync', 'fetch', 'check for new messages', 'update'] },
  { command: 'addAccount', label: 'add account', keys: [], description: 'Add an account…', section: 'App', scope: 'global', keywords: ['add account', 'new account', 'connect an account', 'api key', 'reactin', 'linkup', 'connectsafely', 'crispy'] },
  { command: 'exportData', label: 'export', keys: [], description: 'Export all data to a JSON file…', section: 'App', scope: 'global', keywords: ['export', 'backup', 'download my data', 'save everything'] },
  { command: 'removeDemo', label: 'remove demo', keys: [], description: 'Remove the demo account…', section: 'App', scope: 'global', keywords: ['remove demo', 'delete demo', 'demo account'] },
  { command: 'themeSystem', label: 'system theme', keys: [], description: 'Theme: follow the system', section: 'App', scope: 'global', keywords: ['theme system', 'system theme', 'auto theme', 'appearance'] },
  { command: 'themeLight', label: 'light theme', keys: [], description: 'Theme: light', section: 'App', scope: 'global', keywords: ['light', 'light mode', 'theme light', 'appearance'] },
  { command: 'themeDark', label: 'dark theme', keys: [], description: 'Theme: dark', section: 'App', scope: 'global', keywords: ['dark', 'dark mode', 'night', 'theme dark', 'appearance'] },
  { command: 'settings', label: 'settings', keys: [], description: 'Accounts & settings', section: 'App', scope: 'global', keywords: ['preferences', 'options', 'settings', 'accounts', 'snippets', 'labels settings'] },
  { command: 'toggleDensity', label: 'density', keys: [], description: 'Switch between compact and comfortable rows', section: 'App', scope: 'global', keywords: ['compact', 'comfortable', 'density', 'dense rows', 'row height', 'layout'] },
  { command: 'keymapSuperhuman', label: 'Superhuman keys', keys: [], description: 'Keymap: Superhuman (the default keys)', section: 'App', scope: 'global', keywords: ['keymap', 'shortcuts', 'keyboard', 'default keys', 'superhuman'] },
  { command: 'keymapKondo', label: 'Kondo keys', keys: [], description: 'Keymap: Kondo', section: 'App', scope: 'global', keywords: ['keymap', 'shortcuts', 'keyboard', 'kondo'] },
  { command: 'keymapGmail', label: 'Gmail keys', keys: [], description: 'Keymap: Gmail', section: 'App', scope: 'global', keywords: ['keymap', 'shortcuts', 'keyboard', 'gmail', 'google'] },
];

export interface Chord {
  key: string;
  shift: boolean;
  mod: boolean;
  alt: boolean;
}

/** One chord as the key handler reads it ('Shift+E' → e with Shift). The keymap's validation uses this same parser. */
export function parseChord(chord: string): Chord {
  // 'Shift++' is not used; a lone '+' would be the only key whose name contains the separator.
  const parts = chord.split('+');
  const key = parts.pop() ?? '';
  return { key: key.toLowerCase(), shift: parts.includes('Shift'), mod: parts.includes('Mod'), alt: parts.includes('Alt') };
}

/** A binding's key as a sequence of chords ('g i' → [g, i]). */
export const parseSequence = (keys: string): Chord[] => keys.split(' ').map(parseChord);

type ParsedBindings = { binding: KeyBinding; sequences: Chord[][] }[];
/** Each keymap is parsed once (the renderer's active one changes only with the settings). */
const parsedCache = new WeakMap<readonly KeyBinding[], ParsedBindings>();
function parsed(bindings: readonly KeyBinding[]): ParsedBindings {
  let p = parsedCache.get(bindings);
  if (!p) {
    p = bindings.map((b) => ({ binding: b, sequences: b.keys.map(parseSequence) }));
    parsedCache.set(bindings, p);
  }
  return p;
}

/** The minimal view of a key event the keymap needs (a DOM KeyboardEvent fits). */
export interface KeyEventLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
}

/** Symbols like ? and / are typed with Shift on some layouts and without it on others: Shift is not part of them. */
export const isSymbol = (key: string): boolean => key.length === 1 && !/[\p{L}\p{N}]/u.test(key);

function matches(chord: Chord, e: KeyEventLike): boolean {
  if (e.key.toLowerCase() !== chord.key) return false;
  const mod = e.ctrlKey || e.metaKey;
  return mod === chord.mod && (isSymbol(chord.key) || e.shiftKey === chord.shift) && e.altKey === chord.alt;
}


const sameChord = (a: Chord, b: Chord): boolean => a.key === b.key && a.shift === b.shift && a.mod === b.mod && a.alt === b.alt;

/** Keys that only modify (pressing Shift on its way to Shift+J must not end a sequence). */
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Meta', 'Alt', 'AltGraph', 'CapsLock']);

/**
 * What a key press means, given the keys of a sequence pressed before it (`prefix`):
 * a command, the start (or middle) of a sequence to wait on, or nothing.
 */
export type KeyOutcome = { command: Command } | { pending: Chord[] } | null;

/** A chord that types text (a letter, digit or symbol without Ctrl/⌘ or Alt). */
export const typesText = (c: Chord): boolean => c.key.length === 1 && !c.mod && !c.alt;

/** Reads one key press in a scope. `typing` says focus is in a text field. `bindings`: the keymap in force (KEYMAP by default). */
export function resolveKey(e: KeyEventLike, scope: KeyBinding['scope'], typing: boolean, prefix: readonly Chord[] = [], bindings: readonly KeyBinding[] = KEYMAP): KeyOutcome {
  if (e.isComposing || MODIFIER_KEYS.has(e.key)) return null;
  const all = parsed(bindings);
  let waiting = false;
  for (const { binding, sequences } of all) {
    if (binding.scope !== scope) continue;
    if (typing && !binding.whileTyping) continue;
    for (const seq of sequences) {
      if (seq.length <= prefix.length) continue;
      // Even a key that works while typing stays quiet when it would type a character (a rebound 'u' for Back).
      if (typing && seq.some(typesText)) continue;
      if (!prefix.every((c, i) => sameChord(c, seq[i]!))) continue;
      if (!matches(seq[prefix.length]!, e)) continue;
      if (seq.length === prefix.length + 1) return { command: binding.command };
      waiting = true;
    }
  }
  if (!waiting) return null;
  const next = all.flatMap((b) => b.sequences).find((seq) => seq.length > prefix.length + 1 && prefix.every((c, i) => sameChord(c, seq[i]!)) && matches(seq[prefix.length]!, e));
  return next ? { pending: next.slice(0, prefix.length + 1) } : null;
}

/** The command a single key press asks for in a scope, or null (sequences are left to resolveKey). */
export function commandFor(e: KeyEventLike, scope: KeyBinding['scope'], typing: boolean, bindings: readonly KeyBinding[] = KEYMAP): Command | null {
  const outcome = resolveKey(e, scope, typing, [], bindings);
  return outcome && 'command' in outcome ? outcome.command : null;
}

const KEY_NAMES: Record<string, string> = { Escape: 'Esc', ArrowDown: '↓', ArrowUp: '↑', Enter: 'Enter', Tab: 'Tab' };

function describeOne(chord: string, isMac: boolean): string {
  const parts = chord.split('+');
  const key = parts.pop() ?? '';
  const mods = parts.map((m) => (m === 'Mod' ? (isMac ? '⌘' : 'Ctrl+') : m === 'Shift' ? (isMac ? '⇧' : 'Shift+') : m === 'Alt' ? (isMac ? '⌥' : 'Alt+') : m));
  return mods.join('') + (KEY_NAMES[key] ?? key);
}

/**
 * How a chord or sequence is written for people: 'Mod+Enter' → 'Ctrl+Enter' (or '⌘Enter' on a Mac); 'g i' → 'g then i'.
 * The platform is passed in (src/shared cannot read `navigator`); the renderer's keymap.ts supplies it.
 */
export function describeChord(chord: string, isMac = false): string {
  return chord
    .split(' ')
    .map((c) => describeOne(c, isMac))
    .join(' then ');
}

/** The keys of a command as separate pieces for <kbd> tags ('g i' → ['g', 'i']), or [] for palette-only commands. */
export function keyPieces(command: Command, isMac = false, bindings: readonly KeyBinding[] = KEYMAP): string[] {
  const first = bindingFor(command, bindings).keys[0];
  return first ? first.split(' ').map((c) => describeOne(c, isMac)) : [];
}

/** The binding for a command, for hints next to buttons. */
export function bindingFor(command: Command, bindings: readonly KeyBinding[] = KEYMAP): KeyBinding {
  const b = bindings.find((x) => x.command === command);
  if (!b) throw new Error(`No key binding for ${command}`);
  return b;
}
