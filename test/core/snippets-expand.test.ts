/** Filling a snippet's placeholders for a conversation (src/shared/snippets.ts, which the renderer's store uses). */
import { describe, expect, it } from 'vitest';
import { cleanParticipant } from '../../src/main/core/providers/sanitize';
import type { Participant } from '../../src/shared/domain';
import { expandSnippet, unfilledSentence } from '../../src/shared/snippets';

const person = (name: string, company: string | null = null): Participant => ({ name, headline: null, company, avatarUrl: null, profileUrl: null });

describe('expanding a snippet', () => {
  it('fills the first name and company the provider gave', () => {
    expect(expandSnippet('Hi {firstName}, how is {company}?', person('Ada Lovelace', 'Analytical Engines'))).toEqual({
      text: 'Hi Ada, how is Analytical Engines?',
      unfilled: [],
    });
  });

  it('leaves {firstName} for the person to fill when the provider gave no name, instead of "Hi LinkedIn,"', () => {
    // What a participant without a name is stored as.
    const nameless = cleanParticipant({ remoteId: 'li_x', name: '', headline: null, company: 'Acme', avatarUrl: null, profileUrl: null });
    const { text, unfilled } = expandSnippet('Hi {firstName}, thanks for connecting! Greetings to {company}.', nameless);
    expect(text).toBe('Hi {firstName}, thanks for connecting! Greetings to Acme.');
    expect(unfilled).toEqual(['{firstName}']);
    expect(unfilledSentence(unfilled, nameless.name)).toBe("Replace {firstName} in your reply: this person's first name is not known here.");
  });
});
