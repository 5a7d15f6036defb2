/**
 * The one place feedback appears: the action toast ("Archived · Undo (z)") and notices (what
 * went wrong, what a key did). It has its own cell in the layout, under the sidebar, so it can
 * never cover the composer, a dialog's buttons, the key-hint bar or whatever has the focus;
 * dialogs are centred beside it, not over it. Banners (offline, demo) are not feedback: they
 * sit in the pane they are about.
 */
import { NoticeBar } from './NoticeBar';
import { Toast } from './Toast';

export function FeedbackRegion() {
  return (
    <section className="feedback-region" aria-label="Messages" data-feedback-region>
      <NoticeBar />
      <Toast />
    </section>
  );
}
