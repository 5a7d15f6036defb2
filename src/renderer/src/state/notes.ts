/** Notes on a person (`n`): the editor in the thread header, saving and cancelling. */
import { errorSentence } from '../api';
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** The notes slice's actions, built on the store's shared kit. */
export function notesSlice(kit: StoreKit): Pick<InboxActions, 'editNote' | 'saveNote' | 'cancelNote'> {
  const { api, set, get, notify } = kit;

  return {
    async editNote() {
      const id = get().openId ?? get().selectedId;
      if (!id) {
        notify('Select a conversation first, then press n to write a note on that person.', 'info');
        return;
      }
      // The note lives in the thread header: open the conversation first.
      if (get().openId !== id || !get().thread) await get().open(id);
      if (get().thread?.conversation.id !== id) return; // it could not be opened; the thread says why
      set({ noteEditing: id, noteError: null });
    },

    async saveNote(conversationId, text) {
      const held = get().thread;
      const before = held?.conversation.id === conversationId ? (held.note?.text ?? '') : null;
      if (before !== null && before === text) {
        set({ noteEditing: null, noteError: null });
        return true;
      }
      try {
        const note = await api.saveNote(conversationId, text);
        set((s) => ({
          noteEditing: s.noteEditing === conversationId ? null : s.noteEditing,
          noteError: null,
          thread: s.thread && s.thread.conversation.id === conversationId ? { ...s.thread, note } : s.thread,
        }));
        return true;
      } catch (err) {
        // The editor stays open with what was typed; the sentence says what to do.
        set({ noteError: `The note was not saved: ${errorSentence(err)}` });
        return false;
      }
    },

    cancelNote() {
      set({ noteEditing: null, noteError: null });
    },
  };
}
