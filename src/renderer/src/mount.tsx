/** Mounts the app on the bridge main.tsx primed (or says the window has no bridge). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createInboxClient } from './api';
import { App } from './components/App';
import { NoBridge } from './components/NoBridge';
import type { PrimedBridge } from './firstReads';
import { createInboxStore } from './store';
import { StoreContext } from './storeContext';

export function mount(primed: PrimedBridge | null): void {
  const root = createRoot(document.getElementById('root')!);
  if (!primed) {
    root.render(<NoBridge />);
    return;
  }
  const { bridge } = primed;
  const store = createInboxStore(createInboxClient(bridge));
  // Events that came while this chunk loaded are handed over here, in order (firstReads.ts).
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
