/**
 * One notice at a time, dismissed by hand or after a while. Errors stay ten seconds; an
 * info notice (what a key just did) is a quiet toast that fades after a few. Neither takes
 * the focus, so the keys keep working while it shows.
 */
import { useEffect } from 'react';
import { useInbox } from '../storeContext';
import { keepKeyboardFocus } from './keepKeyboardFocus';

const VISIBLE_MS = { error: 10_000, info: 5_000 } as const;

export function NoticeBar() {
  const notice = useInbox((s) => s.notice);
  const dismiss = useInbox((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(dismiss, VISIBLE_MS[notice.tone]);
    return () => window.clearTimeout(t);
  }, [notice, dismiss]);
  if (!notice) return null;
  const info = notice.tone === 'info';
  return (
    <div className={`notice notice--${notice.tone}`} role={info ? 'status' : 'alert'} key={notice.id}>
      <span>{notice.text}</span>
      <button type="button" className="notice-close" onMouseDown={keepKeyboardFocus} onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
