/**
 * The fields of an account, for adding one and for editing one: display name, what the
 * provider needs (with where to find each value), the API key, the base URL, and an
 * advanced section. The key input is uncontrolled: its text never enters React state or
 * the store, and no value attribute carries it into the DOM; the form reads it from the
 * element when it submits and clears the element afterwards.
 */
import { useId, useState, type ReactNode, type RefObject } from 'react';
import { CONNECTSAFELY_DAILY_CAP, PROVIDER_LABELS } from '../../../shared/domain';
import { MAX_LENGTH, PROVIDER_FORMS, type ConnectableProvider, type FieldSpec, type FormValues } from '../accounts';
import { useInbox } from '../storeContext';

interface FieldProps {
  id: string;
  label: string;
  optional?: boolean;
  help: ReactNode;
  children: (describedBy: string) => ReactNode;
}

function Field({ id, label, optional, help, children }: FieldProps) {
  const helpId = `${id}-help`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <em> (optional)</em>}
      </label>
      {children(helpId)}
      <p className="field-help" id={helpId}>
        {help}
      </p>
    </div>
  );
}

interface Props {
  provider: ConnectableProvider;
  values: FormValues;
  onChange(key: keyof FormValues, value: string): void;
  /** The key's input: read at submit, cleared after. */
  keyRef: RefObject<HTMLInputElement | null>;
  /** 'edit': the key field replaces the stored key and may stay empty. */
  mode: 'add' | 'edit';
  /** Any typing in the key field (the form forgets a verdict that no longer holds). */
  onKeyInput(): void;
  /**
   * 'edit' only: the base URL now names another address than the one the stored key was saved
   * for (its origin here), so the stored key cannot be kept and the key must be typed again.
   */
  storedKeyOnlyFor?: string | null;
  nameRef?: RefObject<HTMLInputElement | null>;
}

export function AccountFields({ provider, values, onChange, keyRef, mode, onKeyInput, nameRef, storedKeyOnlyFor = null }: Props) {
  const base = useId();
  const spec = PROVIDER_FORMS[provider];
  const label = PROVIDER_LABELS[provider];
  const text = (key: keyof FormValues) => ({
    value: values[key],
    onChange: (e: { target: { value: string } }) => onChange(key, e.target.value),
    autoComplete: 'off',
    spellCheck: false,
  });
  const retype = mode === 'edit' && storedKeyOnlyFor !== null;
  const keyLabel = mode === 'add' ? 'API key' : retype ? 'API key (type it again)' : 'Replace API key';
  // Where keys go, as Settings says above the accounts: the keychain, or the encrypted file.
  const keyPlace = useInbox((s) => (s.keyStorage?.backend === 'encrypted-file' ? 'the encrypted key file' : 'the system keychain'));
  const keyHelp =
    mode === 'add'
      ? `${spec.keyHelp} It goes to ${keyPlace} and is never shown again.`
      : retype
        ? `The stored key is only sent to ${storedKeyOnlyFor}; for a new base URL, type the key again. ${spec.keyHelp}`
        : `Leave empty to keep the key stored in ${keyPlace.replace('the system keychain', 'the keychain')}. ${spec.keyHelp}`;
  // Required settings come before the key, optional ones after it.
  const required = spec.fields.filter((f) => f.required);
  const optional = spec.fields.filter((f) => !f.required);
  const providerField = (f: FieldSpec) => (
    <Field key={`${provider}-${f.key}`} id={`${base}-${f.key}`} label={f.label} optional={!f.required} help={f.help}>
      {(d) => (
        <input
          id={`${base}-${f.key}`}
          type="text"
          placeholder={f.placeholder}
          maxLength={MAX_LENGTH.id}
          aria-describedby={d}
          aria-required={f.required}
          {...text(f.key)}
        />
      )}
    </Field>
  );
  // Open at first when it holds something; after that it is the person's to open and close.
  const [advancedOpen] = useState(() => values.selfProfileUrl.trim() !== '');

  return (
    <div className="field-grid">
      <Field id={`${base}-name`} label="Display name" help="How the account appears in the sidebar and on each conversation.">
        {(d) => (
          <input id={`${base}-name`} ref={nameRef} type="text" placeholder="e.g. Sales seat" maxLength={MAX_LENGTH.name} aria-describedby={d} {...text('name')} spellCheck />
        )}
      </Field>
      {required.map(providerField)}
      <Field id={`${base}-key`} label={keyLabel} help={keyHelp}>
        {(d) => (
          <input
            id={`${base}-key`}
            ref={keyRef}
            type="password"
            placeholder={mode === 'edit' && !retype ? 'Keep the stored key' : spec.keyPlaceholder}
            maxLength={MAX_LENGTH.key}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={d}
            aria-required={mode === 'add' || retype}
            onChange={onKeyInput}
          />
        )}
      </Field>
      {optional.map(providerField)}
      {provider === 'connectsafely' && (
        <Field
          id={`${base}-cap`}
          label="Messages a day"
          optional
          help={`The most replies the app sends for this account a day (${CONNECTSAFELY_DAILY_CAP.min}–${CONNECTSAFELY_DAILY_CAP.max}). ConnectSafely's cookbook says 100, its API page 150; empty means ${CONNECTSAFELY_DAILY_CAP.default}.`}
        >
          {(d) => (
            <input
              id={`${base}-cap`}
              type="number"
              inputMode="numeric"
              min={CONNECTSAFELY_DAILY_CAP.min}
              max={CONNECTSAFELY_DAILY_CAP.max}
              step={1}
              placeholder={String(CONNECTSAFELY_DAILY_CAP.default)}
              aria-describedby={d}
              {...text('messagesPerDay')}
            />
          )}
        </Field>
      )}
      <Field id={`${base}-base`} label="Base URL" optional help={`Only for a self-hosted or regional ${label} instance. Leave empty for ${spec.defaultBaseUrl}.`}>
        {(d) => <input id={`${base}-base`} type="url" placeholder={spec.defaultBaseUrl} maxLength={MAX_LENGTH.url} aria-describedby={d} {...text('baseUrl')} />}
      </Field>
      <details className="advanced" open={advancedOpen}>
        <summary>Advanced</summary>
        <Field
          id={`${base}-self`}
          label="Your own LinkedIn profile URL"
          optional
          help="Helps tell your messages from theirs when the provider does not say who sent what."
        >
          {(d) => (
            <input
              id={`${base}-self`}
              type="url"
              placeholder="https://www.linkedin.com/in/your-name"
              maxLength={MAX_LENGTH.url}
              aria-describedby={d}
              {...text('selfProfileUrl')}
            />
          )}
        </Field>
      </details>
    </div>
  );
}
