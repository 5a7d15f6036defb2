/**
 * Edits an account in place: its name, its settings and, optionally, a replacement key
 * (empty keeps the stored one, unless the base URL now names another address: the stored key is
 * only sent where it was saved for, so the form then asks for it again). The provider is fixed.
 * Changed settings or a new key are
 * tested by the core before anything is saved; a refusal shows the provider's sentence and
 * leaves the account as it was. Esc cancels the edit (and only the edit).
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Account, AccountPatch } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { configFrom, keyOrigin, sameConfig, valuesFrom, type ConnectableProvider, type FormValues } from '../accounts';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';
import { AccountFields } from './AccountFields';
import { keepFocusIn, Verdict, type VerdictState } from './Verdict';

interface Props {
  account: Account & { provider: ConnectableProvider };
  /** Opened from "Update key": the cursor goes straight to the key. */
  focusKey: boolean;
  onSaved(message: string | null): void;
  onCancel(): void;
}

type Busy = 'test' | 'save' | null;

export function EditAccountForm({ account, focusKey, onSaved, onCancel }: Props) {
  const updateAccount = useInbox((s) => s.updateAccount);
  const testAccount = useInbox((s) => s.testAccount);
  const [values, setValues] = useState<FormValues>(() => valuesFrom(account));
  const [busy, setBusy] = useState<Busy>(null);
  const [verdict, setVerdict] = useState<VerdictState | null>(null);
  const keyRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const lastButton = useRef<HTMLButtonElement | null>(null);
  const testButton = useRef<HTMLButtonElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const label = PROVIDER_LABELS[account.provider];
  // The stored key is bound to the origin it was saved for: a base URL elsewhere needs it typed again.
  const savedOrigin = keyOrigin(account.provider, account.config.baseUrl);
  const storedKeyOnlyFor = keyOrigin(account.provider, values.baseUrl) === savedOrigin ? null : (savedOrigin ?? 'the address it was saved for');

  useEffect(() => {
    if (focusKey) keyRef.current?.focus();
    else {
      nameRef.current?.focus();
      nameRef.current?.select();
    }
  }, [focusKey]);

  useEffect(() => {
    if (busy === null) keepFocusIn(lastButton.current);
  }, [busy]);

  function typedKey(): string {
    return keyRef.current?.value.trim() ?? '';
  }

  /** True (and says so, with the cursor in the key field) when the base URL moved and no key was typed. */
  function keyMissingForNewAddress(): boolean {
    if (storedKeyOnlyFor === null || typedKey() !== '') return false;
    setVerdict({ ok: false, message: `The stored key is only sent to ${storedKeyOnlyFor}. Type the API key again to use the new base URL.` });
    keyRef.current?.focus();
    return true;
  }

  async function test(): Promise<void> {
    if (busy) return;
    setVerdict(null);
    if (keyMissingForNewAddress()) return;
    lastButton.current = testButton.current;
    setBusy('test');
    try {
      const key = typedKey();
      const input = { provider: account.provider, name: values.name.trim() || account.name, config: configFrom(account.provider, values, account.config) };
      // No key typed: the core tests with the stored one.
      setVerdict(await testAccount(key ? { ...input, apiKey: key } : input, account.id));
    } catch (err) {
      setVerdict({ ok: false, message: errorSentence(err) });
    } finally {
      setBusy(null);
    }
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setVerdict(null);
    const name = values.name.trim();
    if (!name) {
      setVerdict({ ok: false, message: 'Give the account a name.' });
      nameRef.current?.focus();
      return;
    }
    const config = configFrom(account.provider, values, account.config);
    const key = typedKey();
    if (keyMissingForNewAddress()) return;
    const patch: AccountPatch = {};
    if (name !== account.name) patch.name = name;
    if (!sameConfig(config, account.config)) patch.config = config;
    if (key) patch.apiKey = key;
    if (Object.keys(patch).length === 0) {
      onSaved(null);
      return;
    }
    lastButton.current = saveButton.current;
    setBusy('save');
    try {
      await updateAccount(account.id, patch);
      if (keyRef.current) keyRef.current.value = '';
      onSaved(
        key
          ? `Saved. ${label} accepted the new key; it replaced the old one in the keychain.`
          : patch.config
            ? `Saved. ${label} accepted the new settings.`
            : 'Saved.',
      );
    } catch (err) {
      // Nothing was saved: the account keeps its name, settings and key.
      setVerdict({ ok: false, message: errorSentence(err) });
      setBusy(null);
    }
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && !e.nativeEvent.isComposing) {
      // Esc leaves the edit, not the accounts screen.
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  }

  return (
    <form
      className="edit-account"
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      aria-label={`Edit ${account.name}`}
      data-form="edit-account"
    >
      <p className="edit-provider">
        Provider: <strong>{label}</strong> <span className="field-help">(fixed; add another account to use a different provider)</span>
      </p>
      <AccountFields
        provider={account.provider}
        values={values}
        mode="edit"
        keyRef={keyRef}
        nameRef={nameRef}
        onKeyInput={() => setVerdict(null)}
        storedKeyOnlyFor={storedKeyOnlyFor}
        onChange={(key, value) => {
          setValues((v) => ({ ...v, [key]: value }));
          setVerdict(null);
        }}
      />
      <div className="form-footer">
        <Verdict verdict={verdict} />
        <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy !== null} ref={saveButton}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void test()} ref={testButton}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
          <span className="form-hint">
            <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
          </span>
        </div>
      </div>
    </form>
  );
}
