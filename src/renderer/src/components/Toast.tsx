/**
 * The confirmation of the last action, unobtrusive and one at a time: "Archived · Undo (z)".
 * It fades after a few seconds and never takes the focus. A reply in its undo window counts
 * down instead: "Sending in 5 s · Undo (z)".
 */
import { useEffect, useState } from 'react';
import { bindingFor } from '../keymap';
import { KeyLabel } from './KeyLabel';
import { useInbox } from '../storeContext';
import { keepKeyboardFocus } from './keepKeyboardFocus';

const VISIBLE_MS = 6_000;

export function Toast() {
  const toast = useInbox((s) => s.toast);
  const dismiss = useInbox((s) => s.dismissToast);
  const undo = useInbox((s) => s.undo);
  const [now, setNow] = useState(() => Date.now());

  // A newer toast replaces this one and its timer (the effect's cleanup), so a timer only ever ends its own toast.
  useEffect(() => {
    if (!toast) return;
    if (toast.sendingUntil === undefined) {
      const t = window.setTimeout(dismiss, VISIBLE_MS);
      return () => window.clearTimeout(t);
    }
    const until = toast.sendingUntil;
    setNow(Date.now());
    const t = window.setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= until) dismiss();
    }, 250);
    return () => window.clearInterval(t);
  }, [toast, dismiss]);

  if (!toast) return null;
  const sending = toast.sendingUntil !== undefined;
  const seconds = sending ? Math.max(1, Math.ceil((toast.sendingUntil! - now) / 1000)) : 0;
  return (
    <div className={`toast${sending ? ' toast--sending' : ''}`} role="status" key={toast.id} data-toast={toast.undoable ? 'undoable' : 'info'}>
      <span className="toast-text">{sending ? `Sending in ${seconds} s` : toast.text}</span>
      {toast.undoable && (
        <>
          <span className="toast-sep" aria-hidden="true">
            ·
          </span>
          <button type="button" className="toast-undo" onMouseDown={keepKeyboardFocus} onClick={() => void undo()} title={bindingFor('undo').description}>
            Undo <KeyLabel command="undo" />
          </button>
        </>
      )}
    </div>
  );
}
