/**
 * Renderer entry, kept small: it asks the core for the window's first reads (firstReads.ts), then
 * imports the app (mount.tsx, a chunk of its own). The answers come back while that chunk is
 * downloaded and parsed, so the rows are drawn in the task that mounts the app (right after its
 * "Loading" render, before the first paint) instead of waiting for them.
 */
import { firstReads } from './firstReads';
import { warmFormats } from './format';
import './styles/index.css';

import('./mount')
  .then(({ mount }) => mount(firstReads))
  .catch((err: unknown) => {
    document.getElementById('root')!.textContent = 'The window could not load its code. Restart the app; reinstall it if this keeps happening.';
    reportError(err);
  });

// The main thread waits for that chunk here: the formats its first render needs are made meanwhile.
// Should making one fail, that is reported, and the render tries again on first use.
try {
  warmFormats();
} catch (err) {
  reportError(err);
}
