/**
 * Settings → account → Diagnose: runs the connection doctor (read-only probes of the provider),
 * shows its report — statuses, headers, field names and types, never a key, a message text or
 * a name — and lets the person copy it or save it as a Markdown file to send us.
 */
import { useId, useState } from 'react';
import type { Account } from '../../../shared/domain';
import type { AccountDiagnosis } from '../../../shared/ipc';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';

type Feedback = { tone: 'ok' | 'error'; text: string } | null;

export function DiagnosePanel({ account, onClose }: { account: Account; onClose: () => void }) {
  const diagnoseAccount = useInbox((s) => s.diagnoseAccount);
  const saveDiagnosis = useInbox((s) => s.saveDiagnosis);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AccountDiagnosis | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const reportId = useId();

  async function run(): Promise<void> {
    setBusy(true);
    setFeedback(null);
    try {
      setResult(await diagnoseAccount(account.id));
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    } finally {
      setBusy(false);
    }
  }

  async function copy(): Promise<void> {
    if (!result) return;
    try {
      await navigator.clipboard.writeText(result.markdown);
      setFeedback({ tone: 'ok', text: 'The report is on the clipboard.' });
    } catch {
      setFeedback({ tone: 'error', text: 'The report could not be put on the clipboard — select the text below and copy it, or save it to a file.' });
    }
  }

  async function save(): Promise<void> {
    setFeedback(null);
    try {
      const path = await saveDiagnosis(account.id);
      if (path) setFeedback({ tone: 'ok', text: `Saved the report to ${path}.` });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    }
  }

  return (
    <section className="diagnose-panel" aria-label={`Diagnose ${account.name}`}>
      <p>
        Checks, by reading only, every endpoint this app uses for “{account.name}” and what each answer looks like. The report holds statuses, headers, field names and
        types — never your key, a message or a name.
      </p>
      <div className="confirm-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void run()} autoFocus>
          {busy ? 'Diagnosing…' : result ? 'Diagnose again' : 'Run diagnosis'}
        </button>
        {result && (
          <>
            <button type="button" className="button" onClick={() => void copy()}>
              Copy report
            </button>
            <button type="button" className="button" onClick={() => void save()}>
              Save report…
            </button>
          </>
        )}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {result && (
        <>
          <p role="status" data-diagnosis-summary>
            {result.confirmed} confirmed, {result.contradicted} contradicted, {result.notSeen} not seen.
          </p>
          <label htmlFor={reportId}>Report</label>
          <textarea id={reportId} className="diagnose-report" readOnly rows={16} value={result.markdown} />
        </>
      )}
      {feedback && (
        <p className={feedback.tone === 'ok' ? 'verdict verdict--ok' : 'form-error'} role={feedback.tone === 'ok' ? 'status' : 'alert'}>
          {feedback.text}
        </p>
      )}
    </section>
  );
}
