/**
 * What a toast or notice is about, so it can leave when its subject does: "Selected 240
 * conversations" once the selection is cleared, "This conversation is already archived" once
 * the cursor has left that conversation. Feedback without a subject stays its usual while.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { FeedbackSubject, InboxState, InboxStore } from './state/types';

export type { FeedbackSubject } from './state/types';


/** True when what the feedback speaks of is no longer on screen. */
export function subjectGone(subject: FeedbackSubject | undefined, s: Pick<InboxState, 'checked' | 'selectedId' | 'openId'>): boolean {
  if (!subject) return false;
  switch (subject.kind) {
    case 'selection':
      return Object.keys(s.checked).length === 0;
    case 'conversation':
      return s.selectedId !== subject.id && s.openId !== subject.id;
  }
}

/** Drops the toast and the notice as soon as their subject is gone (also when it went before they were shown). */
export function dropFeedbackWithoutSubject(store: StoreApi<InboxStore>): () => void {
  return store.subscribe((s) => {
    const toastGone = s.toast !== null && subjectGone(s.toast.subject, s);
    const noticeGone = s.notice !== null && subjectGone(s.notice.subject, s);
    if (toastGone || noticeGone) store.setState({ ...(toastGone ? { toast: null } : {}), ...(noticeGone ? { notice: null } : {}) });
  });
}
