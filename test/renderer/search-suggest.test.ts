/** After from:, label: or account: the search suggests the names that fit, and completes the query with the one picked. */
import { describe, expect, it } from 'vitest';
import { completeSuggestion, searchSuggestions } from '../../src/renderer/src/searchSuggest';

const SOURCES = {
  people: ['Lea Sommer', 'Leo Park', 'Amara Brennan', 'Lea Sommer', 'Noah Laurent'],
  labels: ['Hiring pipeline', 'Hot leads', 'Investors'],
  accounts: ['Demo', 'Sales seat'],
};
const names = (q: string) => searchSuggestions(q, SOURCES).map((s) => s.name);

describe('search suggestions', () => {
  it('suggests people after from: (me first), labels after label:, accounts after account:', () => {
    expect(names('from:')).toEqual(['me', 'Lea Sommer', 'Leo Park', 'Amara Brennan', 'Noah Laurent']);
    expect(names('from:le')).toEqual(['Lea Sommer', 'Leo Park']);
    expect(names('pricing from:lau')).toEqual(['Noah Laurent']);
    expect(names('label:h')).toEqual(['Hiring pipeline', 'Hot leads']);
    expect(names('-label:inv')).toEqual(['Investors']);
    expect(names('account:s')).toEqual(['Sales seat']);
    expect(names('account:')).toEqual(['Demo', 'Sales seat']);
    expect(names('from:"Lea S')).toEqual(['Lea Sommer']);
  });

  it('suggests nothing outside an operator, once the value is finished, or when nothing fits', () => {
    expect(names('lea')).toEqual([]);
    expect(names('from:lea ')).toEqual([]);
    expect(names('from:"Lea Sommer" ')).toEqual([]);
    expect(names('from:zz')).toEqual([]);
    expect(names('is:un')).toEqual([]);
  });

  it('completes the query with the name, quoted when it has a space, ready for the next word', () => {
    const [lea] = searchSuggestions('pricing from:le', SOURCES);
    expect(completeSuggestion('pricing from:le', lea!)).toBe('pricing from:"Lea Sommer" ');
    const [demo] = searchSuggestions('-account:de', SOURCES);
    expect(completeSuggestion('-account:de', demo!)).toBe('-account:Demo ');
    const [me] = searchSuggestions('from:m', SOURCES);
    expect(completeSuggestion('from:m', me!)).toBe('from:me ');
  });
});
