/**
 * `?`: every shortcut, by section, drawn from the keymap in force (preset and rebindings), as the key handler uses it. The list
 * takes the focus, so ↑/↓, PageUp/PageDown and Space scroll it where it is taller than the window.
 */
import { useEffect, useRef } from 'react';
import { describeChord, SECTIONS } from '../keymap';
import { PRESET_NAMES } from '../../../shared/active-keymap';
import { useKeymap } from '../useKeymap';
import { useInbox } from '../storeContext';

export function HelpOverlay() {
  const close = useInbox((s) => s.closeOverlay);
  const keymap = useKeymap();
  const preset = useInbox((s) => s.settings?.keymap.preset ?? 'superhuman');
  const rebound = useInbox((s) => Object.keys(s.settings?.keymap.overrides ?? {}).length);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    list.current?.focus();
    return () => {
      if (before && before !== document.body && before.isConnected) before.focus();
    };
  }, []);
  return (
    <div
      className="overlay-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <div className="help" role="dialog" aria-modal="true" aria-labelledby="help-title">
        <header className="help-header">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button type="button" className="link-button" onClick={close}>
            Close <kbd>Esc</kbd>
          </button>
        </header>
        <div ref={list} className="help-sections" tabIndex={0} aria-label="Shortcuts by section">
          {SECTIONS.map((section) => (
            <section key={section} className="help-section" aria-label={section}>
              <h3>{section}</h3>
              <dl>
                {keymap.filter((b) => b.section === section && b.keys.length > 0).map((b) => (
                  <div key={b.command} className="help-row" data-command={b.command}>
                    <dt>
                      {b.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && <span className="help-or"> or </span>}
                          {k.split(' ').map((piece, j) => (
                            <span key={j}>
                              {j > 0 && <span className="help-then"> then </span>}
                              <kbd>{describeChord(piece)}</kbd>
                            </span>
                          ))}
                        </span>
                      ))}
                    </dt>
                    <dd>{b.description}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="help-foot" data-keymap={preset}>
          Everything, including what has no key (archive for good, sync, theme, export, settings), is in the command palette. Keys: {PRESET_NAMES[preset]}
          {rebound > 0 ? `, ${rebound === 1 ? 'one command' : `${rebound} commands`} rebound` : ''} — Gmail’s, Kondo’s or your own in Settings → Keyboard (or “keymap” in the palette).
        </p>
      </div>
    </div>
  );
}
