/**
 * The renderer's store: one zustand store built from slices (src/renderer/src/state/, see its
 * README). Triage actions (archive, read state, labels, snooze, reminders) are optimistic: the
 * rows change in the same frame as the key, then the core is asked; a refusal puts things back
 * and says why. List reads that started before a change settled are skipped or dropped, so a
 * stale answer never resurrects an archived row. Components and tests use createInboxStore(api)
 * and the InboxStore type from here.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InboxApi } from '../../shared/ipc';
import { dropFeedbackWithoutSubject } from './feedbackSubject';
import { followKeymapSetting } from './keymap';
import { accountsSlice } from './state/accounts';
import { composerSlice } from './state/composer';
import { feedbackSlice } from './state/feedback';
import { followUpSlice } from './state/followUps';
import { initialState } from './state/initial';
import { createKit } from './state/kit';
import { listSlice } from './state/list';
import { notesSlice } from './state/notes';
import { createTriageRunner } from './state/runner';
import { scheduledSlice } from './state/scheduled';
import { searchSlice } from './state/search';
import { selectionSlice } from './state/selection';
import { settingsSlice } from './state/settings';
import { splitsSlice } from './state/splits';
import { threadSlice } from './state/thread';
import { triageSlice } from './state/triage';
import type { InboxStore } from './state/types';

export type * from './state/types';
export { LIST_PAGE_MAX, PAGE_SIZE } from './state/initial';
export { conversationFor, MAX_SPLIT_TABS, replyProblem, splitTabs, splitViews, type SplitTab } from './state/lookups';

/** The store of one window, talking to the core through `api`. */
export function createInboxStore(api: InboxApi): StoreApi<InboxStore> {
  const store = createStore<InboxStore>()((set, get) => {
    const kit = createKit(api, set, get);
    const runner = createTriageRunner(kit);
    return {
      ...initialState,
      ...listSlice(kit),
      ...selectionSlice(kit),
      ...searchSlice(kit),
      ...threadSlice(kit),
      ...notesSlice(kit),
      ...composerSlice(kit),
      ...followUpSlice(kit),
      ...triageSlice(kit, runner),
      ...accountsSlice(kit),
      ...settingsSlice(kit),
      ...splitsSlice(kit),
      ...feedbackSlice(kit),
      ...scheduledSlice(kit),
    };
  });

  dropFeedbackWithoutSubject(store);
  followKeymapSetting(store);

  // Tell the core which conversation is on screen, so no notification fires for it.
  store.subscribe((s, prev) => {
    if (s.openId !== prev.openId) void api.setActiveConversation(s.openId).catch(() => {});
  });

  return store;
}
