/**
 * Split inbox: the inbox, each pinned label and each saved search as tabs above the list, with
 * what each holds (nothing at 0, 999+ past 999). At most MAX_SPLIT_TABS show (lookups.ts says
 * which). Tab / Shift+Tab move between them (from the list); a click works too. Shown only on
 * those views, so Archived or an account keep their plain title.
 */
import { tabCount } from '../format';
import { describeKeyOf } from '../keymap';
import { useKeymap } from '../useKeymap';
import { splitTabs, type SplitTab } from '../store';
import { useInbox } from '../storeContext';
import { LabelDot } from './LabelChips';
import { keepKeyboardFocus } from './keepKeyboardFocus';

export function SplitTabs() {
  const labels = useInbox((s) => s.labels);
  const saved = useInbox((s) => s.settings?.savedSplits);
  const view = useInbox((s) => s.view);
  const counts = useInbox((s) => s.counts);
  const selectView = useInbox((s) => s.selectView);
  useKeymap(); // before any early return: the tabs redraw when the keymap changes
  const tabs = splitTabs(labels, saved);
  if (tabs.length < 2 || !tabs.some((t) => t.view === view)) return null;
  const hint = [describeKeyOf('nextSplit'), describeKeyOf('previousSplit')].filter(Boolean).join(' / ');
  const inboxCountOf = (t: SplitTab) => labels.find((l) => `label:${l.id}` === t.view)?.inboxCount;

  return (
    <div className="split-tabs" role="tablist" aria-label="Split inbox">
      {tabs.map((t) => (
        <button
          key={t.view}
          type="button"
          role="tab"
          className="split-tab"
          data-split={t.view}
          aria-selected={view === t.view}
          tabIndex={view === t.view ? 0 : -1}
          title={hint ? `${t.name} (${hint} to switch)` : t.name}
          onMouseDown={keepKeyboardFocus}
          onClick={() => selectView(t.view)}
        >
          {t.color && <LabelDot color={t.color} />}
          <span className="split-tab-name">{t.name}</span>
          <span className="count">{tabCount(counts[t.view] ?? inboxCountOf(t))}</span>
        </button>
      ))}
    </div>
  );
}
