/** The name of a view as the list's header and the summary pane show it. */
import type { ViewId } from '../../shared/domain';
import { PROVIDER_LABELS, VIEW_TITLES, type BuiltinView } from '../../shared/domain';
import { useInbox } from './storeContext';

export function useViewTitle(view: ViewId): string {
  const account = useInbox((s) => (view.startsWith('account:') ? s.accounts.find((a) => `account:${a.id}` === view) : undefined));
  const label = useInbox((s) => (view.startsWith('label:') ? s.labels.find((l) => `label:${l.id}` === view) : undefined));
  const split = useInbox((s) => (view.startsWith('search:') ? s.settings?.savedSplits.find((x) => `search:${x.id}` === view) : undefined));
  if (view.startsWith('label:')) return label ? label.name : 'Label';
  if (view.startsWith('search:')) return split ? split.name : 'Saved search';
  if (!view.startsWith('account:')) return VIEW_TITLES[view as BuiltinView];
  return account ? `${account.name} · ${PROVIDER_LABELS[account.provider]}` : 'Account';
}
