/**
 * The keymap in force: KEYMAP's default keys, a preset's keys over them, the person's own
 * rebindings over both. Pure, so the key handler, the hint bar, the help overlay, the palette
 * and the core's checks all agree. Presets are written as overrides of KEYMAP, so a command
 * added to KEYMAP keeps its default keys in every preset unless a preset says otherwise.
 *
 * Kept by hand (no keymap library fits: the parser must be the one the key handler uses).
 */
import { isSymbol, KEYMAP, parseSequence, typesText, type Chord, type Command, type KeyBinding } from './keymap';
import { LIMITS } from './limits';
import { KEYMAP_PRESETS, type KeymapPreset, type KeymapSetting } from './settings';

export { KEYMAP_PRESETS, type KeymapPreset, type KeymapSetting };

export const DEFAULT_KEYMAP_SETTING: KeymapSetting = { preset: 'superhuman', overrides: {} };

/** What each preset is called on screen. */
export const PRESET_NAMES: Record<KeymapPreset, string> = { superhuman: 'Superhuman (default)', kondo: 'Kondo', gmail: 'Gmail' };

/**
 * Each preset's keys that differ from (or pin) KEYMAP's. Sources: Kondo's documentation names
 * E archive, H snooze ("remind me"), L label and Cmd+K the command bar — today's keys, pinned here
 * so the Kondo preset stays Kondo's if the default ever moves. Gmail's published shortcuts:
 * b snooze, Shift+U mark unread, u back to the list, * then a / * then n select all / none,
 * ` and ~ the next / previous inbox section.
 */
export const PRESET_OVERRIDES: Record<KeymapPreset, Readonly<Partial<Record<Command, readonly string[]>>>> = {
  superhuman: {},
  kondo: { archive: ['e'], snooze: ['h'], label: ['l'], palette: ['Mod+K'] },
  gmail: {
    snooze: ['b'],
    toggleRead: ['Shift+U'],
    back: ['Escape', 'u'],
    selectAll: ['* a', 'Mod+A'],
    clearSelection: ['* n'],
    nextSplit: ['`', 'Tab'],
    previousSplit: ['~', 'Shift+Tab'],
  },
};

const MODIFIERS: Record<string, 'Mod' | 'Alt' | 'Shift'> = { mod: 'Mod', ctrl: 'Mod', control: 'Mod', cmd: 'Mod', command: 'Mod', meta: 'Mod', alt: 'Alt', option: 'Alt', shift: 'Shift' };
const NAMED_KEYS = ['Escape', 'Enter', 'Tab', 'Backspace', 'Delete', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`)];
const NAMED = new Map([...NAMED_KEYS.map((k) => [k.toLowerCase(), k] as const), ['esc', 'Escape'], ['return', 'Enter'], ['del', 'Delete'], ['up', 'ArrowUp'], ['down', 'ArrowDown'], ['left', 'ArrowLeft'], ['right', 'ArrowRight']]);
const MODIFIER_ONLY = new Set(['shift', 'control', 'meta', 'alt', 'altgraph', 'capslock', 'os', 'dead', 'process', 'unidentified']);

/** A chord's identity as the key handler matches it (Shift does not count on symbols like ? and /). */
const chordId = (c: Chord): string => `${c.mod ? 'M' : ''}${c.alt ? 'A' : ''}${c.shift && !isSymbol(c.key) ? 'S' : ''}:${c.key}`;
const sequenceIds = (keys: string): string[] => parseSequence(keys).map(chordId);

/** One chord written the keymap's way ('ctrl+shift+k' → 'Mod+Shift+K'), or a sentence saying what is wrong. */
function normalizeChord(text: string): { chord: string } | { problem: string } {
  if (text.endsWith('+') && text.length > 1) return { problem: `“${text}” ends in +; write the key after the modifiers, like Ctrl+K.` };
  const parts = text.split('+');
  const keyText = parts.pop()!;
  const mods = new Set<string>();
  for (const p of parts) {
    const m = MODIFIERS[p.toLowerCase()];
    if (!m) return { problem: `“${p}” in “${text}” is not a modifier; use Ctrl (⌘ on a Mac), Alt or Shift.` };
    mods.add(m);
  }
  let key: string;
  if ([...keyText].length === 1) key = keyText;
  else {
    const named = NAMED.get(keyText.toLowerCase());
    if (!named) return { problem: MODIFIER_ONLY.has(keyText.toLowerCase()) ? `“${text}” is only a modifier; add the key pressed with it.` : `“${keyText}” is not a key the app knows; use a letter, digit, symbol, Esc, Enter, Tab, an arrow or F1–F12.` };
    key = named;
  }
  if (key === ' ' || key === '') return { problem: 'Space cannot be a shortcut: it scrolls and types.' };
  const letter = /^\p{L}$/u.test(key);
  // Written as KEYMAP writes them: 'e', 'Shift+E', 'Mod+K' (the handler matches either case).
  if (letter) key = mods.size > 0 ? key.toUpperCase() : key.toLowerCase();
  if (isSymbol(key)) mods.delete('Shift');
  const order = (['Mod', 'Alt', 'Shift'] as const).filter((m) => mods.has(m));
  return { chord: [...order, key].join('+') };
}

/** A key or sequence written the keymap's way ('ctrl+k', 'G  I' → 'Mod+K', 'g i'), or a sentence saying what is wrong. */
export function normalizeKeys(text: string): { keys: string } | { problem: string } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'A shortcut cannot be empty.' };
  if (trimmed.length > LIMITS.keyText) return { problem: `A shortcut can be at most ${LIMITS.keyText} characters.` };
  const chords = trimmed.split(/\s+/);
  if (chords.length > 2) return { problem: `“${trimmed}” has ${chords.length} steps; a shortcut is one key or two in a row (like g then i).` };
  const out: string[] = [];
  for (const c of chords) {
    const n = normalizeChord(c);
    if ('problem' in n) return n;
    out.push(n.chord);
  }
  return { keys: out.join(' ') };
}

/** The chord a key press records in Settings (Shift+E, Mod+K, `), or null for a modifier alone, a dead key or Space. */
export function chordFromEvent(e: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): string | null {
  if (MODIFIER_ONLY.has(e.key.toLowerCase()) || e.key === ' ' || e.key === '+') return null;
  const mods = [e.ctrlKey || e.metaKey ? 'Mod' : '', e.altKey ? 'Alt' : '', e.shiftKey ? 'Shift' : ''].filter(Boolean);
  const n = normalizeKeys([...mods, e.key].join('+'));
  return 'keys' in n ? n.keys : null;
}

/** Keys in the same place: the same scope, or the reply box and a global key that works while typing (those fire there too). */
function shareScope(a: KeyBinding, b: KeyBinding): boolean {
  return a.scope === b.scope || (a.scope === 'composer' && b.whileTyping === true) || (b.scope === 'composer' && a.whileTyping === true);
}

/** Two sequences clash when one is the other or starts it ('g' and 'g i': the first would fire before the second is finished). */
function clash(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Claim {
  binding: KeyBinding;
  keys: string;
  ids: string[];
}

/**
 * A keymap with a preset and overrides applied to `base` (KEYMAP unless a test passes its own):
 * every command of `base`, in its order, with the keys in force. A key wanted twice goes to the
 * person's own rebinding first, then the preset's, then the default; the command that loses it
 * keeps its other keys (or stays in the palette). Keys that do not parse are left out.
 */
export function resolveKeymap(base: readonly KeyBinding[], setting: KeymapSetting | undefined): KeyBinding[] {
  const s = setting ?? DEFAULT_KEYMAP_SETTING;
  const preset = PRESET_OVERRIDES[s.preset] ?? {};
  const wanted = base.map((binding, index) => {
    const own = s.overrides[binding.command];
    const fromPreset = preset[binding.command];
    const level = own ? 2 : fromPreset ? 1 : 0;
    const keys = [...new Set((own ?? fromPreset ?? binding.keys).map((k) => normalizeKeys(k)).flatMap((n) => ('keys' in n ? [n.keys] : [])))];
    return { binding, index, level, keys };
  });
  // Claims by their first key: only sequences that start with the same key can clash.
  const claims = new Map<string, Claim[]>();
  const kept = new Map<Command, string[]>();
  for (const w of [...wanted].sort((a, b) => b.level - a.level || a.index - b.index)) {
    const mine: string[] = [];
    for (const keys of w.keys) {
      const ids = sequenceIds(keys);
      const same = claims.get(ids[0]!) ?? [];
      if (same.some((c) => shareScope(c.binding, w.binding) && clash(c.ids, ids))) continue;
      claims.set(ids[0]!, [...same, { binding: w.binding, keys, ids }]);
      mine.push(keys);
    }
    kept.set(w.binding.command, mine);
  }
  return base.map((b) => ({ ...b, keys: kept.get(b.command) ?? [] }));
}

const resolved = new WeakMap<KeymapSetting, KeyBinding[]>();
let defaultKeymap: KeyBinding[] | null = null;

/** The keymap the app uses for these settings (the default keymap when they are not loaded yet). */
export function activeKeymap(settings: { keymap?: KeymapSetting } | null | undefined): readonly KeyBinding[] {
  const setting = settings?.keymap;
  // Worked out once, when first asked for, and shared by everyone who keeps the default.
  if (!setting || (setting.preset === DEFAULT_KEYMAP_SETTING.preset && Object.keys(setting.overrides).length === 0)) {
    return (defaultKeymap ??= resolveKeymap(KEYMAP, DEFAULT_KEYMAP_SETTING));
  }
  let k = resolved.get(setting);
  if (!k) {
    k = checkKeymap(setting) === null ? resolveKeymap(KEYMAP, setting) : resolveKeymap(KEYMAP, { preset: setting.preset, overrides: {} });
    resolved.set(setting, k);
  }
  return k;
}

/** A command's keys in a preset, before the person's rebindings (what "Restore default" puts back). */
export function presetKeys(preset: KeymapPreset, command: Command): string[] {
  return [...(resolveKeymap(KEYMAP, { preset, overrides: {} }).find((b) => b.command === command)?.keys ?? [])];
}

export interface KeyConflict {
  /** The key asked for ('e'). */
  keys: string;
  /** The command that has it, or a sequence it starts, now. */
  command: Command;
  /** That command's key it clashes with ('g i' when 'g' was asked for). */
  theirs: string;
}

/** Which other commands of the keymap in force already use `keys` (or a sequence they start) for `command`. */
export function keyConflicts(setting: KeymapSetting, command: Command, keys: readonly string[]): KeyConflict[] {
  const current = resolveKeymap(KEYMAP, setting);
  const me = current.find((b) => b.command === command);
  if (!me) return [];
  const out: KeyConflict[] = [];
  for (const k of keys) {
    const ids = sequenceIds(k);
    for (const other of current) {
      if (other.command === command || !shareScope(me, other)) continue;
      for (const theirs of other.keys) if (clash(sequenceIds(theirs), ids)) out.push({ keys: k, command: other.command, theirs });
    }
  }
  return out;
}

/**
 * The setting with `command` on `keys`: any other command's own rebinding that clashes loses
 * that key (taking it over); preset and default keys give way by themselves (resolveKeymap).
 */
export function rebind(setting: KeymapSetting, command: Command, keys: readonly string[]): KeymapSetting {
  const ids = keys.map(sequenceIds);
  const overrides: Partial<Record<Command, string[]>> = {};
  for (const [cmd, theirs] of Object.entries(setting.overrides) as [Command, string[]][]) {
    if (cmd === command) continue;
    overrides[cmd] = theirs.filter((t) => !ids.some((mine) => clash(sequenceIds(t), mine)));
  }
  overrides[command] = [...keys];
  return { preset: setting.preset, overrides };
}

/** The setting with `command` back on its preset's keys (all commands when none is named). */
export function restoreDefaults(setting: KeymapSetting, command?: Command): KeymapSetting {
  if (!command) return { preset: setting.preset, overrides: {} };
  const overrides = { ...setting.overrides };
  delete overrides[command];
  return { preset: setting.preset, overrides };
}

const KNOWN = new Set<string>(KEYMAP.map((b) => b.command));

/**
 * Null when a keymap setting can be used, else the sentence saying why not: an unknown command,
 * a key that does not parse, two rebindings on one key, or a keymap that leaves no key for the
 * palette or takes Esc from Back (the ways to every command and out of every dialog).
 */
export function checkKeymap(setting: KeymapSetting): string | null {
  if (!(KEYMAP_PRESETS as readonly string[]).includes(setting.preset)) return `There is no keymap preset called “${String(setting.preset)}”; choose ${KEYMAP_PRESETS.join(', ')}.`;
  const entries = Object.entries(setting.overrides) as [string, string[]][];
  if (entries.length > LIMITS.keymapOverrides) return `At most ${LIMITS.keymapOverrides} commands can be rebound.`;
  const own: { command: Command; ids: string[]; keys: string }[] = [];
  for (const [command, keys] of entries) {
    if (!KNOWN.has(command)) return `There is no command called “${command}” to rebind.`;
    if (!Array.isArray(keys)) return `The keys of “${command}” must be a list.`;
    if (keys.length > LIMITS.keysPerCommand) return `A command can have at most ${LIMITS.keysPerCommand} keys.`;
    for (const k of keys) {
      const n = typeof k === 'string' ? normalizeKeys(k) : { problem: `The keys of “${command}” must be text.` };
      if ('problem' in n) return n.problem;
      // The reply box's keys (Send) work only while typing there, where a plain letter is typed instead.
      if (bindingOf(command as Command).scope === 'composer' && parseSequence(n.keys).some(typesText)) return `“${bindingOf(command as Command).description}” works in the reply box, where ${describe(n.keys)} would be typed; give it a key with Ctrl (⌘ on a Mac) or Alt.`;
      own.push({ command: command as Command, ids: sequenceIds(n.keys), keys: n.keys });
    }
  }
  for (let i = 0; i < own.length; i++) {
    for (let j = i + 1; j < own.length; j++) {
      const a = own[i]!;
      const b = own[j]!;
      if (a.command !== b.command && shareScope(bindingOf(a.command), bindingOf(b.command)) && clash(a.ids, b.ids)) {
        return `${describe(a.keys)} is given to both “${bindingOf(a.command).description}” and “${bindingOf(b.command).description}”; give it to one of them.`;
      }
    }
  }
  const result = resolveKeymap(KEYMAP, setting);
  const palette = result.find((b) => b.command === 'palette')!;
  if (palette.keys.length === 0) return 'Keep a key for the command palette (Ctrl+K by default): it is the way to every command, and the only one from a text field.';
  if (!palette.keys.some((k) => !parseSequence(k).some(typesText))) return 'Keep a key with Ctrl (⌘ on a Mac) or Alt for the command palette, so it opens while you type too.';
  if (!result.find((b) => b.command === 'back')!.keys.includes('Escape')) return 'Esc must stay on Back: it is how you leave a dialog or a text field.';
  return null;
}

const bindingOf = (command: Command): KeyBinding => KEYMAP.find((b) => b.command === command)!;
const describe = (keys: string): string => keys.replace(/Mod\+/g, 'Ctrl+').replace(/Escape/g, 'Esc').split(' ').join(' then ');

/**
 * A stored keymap setting, repaired rather than refused (the preferences file may be older or
 * hand-edited): an unknown preset becomes the default, unknown commands and keys that do not
 * parse are dropped, and a keymap that still fails the checks keeps only its preset.
 */
export function readKeymapSetting(stored: unknown): KeymapSetting {
  if (!stored || typeof stored !== 'object') return DEFAULT_KEYMAP_SETTING;
  const raw = stored as { preset?: unknown; overrides?: unknown };
  const preset = (KEYMAP_PRESETS as readonly unknown[]).includes(raw.preset) ? (raw.preset as KeymapPreset) : 'superhuman';
  const overrides: Partial<Record<Command, string[]>> = {};
  if (raw.overrides && typeof raw.overrides === 'object') {
    for (const [command, keys] of Object.entries(raw.overrides as Record<string, unknown>)) {
      if (!KNOWN.has(command) || !Array.isArray(keys)) continue;
      const good = keys.flatMap((k) => (typeof k === 'string' ? [normalizeKeys(k)] : [])).flatMap((n) => ('keys' in n ? [n.keys] : []));
      overrides[command as Command] = [...new Set(good)].slice(0, LIMITS.keysPerCommand);
    }
  }
  const setting = { preset, overrides };
  return checkKeymap(setting) === null ? setting : { preset, overrides: {} };
}
