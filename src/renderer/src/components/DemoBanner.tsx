/**
 * Says that what is on screen is demo data, with "Add your account" (the add form in Settings):
 * above the list while the demo is the only account, and in any open demo conversation.
 */
import type { ConversationSummary } from '../../../shared/domain';
import { onlyDemo } from '../demoOnboarding';
import { useInbox } from '../storeContext';

function AddYourAccount() {
  const openSettings = useInbox((s) => s.openSettings);
  return (
    <button type="button" className="button button--small button--primary" onClick={() => openSettings('add')}>
      Add your account
    </button>
  );
}

/** Above the list: everything here is generated. */
export function DemoListBanner() {
  const show = useInbox((s) => onlyDemo(s.accounts));
  if (!show) return null;
  return (
    <div className="demo-banner" role="note" data-banner="demo-list">
      <p>Demo conversations, generated on this computer.</p>
      <AddYourAccount />
    </div>
  );
}

/** In an open thread of the demo account. */
export function DemoThreadBanner({ conversation }: { conversation: ConversationSummary }) {
  const isDemo = useInbox((s) => s.accounts.find((a) => a.id === conversation.accountId)?.provider === 'demo');
  if (!isDemo) return null;
  return (
    <div className="demo-banner demo-banner--thread" role="note" data-banner="demo-thread">
      <p>A demo conversation: nobody reads it, and replies stay on this computer.</p>
      <AddYourAccount />
    </div>
  );
}
