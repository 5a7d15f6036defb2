/**
 * Snippets that never embarrass (src/shared/snippets.ts): variables take fallbacks
 * (`{firstName|there}`), braces can be written as text, a typo is refused before it is saved, and a
 * reply still holding a variable is asked about before it goes out.
 */
import { describe, expect, it } from 'vitest';
import type { Participant } from '../../src/shared/domain';
import { UNKNOWN_PARTICIPANT_NAME } from '../../src/shared/domain';
import { expandSnippet, parseSnippet, snippetProblem, unfilledInReply, unknownVariables } from '../../src/shared/snippets';

const person = (name: string, company: string | null = null): Participant => ({ name, headline: null, company, avatarUrl: null, profileUrl: null });
const ada = person('Ada Lovelace', 'Analytical Engines');
const nobody = person(UNKNOWN_PARTICIPANT_NAME, null);

describe('snippet variables with fallbacks', () => {
  it('uses the value when the conversation has one, else the fallback', () => {
    const body = 'Hi {firstName|there}, how is {company|your team}?';
    expect(expandSnippet(body, ada)).toEqual({ text: 'Hi Ada, how is Analytical Engines?', unfilled: [] });
    expect(expandSnippet(body, nobody)).toEqual({ text: 'Hi there, how is your team?', unfilled: [] });
  });

  it('an empty fallback leaves the variable out without asking; no fallback leaves it in to be replaced', () => {
    expect(expandSnippet('Hi{firstName|}! Greetings to {company}.', nobody)).toEqual({ text: 'Hi! Greetings to {company}.', unfilled: ['{company}'] });
  });

  it('reads names in any case and with spaces, a fallback with | in it, and the same variable twice', () => {
    expect(expandSnippet('{ FirstName | dear reader }/{COMPANY|a|b}/{firstName}', nobody)).toEqual({ text: ' dear reader /a|b/{firstName}', unfilled: ['{firstName}'] });
  });

  it('{{ and }} are braces as text; unknown variables and lone braces stay as written', () => {
    expect(expandSnippet('Use {{firstName}} to greet, {firstName}. {title} :-{ }', ada).text).toBe('Use {firstName} to greet, Ada. {title} :-{ }');
    expect(parseSnippet('{{company|x}}')).toEqual([{ text: '{company|x}' }]);
  });

  it('refuses to save a snippet with something that looks like a variable but is not one, saying how to fix it', () => {
    expect(unknownVariables('Hi {first_name}, {title|friend} and {{literal}} {firstName}')).toEqual(['{first_name}', '{title|friend}']);
    const problem = snippetProblem({ name: 'Intro', body: 'Hi {first_name}!' }, []);
    expect(problem).toEqual({ field: 'body', text: expect.stringContaining('{first_name} is not a variable a snippet knows: use {firstName} or {company}') });
    expect(snippetProblem({ name: 'Intro', body: 'Hi {firstName|there}, {{braces}}' }, [])).toBeNull();
  });
});

describe('a reply with a variable left in', () => {
  it('asks first, naming the variable that is empty for this person', () => {
    expect(unfilledInReply('Hi {firstName}, thanks!', nobody)).toEqual({ variables: ['{firstName}'], question: '{firstName} is empty for this person: send anyway, or edit?' });
    expect(unfilledInReply('At {company} and {firstName}', nobody)?.question).toBe('{company} and {firstName} are empty for this person: send anyway, or edit?');
  });

  it('also asks about a variable typed by hand that this person has a value for', () => {
    expect(unfilledInReply('Hi {firstName|there}', ada)?.question).toBe('{firstName} is still in your reply, not filled in: send anyway, or edit?');
  });

  it('lets a reply without variables go', () => {
    expect(unfilledInReply('Hi Ada, see {this} and {{that}}', ada)).toBeNull();
  });
});
