/** Picking conversations for bulk actions (x, Shift+J/K, select all) and the pickers (l, h) over them. */
import { MAX_BULK } from '../../../shared/domain';
import { errorSentence } from '../api';
import { LIST_PAGE_MAX } from './initial';
import type { StoreKit } from './kit';
import { without } from './lookups';
import type { InboxActions } from './types';

/** The selection slice's actions, built on the store's shared kit. */
export function selectionSlice(kit: StoreKit): Pick<InboxActions, 'toggleSelect' | 'extendSelection' | 'selectAll' | 'clearSelection' | 'openPopover' | 'closePopover'> {
  const { api, set, get, notify, showToast, rows, target, checkedIds, plural } = kit;

  return {
    toggleSelect(id) {
      const s = get();
      const wanted = id ?? s.selectedId ?? s.openId;
      if (!wanted) return;
      set({ checked: s.checked[wanted] ? without(s.checked, wanted) : { ...s.checked, [wanted]: true } });
    },

    extendSelection(delta) {
      const s = get();
      const list = rows(s);
      if (list.length === 0) return;
      const at = list.findIndex((c) => c.id === s.selectedId);
      const from = list[Math.max(0, at)]!;
      const to = list[at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + delta))]!;
      const at2 = list.indexOf(to);
      if (at2 >= list.length - 20) {
        if (s.search) get().moreResults();
        else get().loadMore();
      }
      set({ checked: { ...s.checked, [from.id]: true, [to.id]: true }, selectedId: to.id });
    },

    async selectAll() {
      const s = get();
      const picked: Record<string, true> = {};
      let n = 0;
      for (const c of rows(s)) {
        if (n >= MAX_BULK) break;
        picked[c.id] = true;
        n++;
      }
      set({ checked: picked });
      if (!s.search && s.items.length < s.total && n < MAX_BULK) {
        // The rest of the view, in big pages (ids only are kept), up to what one bulk action takes.
        const { view } = s;
        const more: Record<string, true> = { ...picked };
        try {
          for (let offset = s.items.length; offset < s.total && n < MAX_BULK; offset += LIST_PAGE_MAX) {
            const page = await api.listConversations({ view, offset, limit: Math.min(LIST_PAGE_MAX, MAX_BULK - n) });
            for (const c of page.items) {
              if (!more[c.id] && n < MAX_BULK) {
                more[c.id] = true;
                n++;
              }
            }
            if (page.items.length === 0) break;
          }
        } catch (err) {
          notify(errorSentence(err));
        }
        // The person changed the selection (or the view) meanwhile: theirs wins.
        if (get().checked !== picked) return;
        set({ checked: more });
      }
      const total = s.search ? s.search.hits.length : s.total;
      showToast(n < total ? `Selected the newest ${n.toLocaleString()} of ${total.toLocaleString()} conversations` : `Selected ${plural(n)}`, false, undefined, { kind: 'selection' });
    },

    clearSelection() {
      set({ checked: {} });
    },

    openPopover(kind) {
      const s = get();
      if (s.settingsOpen) return;
      const picked = checkedIds();
      if (picked) {
        set({ popover: { kind, ids: picked } });
        return;
      }
      const c = target();
      if (!c) return;
      set({ popover: { kind, ids: [c.id] } });
    },

    closePopover() {
      set({ popover: null });
    },
  };
}
