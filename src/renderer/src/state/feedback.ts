/** Feedback: the notice, the toast and the overlays (palette, help). */
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** The feedback slice's actions, built on the store's shared kit. */
export function feedbackSlice(kit: StoreKit): Pick<InboxActions, 'notify' | 'dismissNotice' | 'dismissToast' | 'openOverlay' | 'closeOverlay'> {
  const { set, get, notify } = kit;

  return {
    notify,

    dismissNotice() {
      set({ notice: null });
    },

    dismissToast() {
      set({ toast: null });
    },

    openOverlay(overlay) {
      if (get().settingsOpen) return;
      set({ overlay, popover: null });
    },

    closeOverlay() {
      set({ overlay: null });
    },
  };
}
