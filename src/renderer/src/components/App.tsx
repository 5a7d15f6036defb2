/** The three panes (views, conversations, thread), the accounts panel, the pickers and the toasts. */
import { useInbox, useInboxStore } from '../storeContext';
import { useKeyboard } from '../useKeyboard';
import { useTheme } from '../theme';
import { ConversationList } from './ConversationList';
import { HelpOverlay } from './HelpOverlay';
import { Palette } from './Palette';
import { LabelPicker } from './LabelPicker';
import { NoticeBar } from './NoticeBar';
import { SettingsPanel } from './SettingsPanel';
import { Sidebar } from './Sidebar';
import { SnoozePicker } from './SnoozePicker';
import { ThreadPane } from './ThreadPane';
import { Toast } from './Toast';

export function App() {
  const store = useInboxStore();
  useKeyboard(store);
  useTheme();
  const loaded = useInbox((s) => s.loaded);
  const settingsOpen = useInbox((s) => s.settingsOpen);
  const threadOpen = useInbox((s) => s.openId !== null);
  const popover = useInbox((s) => s.popover);
  const overlay = useInbox((s) => s.overlay);

  if (!loaded) {
    return (
      <div className="app-loading" role="status">
        Loading your inbox…
      </div>
    );
  }
  return (
    <div className={`app${threadOpen ? ' app--thread-open' : ''}`}>
      <Sidebar />
      <ConversationList />
      <ThreadPane />
      {settingsOpen && <SettingsPanel />}
      {popover?.kind === 'labels' && <LabelPicker key={popover.ids.join()} ids={popover.ids} />}
      {popover?.kind === 'snooze' && <SnoozePicker key={popover.ids.join()} ids={popover.ids} />}
      {overlay?.kind === 'palette' && <Palette key={overlay.mode} mode={overlay.mode} />}
      {overlay?.kind === 'help' && <HelpOverlay />}
      <div className="toast-stack">
        <Toast />
        <NoticeBar />
      </div>
    </div>
  );
}
