/** Settings: the panel, the person's settings (shown at once, put back on refusal), key storage, export. */
import { errorSentence } from '../api';
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** The settings slice's actions, built on the store's shared kit. */
export function settingsSlice(kit: StoreKit): Pick<InboxActions, 'openSettings' | 'closeSettings' | 'loadSettings' | 'loadKeyStorage' | 'useEncryptedKeyStorage' | 'updateSettings' | 'exportData'> {
  const { api, set, get, notify } = kit;
  /** Bumped by every settings change: only the latest one's answer (or failure) is applied. */
  let settingsSeq = 0;

  return {
    openSettings(focus = 'panel') {
      set({ settingsOpen: true, settingsFocus: focus });
      // What the panel shows is what the core has now, whoever changed it last.
      void get().loadSettings();
      void get().loadKeyStorage();
    },

    closeSettings() {
      set({ settingsOpen: false });
    },

    async loadSettings() {
      const seq = settingsSeq;
      try {
        const settings = await api.getSettings();
        // A change made while this was on its way is newer than what it read.
        if (seq === settingsSeq) set({ settings });
      } catch (err) {
        notify(errorSentence(err));
      }
    },

    async loadKeyStorage() {
      try {
        set({ keyStorage: await api.keyStorage() });
      } catch {
        // Settings keeps what it showed; the next opening asks again.
      }
    },

    async useEncryptedKeyStorage() {
      const keyStorage = await api.useEncryptedKeyStorage();
      set({ keyStorage });
      return keyStorage;
    },

    async updateSettings(patch) {
      // Shown at once (a radio moves when clicked, not when the disk write returns); put back
      // if the core says no, unless a later change has been made since.
      const before = get().settings;
      const seq = ++settingsSeq;
      if (before) set({ settings: { ...before, ...patch } });
      try {
        const settings = await api.updateSettings(patch);
        if (seq === settingsSeq) set({ settings });
        return settings;
      } catch (err) {
        if (seq === settingsSeq) set({ settings: before });
        throw err;
      }
    },

    exportData() {
      return api.exportData();
    },
  };
}
