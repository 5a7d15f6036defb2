/**
 * Notes on people (migration 13): one row per person, found from a conversation through its first
 * participant's person_key (the normalized profile URL, else the provider's id in that account).
 */
import type { Db } from '../db/database';

/** A stored note with the person it is about. */
export interface NoteRow {
  person: string;
  name: string;
  profileUrl: string | null;
  text: string;
  updatedAt: number;
}

/** The person a conversation is about: its first participant, as shown in the list and the thread header. */
export interface ConversationPerson {
  person: string;
  name: string;
  profileUrl: string | null;
}

export class NoteStore {
  constructor(private readonly db: Db) {}

  /** The person of a conversation, or null when it has no participant cached. */
  personOf(conversationId: string): ConversationPerson | null {
    const row = this.db
      .prepare('SELECT person_key AS person, name, profile_url AS profileUrl FROM participants WHERE conversation_id = ? AND position = 0 AND person_key IS NOT NULL')
      .get(conversationId) as ConversationPerson | undefined;
    return row ? { ...row } : null;
  }

  /** The note on a person, or null. */
  get(person: string): NoteRow | null {
    const row = this.db.prepare('SELECT person, name, profile_url AS profileUrl, text, updated_at AS updatedAt FROM person_notes WHERE person = ?').get(person) as NoteRow | undefined;
    return row ? { ...row } : null;
  }

  /** Keeps the note (name and profile URL as last seen); blank text deletes it. */
  set(who: ConversationPerson, text: string, now: number): void {
    if (text.trim() === '') {
      this.db.prepare('DELETE FROM person_notes WHERE person = ?').run(who.person);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO person_notes (person, name, profile_url, text, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(person) DO UPDATE SET name = excluded.name, profile_url = excluded.profile_url, text = excluded.text, updated_at = excluded.updated_at`,
      )
      .run(who.person, who.name, who.profileUrl, text, now);
  }

  /** Every note, by person name (for the export). */
  all(): NoteRow[] {
    return (this.db.prepare('SELECT person, name, profile_url AS profileUrl, text, updated_at AS updatedAt FROM person_notes ORDER BY name COLLATE NOCASE, person').all() as unknown as NoteRow[]).map((r) => ({ ...r }));
  }
}
