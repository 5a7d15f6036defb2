/** Pane 2: the conversations of the current view, newest first, with a visible selection. */
import type { UIEvent } from 'react';
import type { ViewId } from '../../../shared/domain';
import { PROVIDER_LABELS, VIEW_TITLES, type BuiltinView } from '../../../shared/domain';
import { count } from '../format';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { ConversationRow } from './ConversationRow';
import { EmptyList } from './EmptyList';
import { KeyHints } from './KeyHints';
import { OfflineBanner } from './OfflineBanner';
import { SplitTabs } from './SplitTabs';

function useViewTitle(view: ViewId): string {
  const account = useInbox((s) => (view.startsWith('account:') ? s.accounts.find((a) => `account:${a.id}` === view) : undefined));
  const label = useInbox((s) => (view.startsWith('label:') ? s.labels.find((l) => `label:${l.id}` === view) : undefined));
  if (view.startsWith('label:')) return label ? label.name : 'Label';
  if (!view.startsWith('account:')) return VIEW_TITLES[view as BuiltinView];
  return account ? `${account.name} · ${PROVIDER_LABELS[account.provider]}` : 'Account';
}

export function ConversationList() {
  const view = useInbox((s) => s.view);
  const items = useInbox((s) => s.items);
  const total = useInbox((s) => s.total);
  const listLoaded = useInbox((s) => s.listLoaded);
  const selectedId = useInbox((s) => s.selectedId);
  const openId = useInbox((s) => s.openId);
  const loadMore = useInbox((s) => s.loadMore);
  const title = useViewTitle(view);
  const now = useNow();

  function onScroll(e: UIEvent<HTMLDivElement>) {
    const el = e.currentTarget;
    if (el.scrollTop + el.clientHeight > el.scrollHeight - 600) loadMore();
  }

  return (
    <section className="list-pane" aria-label="Conversations">
      <header className="pane-header">
        <h1 className="pane-title">{title}</h1>
        {listLoaded && <span className="pane-subtitle">{total === 1 ? '1 conversation' : `${count(total)} conversations`}</span>}
      </header>
      <SplitTabs />
      <OfflineBanner />
      <div className="list-scroll" onScroll={onScroll}>
        {!listLoaded ? (
          <p className="list-loading" role="status">
            Loading…
          </p>
        ) : items.length === 0 ? (
          <EmptyList view={view} />
        ) : (
          <ul
            className="conversation-list"
            role="listbox"
            tabIndex={0}
            aria-label={title}
            aria-activedescendant={selectedId ? `conversation-${selectedId}` : undefined}
          >
            {items.map((c) => (
              <ConversationRow key={c.id} conversation={c} selected={c.id === selectedId} open={c.id === openId} now={now} />
            ))}
          </ul>
        )}
        {listLoaded && items.length < total && <p className="list-more">Loading more…</p>}
      </div>
      <KeyHints />
    </section>
  );
}
