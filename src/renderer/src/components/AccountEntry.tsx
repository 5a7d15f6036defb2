/** One account in the sidebar: its view (with count), provider and what state it is in. */
import type { Account } from '../../../shared/domain';
import { PROVIDER_LABELS } from '../../../shared/domain';
import { count, relativeTime } from '../format';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { keepKeyboardFocus } from './keepKeyboardFocus';

function syncedAgo(at: number, now: number): string {
  const age = relativeTime(at, now);
  if (age === 'now') return 'just now';
  if (/^\d+[mh]$/.test(age)) return `${age} ago`;
  return age === 'Yesterday' ? 'yesterday' : `on ${age}`;
}

/** What the sidebar says under an account when the core has no sentence for it. */
export function accountStatusText(a: Account, now: number): string {
  if (a.status.message) return a.status.message;
  switch (a.status.state) {
    case 'syncing':
      return 'Syncing…';
    case 'ok':
      return a.status.lastSyncedAt === null ? 'Up to date' : `Synced ${syncedAgo(a.status.lastSyncedAt, now)}`;
    case 'idle':
      return 'Waiting for the first sync';
    default:
      return 'Needs attention';
  }
}

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
