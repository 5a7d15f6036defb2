import { afterEach, describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, MemorySettingsStore, type InboxCore } from '../../src/main/core';
import { DEFAULT_SETTINGS, type Snippet } from '../../src/shared/domain';
import { offlineDispatcher, tempDataDir } from '../support/core';

let core: InboxCore | undefined;
let cleanup = () => {};
afterEach(async () => {
  await core?.close();
  cleanup();
  core = undefined;
});

async function open(settings = new MemorySettingsStore()): Promise<InboxCore> {
  const tmp = tempDataDir('inbox-snippets-');
  cleanup = tmp.cleanup;
  core = await createCore({ dataDir: tmp.dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), settings });
  return core;
}

const intro: Snippet = { id: 's1', name: 'Intro', body: 'Hi {firstName}, thanks for connecting!' };
const call: Snippet = { id: 's2', name: 'Book a call', body: 'Here is my calendar: https://calendly.com/me' };

describe('snippets in the settings', () => {
  it('are saved, trimmed, kept, and start empty', async () => {
    const settings = new MemorySettingsStore();
    const c = await open(settings);
    expect((await c.getSettings()).snippets).toEqual([]);
    const saved = await c.updateSettings({ snippets: [{ ...intro, name: '  Intro ' }, call] });
    expect(saved.snippets).toEqual([intro, call]);
    expect(settings.load().snippets).toEqual([intro, call]);
    expect((await c.getSettings()).snippets).toEqual([intro, call]);
  });

  it.each([
    [[intro, { ...call, name: 'intro' }], "There is already a snippet called 'Intro'; give each snippet its own name."],
    [[intro, { ...call, id: 's1' }], "Two snippets share the same id ('s1'); each needs its own."],
    [[{ ...intro, name: '   ' }], 'Give every snippet a name.'],
    [[{ ...intro, name: 'x'.repeat(61) }], "A snippet name can be at most 60 characters; 'xxxxxxxxxxxxxxxxxxxx…' is longer."],
    [[{ ...intro, body: ' \n ' }], "The snippet 'Intro' is empty; write the text it should insert."],
    [[{ ...intro, body: 'x'.repeat(10_001) }], "The snippet 'Intro' is longer than a reply can be (10,000 characters)."],
    [Array.from({ length: 101 }, (_, i) => ({ id: `s${i}`, name: `Snippet ${i}`, body: 'b' })), 'You can keep at most 100 snippets; remove some first.'],
  ])('refuse %#: a clear sentence, and nothing changes', async (snippets, message) => {
    const c = await open();
    await c.updateSettings({ snippets: [intro] });
    await expect(c.updateSettings({ snippets: snippets as Snippet[], doNotDisturb: true })).rejects.toMatchObject({ code: 'invalid-input', message });
    expect(await c.getSettings()).toMatchObject({ snippets: [intro], doNotDisturb: false });
  });

  it('drop malformed and repeated entries found in the stored settings, keeping the good ones', async () => {
    const settings = new MemorySettingsStore();
    settings.save({
      ...DEFAULT_SETTINGS,
      snippets: [intro, { id: 's9', name: 'INTRO', body: 'repeat name' }, { id: 's1', name: 'Other', body: 'repeat id' }, { id: 's3', name: '', body: 'x' }, { id: 's4' } as Snippet, 'junk' as unknown as Snippet, null as unknown as Snippet, call],
    });
    const c = await open(settings);
    expect((await c.getSettings()).snippets).toEqual([intro, call]);
  });

  it('fall back to none when the stored value is not a list', async () => {
    const settings = new MemorySettingsStore();
    settings.save({ ...DEFAULT_SETTINGS, snippets: 'oops' as unknown as Snippet[] });
    expect((await (await open(settings)).getSettings()).snippets).toEqual([]);
  });
});
