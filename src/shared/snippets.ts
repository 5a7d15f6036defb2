/**
 * Saved replies: filling in `{firstName}` and `{company}` for a conversation (with fallbacks:
 * `{firstName|there}`; `{{` and `}}` are literal braces), asking before a reply with a variable
 * left in goes out, and checking a list of snippets before it is saved. Pure and shared (the renderer re-exports it from
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
  /** Placeholders the conversation had nothing for and that had no fallback: left in the text for the person to replace. */
  unfilled: Placeholder[];
}

/**
 * A variable as written in a snippet: `{firstName}`, `{company}`, with a fallback for when the
 * conversation has no value: `{firstName|there}`. Names ignore case and spaces around them; the
 * fallback is everything after the first `|`, as typed (`{company|}`: leave it out, do not ask).
 */
const VARIABLE = /\{\s*(firstName|company)\s*(?:\|([^{}]*))?\}/iuy;
/** Anything written like a variable, known or not (`{first_name}`, `{title|x}`). */
const LOOKS_LIKE_VARIABLE = /\{\s*([A-Za-z][\w.-]*)\s*(?:\|[^{}]*)?\}/gu;

type Piece = { text: string } | { variable: Placeholder; fallback: string | null };

/**
 * A snippet's body as text and variables. `{{` and `}}` write a literal brace (`{{firstName}}`
 * is the text "{firstName}"); a brace that starts no variable is text.
 */
export function parseSnippet(body: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  while (i < body.length) {
    if (body.startsWith('{{', i) || body.startsWith('}}', i)) {
      text += body[i];
      i += 2;
      continue;
    }
    if (body[i] === '{') {
      VARIABLE.lastIndex = i;
      const m = VARIABLE.exec(body);
      if (m) {
        if (text !== '') pieces.push({ text });
        text = '';
        pieces.push({ variable: m[1]!.toLowerCase() === 'company' ? '{company}' : '{firstName}', fallback: m[2] ?? null });
        i = VARIABLE.lastIndex;
        continue;
      }
    }
    text += body[i];
    i++;
  }
  if (text !== '') pieces.push({ text });
  return pieces;
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

/** What each variable is for this person; null when the conversation does not say. */
function valuesFor(who: Participant): Record<Placeholder, string | null> {
  return {
    '{firstName}': firstName(who.name),
    '{company}': who.company?.trim() ? who.company.trim() : null,
  };
}

/**
 * Fills the variables from the participant; one without a value takes its fallback, and one
 * without either stays in the text as `{firstName}` / `{company}` (listed in `unfilled`).
 */
export function expandSnippet(body: string, who: Participant): Expansion {
  const values = valuesFor(who);
  const unfilled: Placeholder[] = [];
  let text = '';
  for (const piece of parseSnippet(body)) {
    if ('text' in piece) {
      text += piece.text;
      continue;
    }
    const value = values[piece.variable] ?? piece.fallback;
    if (value !== null) text += value;
    else {
      text += piece.variable;
      if (!unfilled.includes(piece.variable)) unfilled.push(piece.variable);
    }
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

/** A reply about to be sent that still holds variables: which, and the question to ask first. */
export interface UnfilledReply {
  variables: Placeholder[];
  /** "{firstName} is empty for this person: send anyway, or edit?" */
  question: string;
}

/**
 * Variables still written in a reply about to be sent (`{firstName}`, `{company|…}`): a snippet
 * left them because the conversation had no value, or they were typed. Null when there are none.
 */
export function unfilledInReply(text: string, who: Participant): UnfilledReply | null {
  const found: Placeholder[] = [];
  for (const m of text.matchAll(new RegExp(VARIABLE.source, 'giu'))) {
    const p: Placeholder = m[1]!.toLowerCase() === 'company' ? '{company}' : '{firstName}';
    if (!found.includes(p)) found.push(p);
  }
  if (found.length === 0) return null;
  const values = valuesFor(who);
  const empty = found.filter((p) => values[p] === null);
  const known = found.filter((p) => values[p] !== null);
  const parts: string[] = [];
  if (empty.length > 0) parts.push(`${empty.join(' and ')} ${empty.length === 1 ? 'is' : 'are'} empty for this person`);
  if (known.length > 0) parts.push(`${known.join(' and ')} ${known.length === 1 ? 'is' : 'are'} still in your reply, not filled in`);
  return { variables: found, question: `${parts.join('; ')}: send anyway, or edit?` };
}

/** Things in a snippet written like a variable that is not one (`{first_name}`), as written; none: []. */
export function unknownVariables(body: string): string[] {
  const out: string[] = [];
  // Escaped braces are text, never variables.
  const unescaped = body.replaceAll('{{', '  ').replaceAll('}}', '  ');
  for (const m of unescaped.matchAll(LOOKS_LIKE_VARIABLE)) {
    const name = m[1]!.toLowerCase();
    if (name !== 'firstname' && name !== 'company' && !out.includes(m[0])) out.push(m[0]);
  }
  return out;
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
  const unknown = unknownVariables(draft.body);
  if (unknown.length > 0) {
    return {
      field: 'body',
      text: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a variable' : 'are not variables'} a snippet knows: use {firstName} or {company} (with a fallback: {firstName|there}), or write {{ and }} for braces as text.`,
    };
  }
  if (draft.body.length > LIMITS.reply) {
    return { field: 'body', text: `A snippet can be at most ${LIMITS.reply.toLocaleString()} characters, like a reply; this one has ${draft.body.length.toLocaleString()}.` };
  }
  return null;
}

/** Whether one more snippet fits. */
export function canAddSnippet(list: readonly Snippet[]): boolean {
  return list.length < LIMITS.snippets;
}
