/**
 * Paging search results when the core stopped counting early (`atLeast`: the first page came
 * back without counting every match): the window still asks for the next page as the cursor
 * nears the end, and stops once an answer holds fewer hits than it asked for. Store-level, on a
 * fake core whose search answers as the real one does.
 */
import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../../src/shared/domain';
import type { InboxApi } from '../../src/shared/ipc';
import { createInboxStore } from '../../src/renderer/src/store';
import { conversation, fakeCore } from './fake-core';

describe('search results counted only in part', () => {
  it('asks for more while the count is a lower bound, though the hits have reached it, and stops at the last', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => conversation(i + 1));
    const core = fakeCore({ rows });
    const asked: number[] = [];
    const search = async (_query: string, limit = 50): Promise<SearchResult> => {
      asked.push(limit);
      const hits = rows.slice(0, limit).map((c) => ({ conversation: c, messageId: null, field: null, snippet: [], at: c.lastMessageAt }));
      // As the core: the count stopped with the hits, so it says "this many or more" until all are in.
      return { hits, total: hits.length, atLeast: hits.length < rows.length, problems: [] };
    };
    const store = createInboxStore({ ...core.api, search } as InboxApi);
    core.connect(store);
    await store.getState().start();

    store.getState().startSearch();
    store.getState().setSearchQuery('word');
    await expect.poll(() => store.getState().search?.hits.length).toBe(50);
    expect(store.getState().search).toMatchObject({ total: 50, atLeast: true });

    store.getState().moreResults();
    await expect.poll(() => store.getState().search?.hits.length).toBe(100);
    store.getState().moreResults();
    await expect.poll(() => store.getState().search?.hits.length).toBe(120);
    expect(store.getState().search).toMatchObject({ total: 120, atLeast: false, loading: false });

    // All 120 are in: asking again asks the core nothing.
    store.getState().moreResults();
    expect(asked).toEqual([50, 100, 150]);
  });
});
