/**
 * Split inbox: the inbox and each pinned label as tabs above the list, with what each holds.
 * Tab / Shift+Tab move between them (from the list); a click works too. Shown only on those
 * views, so Archived or an account keep their plain title.
 */
import { count } from '../format';
import { describeKeyOf } from '../keymap';
import { useKeymap } from '../useKeymap';
import { splitViews } from '../store';
import { useInbox } from '../storeContext';
import { LabelDot } from './LabelChips';
import { keepKeyboardFocus } from './keepKeyboardFocus';

export function SplitTabs() {
  const labels = useInbox((s) => s.labels);
  const view = useInbox((s) => s.view);
  const counts = useInbox((s) => s.counts);
  const selectView = useInbox((s) => s.selectView);
  useKeymap();
  const pinned = labels.filter((l) => l.pinned);
  if (pinned.length === 0 || !splitViews(labels).includes(view)) return null;
  const hint = [describeKeyOf('nextSplit'), describeKeyOf('previousSplit')].filter(Boolean).join(' / ');

  const tab = (id: typeof view, name: string, n: number | undefined, color?: string) => (
    <button
      key={id}
      type="button"
      role="tab"
      className="split-tab"
      data-split={id}
      aria-selected={view === id}
      tabIndex={view === id ? 0 : -1}
      title={hint ? `${name} (${hint} to switch)` : name}
      onMouseDown={keepKeyboardFocus}
      onClick={() => selectView(id)}
    >
      {color && <LabelDot color={color} />}
      <span className="split-tab-name">{name}</span>
      <span className="count">{n === undefined ? '' : count(n)}</span>
    </button>
  );

  return (
    <div className="split-tabs" role="tablist" aria-label="Split inbox">
      {tab('inbox', 'Inbox', counts.inbox)}
      {pinned.map((l) => tab(`label:${l.id}`, l.name, counts[`label:${l.id}`] ?? l.inboxCount, l.color))}
    </div>
  );
}
