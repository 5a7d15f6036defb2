/**
 * Split tabs in the window (issue 17.2): which tabs show and in what order (at most 7), how
 * their counts read (nothing at 0, 999+ past 999), Tab cycling saved searches too, saving the
 * search on screen, Settings' changes, and the palette's entries. Store-level, on a fake core.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AppSettings, type Label, type SavedSplit } from '../../src/shared/domain';
import type { InboxApi } from '../../src/shared/ipc';
import { tabCount } from '../../src/renderer/src/format';
import { paletteEntries, rankPalette, type PaletteContext } from '../../src/renderer/src/paletteEntries';
import { createInboxStore, splitTabs } from '../../src/renderer/src/store';
import { fakeCore } from './fake-core';

const label = (n: number, pinned = true): Label => ({ id: `l${n}`, name: `Label ${n}`, color: 'blue', pinned, inboxCount: n });
const split = (n: number): SavedSplit => ({ id: `s${n}`, name: `Search ${n}`, query: `word${n}` });

describe('which split tabs show', () => {
  it('the inbox, then pinned labels, then saved searches, at most 7', () => {
    const tabs = splitTabs([label(1), label(2, false), label(3), label(4)], [split(1), split(2), split(3), split(4), split(5)]);
    expect(tabs.map((t) => t.view)).toEqual(['inbox', 'label:l1', 'label:l3', 'label:l4', 'search:s1', 'search:s2', 'search:s3']);
    expect(splitTabs([], [split(1)]).map((t) => t.name)).toEqual(['Inbox', 'Search 1']);
  });

  it('counts hide at 0 and cap at 999+', () => {
    expect([0, undefined, 1, 999, 1000, 25_000].map(tabCount)).toEqual(['', '', '1', '999', '999+', '999+']);
  });
});

/** The fake core with settings that are kept and saved searches that list like the inbox. */
function withSettings(initial: SavedSplit[]) {
  const fake = fakeCore();
  let settings: AppSettings = { ...DEFAULT_SETTINGS, savedSplits: initial };
  const saved: AppSettings[] = [];
  const api = {
    ...fake.api,
    getSettings: async () => settings,
    updateSettings: async (patch: Partial<AppSettings>) => {
      if (patch.savedSplits?.some((s) => s.query.includes('label:nosuch'))) throw Object.assign(new Error('“x” cannot be saved as a tab: There is no label called “nosuch”.'), { code: 'invalid-input' });
      settings = { ...settings, ...patch };
      saved.push(settings);
      return settings;
    },
  } as InboxApi;
  const store = createInboxStore(api);
  fake.connect(store);
  return { fake, store, saved, api };
}

describe('the store', () => {
  it('Tab cycles the inbox and the saved searches in the order shown', async () => {
    const { fake, store } = withSettings([split(1), split(2)]);
    await store.getState().start();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect(store.getState().moveSplit(1)).toBe(true);
      seen.push(store.getState().view);
    }
    expect(seen).toEqual(['search:s1', 'search:s2', 'inbox']);
    store.getState().moveSplit(-1);
    expect(store.getState().view).toBe('search:s2');
    await fake.settled();
    expect(store.getState().listLoaded).toBe(true);
  });

  it('saves the search on screen as a tab and shows it', async () => {
    const { store, saved } = withSettings([split(1)]);
    await store.getState().start();
    store.getState().startSearch();
    await store.getState().saveSearchAsSplit('  Hot leads ', ' from:anna is:unread ');
    const added = saved.at(-1)!.savedSplits;
    expect(added.map((s) => [s.name, s.query])).toEqual([
      ['Search 1', 'word1'],
      ['Hot leads', 'from:anna is:unread'],
    ]);
    expect(store.getState().view).toBe(`search:${added[1]!.id}`);
    expect(store.getState().search).toBeNull();
    expect(store.getState().notice?.text).toBe('Saved “Hot leads” as a tab.');
  });

  it("a refused search keeps what was saved and throws the core's sentence", async () => {
    const { store, saved } = withSettings([split(1)]);
    await store.getState().start();
    await expect(store.getState().saveSearchAsSplit('x', 'label:nosuch')).rejects.toThrow('There is no label called “nosuch”.');
    expect(saved).toEqual([]);
    expect(store.getState().settings?.savedSplits).toEqual([split(1)]);
  });

  it('removing the tab on screen goes back to the inbox', async () => {
    const { store } = withSettings([split(1), split(2)]);
    await store.getState().start();
    store.getState().selectView('search:s2');
    await store.getState().updateSplits([split(1)]);
    expect(store.getState().view).toBe('inbox');
    await store.getState().updateSplits([{ ...split(1), name: 'Renamed' }]);
    expect(store.getState().settings?.savedSplits.map((s) => s.name)).toEqual(['Renamed']);
  });
});

describe('a tab saved elsewhere', () => {
  it('gets its count: a settings change asks for the counts again', async () => {
    const { fake, store, api } = withSettings([]);
    await store.getState().start();
    await fake.settled();
    const asked = () => fake.calls.filter((c) => c === 'viewCounts').length;
    const before = asked();
    await api.updateSettings({ savedSplits: [split(1)] });
    store.getState().changed({ settings: true });
    await fake.settled();
    expect(store.getState().settings?.savedSplits).toEqual([split(1)]);
    expect(asked()).toBe(before + 1);
  });
});

describe('the palette', () => {
  const ctx = (patch: Partial<PaletteContext>): PaletteContext => ({ mode: 'all', labels: [], accounts: [], counts: { 'search:s1': 12 }, snippets: [], canSnippet: false, picked: 0, targetName: null, ...patch });

  it('offers "Save search as split tab" while a search is typed, and goes to every saved search', () => {
    const ids = (c: PaletteContext) => paletteEntries(c).map((e) => e.id);
    expect(ids(ctx({}))).not.toContain('command:saveSearchAsSplit');
    expect(rankPalette(paletteEntries(ctx({ canSaveSearch: true })), 'save search')[0]?.id).toBe('command:saveSearchAsSplit');
    const go = paletteEntries(ctx({ savedSplits: [split(1)] })).find((e) => e.id === 'view:search:s1');
    expect(go).toMatchObject({ text: 'Go to tab Search 1', detail: '12', action: { kind: 'view', view: 'search:s1' } });
  });
});
