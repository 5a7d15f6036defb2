/** One account in the panel: provider, state, the status sentence, sync now, remove with confirmation. */
import { useState } from 'react';
import type { Account } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { accountStatusText } from './AccountEntry';

export function AccountCard({ account }: { account: Account }) {
  const removeAccount = useInbox((s) => s.removeAccount);
  const syncAccount = useInbox((s) => s.syncAccount);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const now = useNow();

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await removeAccount(account.id);
    } catch (err) {
      setError(errorSentence(err));
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <li className="account-card" data-account-id={account.id}>
      <div className="account-card-main">
        <span className={`status-dot status-dot--${account.status.state}`} aria-hidden="true" />
        <div className="account-card-text">
          <strong>{account.name}</strong> <span className="account-provider">{PROVIDER_LABELS[account.provider]}</span>
          <p className={`account-status account-status--${account.status.state}`}>{accountStatusText(account, now)}</p>
        </div>
        {!confirming && (
          <div className="account-card-actions">
            <button type="button" className="button" disabled={busy || account.status.state === 'syncing'} onClick={() => void syncAccount(account.id)}>
              Sync now
            </button>
            <button type="button" className="button button--danger-quiet" disabled={busy} onClick={() => setConfirming(true)}>
              Remove…
            </button>
          </div>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label={`Remove ${account.name}`}>
          <p>
            Remove “{account.name}”? Its cached conversations are deleted from this computer
            {account.provider === 'demo' ? '.' : ', and its API key from the keychain.'}
          </p>
          <div className="confirm-actions">
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()} autoFocus>
              Remove account
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
