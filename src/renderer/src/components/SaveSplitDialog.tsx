/**
 * Saving a search as a split tab (Ctrl/Cmd+S in search, or the palette): asks for the tab's name,
 * the query itself by default. Enter saves, Esc cancels; a refusal (a query search cannot run)
 * shows the core's sentence here and keeps the dialog open.
 */
import { useState } from 'react';
import { LIMITS } from '../../../shared/limits';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';

export function SaveSplitDialog({ query }: { query: string }) {
  const save = useInbox((s) => s.saveSearchAsSplit);
  const close = useInbox((s) => s.closeOverlay);
  const [name, setName] = useState(query.slice(0, LIMITS.splitName));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    setError(null);
    setBusy(true);
    try {
      await save(name, query);
    } catch (err) {
      setError(errorSentence(err));
      setBusy(false);
    }
  }

  return (
    <div className="overlay-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="palette save-split"
        role="dialog"
        aria-modal="true"
        aria-labelledby="save-split-title"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="save-split-title" className="save-split-title">
          Save this search as a split tab
        </h2>
        <p className="save-split-query">
          <code>{query}</code>
        </p>
        <label className="save-split-field">
          <span>Tab name</span>
          <input
            className="palette-input"
            type="text"
            aria-label="Tab name"
            value={name}
            maxLength={LIMITS.splitName}
            readOnly={busy}
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="confirm-actions">
          <button type="submit" className="button button--primary" disabled={busy || name.trim() === ''}>
            Save tab
          </button>
          <button type="button" className="button" onClick={close}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
