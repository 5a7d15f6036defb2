/**
 * Smart archive decides by what the cache had seen when the person archived, never by comparing a
 * provider's clock with this computer's: a reply brings the conversation back whatever time the
 * provider stamps on it, and a message the cache already had never does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fourProviders, REAL_PROVIDERS as PROVIDERS, type FourProviders, type RealProvider as Provider } from '../support/four-providers';

let world: FourProviders | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** A message from the other person, stamped by the provider's clock (or at `at`, provider time). */
function theyWrite(w: FourProviders, p: Provider, remoteId: string, text: string, at?: number): void {
  w.sims[p].addInboundMessage(remoteId, text, at);
}

/** A message of mine sent elsewhere (the phone), so the thread changes without a word from them. */
function iWriteElsewhere(w: FourProviders, p: Provider, remoteId: string, text: string): void {
  w.sims[p].addOwnMessage(remoteId, text);
}

async function viewOf(w: FourProviders, id: string): Promise<'inbox' | 'archived'> {
  const archived = await w.core.listConversations({ view: 'archived', limit: 1000 });
  if (archived.items.some((c) => c.id === id)) return 'archived';
  const inbox = await w.core.listConversations({ view: 'inbox', limit: 1000 });
  expect(inbox.items.some((c) => c.id === id), 'the conversation is in neither the inbox nor Archived').toBe(true);
  return 'inbox';
}

const CASES = [
  { name: "the provider's clock 2 minutes behind", offset: -120_000, sameSecond: false },
  { name: "the provider's clock 2 minutes ahead", offset: 120_000, sameSecond: false },
  { name: 'a reply in the same second as the archive', offset: 0, sameSecond: true },
] as const;

describe.each(PROVIDERS)('smart archive on %s', (p) => {
  it.each(CASES)('brings the conversation back when they reply, with $name', async ({ offset, sameSecond }) => {
    world = await fourProviders({ conversations: 3, providerClock: true });
    world.setProviderClockOffset(offset);
    await world.core.syncNow(world.accounts[p]);
    const remoteId = world.remoteIds(p)[0]!;
    const id = world.core.conversationIdFor(world.accounts[p], remoteId)!;

    await world.core.archive(id);
    expect(await viewOf(world, id)).toBe('archived');
    const archivedAt = world.clock.now();
    // Same second: the provider stamps whole seconds (or the very instant) of the archive.
    theyWrite(world, p, remoteId, 'Sounds good, let us talk Tuesday', sameSecond ? Math.floor(archivedAt / 1000) * 1000 : undefined);
    await world.core.syncNow(world.accounts[p]);

    expect(await viewOf(world, id)).toBe('inbox');
  });

  it('stays archived for a message the cache already had before the archive, whatever its time', async () => {
    world = await fourProviders({ conversations: 3, providerClock: true });
    // Ahead: their message carries a time later than the archive.
    world.setProviderClockOffset(120_000);
    const remoteId = world.remoteIds(p)[0]!;
    theyWrite(world, p, remoteId, 'One more thing before you go');
    await world.core.syncNow(world.accounts[p]);
    const id = world.core.conversationIdFor(world.accounts[p], remoteId)!;

    await world.core.archive(id);
    // A few seconds later the thread changes (I wrote from my phone), so the next sync reads it again.
    world.clock.jump(5_000);
    iWriteElsewhere(world, p, remoteId, 'Noted, thanks');
    await world.core.syncNow(world.accounts[p]);

    expect(await viewOf(world, id)).toBe('archived');
    const thread = await world.core.openConversation(id);
    expect(thread.messages.map((m) => m.text)).toContain('Noted, thanks');
  });
});
