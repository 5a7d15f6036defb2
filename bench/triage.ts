/**
 * The triage loop, counted in keys: a person reads and archives the first N conversations of the
 * demo inbox from the top, in the built renderer in Chromium (test/support/bench.ts) against a
 * real core with the demo account. Each step presses the one key the screen calls for: Enter when
 * no thread is open, e when one is. Ours: `afterTriage: 'next'` (e opens the next conversation).
 * Baseline: `afterTriage: 'list'`, the behaviour before the triage loop (e closes the thread, so
 * every conversation costs Enter and e).
 */
import type { AfterTriage } from '../src/shared/domain';
import { createCore, MemorySecretStore, type InboxCore } from '../src/main/core';
import { launchBench, type Bench, type BenchPage } from '../test/support/bench';
import { offlineDispatcher, tempDataDir } from '../test/support/core';
import type { Figure } from './stats';

export interface TriageBenchOptions {
  /** Conversations read and archived from the top of the demo inbox. */
  conversations: number;
  log: (line: string) => void;
}

export const FULL_TRIAGE: Omit<TriageBenchOptions, 'log'> = { conversations: 50 };

/** Waits (in the page) until a thread other than `leftId` is on screen, or none is open. */
function settled(page: BenchPage['page'], leftId: string): Promise<unknown> {
  // Page code as text: this file is type-checked without the DOM's types.
  const left = JSON.stringify(leftId);
  return page.waitForFunction(
    `document.querySelector('.thread-pane--empty') !== null || (document.querySelector('[data-thread-id]')?.getAttribute('data-thread-id') ?? ${left}) !== ${left}`,
    undefined,
    { timeout: 30_000 },
  );
}

/** Reads and archives `n` conversations from the top; returns the keys pressed. */
async function readAndArchive(bench: Bench, choice: AfterTriage, n: number): Promise<number> {
  const { dir, cleanup } = tempDataDir('inbox-bench-triage-');
  let core: InboxCore | null = null;
  let app: BenchPage | null = null;
  try {
    core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true });
    await core.syncNow();
    await core.updateSettings({ afterTriage: choice });
    const inInbox = (await core.viewCounts()).inbox ?? 0;
    if (inInbox < n) throw new Error(`the demo inbox has ${inInbox} conversations; ${n} are needed`);
    const archivedBefore = (await core.viewCounts()).archived ?? 0;
    app = await bench.open(core);
    const { page } = app;
    await page.locator('[role="option"][data-conversation-id]').first().waitFor({ timeout: 30_000 });
    let keys = 0;
    for (let done = 0; done < n; ) {
      // What the screen shows now (settled: the last key's effect is on screen).
      const open = (await page.evaluate(`document.querySelector('[data-thread-id]')?.getAttribute('data-thread-id') ?? null`)) as string | null;
      if (open === null) {
        await page.keyboard.press('Enter');
        keys++;
        await page.locator('[data-thread-id]').waitFor({ timeout: 30_000 });
        continue;
      }
      await page.keyboard.press('e');
      keys++;
      done++;
      await page.locator(`[role="option"][data-conversation-id="${open}"]`).waitFor({ state: 'detached', timeout: 30_000 });
      await settled(page, open);
    }
    const archived = ((await core.viewCounts()).archived ?? 0) - archivedBefore;
    if (archived !== n) throw new Error(`${archived} conversations were archived, not ${n}`);
    const errors = app.errors.filter((e) => !e.includes('favicon'));
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.slice(0, 5).join(' | ')}`);
    return keys;
  } finally {
    await app?.close();
    await core?.close();
    cleanup();
  }
}

export async function benchTriage(opts: TriageBenchOptions): Promise<Figure[]> {
  const bench = await launchBench();
  try {
    const n = opts.conversations;
    const ours = await readAndArchive(bench, 'next', n);
    opts.log(`triage: ${n} conversations read and archived in ${ours} keys (e opens the next one)`);
    const baseline = await readAndArchive(bench, 'list', n);
    opts.log(`triage baseline: ${n} conversations in ${baseline} keys (e closes the thread)`);
    return [
      {
        section: 'triage',
        name: `UI: keys per conversation (read + archive ${n} demo from the top)`,
        unit: 'keys',
        samples: [ours / n],
        target: { stat: 'value', max: (n + 1) / n },
        baseline: [baseline / n],
        note: `every key pressed, the first Enter included, divided by the ${n} conversations: the target is one key (e) per conversation plus that first Enter. Baseline: afterTriage 'list' (e closes the thread, Enter opens the next: two keys each).`,
      },
    ];
  } finally {
    await bench.close();
  }
}
