/** What an empty view says: what to do next, and inbox zero as the small win it is. */
import type { ViewId } from '../../../shared/domain';
import { pressFor } from '../keymap';
import { useInbox } from '../storeContext';
import { useKeymap } from '../useKeymap';

/** What each empty view says; a function, because the keys it names are the keymap's in force. */
const emptyText = (): Record<string, { title: string; body: string }> => ({
  'needs-reply': { title: 'Nobody is waiting on you', body: 'Conversations where they wrote last show up here.' },
  waiting: { title: 'Not waiting on anyone', body: 'Conversations where you wrote last show up here until they answer.' },
  unread: { title: 'All read', body: 'New messages show up here until you open them.' },
  snoozed: { title: 'Nothing snoozed', body: `${pressFor('snooze', true)} on a conversation to snooze it. It comes back on top of the inbox when it is due, with your note.` },
  archived: { title: 'Nothing archived', body: `${pressFor('archive', true)} on a conversation to archive it. It comes back to the inbox when they reply.` },
  label: { title: 'Nothing with this label in the inbox', body: `${pressFor('label', true)} on a conversation to label it. Archived and snoozed ones are not counted here.` },
  all: { title: 'No conversations yet', body: 'Conversations appear here after the first sync of an account.' },
  account: { title: 'Nothing in this account’s inbox', body: 'Its archived conversations are under Archived.' },
  search: { title: 'Nothing in the inbox matches this search', body: 'Its conversations show up here as they arrive; archived and snoozed ones are left out unless the search names them (is:archived, is:snoozed).' },
});

function InboxZero() {
  return (
    <div className="empty empty--celebrate" data-empty="inbox-zero">
      <svg className="celebrate-art" viewBox="0 0 120 120" width="120" height="120" aria-hidden="true">
        <circle cx="60" cy="60" r="40" className="celebrate-sun" />
        <path d="M42 61l12 12 24-26" className="celebrate-check" />
        <circle cx="14" cy="30" r="4" className="confetti confetti--a" />
        <circle cx="104" cy="22" r="3" className="confetti confetti--b" />
        <rect x="98" y="86" width="7" height="7" rx="1.5" className="confetti confetti--c" transform="rotate(20 101 89)" />
        <rect x="12" y="90" width="6" height="6" rx="1.5" className="confetti confetti--b" transform="rotate(-15 15 93)" />
        <circle cx="60" cy="8" r="3" className="confetti confetti--c" />
      </svg>
      <h2>Inbox zero</h2>
      <p>Everything is handled. Archived conversations come back here when someone replies.</p>
    </div>
  );
}

export function EmptyList({ view }: { view: ViewId }) {
  const hasAccounts = useInbox((s) => s.accounts.length > 0);
  const openSettings = useInbox((s) => s.openSettings);
  useKeymap();
  if (!hasAccounts) {
    return (
      <div className="empty" data-empty="no-accounts">
        <h2>No accounts yet</h2>
        <p>Connect a ReactIn, Linkup, ConnectSafely or Crispy account to bring your LinkedIn conversations here.</p>
        <button type="button" className="button button--primary" onClick={() => openSettings('add')}>
          Add an account
        </button>
      </div>
    );
  }
  if (view === 'inbox') return <InboxZero />;
  const texts = emptyText();
  const text = texts[view.startsWith('account:') ? 'account' : view.startsWith('label:') ? 'label' : view.startsWith('search:') ? 'search' : view] ?? texts.all!;
  return (
    <div className="empty" data-empty={view}>
      <h2>{text.title}</h2>
      <p>{text.body}</p>
    </div>
  );
}
