/**
 * Notes on a person (`n`): one note per person, not per conversation. The same LinkedIn profile
 * on two accounts shares it (its URL compared without scheme, www., query or trailing slash);
 * without a profile URL, the provider's participant id holds within its own account only. The note
 * survives a restart, is found by plain words and by note:, and is in the export.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, systemClock, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE, type Db } from '../../src/main/core/db/database';
import { ConversationStore } from '../../src/main/core/store/conversations';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { seedLargeInbox } from '../support/seed';

interface World {
  dir: string;
  core: InboxCore;
  /** Anna on the seeded account (profile https://www.linkedin.com/in/…). */
  anna: string;
  /** Anna again, on a second account, her URL written another way. */
  annaElsewhere: string;
  /** Someone else on the second account whose only message says "zanzibar". */
  other: string;
  /** No profile URL, on the seeded account, participant id "shared-id". */
  noUrlHere: string;
  /** No profile URL, on the second account, the same participant id "shared-id": not the same person. */
  noUrlThere: string;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const exportPath = (dir: string) => join(dir, 'export.json');

async function open(dir: string): Promise<InboxCore> {
  const core = await createCore({ dataDir: dir, clock: systemClock, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), chooseExportPath: async () => exportPath(dir) });
  return core;
}

async function world(): Promise<World> {
  const data = tempDataDir('person-notes-');
  cleanups.push(data.cleanup);
  const seeded = await seedLargeInbox(data.dir, { conversations: 4 });
  const db = new DatabaseSync(join(data.dir, DATABASE_FILE));
  const first = db.prepare("SELECT conversation_id AS id, profile_url AS url FROM participants WHERE position = 0 ORDER BY conversation_id LIMIT 1").get() as { id: string; url: string };
  const second = randomUUID();
  const now = Date.now();
  db.prepare("INSERT INTO accounts (id, provider, name, config, created_at, status) VALUES (?, 'reactin', 'Second seat', '{}', ?, 'ok')").run(second, now);
  const conversation = (account: string, id: string, name: string, remoteId: string, url: string | null, text: string) => {
    db.prepare(
      'INSERT INTO conversations (id, account_id, remote_id, title, last_message_at, last_message_text, updated_at, sort_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(id, account, `r-${id}`, name, now, text, now, now);
    db.prepare('INSERT INTO participants (conversation_id, remote_id, position, name, profile_url) VALUES (?, ?, 0, ?, ?)').run(id, remoteId, name, url);
    db.prepare("INSERT INTO messages (id, conversation_id, remote_id, sender_remote_id, sender_name, text, sent_at, from_me, status) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'sent')").run(
      `${id}-m`, id, `${id}-m`, remoteId, name, text, now,
    );
  };
  // Anna's URL written as another provider might: http, no www, upper case, a tracking query, a trailing slash.
  const variant = first.url.replace('https://www.', 'http://').toUpperCase().replace('HTTP://', 'http://') + '/?trk=public_profile';
  conversation(second, 'anna-2', 'Anna (second seat)', 'other-remote-id', variant, 'Hello again');
  conversation(second, 'other-2', 'Omar', 'omar', 'https://www.linkedin.com/in/omar-x', 'We met in Zanzibar last spring');
  conversation(seeded.accountId, 'nourl-1', 'Nobody One', 'shared-id', null, 'hi');
  conversation(second, 'nourl-2', 'Nobody Two', 'shared-id', '  ', 'hi');
  db.close();
  const core = await open(data.dir);
  cleanups.push(() => core.close());
  return { dir: data.dir, core, anna: first.id, annaElsewhere: 'anna-2', other: 'other-2', noUrlHere: 'nourl-1', noUrlThere: 'nourl-2' };
}

describe('notes on a person', () => {
  it('one note per person: the same profile on two accounts shares it, and it survives a restart', async () => {
    const w = await world();
    expect((await w.core.openConversation(w.anna)).note ?? null).toBeNull();
    const saved = await w.core.saveNote(w.anna, 'Met at SaaStr in Zanzibar; loves quokkas');
    expect(saved).toMatchObject({ text: 'Met at SaaStr in Zanzibar; loves quokkas', identity: 'profile' });
    expect((await w.core.openConversation(w.annaElsewhere)).note?.text).toBe('Met at SaaStr in Zanzibar; loves quokkas');
    expect((await w.core.openConversation(w.other)).note ?? null).toBeNull();
    // The list marks every conversation with her, on both accounts, and no other.
    const marked = (await w.core.listConversations({ view: 'all' })).items.filter((c) => c.hasNote).map((c) => c.id);
    expect(marked.sort()).toEqual([w.anna, w.annaElsewhere].sort());

    // Edited from the other account's conversation: one note, changed for both.
    await w.core.saveNote(w.annaElsewhere, 'Met at SaaStr in Zanzibar; loves wombats');
    await w.core.close();
    w.core = await open(w.dir);
    cleanups.push(() => w.core.close());
    expect((await w.core.openConversation(w.anna)).note?.text).toBe('Met at SaaStr in Zanzibar; loves wombats');

    // Blank deletes it, for both.
    await expect(w.core.saveNote(w.anna, '  \n')).resolves.toBeNull();
    expect((await w.core.openConversation(w.annaElsewhere)).note ?? null).toBeNull();
  });

  it('sync writes the same person key as the migration: a URL written another way is the same person', async () => {
    const w = await world();
    await w.core.close();
    const db = new DatabaseSync(join(w.dir, DATABASE_FILE));
    try {
      const key = (id: string) => (db.prepare('SELECT person_key AS k FROM participants WHERE conversation_id = ? AND position = 0').get(id) as { k: string }).k;
      const annaKey = key(w.anna);
      expect(annaKey).toMatch(/^url:linkedin\.com\/in\/[a-z-]+-\d+$/);
      const url = (db.prepare('SELECT profile_url AS u FROM participants WHERE conversation_id = ?').get(w.anna) as { u: string }).u;
      new ConversationStore(db as unknown as Db).replaceParticipants(w.other, [
        { remoteId: 'omar', name: 'Omar', headline: null, company: null, avatarUrl: null, profileUrl: `${url.replace('https://www.linkedin.com', 'HTTPS://LinkedIn.com')}/#experience` },
        { remoteId: 'second', name: 'Second', headline: null, company: null, avatarUrl: null, profileUrl: null },
      ]);
      expect(key(w.other)).toBe(annaKey);
      const second = db.prepare("SELECT person_key AS k FROM participants WHERE conversation_id = ? AND remote_id = 'second'").get(w.other) as { k: string };
      expect(second.k).toMatch(/^id:[0-9a-f-]+:second$/);
    } finally {
      db.close();
    }
    w.core = await open(w.dir);
    cleanups.push(() => w.core.close());
  });

  it('without a profile URL, the provider id is the same person only within its own account', async () => {
    const w = await world();
    const saved = await w.core.saveNote(w.noUrlHere, 'Only on the seeded account');
    expect(saved?.identity).toBe('account');
    expect((await w.core.openConversation(w.noUrlHere)).note?.text).toBe('Only on the seeded account');
    expect((await w.core.openConversation(w.noUrlThere)).note ?? null).toBeNull();
  });

  it('bad input gets a sentence and the note already kept stays', async () => {
    const w = await world();
    await w.core.saveNote(w.anna, 'Keep me');
    await expect(w.core.saveNote(w.anna, 'x'.repeat(4_001))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/at most 4,000 characters.*Shorten it/) });
    await expect(w.core.saveNote('no-such-conversation', 'x')).rejects.toMatchObject({ code: 'not-found' });
    expect((await w.core.openConversation(w.anna)).note?.text).toBe('Keep me');
  });

  it('search: plain words find the note (saying so) as well as messages; note: finds notes only', async () => {
    const w = await world();
    await w.core.saveNote(w.anna, 'Met at SaaStr in Zanzibar; loves quokkas');

    const plain = await w.core.search('zanzibar');
    const byId = new Map(plain.hits.map((h) => [h.conversation.id, h]));
    expect([...byId.keys()].sort()).toEqual([w.anna, w.annaElsewhere, w.other].sort());
    expect(byId.get(w.other)!.field).toBe('message');
    for (const id of [w.anna, w.annaElsewhere]) {
      const hit = byId.get(id)!;
      expect(hit.field).toBe('note');
      expect(hit.snippet[0]).toEqual({ text: 'Note: ', match: false });
      expect(hit.snippet.filter((s) => s.match).map((s) => s.text.toLowerCase())).toContain('zanzibar');
    }
    expect(plain.total).toBe(3);

    // Typed so far: the last word is a prefix in notes too.
    expect((await w.core.search('quokk')).hits.map((h) => h.conversation.id).sort()).toEqual([w.anna, w.annaElsewhere].sort());

    const notesOnly = await w.core.search('note:zanzibar');
    expect(notesOnly.hits.map((h) => h.conversation.id).sort()).toEqual([w.anna, w.annaElsewhere].sort());
    expect(notesOnly.hits.every((h) => h.field === 'note' && h.snippet[0]!.text === 'Note: ')).toBe(true);
    expect(notesOnly.problems).toEqual([]);
    expect((await w.core.search('note:"loves quokkas"')).hits).toHaveLength(2);
    expect((await w.core.search('note:nowhere')).hits).toHaveLength(0);
    // With another operator, both apply.
    expect((await w.core.search('note:zanzibar account:"Second seat"')).hits.map((h) => h.conversation.id)).toEqual([w.annaElsewhere]);

    // Edited: the index follows.
    await w.core.saveNote(w.anna, 'Now about Lisbon');
    expect((await w.core.search('note:zanzibar')).hits).toHaveLength(0);
    expect((await w.core.search('lisbon')).hits.map((h) => h.conversation.id).sort()).toEqual([w.anna, w.annaElsewhere].sort());
  });

  it('the export holds each note by person, with name and profile URL', async () => {
    const w = await world();
    await w.core.saveNote(w.anna, 'Met at SaaStr');
    await w.core.saveNote(w.noUrlHere, 'No profile here');
    await w.core.exportData();
    const doc = JSON.parse(readFileSync(exportPath(w.dir), 'utf8')) as { notes: { person: { name: string; profileUrl: string | null; identity: string }; text: string; conversationIds: string[] }[] };
    expect(doc.notes).toHaveLength(2);
    const met = doc.notes.find((n) => n.text === 'Met at SaaStr')!;
    expect(met.person.profileUrl).toMatch(/^https:\/\/www\.linkedin\.com\/in\//);
    expect(met.person.identity).toBe('profile');
    expect(met.conversationIds.sort()).toEqual([w.anna, w.annaElsewhere].sort());
    const none = doc.notes.find((n) => n.text === 'No profile here')!;
    expect(none.person).toMatchObject({ name: 'Nobody One', profileUrl: null, identity: 'account' });
  });
});
