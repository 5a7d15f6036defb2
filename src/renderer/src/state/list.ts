/** The list: the first load, change events from the core, views and split tabs, moving the cursor, paging, avatars. */
import { AVATARS_KEPT, PAGE_SIZE } from './initial';
import type { StoreKit } from './kit';
import { splitViews } from './lookups';
import type { InboxActions } from './types';

/** The list slice's actions, built on the store's shared kit. */
export function listSlice(kit: StoreKit): Pick<InboxActions, 'start' | 'changed' | 'selectView' | 'select' | 'move' | 'loadAll' | 'loadMore' | 'avatarFor' | 'moveSplit'> {
  const { api, set, get, b, notify, refreshLabels, refreshAccounts, refreshList, refreshThread, rows, refreshSearch } = kit;
  // Pictures shown lately, asked for once each while kept (main caches the bytes on disk).
  const avatars = new Map<string, Promise<string | null>>();

  return {
    async start() {
      // Not awaited: a keychain that is slow to answer must not hold up the inbox.
      void get().loadKeyStorage();
      await Promise.all([refreshAccounts(), refreshList(), get().loadSettings(), refreshLabels(), get().refreshScheduled()]);
      set({ loaded: true });
    },

    changed(e) {
      if (e.counts) b.countsFromCore = e.counts;
      else if (e.accounts || e.conversations) b.countsFromCore = null;
      if (e.accounts) void refreshAccounts();
      // Saved searches are settings: a tab added or changed elsewhere needs its count (which the list read brings).
      if (e.settings) {
        void get()
          .loadSettings()
          .then(() => {
            if (!(e.accounts || e.conversations)) void refreshList();
          });
      }
      if (e.labels) void refreshLabels();
      if (e.notice) notify(e.notice, 'info');
      if (e.scheduled || e.accounts) void get().refreshScheduled();
      if (e.accounts || e.conversations) {
        void refreshList();
        refreshSearch();
      }
      const { openId } = get();
      if (openId && (e.conversations === 'all' || e.conversations?.includes(openId))) void refreshThread();
    },

    selectView(view) {
      if (get().view === view) {
        // Choosing the view on screen again leaves search and shows the view.
        if (get().search) get().closeSearch();
        return;
      }
      set({ view, items: [], total: 0, listLoaded: false, limit: PAGE_SIZE, selectedId: null, openId: null, thread: null, threadError: null, settingsOpen: false, popover: null, checked: {}, search: null });
      void refreshList();
    },

    select(id) {
      set({ selectedId: id });
    },

    move(delta) {
      const s = get();
      const list = rows(s);
      if (list.length === 0) return;
      const at = list.findIndex((c) => c.id === s.selectedId);
      const next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + delta));
      const id = list[next]!.id;
      if (next >= list.length - 20) {
        if (s.search) get().moreResults();
        else get().loadMore();
      }
      // With a thread open, moving reads the neighbour (Superhuman's next/previous conversation).
      if (s.openId !== null && id !== s.openId) void get().open(id);
      else set({ selectedId: id });
    },

    loadAll() {
      const s = get();
      if (s.limit >= s.total) return;
      set({ limit: s.total });
      void refreshList();
    },

    loadMore() {
      const s = get();
      if (s.items.length >= s.total || s.limit > s.items.length) return;
      set({ limit: s.limit + PAGE_SIZE });
      void refreshList();
    },

    avatarFor(id) {
      let known = avatars.get(id);
      if (known) {
        // Most recently used last: the oldest picture is the one dropped.
        avatars.delete(id);
        avatars.set(id, known);
        return known;
      }
      known = api.avatar(id).catch(() => null);
      avatars.set(id, known);
      // No picture yet (none, or main could not fetch it): ask again next time; main remembers failures itself.
      void known.then((url) => url === null && avatars.get(id) === known && avatars.delete(id));
      while (avatars.size > AVATARS_KEPT) avatars.delete(avatars.keys().next().value!);
      return known;
    },

    moveSplit(delta) {
      const s = get();
      const splits = splitViews(s.labels, s.settings?.savedSplits);
      if (splits.length < 2) return false;
      const at = splits.indexOf(s.view);
      const next = at < 0 ? 0 : (at + delta + splits.length) % splits.length;
      get().selectView(splits[next]!);
      return true;
    },
  };
}
