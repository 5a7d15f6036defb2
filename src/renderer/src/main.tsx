/** Renderer entry: wires window.inbox into the store and mounts the app. */
// First, so the window's first reads are on their way while the rest is evaluated (firstReads.ts).
import { firstReads } from './firstReads';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createInboxClient } from './api';
import { App } from './components/App';
import { NoBridge } from './components/NoBridge';
import { createInboxStore } from './store';
import { StoreContext } from './storeContext';
import './styles/index.css';

const root = createRoot(document.getElementById('root')!);

const primed = firstReads;
if (!primed) {
  root.render(<NoBridge />);
} else {
  const { bridge } = primed;
  const store = createInboxStore(createInboxClient(bridge));
  bridge.onChanged((event) => store.getState().changed(event));
  // The Electron preload also relays clicked notifications; other hosts (the test bench) may not.
  bridge.onOpenConversation((id) => void store.getState().open(id));
  // Takes the first reads' answers (firstReads.ts); any of them not taken is dropped after it.
  void store
    .getState()
    .start()
    .finally(() => primed.done());
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
