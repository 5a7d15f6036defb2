/** Adds a ReactIn account. The key goes straight to main (and the keychain); it is never kept here. */
import { useState, type FormEvent } from 'react';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';

const EMPTY = { name: '', organizationId: '', apiKey: '', baseUrl: '' };

export function AddAccountForm() {
  const addAccount = useInbox((s) => s.addAccount);
  const [fields, setFields] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const field = (key: keyof typeof EMPTY) => ({
    value: fields[key],
    onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value })),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const baseUrl = fields.baseUrl.trim();
      const account = await addAccount({
        provider: 'reactin',
        name: fields.name,
        apiKey: fields.apiKey,
        config: baseUrl ? { organizationId: fields.organizationId, baseUrl } : { organizationId: fields.organizationId },
      });
      setFields(EMPTY);
      setAdded(`Added “${account.name}”. Its conversations appear as soon as the first sync finishes.`);
    } catch (err) {
      setError(errorSentence(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-account" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="add-account-title">
      <h2 id="add-account-title">Add a ReactIn account</h2>
      <label>
        <span>Display name</span>
        <input type="text" placeholder="Sales seat" autoComplete="off" {...field('name')} />
      </label>
      <label>
        <span>Organization ID</span>
        <input type="text" placeholder="From Settings → API Keys in ReactIn" autoComplete="off" spellCheck={false} {...field('organizationId')} />
      </label>
      <label>
        <span>API key</span>
        <input type="password" autoComplete="off" spellCheck={false} {...field('apiKey')} />
      </label>
      <label>
        <span>
          Base URL <em>(optional)</em>
        </span>
        <input type="url" placeholder="Leave empty for ReactIn’s public API" autoComplete="off" spellCheck={false} {...field('baseUrl')} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {added && (
        <p className="form-ok" role="status">
          {added}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add account'}
        </button>
      </div>
    </form>
  );
}
