import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

let world: ReactInWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** Rows in the drafts table, read straight from the file (the core must be closed). */
function draftRows(dataDir: string): number {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM drafts').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('drafts', () => {
  it('survive closing and reopening the app, and blank text forgets them', async () => {
    world = await reactInWorld({ conversations: 2 });
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations.map((c) => localId(world!, c.id));
    expect((await world.core.openConversation(a!)).draft).toBe('');
    await world.core.saveDraft(a!, 'Thanks for the intro —\nhappy to ');
    await world.core.saveDraft(b!, 'first version');
    await world.core.saveDraft(b!, 'second version');

    await world.core.close();
    await world.reopen();
    expect((await world.core.openConversation(a!)).draft).toBe('Thanks for the intro —\nhappy to ');
    expect((await world.core.openConversation(b!)).draft).toBe('second version');

    await world.core.saveDraft(b!, '  \n ');
    expect((await world.core.openConversation(b!)).draft).toBe('');
  });

  it('refuse an unknown conversation and an over-long text', async () => {
    world = await reactInWorld({ conversations: 1 });
    await world.core.syncNow(world.accountId);
    const a = localId(world, world.sim.conversations[0]!.id);
    await expect(world.core.saveDraft('gone', 'hello')).rejects.toMatchObject({ code: 'not-found' });
    await expect(world.core.saveDraft(a, 'x'.repeat(20_001))).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'A draft can be at most 20,000 characters; this one has 20,001.',
    });
    expect((await world.core.openConversation(a)).draft).toBe('');
  });

  it('are cleared by sending, and come back when the send is undone, even after a restart', async () => {
    world = await reactInWorld({ conversations: 2 });
    await world.core.syncNow(world.accountId);
    const [a, b] = world.sim.conversations.map((c) => localId(world!, c.id));
    await world.core.saveDraft(a!, 'Sent at once');
    await world.core.sendReply(a!, 'Sent at once');
    expect((await world.core.openConversation(a!)).draft).toBe('');

    await world.core.updateSettings({ undoSendSeconds: 10 });
    await world.core.saveDraft(b!, 'Wrong person, oops');
    await world.core.sendReply(b!, 'Wrong person, oops');
    expect((await world.core.openConversation(b!)).draft).toBe('');
    expect(await world.core.undo()).toEqual({ description: 'Sending cancelled', draft: { conversationId: b, text: 'Wrong person, oops' } });
    await world.core.close();
    await world.reopen();
    expect((await world.core.openConversation(b!)).draft).toBe('Wrong person, oops');
  });

  it('go with the account when it is removed', async () => {
    world = await reactInWorld({ conversations: 2 });
    await world.core.syncNow(world.accountId);
    for (const c of world.sim.conversations) await world.core.saveDraft(localId(world, c.id), `draft for ${c.name}`);
    await world.core.close();
    expect(draftRows(world.dataDir)).toBe(2);
    await world.reopen();
    await world.core.removeAccount(world.accountId);
    await world.core.close();
    expect(draftRows(world.dataDir)).toBe(0);
    await world.reopen(); // dispose closes it again
  });
});
