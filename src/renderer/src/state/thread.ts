/** The open thread: opening and closing it, paging its messages, links and profiles in it. */
import type { LinkVerdict } from '../../../shared/domain';
import { errorSentence } from '../api';
import { pressFor } from '../keymap';
import { withNewer, withOlder } from '../threadWindow';
import { recount } from '../viewRules';
import type { StoreKit } from './kit';
import type { InboxActions } from './types';

/** The thread slice's actions, built on the store's shared kit. */
export function threadSlice(kit: StoreKit): Pick<InboxActions, 'open' | 'closeThread' | 'openAt' | 'messageFocused' | 'loadThreadPage' | 'openLink' | 'openProfile'> {
  const { api, set, get, notify, refreshThread, target } = kit;
  /** A page of the open thread is on its way (one at a time). */
  let pagingThread = false;

  return {
    async open(id) {
      const wanted = id ?? get().selectedId;
      if (!wanted) return;
      get().flushDrafts();
      set((s) => {
        // Opening reads it; the core agrees a moment later.
        const was = s.items.find((c) => c.id === wanted);
        const read = was && was.unreadCount > 0 ? { ...was, unreadCount: 0 } : null;
        return {
          openId: wanted,
          selectedId: wanted,
          thread: s.thread?.conversation.id === wanted ? s.thread : null,
          threadError: null,
          items: read ? s.items.map((c) => (c.id === wanted ? read : c)) : s.items,
          counts: read && was ? recount(s.counts, was, read) : s.counts,
        };
      });
      await refreshThread();
    },

    closeThread() {
      get().flushDrafts();
      set({ openId: null, thread: null, threadError: null, composerFocusFor: null, focusMessageId: null });
    },

    async openAt(conversationId, messageId) {
      // Asked for first, so open() loads the page around the message rather than the newest one.
      set({ focusMessageId: messageId });
      await get().open(conversationId);
    },

    messageFocused() {
      set({ focusMessageId: null });
    },

    async loadThreadPage(direction) {
      const held = get().thread;
      if (!held || pagingThread || (direction === 'older' ? held.olderCount : held.newerCount) === 0) return;
      const edge = direction === 'older' ? held.messages[0] : held.messages.at(-1);
      if (!edge) return;
      const id = held.conversation.id;
      pagingThread = true;
      try {
        const page = await api.threadPage(id, direction === 'older' ? { before: edge.id } : { after: edge.id });
        set((s) => {
          // Only onto the edge it was asked from: a window replaced meanwhile (my reply jumped to the newest) would get a gap.
          const still = direction === 'older' ? s.thread?.messages[0] : s.thread?.messages.at(-1);
          if (!s.thread || s.thread.conversation.id !== id || still?.id !== edge.id) return {};
          return { thread: direction === 'older' ? withOlder(s.thread, page) : withNewer(s.thread, page) };
        });
      } catch (err) {
        // The message paged from went away (discarded, resynced): the newest page is a sound place to start again.
        notify(errorSentence(err));
        if (get().openId === id) await refreshThread(true);
      } finally {
        pagingThread = false;
      }
    },

    async openLink(url) {
      let verdict: LinkVerdict;
      try {
        verdict = await api.openLink(url);
      } catch (err) {
        notify(errorSentence(err));
        return;
      }
      if (verdict.opened) {
        notify('Opened in your browser.', 'info');
        return;
      }
      // Refused: main has put a web address on the clipboard (the renderer has no clipboard
      // permission), so the person can still decide to open it themselves.
      notify(
        verdict.copied
          ? `${verdict.reason} It is copied — paste it into your browser if you trust it.`
          : `${verdict.reason} Copy it from the message if you trust it.`,
        verdict.copied ? 'info' : 'error',
      );
    },

    async openProfile() {
      const c = target();
      if (!c) {
        notify(`Select a conversation first, then ${pressFor('profile')} to open their LinkedIn profile.`, 'info');
        return;
      }
      const url = c.participant.profileUrl;
      if (!url) {
        notify(`There is no LinkedIn profile link for ${c.participant.name || c.title} in this conversation, so there is none to open.`, 'error', { kind: 'conversation', id: c.id });
        return;
      }
      await get().openLink(url);
    },
  };
}
