/**
 * Rules about the data belong to the core: what archiving or snoozing does to a reminder, which
 * archive mode applies when none is asked for, which picked conversations a bulk archive changes.
 * The window moves the row at once and then shows what the core answers. The fake core here keeps
 * reminders on archive, so a screen that clears them has applied a rule of its own.
 */
import { describe, expect, it } from 'vitest';
import { createInboxStore } from '../../src/renderer/src/store';
import { conversation, fakeCore } from './fake-core';

async function started(core: ReturnType<typeof fakeCore>, view: 'all' | 'archived' | 'inbox' = 'inbox') {
  const store = createInboxStore(core.api);
  core.connect(store);
  await store.getState().start();
  if (view !== 'inbox') store.getState().selectView(view);
  await core.settled();
  return store;
}

describe('core rules stay in the core', () => {
  it('archiving a conversation with a reminder in All: the reminder is the core’s to clear, not the window’s', async () => {
    const reminder = { at: 999_999, note: 'Call back' };
    const core = fakeCore({ hold: true, rows: [conversation(1, { reminder }), conversation(2)] });
    const store = await started(core, 'all');
    store.getState().select('c1');

    const archiving = store.getState().archive();
    // The row stays in All and shows it is archived at once; the reminder is not the window's call.
    const shown = store.getState().items.find((c) => c.id === 'c1')!;
    expect(shown.archived).not.toBeNull();
    expect(shown.reminder).toEqual(reminder);
    core.release();
    await archiving;
    await core.settled();
    expect(store.getState().items.find((c) => c.id === 'c1')!.reminder).toEqual(reminder);
  });

  it('e with nothing else asked leaves the archive mode to the core, for one conversation and for a bulk archive', async () => {
    const core = fakeCore();
    const store = await started(core);
    await store.getState().archive();
    await core.settled();
    store.getState().toggleSelect('c2');
    store.getState().toggleSelect('c3');
    await store.getState().archive();
    await core.settled();
    expect(core.args).toEqual([
      ['archive', 'c1'],
      ['bulk', ['c2', 'c3'], { kind: 'archive' }],
    ]);
    expect(store.getState().items.map((c) => c.id)).not.toContain('c2');
  });

  it('a bulk archive in Archived sends every picked conversation, and the core decides which change', async () => {
    const core = fakeCore({ rows: [conversation(1, { archived: 'forever' }), conversation(2, { archived: 'smart' }), conversation(3)] });
    const store = await started(core, 'archived');
    await store.getState().selectAll();
    await store.getState().archive();
    await core.settled();
    expect(core.args).toEqual([['bulk', ['c1', 'c2'], { kind: 'archive' }]]);
    // What the core answered is what shows: the one archived for good is still archived for good.
    expect(store.getState().items.map((c) => [c.id, c.archived])).toEqual([
      ['c1', 'forever'],
      ['c2', 'smart'],
    ]);
  });
});
