/**
 * One account in the sidebar: its view (with count), provider and what state it is in.
 * While a sync runs, the dot turns into a small spinner and the sentence stays what it was
 * (a poll every few minutes should not make the sidebar flicker).
 */
import type { Account } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { accountStatusText } from '../accounts';
import { count } from '../format';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { keepKeyboardFocus } from './keepKeyboardFocus';

export function AccountEntry({ account }: { account: Account }) {
  const view = `account:${account.id}` as const;
  const active = useInbox((s) => s.view === view);
  const n = useInbox((s) => s.counts[view]);
  const selectView = useInbox((s) => s.selectView);
  const settled = useInbox((s) => s.settled[account.id]);
  const now = useNow();
  const syncing = account.status.state === 'syncing';
  // The sentence of the last finished sync; "Syncing…" only when there was none yet.
  const shown = syncing && settled ? { ...account, status: settled } : account;
  const state = shown.status.state;
  return (
    <li>
      <button
        type="button"
        className={`view-entry account-entry${active ? ' view-entry--active' : ''}`}
        data-view={view}
        data-syncing={syncing || undefined}
        aria-current={active ? 'page' : undefined}
        onMouseDown={keepKeyboardFocus}
        onClick={() => selectView(view)}
      >
        <span className={`status-dot status-dot--${syncing ? 'syncing' : state}`} aria-hidden="true" title={syncing ? 'Syncing now' : undefined} />
        <span className="account-text">
          <span className="view-title">{account.name}</span>
          <span className="account-provider">{PROVIDER_LABELS[account.provider]}</span>
          <span className={`account-status account-status--${state}`}>{accountStatusText(shown, now)}</span>
          {syncing && <span className="visually-hidden"> (syncing now)</span>}
        </span>
        <span className="count">{n === undefined ? '' : count(n)}</span>
      </button>
    </li>
  );
}
