/**
 * The accounts and settings screen: general settings (how often to check for messages), then
 * every account with its state, what it mirrors and its budgets (edit and remove in place),
 * then the form that adds one. Modal: Tab stays inside, Esc goes back to the inbox (an open
 * edit or removal takes the first Esc), the inbox keys rest meanwhile.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useInbox } from '../storeContext';
import { AccountCard } from './AccountCard';
import { AddAccountForm } from './AddAccountForm';
import { GeneralSettings } from './GeneralSettings';
import { KeyboardSettings } from './KeyboardSettings';
import { KeyStorageNotice } from './KeyStorageNotice';

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), summary, [href], [tabindex]:not([tabindex="-1"])';

export function SettingsPanel() {
  const accounts = useInbox((s) => s.accounts);
  const close = useInbox((s) => s.closeSettings);
  const focus = useInbox((s) => s.settingsFocus);
  const panelRef = useRef<HTMLDivElement>(null);

  // Focus moves into the panel (or straight to the provider picker when the person came to
  // add an account); when it closes, focus falls back to the page, where the inbox keys work
  // again (returning it to the gear button would make Enter reopen the panel).
  useEffect(() => {
    const panel = panelRef.current;
    const picker = focus === 'add' ? panel?.querySelector<HTMLInputElement>('[data-form="add-account"] input[type="radio"]:checked') : null;
    (picker ?? panel)?.focus();
  }, []); // only on opening

  function trapTab(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.key !== 'Tab' || !panelRef.current) return;
    const all = [...panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
    // Radio groups take one Tab stop: only the checked radio counts.
    const stops = all.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked));
    if (stops.length === 0) return;
    const first = stops[0]!;
    const last = stops[stops.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === panelRef.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="settings" role="dialog" aria-modal="true" aria-labelledby="settings-title" tabIndex={-1} ref={panelRef} onKeyDown={trapTab}>
        <header className="settings-header">
          <h1 id="settings-title">Accounts &amp; settings</h1>
          <button type="button" className="button" onClick={close}>
            Close <kbd>Esc</kbd>
          </button>
        </header>
        <GeneralSettings />
        <KeyboardSettings />
        <div className="settings-section-head">
          <h2 className="settings-section-title">Accounts</h2>
          <KeyStorageNotice />
        </div>
        {accounts.length === 0 ? (
          <p className="settings-empty">No accounts yet. Add one below; its conversations appear after the first sync.</p>
        ) : (
          <ul className="account-cards" aria-label="Your accounts">
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
