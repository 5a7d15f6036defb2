/** Searches saved as split tabs: saving the search on screen as one, and Settings' renames, reorders and removals. */
import type { SavedSplit } from '../../../shared/domain';
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** A fresh id for a saved search (a browser's crypto; ids only need to be unique among the tabs). */
const newSplitId = (): string => crypto.randomUUID();

/** The split tabs slice's actions, built on the store's shared kit. */
export function splitsSlice(kit: StoreKit): Pick<InboxActions, 'saveSearchAsSplit' | 'updateSplits'> {
  const { get, refreshList } = kit;
  const saved = (): SavedSplit[] => get().settings?.savedSplits ?? [];

  return {
    async saveSearchAsSplit(name, query) {
      const split: SavedSplit = { id: newSplitId(), name: name.trim(), query: query.trim() };
      await get().updateSettings({ savedSplits: [...saved(), split] });
      get().closeOverlay();
      // The new tab, with what it holds (and every count, its own included).
      get().selectView(`search:${split.id}`);
      get().notify(`Saved “${split.name}” as a tab.`, 'info');
    },

    async updateSplits(next) {
      await get().updateSettings({ savedSplits: next });
      const { view } = get();
      if (view.startsWith('search:') && !next.some((s) => `search:${s.id}` === view)) get().selectView('inbox');
      else void refreshList(); // the counts of the tabs as they are now
    },
  };
}
