/** The three panes (views, conversations, thread), the accounts panel, the pickers and the toasts. */
import { useInbox, useInboxStore } from '../storeContext';
import { useKeyboard } from '../useKeyboard';
import { useTheme } from '../theme';
import { ConversationList } from './ConversationList';
import { DemoOfferPrompt } from './DemoOfferPrompt';
import { FeedbackRegion } from './FeedbackRegion';
import { HelpOverlay } from './HelpOverlay';
import { ListDivider } from './ListDivider';
import type { CSSProperties } from 'react';
import { LIST_COLUMN_PROPERTY, listColumn } from '../listWidth';
import { Palette } from './Palette';
import { ScheduledPanel } from './ScheduledPanel';
import { SendLaterPicker } from './SendLaterPicker';
import { LabelPicker } from './LabelPicker';
import { SaveSplitDialog } from './SaveSplitDialog';
import { SettingsPanel } from './SettingsPanel';
import { Sidebar } from './Sidebar';
import { SnoozePicker } from './SnoozePicker';
import { ThreadPane } from './ThreadPane';

export function App() {
  const store = useInboxStore();
  useKeyboard(store);
  useTheme();
  const loaded = useInbox((s) => s.loaded);
  const settingsOpen = useInbox((s) => s.settingsOpen);
  const threadOpen = useInbox((s) => s.openId !== null);
  const popover = useInbox((s) => s.popover);
  const overlay = useInbox((s) => s.overlay);
  const listWidth = useInbox((s) => s.settings?.listWidth ?? null);

  if (!loaded) {
    return (
      <div className="app-loading" role="status">
        Loading your inbox…
      </div>
    );
  }
  return (
    <div className={`app${threadOpen ? ' app--thread-open' : ''}`} style={{ [LIST_COLUMN_PROPERTY]: listColumn(listWidth) } as CSSProperties}>
      <Sidebar />
      <ConversationList />
      <ListDivider />
      <ThreadPane />
      {settingsOpen && <SettingsPanel />}
      {popover?.kind === 'labels' && <LabelPicker key={popover.ids.join()} ids={popover.ids} />}
      {popover?.kind === 'snooze' && <SnoozePicker key={popover.ids.join()} ids={popover.ids} />}
      {overlay?.kind === 'palette' && <Palette key={overlay.mode} mode={overlay.mode} />}
      {overlay?.kind === 'help' && <HelpOverlay />}
      {overlay?.kind === 'saveSplit' && <SaveSplitDialog query={overlay.query} />}
      {overlay?.kind === 'scheduled' && <ScheduledPanel />}
      {popover?.kind === 'sendLater' && <SendLaterPicker key={popover.ids.join()} conversationId={popover.ids[0]!} />}
      <DemoOfferPrompt />
      <FeedbackRegion />
    </div>
  );
}
