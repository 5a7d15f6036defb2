/**
 * A slim line over the list when no account can be reached: the inbox still works from the
 * cache, and replies wait. Calm on purpose: it says what is true and offers one thing to do.
 * It stays through a retry (no flicker) and leaves on its own when a sync gets through.
 */
import { everyAccountOffline, OFFLINE_BANNER } from '../accounts';

// "Offline" leads, in bold, so the line reads at a glance.
const LEAD = 'Offline';
const REST = OFFLINE_BANNER.slice(LEAD.length);
import { useInbox } from '../storeContext';
import { keepKeyboardFocus } from './keepKeyboardFocus';

export function OfflineBanner() {
  const offline = useInbox((s) => everyAccountOffline(s.accounts, s.settled));
  const trying = useInbox((s) => s.syncingAll || s.accounts.some((a) => a.provider !== 'demo' && a.status.state === 'syncing'));
  const syncAll = useInbox((s) => s.syncAll);
  if (!offline) return null;
  return (
    <div className="offline-banner" role="status" data-banner="offline">
      <span className="offline-icon" aria-hidden="true" />
      <span className="offline-text">
        <strong>{LEAD}</strong>
        {REST}
      </span>
      {trying ? (
        <span className="offline-trying">Trying…</span>
      ) : (
        <button type="button" className="offline-retry" onMouseDown={keepKeyboardFocus} onClick={() => void syncAll()}>
          Try again
        </button>
      )}
    </div>
  );
}
