/** The three panes (views, conversations, thread), the accounts panel and notices. */
import { useInbox, useInboxStore } from '../storeContext';
import { useKeyboard } from '../useKeyboard';
import { ConversationList } from './ConversationList';
import { NoticeBar } from './NoticeBar';
import { SettingsPanel } from './SettingsPanel';
import { Sidebar } from './Sidebar';
import { ThreadPane } from './ThreadPane';

export function App() {
  const store = useInboxStore();
  useKeyboard(store);
  const loaded = useInbox((s) => s.loaded);
  const settingsOpen = useInbox((s) => s.settingsOpen);
  const threadOpen = useInbox((s) => s.openId !== null);

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
      <NoticeBar />
    </div>
  );
}
