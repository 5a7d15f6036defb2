/** Shown while conversations are picked: how many, and the keys that act on all of them. */
import { keyPieces, type Command } from '../keymap';
import { useInbox } from '../storeContext';

const ACTIONS: { command: Command; label: string }[] = [
  { command: 'archive', label: 'archive' },
  { command: 'snooze', label: 'snooze' },
  { command: 'label', label: 'label' },
  { command: 'toggleRead', label: 'read/unread' },
  { command: 'back', label: 'clear' },
];

export function BulkBar() {
  const n = useInbox((s) => Object.keys(s.checked).length);
  const selectAll = useInbox((s) => s.selectAll);
  const clear = useInbox((s) => s.clearSelection);
  const more = useInbox((s) => !s.search && s.total > n);
  if (n === 0) return null;
  return (
    <div className="bulk-bar" role="status" aria-live="polite">
      <strong className="bulk-count">{n === 1 ? '1 selected' : `${n.toLocaleString()} selected`}</strong>
      <span className="bulk-keys">
        {ACTIONS.map((a) => (
          <span key={a.command} className="key-hint">
            <kbd>{keyPieces(a.command).join(' ')}</kbd> {a.label}
          </span>
        ))}
      </span>
      {more && (
        <button type="button" className="link-button" onMouseDown={(e) => e.preventDefault()} onClick={() => void selectAll()}>
          Select all
        </button>
      )}
      <button type="button" className="link-button" onMouseDown={(e) => e.preventDefault()} onClick={clear}>
        Clear
      </button>
    </div>
  );
}
