/** The reply composer: drafts (saved when typing pauses), snippets, sending, retrying and discarding undelivered replies. */
import { errorSentence } from '../api';
import { expandSnippet, unfilledInReply, unfilledSentence } from '../snippets';
import { withMine } from '../threadWindow';
import type { StoreKit } from './kit';
import { conversationFor, replyProblem, without } from './lookups';
import type { InboxActions } from './types';

/** The composer slice's actions, built on the store's shared kit. */
export function composerSlice(kit: StoreKit): Pick<InboxActions, 'reply' | 'composerFocused' | 'setDraft' | 'flushDrafts' | 'insertSnippet' | 'snippetInserted' | 'send' | 'dismissSendQuestion' | 'retrySend' | 'discardSend'> {
  const { api, set, get, b, notify, showToast, refreshList, cancelDraftSave, saveDraftNow, scheduleDraftSave, refreshThread } = kit;
  let snippetSeq = 0;

  return {
    reply() {
      const s = get();
      const id = s.openId ?? s.selectedId;
      if (!id) return;
      set({ composerFocusFor: id });
      if (s.openId !== id) void get().open(id);
    },

    composerFocused() {
      set({ composerFocusFor: null });
    },

    setDraft(id, text) {
      set((s) => ({
        drafts: { ...s.drafts, [id]: text },
        composerErrors: { ...s.composerErrors, [id]: '' },
        // Edited: the question about variables left in is asked again at the next send, if still due.
        sendQuestion: s.sendQuestion?.conversationId === id ? null : s.sendQuestion,
      }));
      scheduleDraftSave(id);
    },

    flushDrafts() {
      for (const id of [...b.draftTimers.keys()]) saveDraftNow(id);
    },

    async insertSnippet(snippetId) {
      const snippet = get().settings?.snippets.find((x) => x.id === snippetId);
      if (!snippet) {
        notify('That snippet no longer exists. Snippets are kept in Settings.');
        return;
      }
      const id = get().openId ?? get().selectedId;
      if (!id) {
        notify('Open a conversation first, then insert the snippet into its reply.', 'info');
        return;
      }
      if (get().openId !== id || !get().thread) await get().open(id);
      const thread = get().thread;
      if (!thread || thread.conversation.id !== id) return; // it could not be opened; the thread says why
      if (!thread.composer.enabled) {
        notify(thread.composer.reason ?? 'Replies are turned off for this conversation.');
        return;
      }
      const { text, unfilled } = expandSnippet(snippet.body, thread.conversation.participant);
      set({ snippetInsert: { seq: ++snippetSeq, conversationId: id, text, unfilled } });
      if (unfilled.length > 0) notify(unfilledSentence(unfilled, thread.conversation.participant.name), 'info', { kind: 'conversation', id });
    },

    snippetInserted() {
      set({ snippetInsert: null });
    },

    dismissSendQuestion() {
      set({ sendQuestion: null });
    },

    async send(id, followUp, anyway = false) {
      const text = get().drafts[id] ?? '';
      const problem = replyProblem(text);
      if (problem) {
        set((s) => ({ composerErrors: { ...s.composerErrors, [id]: problem } }));
        return false;
      }
      if (get().sendingId === id) return false;
      // A variable a snippet could not fill ("Hi {firstName},") must not go out unnoticed: ask first.
      const held = get().thread;
      const who = held?.conversation.id === id ? held.conversation.participant : conversationFor(get(), id)?.participant;
      const unfilled = who ? unfilledInReply(text, who) : null;
      if (unfilled && !anyway) {
        // The reminder asked for with it waits with the question: "Send anyway" sends both.
        set({ sendQuestion: { conversationId: id, question: unfilled.question, followUp } });
        return false;
      }
      if (get().sendQuestion) set({ sendQuestion: null });
      set({ sendingId: id });
      // The core forgets the draft when the reply is queued; a save still waiting must not bring it back.
      cancelDraftSave(id);
      try {
        const message = await (followUp === undefined ? api.sendReply(id, text) : api.sendReply(id, text, followUp));
        b.undoHints.push({ id });
        // Held for the undo window: the toast counts it down and offers z.
        const seconds = get().settings?.undoSendSeconds ?? 0;
        if (seconds > 0) showToast('Sending', true, Date.now() + seconds * 1000);
        set((s) => ({
          drafts: { ...s.drafts, [id]: '' },
          thread: s.thread && s.thread.conversation.id === id && s.thread.newerCount === 0 ? withMine(s.thread, message) : s.thread,
        }));
        // Reading far above the newest page: my reply shows at the bottom of the newest page instead.
        if (get().thread?.conversation.id === id && get().thread!.newerCount > 0) void refreshThread(true);
        return true;
      } catch (err) {
        set((s) => ({ composerErrors: { ...s.composerErrors, [id]: errorSentence(err) } }));
        // Not sent: the draft stays, and is kept.
        scheduleDraftSave(id);
        return false;
      } finally {
        set({ sendingId: null });
      }
    },

    async retrySend(messageId) {
      if (get().messageBusy[messageId]) return;
      set((s) => ({ messageBusy: { ...s.messageBusy, [messageId]: 'retry' }, messageErrors: without(s.messageErrors, messageId) }));
      try {
        await api.retrySend(messageId);
        // Queued again: it reads as on its way at once; the core's change event confirms.
        set((s) => ({
          thread: s.thread && {
            ...s.thread,
            messages: s.thread.messages.map((m) => (m.id === messageId ? { ...m, status: 'pending' as const, error: null } : m)),
          },
        }));
      } catch (err) {
        set((s) => ({ messageErrors: { ...s.messageErrors, [messageId]: errorSentence(err) } }));
      } finally {
        set((s) => ({ messageBusy: without(s.messageBusy, messageId) }));
      }
      void refreshThread();
      void refreshList();
    },

    async discardSend(messageId) {
      if (get().messageBusy[messageId]) return false;
      set((s) => ({ messageBusy: { ...s.messageBusy, [messageId]: 'discard' }, messageErrors: without(s.messageErrors, messageId) }));
      let gone = false;
      try {
        await api.discardSend(messageId);
        gone = true;
        set((s) => ({
          thread: s.thread && { ...s.thread, messages: s.thread.messages.filter((m) => m.id !== messageId) },
        }));
      } catch (err) {
        set((s) => ({ messageErrors: { ...s.messageErrors, [messageId]: errorSentence(err) } }));
      } finally {
        set((s) => ({ messageBusy: without(s.messageBusy, messageId) }));
      }
      void refreshThread();
      void refreshList();
      return gone;
    },
  };
}
