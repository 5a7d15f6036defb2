/**
 * Where the API keys are kept, under the Accounts heading: one quiet line naming the backend
 * (macOS Keychain, GNOME Keyring / Secret Service, the encrypted file…). When keys cannot be
 * stored at all, a warning says so and why, and, only when main offers it, a button switches
 * to the encrypted file.
 */
import { useRef, useState } from 'react';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';

export function KeyStorageNotice() {
  const status = useInbox((s) => s.keyStorage);
  const switchStorage = useInbox((s) => s.useEncryptedKeyStorage);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [switched, setSwitched] = useState(false);
  const lineRef = useRef<HTMLParagraphElement>(null);

  async function switchToFile(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await switchStorage();
      setSwitched(true);
      // The button is gone: focus stays in the panel, on the line that now names the file.
      lineRef.current?.focus();
    } catch (err) {
      setError(errorSentence(err));
    } finally {
      setBusy(false);
    }
  }

  if (!status) return <p className="settings-sub">API keys stay in the app's main process; this window never shows them again.</p>;
  return (
    <>
      <p className="settings-sub key-storage-line" data-key-storage={status.backend} ref={lineRef} tabIndex={-1}>
        <span className="key-storage-label">Where your keys are kept:</span> {status.description}. This window never shows them again.
      </p>
      {switched && status.backend === 'encrypted-file' && (
        <p className="verdict verdict--ok" role="status">
          <span>Keys are now kept in the encrypted file. An account that says it cannot read its key needs the key entered again (Update key).</span>
        </p>
      )}
      {status.backend === 'none' && (
        <div className="key-storage-alert" role="alert" data-banner="keys-cannot-be-stored">
          <p className="key-storage-alert-title">API keys cannot be stored</p>
          {status.problem && <p>{status.problem}</p>}
          {status.fallbackOffered && (
            <>
              <p>You can keep them in a file in the app's data folder instead, encrypted by your system.</p>
              <button type="button" className="button" disabled={busy} onClick={() => void switchToFile()}>
                {busy ? 'Switching…' : 'Use an encrypted file instead'}
              </button>
            </>
          )}
          {error && <p className="key-storage-alert-error">{error}</p>}
        </div>
      )}
    </>
  );
}
