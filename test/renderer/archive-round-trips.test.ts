/**
 * One `e` costs at most two IPC round trips: the archive itself and one read of the list. A fake
 * core counts every call and, like the real core, pushes its change event (with the counts it
 * now has) before the archive's answer arrives.
 */
import { describe, expect, it } from 'vitest';
import { createInboxStore } from '../../src/renderer/src/store';
import { fakeCore } from './fake-core';

describe('one e', () => {
  it('archives with at most two round trips to the core, and the list and counts match the core after', async () => {
    const core = fakeCore();
    const store = createInboxStore(core.api);
    core.connect(store);
    await store.getState().start();
    await core.settled();
    expect(store.getState().items.map((c) => c.id)[0]).toBe('c1');
    core.calls.length = 0;

    const archiving = store.getState().archive();
    // The row leaves in the same frame as the key press.
    expect(store.getState().items.map((c) => c.id)).not.toContain('c1');
    expect(store.getState().counts.inbox).toBe(9);
    await archiving;
    await core.settled();

    expect(core.calls, `calls for one e: ${core.calls.join(', ')}`).toHaveLength(2);
    expect(core.calls).toContain('archive');
    const s = store.getState();
    expect(s.items.map((c) => c.id)).toEqual(['c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10']);
    expect(s.total).toBe(9);
    expect(s.counts).toEqual({ inbox: 9, archived: 1, all: 10 });
    expect(s.selectedId).toBe('c2');
  });
});
