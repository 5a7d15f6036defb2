/**
 * Settings → "Open logs folder": the app's log (main.log, keys masked) to attach to a report.
 * Calls the shell straight through window.inbox (shellActions.ts), not the store.
 */
import { useId, useState } from 'react';
import { errorSentence } from '../api';
import { openLogsFolder } from '../shellActions';

export function LogsFolderSetting() {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  async function open(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      await openLogsFolder();
    } catch (err) {
      setProblem(errorSentence(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <div className="setting-row" data-setting="logs">
        <button type="button" className="button" disabled={busy} aria-describedby={`${id}-help`} onClick={() => void open()}>
          Open logs folder
        </button>
        {problem && (
          <span className="form-error" role="alert">
            {problem}
          </span>
        )}
      </div>
      <p className="field-help" id={`${id}-help`}>
        The app’s log, to attach when you report a problem: what failed and when, with API keys masked.
      </p>
    </>
  );
}
