/** The accounts panel: every account with its state, remove (with a confirmation), add ReactIn. */
import { useEffect, useRef } from 'react';
import { useInbox } from '../storeContext';
import { AccountCard } from './AccountCard';
import { AddAccountForm } from './AddAccountForm';

export function SettingsPanel() {
  const accounts = useInbox((s) => s.accounts);
  const close = useInbox((s) => s.closeSettings);
  const panelRef = useRef<HTMLDivElement>(null);

  // Focus moves into the panel; when it closes, focus falls back to the page, where the
  // inbox keys work again (returning it to the gear button would make Enter reopen the panel).
  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="settings" role="dialog" aria-modal="true" aria-labelledby="settings-title" tabIndex={-1} ref={panelRef}>
        <header className="settings-header">
          <h1 id="settings-title">Accounts</h1>
          <button type="button" className="button" onClick={close}>
            Close <kbd>Esc</kbd>
          </button>
        </header>
        {accounts.length === 0 ? (
          <p className="settings-empty">No accounts yet. Add one below; its conversations appear after the first sync.</p>
        ) : (
          <ul className="account-cards">
            {accounts.map((a) => (
              <AccountCard key={a.id} account={a} />
            ))}
          </ul>
        )}
        <AddAccountForm />
      </div>
    </div>
  );
}
