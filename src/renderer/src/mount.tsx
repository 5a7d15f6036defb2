/** Mounts the app on the bridge main.tsx primed (or says the window has no bridge). */
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
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
  // Drawn at once, not in a task of React's own: a render of the sync lane runs its effects in the
  // same task, so the components listen to the store from the commit that draws them. The rows'
  // commit (the store's `loaded`) is then one of the sync lane too. Otherwise a key pressed as
  // the rows appear changed the store but showed only once those effects ran, after the first paint
  // (40 ms on a loaded machine; a test read the cursor on the first row and archived the third).
  flushSync(() =>
    root.render(
      <StrictMode>
        <StoreContext.Provider value={store}>
          <App />
        </StoreContext.Provider>
      </StrictMode>,
    ),
  );
}
