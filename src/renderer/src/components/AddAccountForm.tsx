/**
 * Adds an account of any provider: pick the provider, fill what it needs, test the
 * connection without saving, add (the core tests again before it saves). The key goes
 * straight to main and the keychain; this form never keeps it (see AccountFields).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { NewAccount } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { CONNECTABLE_PROVIDERS, EMPTY_VALUES, PROVIDER_FORMS, configFrom, type ConnectableProvider, type FormValues } from '../accounts';
import { addFormProblem } from '../addAccountProblem';
import { errorSentence, InboxError } from '../api';
import { useInbox } from '../storeContext';
import { AccountFields } from './AccountFields';
import { keepFocusIn, Verdict, type VerdictState } from './Verdict';

type Busy = 'test' | 'add' | null;

export function AddAccountForm() {
  const addAccount = useInbox((s) => s.addAccount);
  const testAccount = useInbox((s) => s.testAccount);
  const [provider, setProvider] = useState<ConnectableProvider>('reactin');
  const [values, setValues] = useState<FormValues>(EMPTY_VALUES);
  const [busy, setBusy] = useState<Busy>(null);
  const [verdict, setVerdict] = useState<VerdictState | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const pickerId = useId();
  const keyRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const lastButton = useRef<HTMLButtonElement | null>(null);
  const testButton = useRef<HTMLButtonElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (busy === null) keepFocusIn(lastButton.current);
  }, [busy]);

  // Keys can be stored again (the person switched to the encrypted file): a refusal that said they could not is stale.
  const keyBackend = useInbox((s) => s.keyStorage?.backend);
  useEffect(() => {
    if (keyBackend === 'encrypted-file') setVerdict((v) => (v && !v.ok ? null : v));
  }, [keyBackend]);

  // Anything typed makes an earlier verdict stale.
  function changed(): void {
    setVerdict(null);
    setAdded(null);
  }

  function input(): NewAccount {
    return { provider, name: values.name.trim(), config: configFrom(provider, values), apiKey: keyRef.current?.value ?? '' };
  }

  async function test(): Promise<void> {
    if (busy) return;
    lastButton.current = testButton.current;
    setBusy('test');
    changed();
    try {
      const i = input();
      // A test works before the account has a name: the provider's name stands in.
      const verdict = await testAccount({ ...i, name: i.name || PROVIDER_LABELS[provider] });
      setVerdict(verdict.ok ? verdict : { ok: false, message: addFormProblem(provider, verdict, i.apiKey ?? '') });
    } catch (err) {
      setVerdict({ ok: false, message: errorSentence(err) });
    } finally {
      setBusy(null);
    }
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    changed();
    const i = input();
    if (!i.name) {
      setVerdict({ ok: false, message: 'Give the account a name.' });
      nameRef.current?.focus();
      return;
    }
    lastButton.current = addButton.current;
    setBusy('add');
    try {
      const account = await addAccount(i);
      if (keyRef.current) keyRef.current.value = '';
      setValues(EMPTY_VALUES);
      setAdded(`Added “${account.name}”. Its conversations appear as soon as the first sync finishes.`);
    } catch (err) {
      // Everything typed stays, so one fix and Enter tries again.
      setVerdict({ ok: false, message: err instanceof InboxError ? addFormProblem(provider, err, i.apiKey ?? '') : errorSentence(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <form className="add-account" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="add-account-title" data-form="add-account">
      <h2 id="add-account-title">Add an account</h2>
      <fieldset className="provider-picker">
        <legend>Provider</legend>
        {CONNECTABLE_PROVIDERS.map((p) => (
          <label key={p} className={`provider-option${p === provider ? ' provider-option--active' : ''}`}>
            <input
              type="radio"
              name="provider"
              value={p}
              aria-label={PROVIDER_LABELS[p]}
              aria-describedby={`${pickerId}-${p}`}
              checked={p === provider}
              onChange={() => {
                setProvider(p);
                changed();
              }}
            />
            <span className="provider-name">{PROVIDER_LABELS[p]}</span>
            <span className="provider-needs" id={`${pickerId}-${p}`}>
              {PROVIDER_FORMS[p].needs}
            </span>
          </label>
        ))}
      </fieldset>
      <AccountFields
        provider={provider}
        values={values}
        mode="add"
        keyRef={keyRef}
        nameRef={nameRef}
        onKeyInput={changed}
        onChange={(key, value) => {
          setValues((v) => ({ ...v, [key]: value }));
          changed();
        }}
      />
      <div className="form-footer">
        <Verdict verdict={verdict} />
        {added && (
          <p className="verdict verdict--ok" role="status">
            <span>{added}</span>
          </p>
        )}
        <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy !== null} ref={addButton}>
          {busy === 'add' ? 'Testing and adding…' : 'Add account'}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void test()} ref={testButton}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
          <span className="form-hint">
            <kbd>Enter</kbd> adds · <kbd>Esc</kbd> closes
          </span>
        </div>
      </div>
    </form>
  );
}
