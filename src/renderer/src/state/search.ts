/** Search (`/`): the query, its results (a newer query's answer wins), paging them, opening one. */
import { keepSelection } from '../viewRules';
import { MAX_SEARCH_LIMIT, SEARCH_PAGE } from './initial';
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** The search slice's actions, built on the store's shared kit. */
export function searchSlice(kit: StoreKit): Pick<InboxActions, 'startSearch' | 'setSearchQuery' | 'moreResults' | 'closeSearch' | 'openSearchHit'> {
  const { set, get, b, runSearch } = kit;

  return {
    startSearch() {
      set((s) => ({
        search: s.search
          ? { ...s.search, focusSeq: s.search.focusSeq + 1 }
          : { query: '', hits: [], total: 0, atLeast: false, problems: [], loading: false, error: null, focusSeq: 1, limit: SEARCH_PAGE },
        checked: s.search ? s.checked : {},
        selectedId: s.search ? s.selectedId : null,
        openId: s.search ? s.openId : null,
        thread: s.search ? s.thread : null,
      }));
    },

    setSearchQuery(query) {
      if (!get().search) return;
      if (query.trim() === '') {
        b.searchSeq++;
        set((s) => ({ search: s.search && { ...s.search, query, hits: [], total: 0, atLeast: false, problems: [], loading: false, error: null }, selectedId: s.openId }));
        return;
      }
      set((s) => ({ search: s.search && { ...s.search, query, loading: true, limit: SEARCH_PAGE } }));
      runSearch(query, false);
    },

    moreResults() {
      const { search } = get();
      if (!search || search.loading || (search.hits.length >= search.total && !search.atLeast) || search.limit >= MAX_SEARCH_LIMIT || search.hits.length < search.limit) return;
      set({ search: { ...search, limit: Math.min(MAX_SEARCH_LIMIT, search.limit + SEARCH_PAGE), loading: true } });
      runSearch(search.query, true);
    },

    closeSearch() {
      b.searchSeq++;
      set((s) => ({ search: null, checked: {}, selectedId: keepSelection([], s.items, s.selectedId) }));
    },

    async openSearchHit(hit) {
      await get().openAt(hit.conversation.id, hit.messageId);
    },
  };
}
