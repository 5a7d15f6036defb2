/** One notice at a time (an error sentence, usually), dismissed by hand or after a while. */
import { useEffect } from 'react';
import { useInbox } from '../storeContext';

const VISIBLE_MS = 10_000;

export function NoticeBar() {
  const notice = useInbox((s) => s.notice);
  const dismiss = useInbox((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(dismiss, VISIBLE_MS);
    return () => window.clearTimeout(t);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div className="notice" role="alert" key={notice.id}>
      <span>{notice.text}</span>
      <button type="button" className="notice-close" onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
