/** One account in the sidebar: its view (with count), provider and what state it is in. */
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
  const now = useNow();
  return (
    <li>
      <button
        type="button"
        className={`view-entry account-entry${active ? ' view-entry--active' : ''}`}
        data-view={view}
        aria-current={active ? 'page' : undefined}
        onMouseDown={keepKeyboardFocus}
        onClick={() => selectView(view)}
      >
        <span className={`status-dot status-dot--${account.status.state}`} aria-hidden="true" />
        <span className="account-text">
          <span className="view-title">{account.name}</span>
          <span className="account-provider">{PROVIDER_LABELS[account.provider]}</span>
          <span className={`account-status account-status--${account.status.state}`}>{accountStatusText(account, now)}</span>
        </span>
        <span className="count">{n === undefined ? '' : count(n)}</span>
      </button>
    </li>
  );
}
