/** Renderer entry: wires window.inbox into the store and mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createInboxClient, findBridge } from './api';
import { App } from './components/App';
import { NoBridge } from './components/NoBridge';
import { createInboxStore } from './store';
import { StoreContext } from './storeContext';
import './styles/index.css';

const root = createRoot(document.getElementById('root')!);
const bridge = findBridge();

if (!bridge) {
  root.render(<NoBridge />);
} else {
  const store = createInboxStore(createInboxClient(bridge));
  bridge.onChanged((event) => store.getState().changed(event));
  // The Electron preload also relays clicked notifications; other hosts (the test bench) may not.
  bridge.onOpenConversation((id) => void store.getState().open(id));
  void store.getState().start();
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
