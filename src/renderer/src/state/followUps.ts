/** Follow-up reminders: removing one (thread button, palette); setting one rides on send (composer.ts). */
import { errorSentence } from '../api';
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** The follow-up slice's actions, built on the store's shared kit. */
export function followUpSlice(kit: StoreKit): Pick<InboxActions, 'clearFollowUp'> {
  const { api, get, b, notify, showToast, refreshList, refreshThread, target } = kit;
  return {
    async clearFollowUp(id) {
      const c = target(id ?? get().openId ?? get().selectedId);
      if (!c) return;
      if (!c.followUp) {
        notify('This conversation has no follow-up reminder to remove.', 'info');
        return;
      }
      try {
        await api.clearFollowUp(c.id);
        b.undoHints.push({ id: c.id });
        showToast('Follow-up reminder removed', true);
      } catch (err) {
        notify(errorSentence(err));
      }
      void refreshList();
      if (get().thread?.conversation.id === c.id) void refreshThread();
    },
  };
}
