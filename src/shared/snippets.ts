/**
 * Saved replies: filling in `{firstName}` and `{company}` for a conversation, and checking a
 * list of snippets before it is saved. Pure and shared (the renderer re-exports it from
 * src/renderer/src/snippets.ts), so the store, the settings form, the palette and the tests
 * agree on what a snippet turns into. Its lengths are the shared ones (./limits.ts), as main's and
 * the core's schema (./schemas.ts) check them.
 */
import type { Participant, Snippet } from './domain';
import { UNKNOWN_PARTICIPANT_NAME } from './domain';
import { LIMITS } from './limits';

export const PLACEHOLDERS = ['{firstName}', '{company}'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const WHAT: Record<Placeholder, string> = { '{firstName}': 'first name', '{company}': 'company' };

export interface Expansion {
  text: string;
  /** Placeholders the conversation had nothing for: left in the text for the person to replace. */
  unfilled: Placeholder[];
}

/**
 * The first word of the name, when the name has one. The stand-in for a name the provider did not
 * give ("LinkedIn member") has none: "Hi LinkedIn," would go out as if it were theirs.
 */
export function firstName(name: string): string | null {
  if (name.trim() === UNKNOWN_PARTICIPANT_NAME) return null;
  const word = name.trim().split(/\s+/)[0] ?? '';
  return word === '' ? null : word;
}

/** Fills the placeholders from the participant; those it cannot fill stay as they are. */
export function expandSnippet(body: string, who: Participant): Expansion {
  const values: Record<Placeholder, string | null> = {
    '{firstName}': firstName(who.name),
    '{company}': who.company?.trim() ? who.company.trim() : null,
  };
  const unfilled: Placeholder[] = [];
  let text = body;
  for (const p of PLACEHOLDERS) {
    if (!text.includes(p)) continue;
    const value = values[p];
    if (value === null) unfilled.push(p);
    else text = text.split(p).join(value);
  }
  return { text, unfilled };
}

/** What to tell the person about placeholders left in: which to replace, and why. */
export function unfilledSentence(unfilled: readonly Placeholder[], name: string): string {
  const who = firstName(name) ?? 'this person';
  const list = unfilled.join(' and ');
  const what = unfilled.map((p) => WHAT[p]).join(' and ');
  return `Replace ${list} in your reply: ${who}'s ${what} ${unfilled.length === 1 ? 'is' : 'are'} not known here.`;
}

/** A snippet as typed in the form, before it is saved. */
export interface SnippetDraft {
  name: string;
  body: string;
}

/** Why this snippet cannot be saved among the others (names are unique, case-insensitively), or null. */
export function snippetProblem(draft: SnippetDraft, others: readonly Snippet[]): { field: 'name' | 'body'; text: string } | null {
  const name = draft.name.trim();
  if (name === '') return { field: 'name', text: 'Give the snippet a name, so you can find it in the command palette.' };
  if (name.length > LIMITS.snippetName) return { field: 'name', text: `A snippet name can be at most ${LIMITS.snippetName} characters; this one has ${name.length}.` };
  const clash = others.find((s) => s.name.trim().toLocaleLowerCase() === name.toLocaleLowerCase());
  if (clash) return { field: 'name', text: `There is already a snippet called “${clash.name}”. Pick another name.` };
  if (draft.body.trim() === '') return { field: 'body', text: 'Write the text the snippet inserts.' };
  if (draft.body.length > LIMITS.reply) {
    return { field: 'body', text: `A snippet can be at most ${LIMITS.reply.toLocaleString()} characters, like a reply; this one has ${draft.body.length.toLocaleString()}.` };
  }
  return null;
}

/** Whether one more snippet fits. */
export function canAddSnippet(list: readonly Snippet[]): boolean {
  return list.length < LIMITS.snippets;
}
