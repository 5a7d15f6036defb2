/**
 * The triage loop's rule (src/shared/triageNext.ts): which conversation opens after the
 * open one leaves the view, for each choice of the afterTriage setting and at the list's edges.
 */
import { describe, expect, it } from 'vitest';
import { conversationAfterTriage } from '../../src/shared/triageNext';

const rows = ['a', 'b', 'c', 'd', 'e'];
const only = (...ids: string[]) => new Set(ids);

describe('what opens after the open conversation is dealt with', () => {
  it('next: the one below it; previous: the one above it; list: none', () => {
    expect(conversationAfterTriage(rows, 'c', only('c'), 'next')).toBe('d');
    expect(conversationAfterTriage(rows, 'c', only('c'), 'previous')).toBe('b');
    expect(conversationAfterTriage(rows, 'c', only('c'), 'list')).toBeNull();
  });

  it('at the end of the view, next falls back to the one above; at the top, previous to the one below', () => {
    expect(conversationAfterTriage(rows, 'e', only('e'), 'next')).toBe('d');
    expect(conversationAfterTriage(rows, 'a', only('a'), 'previous')).toBe('b');
  });

  it('the last conversation of the view leaves: back to the list (inbox zero)', () => {
    expect(conversationAfterTriage(['a'], 'a', only('a'), 'next')).toBeNull();
    expect(conversationAfterTriage(['a'], 'a', only('a'), 'previous')).toBeNull();
  });

  it('a bulk action skips every conversation it took out of the view', () => {
    expect(conversationAfterTriage(rows, 'b', only('b', 'c', 'd'), 'next')).toBe('e');
    expect(conversationAfterTriage(rows, 'd', only('b', 'c', 'd'), 'previous')).toBe('a');
    expect(conversationAfterTriage(rows, 'd', only('d', 'e'), 'next')).toBe('c');
    expect(conversationAfterTriage(rows, 'c', only(...rows), 'next')).toBeNull();
  });

  it('search results as the view: the dealt-with result stays listed but is passed over', () => {
    // In search the hit remains (search covers archived ones); the rule still moves past it.
    expect(conversationAfterTriage(rows, 'b', only('b'), 'next')).toBe('c');
  });

  it('a conversation that is not in the rows (opened from elsewhere) opens nothing', () => {
    expect(conversationAfterTriage(rows, 'z', only('z'), 'next')).toBeNull();
  });
});
