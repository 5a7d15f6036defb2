/**
 * The core bench's RSS probe, run in a fresh Node process by bench/core.ts: `rss-probe.mjs ours DIR`
 * opens the cache in DIR, reads the first inbox page and runs the 12 searches; `rss-probe.mjs
 * baseline DIR` does the same on the conf JSON document in DIR. Then it prints the resident set
 * size as the OS counts it (no forced GC: what the process holds once a person has searched). Its
 * own bundle, so the figure carries the core and its dependencies, not the bench's browser driver.
 */
import { openAndFirstPage, searchJson } from './json-baseline';
import { FIRST_PAGE, SEARCH_LIMIT, SEARCH_QUERIES } from './core';
import { openSeeded } from '../test/support/seed';

async function main(kind: string | undefined, at: string | undefined): Promise<void> {
  if (!at || (kind !== 'ours' && kind !== 'baseline')) throw new Error('Usage: rss-probe.mjs ours|baseline DATA_DIR');
  if (kind === 'ours') {
    const core = await openSeeded(at);
    await core.listConversations({ view: 'inbox', limit: FIRST_PAGE });
    for (const q of SEARCH_QUERIES) await core.search(q, SEARCH_LIMIT);
    console.log(`rss-mb ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)}`);
    await core.close();
  } else {
    const { cache } = openAndFirstPage(at, FIRST_PAGE);
    for (const q of SEARCH_QUERIES) searchJson(cache, q, SEARCH_LIMIT);
    console.log(`rss-mb ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)}`);
  }
}

main(process.argv[2], process.argv[3]).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
