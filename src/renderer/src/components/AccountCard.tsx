/**
 * One account on the accounts screen: provider, what it is doing (with an "Update key"
 * shortcut when the key was rejected), what the provider mirrors, what is left of its
 * budgets; sync now, edit in place, diagnose the connection, remove with a confirmation.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Account } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { accountStatusText, creditsText, dailyCapTexts, isConnectable, mirrorText, readReceiptText, type ConnectableProvider } from '../accounts';
import { errorSentence } from '../api';
import { exactTime } from '../format';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { DiagnosePanel } from './DiagnosePanel';
import { EditAccountForm } from './EditAccountForm';

type Mode = { kind: 'view' } | { kind: 'edit'; focusKey: boolean } | { kind: 'confirm' } | { kind: 'diagnose' };

function AccountFacts({ account }: { account: Account }) {
  const receipts = readReceiptText(account);
  const credits = creditsText(account);
  const caps = dailyCapTexts(account);
  return (
    <ul className="account-facts">
      <li data-fact="mirrors">{mirrorText(account)}</li>
      {receipts && <li data-fact="read-receipts">{receipts}</li>}
      {credits && <li data-fact="credits">{credits}</li>}
      {caps.map((c) => (
        <li key={c.text} data-fact="daily-cap" className={c.low ? 'account-fact--low' : undefined}>
          {c.text}
        </li>
      ))}
    </ul>
  );
}

export function AccountCard({ account }: { account: Account }) {
  const removeAccount = useInbox((s) => s.removeAccount);
  const syncAccount = useInbox((s) => s.syncAccount);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  // Which button gets the cursor back once the card is in view mode again (the buttons are not on screen before).
  const returnFocus = useRef<'edit' | 'remove' | 'diagnose' | null>(null);
  const diagnoseButton = useRef<HTMLButtonElement>(null);
  const now = useNow();
  const label = PROVIDER_LABELS[account.provider];
  const editable = isConnectable(account.provider);
  const state = account.status.state;

  // Back in view mode, the cursor returns to the button that started the edit or the removal.
  useEffect(() => {
    if (mode.kind === 'view' && returnFocus.current) {
      ({ edit: editButton, remove: removeButton, diagnose: diagnoseButton })[returnFocus.current].current?.focus();
      returnFocus.current = null;
    }
  }, [mode]);

  function edit(focusKey: boolean): void {
    setSaved(null);
    setError(null);
    setMode({ kind: 'edit', focusKey });
  }

  function backToView(): void {
    returnFocus.current = 'edit';
    setMode({ kind: 'view' });
  }

  async function remove(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await removeAccount(account.id);
    } catch (err) {
      setError(errorSentence(err));
      setBusy(false);
      returnFocus.current = 'remove';
      setMode({ kind: 'view' });
    }
  }

  function confirmKeys(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      // Esc cancels the removal, not the accounts screen.
      e.preventDefault();
      e.stopPropagation();
      returnFocus.current = 'remove';
      setMode({ kind: 'view' });
    }
  }

  const syncedTitle = account.status.lastSyncedAt !== null ? `Last synced ${exactTime(account.status.lastSyncedAt)}` : undefined;

  return (
    <li className={`account-card${mode.kind === 'edit' ? ' account-card--editing' : ''}`} data-account-id={account.id}>
      <div className="account-card-main">
        <span className={`status-dot status-dot--${state}`} aria-hidden="true" />
        <div className="account-card-text">
          <div className="account-card-title">
            <strong className="account-name">{account.name}</strong>
            <span className="chip account-provider">{label}</span>
          </div>
          <p className={`account-status account-status--${state}`} title={syncedTitle}>
            {accountStatusText(account, now, true)}
          </p>
          {state === 'key-rejected' && editable && mode.kind === 'view' && (
            <button type="button" className="button button--small button--warn" onClick={() => edit(true)}>
              Update key
            </button>
          )}
        </div>
        {mode.kind === 'view' && (
          <div className="account-card-actions">
            <button type="button" className="button" disabled={busy || state === 'syncing'} onClick={() => void syncAccount(account.id)}>
              Sync now
            </button>
            {editable && (
              <button type="button" className="button" disabled={busy} onClick={() => edit(false)} ref={editButton} aria-label={`Edit ${account.name}`}>
                Edit
              </button>
            )}
            {editable && (
              <button type="button" className="button" disabled={busy} onClick={() => setMode({ kind: 'diagnose' })} ref={diagnoseButton} aria-label={`Diagnose ${account.name}`}>
                Diagnose
              </button>
            )}
            <button type="button" className="button button--danger-quiet" disabled={busy} onClick={() => setMode({ kind: 'confirm' })} ref={removeButton}>
              Remove…
            </button>
          </div>
        )}
      </div>
      {mode.kind !== 'edit' && <AccountFacts account={account} />}
      {mode.kind === 'edit' && isConnectable(account.provider) && (
        <EditAccountForm
          account={account as Account & { provider: ConnectableProvider }}
          focusKey={mode.focusKey}
          onCancel={backToView}
          onSaved={(message) => {
            setSaved(message);
            backToView();
          }}
        />
      )}
      {mode.kind === 'diagnose' && (
        <DiagnosePanel
          account={account}
          onClose={() => {
            returnFocus.current = 'diagnose';
            setMode({ kind: 'view' });
          }}
        />
      )}
      {mode.kind === 'confirm' && (
        <div className="confirm" role="alertdialog" aria-label={`Remove ${account.name}`} onKeyDown={confirmKeys}>
          <p>
            Remove “{account.name}”? Its cached conversations are deleted from this computer
            {account.provider === 'demo'
              ? '.'
              : `, and its API key is deleted from the system keychain. Nothing changes at ${label}; add the account again any time.`}
          </p>
          <div className="confirm-actions">
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()} autoFocus>
              Remove account
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                returnFocus.current = 'remove';
                setMode({ kind: 'view' });
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {saved && (
        <p className="verdict verdict--ok" role="status">
          <span>{saved}</span>
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
