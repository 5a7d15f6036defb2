/** Pane 1: the views with their counts, every label (with what it holds in the inbox), every saved search, then one entry per account with its status. */
import type { BuiltinView, Label, SavedSplit, ViewId } from '../../../shared/domain';
import { BUILTIN_VIEWS, VIEW_TITLES } from '../../../shared/domain';
import { count, tabCount } from '../format';
import { describeKeyOf, pressFor, type Command } from '../keymap';
import { useKeymap } from '../useKeymap';
import { useInbox } from '../storeContext';
import { keepKeyboardFocus } from './keepKeyboardFocus';
import { AccountEntry } from './AccountEntry';
import { LabelDot } from './LabelChips';

const NO_SPLITS: SavedSplit[] = [];

/** The views with a `g` shortcut say so on hover. */
const GO_KEYS: Partial<Record<BuiltinView, Command>> = { inbox: 'goInbox', snoozed: 'goSnoozed', archived: 'goArchived' };

function ViewEntry({ view, title }: { view: ViewId; title: string }) {
  const go = GO_KEYS[view as BuiltinView];
  const active = useInbox((s) => s.view === view);
  const n = useInbox((s) => s.counts[view]);
  const selectView = useInbox((s) => s.selectView);
  useKeymap();
  return (
    <li>
      <button
        type="button"
        className={`view-entry${active ? ' view-entry--active' : ''}`}
        data-view={view}
        aria-current={active ? 'page' : undefined}
        title={go && describeKeyOf(go) ? `${title} (${describeKeyOf(go)})` : undefined}
        onMouseDown={keepKeyboardFocus}
        onClick={() => selectView(view)}
      >
        <span className="view-title">{title}</span>
        <span className="count">{n === undefined ? '' : count(n)}</span>
      </button>
    </li>
  );
}

function LabelEntry({ label }: { label: Label }) {
  const view = `label:${label.id}` as const;
  const active = useInbox((s) => s.view === view);
  const n = useInbox((s) => s.counts[view]) ?? label.inboxCount;
  const selectView = useInbox((s) => s.selectView);
  return (
    <li>
      <button
        type="button"
        className={`view-entry label-entry${active ? ' view-entry--active' : ''}`}
        data-view={view}
        aria-current={active ? 'page' : undefined}
        onMouseDown={keepKeyboardFocus}
        onClick={() => selectView(view)}
      >
        <LabelDot color={label.color} />
        <span className="view-title">{label.name}</span>
        {label.pinned && (
          <span className="label-pin" title="Shown as a tab above the inbox">
            tab
          </span>
        )}
        <span className="count">{count(n)}</span>
      </button>
    </li>
  );
}

function SplitEntry({ split }: { split: SavedSplit }) {
  const view = `search:${split.id}` as const;
  const active = useInbox((s) => s.view === view);
  const n = useInbox((s) => s.counts[view]);
  const selectView = useInbox((s) => s.selectView);
  return (
    <li>
      <button
        type="button"
        className={`view-entry${active ? ' view-entry--active' : ''}`}
        data-view={view}
        aria-current={active ? 'page' : undefined}
        title={split.query}
        onMouseDown={keepKeyboardFocus}
        onClick={() => selectView(view)}
      >
        <span className="view-title">{split.name}</span>
        <span className="count">{tabCount(n)}</span>
      </button>
    </li>
  );
}

/** The Scheduled view (replies set to send later): not a list of conversations, so it opens over them. */
function ScheduledEntry() {
  const n = useInbox((s) => s.scheduled.length);
  const open = useInbox((s) => s.overlay?.kind === 'scheduled');
  const openOverlay = useInbox((s) => s.openOverlay);
  useKeymap();
  const key = describeKeyOf('goScheduled');
  return (
    <li>
      <button
        type="button"
        className={`view-entry${open ? ' view-entry--active' : ''}`}
        data-view="scheduled"
        title={key ? `Scheduled replies (${key})` : 'Scheduled replies'}
        onMouseDown={keepKeyboardFocus}
        onClick={() => openOverlay({ kind: 'scheduled' })}
      >
        <span className="view-title">Scheduled</span>
        <span className="count">{n === 0 ? '' : count(n)}</span>
      </button>
    </li>
  );
}

export function Sidebar() {
  const accounts = useInbox((s) => s.accounts);
  const labels = useInbox((s) => s.labels);
  const splits = useInbox((s) => s.settings?.savedSplits ?? NO_SPLITS);
  const openSettings = useInbox((s) => s.openSettings);
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">Inbox Zero</div>
      <ul className="view-list">
        {BUILTIN_VIEWS.map((v: BuiltinView) => (
          <ViewEntry key={v} view={v} title={VIEW_TITLES[v]} />
        ))}
        <ScheduledEntry />
      </ul>
      <h2 className="sidebar-heading">Labels</h2>
      {labels.length === 0 ? (
        <p className="sidebar-empty sidebar-empty--small">{pressFor('label', true)} on a conversation to label it.</p>
      ) : (
        <ul className="view-list" aria-label="Labels">
          {labels.map((l) => (
            <LabelEntry key={l.id} label={l} />
          ))}
        </ul>
      )}
      {splits.length > 0 && (
        <>
          <h2 className="sidebar-heading">Saved searches</h2>
          <ul className="view-list" aria-label="Saved searches">
            {splits.map((s) => (
              <SplitEntry key={s.id} split={s} />
            ))}
          </ul>
        </>
      )}
      <h2 className="sidebar-heading">Accounts</h2>
      {accounts.length === 0 ? (
        <p className="sidebar-empty">No accounts yet.</p>
      ) : (
        <ul className="view-list">
          {accounts.map((a) => (
            <AccountEntry key={a.id} account={a} />
          ))}
        </ul>
      )}
      <button type="button" className="settings-button" onMouseDown={keepKeyboardFocus} onClick={() => openSettings()}>
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path
            fill="currentColor"
            d="M11.3 1.5l.4 2.1c.5.2 1 .5 1.4.8l2-.7 1.3 2.3-1.6 1.4c.1.5.1 1.1 0 1.6l1.6 1.4-1.3 2.3-2-.7c-.4.3-.9.6-1.4.8l-.4 2.1H8.7l-.4-2.1c-.5-.2-1-.5-1.4-.8l-2 .7-1.3-2.3 1.6-1.4a4.6 4.6 0 010-1.6L3.6 6l1.3-2.3 2 .7c.4-.3.9-.6 1.4-.8l.4-2.1h2.6zM10 7a3 3 0 100 6 3 3 0 000-6z"
          />
        </svg>
        Accounts &amp; settings
      </button>
    </nav>
  );
}
