/**
 * The rules for searches saved as split tabs (AppSettings.savedSplits): reading what the
 * preferences file holds (a bad entry is dropped) and checking what a person saves (a sentence
 * naming the tab at fault; a query search cannot run is refused with search's own sentence).
 */
import type { SavedSplit } from '../../shared/domain';
import { LIMITS } from '../../shared/limits';
import { savedSplitSchema } from '../../shared/schemas';
import { invalidInput } from './errors';

/** The view id of a saved split's tab. */
export function splitViewId(id: string): `search:${string}` {
  return `search:${id}`;
}

/** Stored split tabs, dropping any that are malformed or repeat an earlier one's id. */
export function readSavedSplits(stored: unknown): SavedSplit[] {
  if (!Array.isArray(stored)) return [];
  const ids = new Set<string>();
  const kept: SavedSplit[] = [];
  for (const x of stored) {
    if (kept.length >= LIMITS.savedSplits) break;
    const parsed = savedSplitSchema.safeParse(x);
    if (!parsed.success || ids.has(parsed.data.id)) continue;
    ids.add(parsed.data.id);
    kept.push(parsed.data);
  }
  return kept;
}

/**
 * Checks the split tabs a person saves; throws 'invalid-input' with a sentence naming the one at
 * fault. Only a new or changed query is run past search (`queryProblems`): a tab saved earlier whose
 * label was deleted since must not stop another from being renamed.
 */
export function checkSavedSplits(next: SavedSplit[], previous: readonly SavedSplit[], queryProblems: (query: string) => string[]): SavedSplit[] {
  if (!Array.isArray(next)) throw invalidInput('Split tabs must be a list.');
  if (next.length > LIMITS.savedSplits) throw invalidInput(`You can keep at most ${LIMITS.savedSplits} split tabs; remove some first.`);
  const ids = new Set<string>();
  return next.map((split) => {
    const parsed = savedSplitSchema.safeParse(split);
    if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? 'A split tab is malformed.');
    const { id, name, query } = parsed.data;
    if (ids.has(id)) throw invalidInput(`Two split tabs share the same id ('${id}'); each needs its own.`);
    ids.add(id);
    if (previous.find((p) => p.id === id)?.query !== query) {
      const problems = queryProblems(query);
      if (problems.length > 0) throw invalidInput(`“${name}” cannot be saved as a tab: ${problems.join(' ')}`);
    }
    return { id, name, query };
  });
}
