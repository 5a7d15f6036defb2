/**
 * The core's rules for settings and snippets, built on the shared schemas (src/shared/schemas.ts):
 * reading what the preferences file holds (a bad field falls back to its default, a bad snippet is
 * dropped) and checking the snippets a person saves (a sentence naming the one at fault).
 */
import { DEFAULT_SETTINGS, LIST_WIDTH_MAX, LIST_WIDTH_MIN, type AppSettings, type Snippet } from '../../shared/domain';
import { readKeymapSetting } from '../../shared/active-keymap';
import { LIMITS } from '../../shared/limits';
import { idSchema, keymapSettingSchema, SETTING_SCHEMAS, snippetSchema } from '../../shared/schemas';
import { invalidInput } from './errors';
import { readSavedSplits } from './saved-splits';

/** Whether a list width is one the divider can take (null: the layout's default). */
export function isListWidth(w: unknown): boolean {
  return SETTING_SCHEMAS.listWidth.safeParse(w).success;
}

/** Settings as stored, with anything missing or no longer valid replaced by its default. */
export function readSettings(stored: Partial<AppSettings>): AppSettings {
  const s: AppSettings = { ...DEFAULT_SETTINGS };
  const from = (stored ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(SETTING_SCHEMAS) as (keyof AppSettings)[]) {
    if (key === 'snippets' || key === 'keymap' || key === 'savedSplits' || !(key in from)) continue;
    const parsed = SETTING_SCHEMAS[key].safeParse(from[key]);
    if (parsed.success) (s as unknown as Record<string, unknown>)[key] = parsed.data;
  }
  s.snippets = readSnippets(from.snippets);
  s.keymap = readKeymapSetting(from.keymap);
  s.savedSplits = readSavedSplits(from.savedSplits);
  return s;
}

/** Checks a keymap a person saves; throws 'invalid-input' with the sentence saying what is wrong (an unusable keymap is never kept). */
export function checkKeymapSetting(keymap: unknown): AppSettings['keymap'] {
  const parsed = keymapSettingSchema.safeParse(keymap);
  if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? 'That keymap cannot be used.');
  return parsed.data;
}

/** Stored snippets, dropping any that are malformed or repeat an earlier one's id or name. */
export function readSnippets(stored: unknown): Snippet[] {
  if (!Array.isArray(stored)) return [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const kept: Snippet[] = [];
  for (const x of stored) {
    if (kept.length >= LIMITS.snippets) break;
    const parsed = snippetSchema.safeParse(x);
    if (!parsed.success || !parsed.data.body.trim()) continue;
    const { id, name, body } = parsed.data;
    if (ids.has(id) || names.has(name.toLowerCase())) continue;
    ids.add(id);
    names.add(name.toLowerCase());
    kept.push({ id, name, body });
  }
  return kept;
}

/** Checks the snippets a person saves; throws 'invalid-input' with a sentence naming the one at fault. */
export function checkSnippets(snippets: Snippet[]): Snippet[] {
  if (!Array.isArray(snippets)) throw invalidInput('Snippets must be a list.');
  if (snippets.length > LIMITS.snippets) throw invalidInput(`You can keep at most ${LIMITS.snippets} snippets; remove some first.`);
  const ids = new Set<string>();
  const names = new Map<string, string>();
  return snippets.map((s) => {
    const name = typeof s?.name === 'string' ? s.name.trim() : '';
    if (!idSchema.safeParse(s?.id).success) throw invalidInput(name ? `The snippet '${name}' has no valid id.` : 'A snippet has no valid id.');
    if (!name) throw invalidInput('Give every snippet a name.');
    if (name.length > LIMITS.snippetName) throw invalidInput(`A snippet name can be at most ${LIMITS.snippetName} characters; '${name.slice(0, 20)}…' is longer.`);
    if (typeof s.body !== 'string' || !s.body.trim()) throw invalidInput(`The snippet '${name}' is empty; write the text it should insert.`);
    if (s.body.length > LIMITS.reply) throw invalidInput(`The snippet '${name}' is longer than a reply can be (${LIMITS.reply.toLocaleString('en')} characters).`);
    const clash = names.get(name.toLowerCase());
    if (clash !== undefined) throw invalidInput(`There is already a snippet called '${clash}'; give each snippet its own name.`);
    if (ids.has(s.id)) throw invalidInput(`Two snippets share the same id ('${s.id}'); each needs its own.`);
    ids.add(s.id);
    names.set(name.toLowerCase(), name);
    return { id: s.id, name, body: s.body };
  });
}

