/**
 * Suggestions while typing a search operator: after `from:` the people of the loaded
 * conversations (and "me"), after `label:` the labels, after `account:` the accounts, those
 * whose words start with what is typed; picking one completes the value (quoted when it has a space, as the core's
 * search language reads it). Pure, so it is tested under Node.
 */
export type SuggestOperator = 'from' | 'label' | 'account';

export interface SuggestSources {
  people: readonly string[];
  labels: readonly string[];
  accounts: readonly string[];
}

export interface SearchSuggestion {
  operator: SuggestOperator;
  name: string;
  /** Where the value being typed starts in the query (after the colon). */
  valueStart: number;
}

/** At most this many suggestions: a short list to pick from, not a directory. */
export const MAX_SUGGESTIONS = 8;

/** The operator being typed at the end of the query: `from:le`, `-label:"Hot l`. A finished value (a space after it, a closing quote) is not. */
const TYPING_OPERATOR = /(?:^|\s)-?(from|label|account):("[^"]*|[^\s"]*)$/i;

/** The names that fit what is typed after from:, label: or account: at the end of the query (none elsewhere). */
export function searchSuggestions(query: string, sources: SuggestSources): SearchSuggestion[] {
  const m = TYPING_OPERATOR.exec(query);
  if (!m) return [];
  const operator = m[1]!.toLowerCase() as SuggestOperator;
  const typed = m[2]!.replace(/^"/, '');
  const valueStart = query.length - m[2]!.length;
  const pool = operator === 'from' ? ['me', ...sources.people] : operator === 'label' ? sources.labels : sources.accounts;
  const unique = [...new Set(pool.filter((n) => n.trim() !== ''))];
  // Names that take the typed letters as the start of one of their words ("le": Lea and Leo, not
  // Amara Brennan); those starting with them first, otherwise in the sources' order (the people of
  // the newest conversations first).
  const want = typed.trim().toLocaleLowerCase();
  const rank = (n: string): number => {
    const words = n.toLocaleLowerCase().split(/\s+/);
    const at = words.findIndex((_, i) => words.slice(i).join(' ').startsWith(want));
    return at < 0 ? -1 : at === 0 ? 0 : 1;
  };
  return unique
    .map((name, index) => ({ name, index, rank: rank(name) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, MAX_SUGGESTIONS)
    .map(({ name }) => ({ operator, name, valueStart }));
}

/** The query with the suggestion's name in place of what was typed, and a space to go on typing. */
export function completeSuggestion(query: string, suggestion: SearchSuggestion): string {
  const value = /\s/u.test(suggestion.name) ? `"${suggestion.name}"` : suggestion.name;
  return `${query.slice(0, suggestion.valueStart)}${value} `;
}
