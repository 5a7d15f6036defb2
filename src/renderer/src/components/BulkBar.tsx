/**
 * Shown while conversations are picked, in the place of the list's header (so the list does not
 * move): how many, and the keys that act on all of them.
 */
import { keyPieces, type Command } from '../keymap';
import { useKeymap } from '../useKeymap';
import { useInbox } from '../storeContext';

const ACTIONS: { command: Command; label: string }[] = [
  { command: 'archive', label: 'archive' },
  { command: 'snooze', label: 'snooze' },
  { command: 'label', label: 'label' },
  { command: 'toggleRead', label: 'read/unread' },
];

export function BulkBar() {
  const n = useInbox((s) => Object.keys(s.checked).length);
  const selectAll = useInbox((s) => s.selectAll);
  const clear = useInbox((s) => s.clearSelection);
  const more = useInbox((s) => !s.search && s.total > n);
  useKeymap();
  if (n === 0) return null;
  return (
    <div className="bulk-bar" role="status" aria-live="polite">
      <div className="bulk-line">
        <strong className="bulk-count">{n === 1 ? '1 selected' : `${n.toLocaleString()} selected`}</strong>
        {more && (
          <button type="button" className="link-button" onMouseDown={(e) => e.preventDefault()} onClick={() => void selectAll()}>
            Select all
          </button>
        )}
        <button type="button" className="link-button bulk-clear" onMouseDown={(e) => e.preventDefault()} onClick={clear}>
          Clear <kbd>{keyPieces('back').join(' then ')}</kbd>
        </button>
      </div>
      <span className="bulk-keys">
        {ACTIONS.filter((a) => keyPieces(a.command).length > 0).map((a) => (
          <span key={a.command} className="key-hint">
            <kbd>{keyPieces(a.command).join(' then ')}</kbd> {a.label}
          </span>
        ))}
      </span>
    </div>
  );
}
