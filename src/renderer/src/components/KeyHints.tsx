/**
 * The shortcut reminder under the list, drawn from the keymap the app actually uses. It offers
 * only keys that do something now: none that act on a conversation while the list is empty,
 * and with no account only the palette and help.
 */
import { describeChord, type Command } from '../keymap';
import { useKeymap } from '../useKeymap';
import { useInbox } from '../storeContext';

/** Keys that need a conversation on screen. */
const NEED_A_ROW = new Set<Command>(['next', 'previous', 'open', 'back', 'archive', 'snooze', 'label', 'toggleSelect', 'reply']);
/** Keys that still work in an empty view, but not before any account exists. */
const NEED_AN_ACCOUNT = new Set<Command>(['undo', 'search']);

export function KeyHints() {
  const hasAccounts = useInbox((s) => s.accounts.length > 0);
  const hasRows = useInbox((s) => (s.search ? s.search.hits.length > 0 : s.items.length > 0) || s.openId !== null);
  // Esc also leaves a search that found nothing.
  const searching = useInbox((s) => s.search !== null);
  const keymap = useKeymap();
  const shown = keymap.filter(
    (b) => b.hint && b.keys.length > 0 && (hasRows || !NEED_A_ROW.has(b.command) || (b.command === 'back' && searching)) && (hasAccounts || !NEED_AN_ACCOUNT.has(b.command)),
  );
  return (
    <footer className="key-hints" aria-label="Keyboard shortcuts">
      {shown.map((b) => (
        <span key={b.command} className="key-hint" title={b.description}>
          <kbd>{describeChord(b.keys[0]!)}</kbd> {b.label}
        </span>
      ))}
    </footer>
  );
}
