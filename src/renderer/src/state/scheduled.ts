/**
 * Scheduled replies ("send later"): the picker for the open reply (Ctrl/Cmd+Shift+L), the
 * Scheduled view (g then t) and what it does — edit, send now, cancel (z brings it back). The list
 * is read again after every change the core reports, so a reply that went leaves it by itself.
 */
import { errorSentence } from '../api';
import { wakeTime } from '../format';
import type { StoreKit } from './kit';
import { replyProblem } from './lookups';
import { unfilledInReply } from '../snippets';
import type { InboxActions } from './types';

type ScheduledActions = 'refreshScheduled' | 'openSendLater' | 'scheduleReply' | 'editScheduled' | 'sendScheduledNow' | 'cancelScheduled';

/** The scheduled-replies slice's actions, built on the store's shared kit. */
export function scheduledSlice(kit: StoreKit): Pick<InboxActions, ScheduledActions> {
  const { api, set, get, b, notify, showToast, cancelDraftSave, scheduleDraftSave, refreshThread } = kit;
  let seq = 0;

  async function refreshScheduled(): Promise<void> {
    const mine = ++seq;
    try {
      const scheduled = await api.listScheduled();
      if (mine === seq) set({ scheduled });
    } catch {
      // The list stays as it was; the next change reads it again.
    }
  }

  return {
    refreshScheduled,

    openSendLater(anyway = false) {
      const s = get();
      const id = s.openId;
      if (!id || !s.thread || s.thread.conversation.id !== id || !s.thread.composer.enabled) return false;
      const text = s.drafts[id] ?? '';
      const problem = replyProblem(text);
      if (problem) {
        set((x) => ({ composerErrors: { ...x.composerErrors, [id]: problem } }));
        return true;
      }
      // A variable a snippet could not fill goes out later just as it would now: ask first, as sending does.
      const unfilled = anyway ? null : unfilledInReply(text, s.thread.conversation.participant);
      if (unfilled) {
        set({ sendQuestion: { conversationId: id, question: unfilled.question, later: true } });
        return true;
      }
      set({ sendQuestion: null, popover: { kind: 'sendLater', ids: [id] } });
      return true;
    },

    async scheduleReply(conversationId, sendAt) {
      const text = get().drafts[conversationId] ?? '';
      const problem = replyProblem(text);
      if (problem) return problem;
      // The core forgets the draft once the reply is scheduled; a save still waiting must not bring it back.
      cancelDraftSave(conversationId);
      try {
        const scheduled = await api.scheduleReply(conversationId, text, sendAt);
        b.undoHints.push({ id: conversationId });
        set((s) => ({ drafts: { ...s.drafts, [conversationId]: '' }, popover: null }));
        notify(`Scheduled for ${wakeTime(scheduled.sendAt, Date.now())}. Press g then t to see every scheduled reply.`, 'info', { kind: 'conversation', id: conversationId });
        void refreshThread();
        void refreshScheduled();
        return null;
      } catch (err) {
        scheduleDraftSave(conversationId); // not scheduled: the draft stays, and is kept
        return errorSentence(err);
      }
    },

    async editScheduled(messageId, change) {
      try {
        await api.editScheduled(messageId, change);
        await refreshScheduled();
        return null;
      } catch (err) {
        return errorSentence(err);
      }
    },

    async sendScheduledNow(messageId) {
      try {
        await api.sendScheduledNow(messageId);
        showToast('Sending the scheduled reply now', false);
      } catch (err) {
        notify(errorSentence(err));
      }
      void refreshScheduled();
    },

    async cancelScheduled(messageId) {
      const reply = get().scheduled.find((r) => r.messageId === messageId);
      try {
        await api.cancelScheduled(messageId);
        if (reply) b.undoHints.push({ id: reply.conversationId });
        showToast('Scheduled reply cancelled', true);
      } catch (err) {
        notify(errorSentence(err));
      }
      void refreshScheduled();
    },
  };
}
