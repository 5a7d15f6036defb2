/** The shortcut reminder under the list, drawn from the keymap the app actually uses. */
import { describeChord, KEYMAP } from '../keymap';

export function KeyHints() {
  return (
    <footer className="key-hints" aria-label="Keyboard shortcuts">
      {KEYMAP.filter((b) => b.hint).map((b) => (
        <span key={b.command} className="key-hint" title={b.description}>
          <kbd>{describeChord(b.keys[0]!)}</kbd> {b.label}
        </span>
      ))}
    </footer>
  );
}
