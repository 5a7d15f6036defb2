/** Accounts: adding, testing, changing and removing them, syncing, the demo offer, the connection doctor. */
import { errorSentence } from '../api';
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** The accounts slice's actions, built on the store's shared kit. */
export function accountsSlice(kit: StoreKit): Pick<InboxActions, 'addAccount' | 'testAccount' | 'updateAccount' | 'removeAccount' | 'answerDemoOffer' | 'syncAccount' | 'syncAll' | 'diagnoseAccount' | 'saveDiagnosis'> {
  const { api, set, get, b, notify, refreshAccounts, refreshList } = kit;

  return {
    async addAccount(input) {
      // A key that could not be stored may mean the keychain just became unusable: Settings says so.
      const account = await api.addAccount(input).catch((err: unknown) => {
        void get().loadKeyStorage();
        throw err;
      });
      void refreshAccounts();
      // A failed first sync is recorded on the account and shown in the sidebar.
      void api.syncNow(account.id).catch(() => refreshAccounts());
      return account;
    },

    testAccount(input, accountId) {
      return api.testAccount(input, accountId);
    },

    async updateAccount(id, patch) {
      const account = await api.updateAccount(id, patch).catch((err: unknown) => {
        void get().loadKeyStorage();
        throw err;
      });
      await refreshAccounts();
      void refreshList();
      // New settings or a new key: sync now, so the status says at once whether they work.
      if (patch.apiKey !== undefined || patch.config !== undefined) void api.syncNow(id).catch(() => refreshAccounts());
      return account;
    },

    async removeAccount(id) {
      await api.removeAccount(id);
      if (get().view === `account:${id}`) get().selectView('inbox');
      await refreshAccounts();
      void refreshList();
    },

    async answerDemoOffer(remove) {
      const offer = get().demoOffer;
      try {
        await api.answerDemoOffer(remove);
      } catch (err) {
        notify(errorSentence(err));
        return;
      }
      b.demoOfferSeq++;
      set({ demoOffer: null });
      if (offer && remove && get().view === `account:${offer.demoAccountId}`) get().selectView('inbox');
      notify(remove ? 'The demo account is removed.' : 'The demo account stays; remove it any time in Settings.', 'info');
      await refreshAccounts();
      void refreshList();
    },

    async syncAccount(id) {
      try {
        await api.syncNow(id);
      } catch (err) {
        await refreshAccounts();
        // A failed sync is recorded on the account, whose sentence the sidebar and the card
        // show. Anything else (the account is gone, the window lost the app) says so here.
        const account = get().accounts.find((a) => a.id === id);
        if (!account || account.status.state === 'ok' || account.status.state === 'syncing' || account.status.state === 'idle') notify(errorSentence(err));
        return;
      }
      await refreshAccounts();
    },

    async syncAll() {
      if (get().syncingAll) return;
      set({ syncingAll: true });
      try {
        await api.syncNow();
      } catch (err) {
        notify(errorSentence(err));
      } finally {
        set({ syncingAll: false });
      }
      await refreshAccounts();
    },

    diagnoseAccount(accountId) {
      return api.diagnoseAccount(accountId);
    },

    saveDiagnosis(accountId) {
      return api.saveDiagnosis(accountId);
    },
  };
}
