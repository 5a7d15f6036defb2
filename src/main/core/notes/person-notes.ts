/**
 * Notes on a person (`n` in a thread): one note per person, shared by every conversation with
 * them on any account (same profile URL), kept in the cache, searched (plain words and note:),
 * exported. The thread carries its person's note (Reads.openConversation).
 */
import type { PersonNote } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { invalidInput, notFound } from '../errors';
import type { CoreEvents } from '../services/events';
import { requireConversation, type CoreParts } from '../services/parts';
import { NoteStore, type NoteRow } from './note-store';

/** Control characters other than tab and newline: kept out of notes (they would mark search excerpts). */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/gu;

export class PersonNotes {
  readonly store: NoteStore;

  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
  ) {
    this.store = new NoteStore(parts.db);
  }

  /** The note on the person of a conversation, or null when there is none. */
  forConversation(conversationId: string): PersonNote | null {
    const who = this.store.personOf(conversationId);
    const row = who ? this.store.get(who.person) : null;
    return row ? toNote(row) : null;
  }

  /** Saves the note on the person of a conversation ('' or blank deletes it); returns it, or null when deleted. */
  save(conversationId: string, text: string): PersonNote | null {
    if (typeof text !== 'string') throw invalidInput('A note is text: type it in the box and save again.');
    const clean = text.replace(CONTROL, '');
    if (clean.length > LIMITS.personNote) {
      throw invalidInput(`A note can be at most ${LIMITS.personNote.toLocaleString('en')} characters; this one has ${clean.length.toLocaleString('en')}. Shorten it and save again.`);
    }
    requireConversation(this.parts, conversationId);
    const who = this.store.personOf(conversationId);
    if (!who) throw notFound('This conversation has no person to keep a note on yet: sync it and try again.');
    this.store.set(who, clean, this.parts.clock.now());
    // Every conversation with this person shows the note (and its marker).
    this.events.emit({ conversations: 'all' });
    return this.forConversation(conversationId);
  }
}

function toNote(row: NoteRow): PersonNote {
  return { text: row.text, updatedAt: row.updatedAt, personName: row.name, identity: row.person.startsWith('url:') ? 'profile' : 'account' };
}
