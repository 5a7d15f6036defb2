/**
 * Search (`/`): the field at the top of the list, results as you type. ↓/↑ move through the
 * results without leaving the field, Enter opens the one under the cursor at the message that
 * matched, Esc leaves the field (j/k then move through the results), Esc again leaves search.
 * After from:, label: or account: the names that fit are offered under the field: ↓/↑ pick,
 * Enter or Tab completes the value (searchSuggest.ts), Esc puts the list away.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { runCommand } from '../commands';
import { count } from '../format';
import { completeSuggestion, searchSuggestions, type SearchSuggestion } from '../searchSuggest';
import type { InboxStore } from '../store';
import { useInbox, useInboxStore } from '../storeContext';

const OPERATORS = ['from:', 'label:', 'is:unread', 'is:snoozed', 'is:archived', 'is:followup', 'is:scheduled', 'account:', 'before:', 'after:', 'note:'];

/** People of the conversations in the page (the list and the results), newest first; bounded by what is loaded. */
function peopleInView(s: InboxStore): string[] {
  const names = [...s.items.map((c) => c.participant.name), ...(s.search?.hits ?? []).map((h) => h.conversation.participant.name)];
  return [...new Set(names)];
}

/** The suggestions for the query, and which one ↓/↑ have picked (−1: none, the keys move the results). */
function useSuggestions(query: string) {
  const items = useInbox((s) => s.items);
  const hits = useInbox((s) => s.search?.hits);
  const labels = useInbox((s) => s.labels);
  const accounts = useInbox((s) => s.accounts);
  const store = useInboxStore();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = useMemo(
    () => (dismissed === query ? [] : searchSuggestions(query, { people: peopleInView(store.getState()), labels: labels.map((l) => l.name), accounts: accounts.map((a) => a.name) })),
    // items and hits: the people change with them.
    [query, dismissed, items, hits, labels, accounts, store],
  );
  useEffect(() => setActive(0), [query]);
  return { suggestions, active: Math.min(active, suggestions.length - 1), setActive, dismiss: () => setDismissed(query) };
}

export function SearchField() {
  const query = useInbox((s) => s.search?.query ?? '');
  const focusSeq = useInbox((s) => s.search?.focusSeq ?? 0);
  const setQuery = useInbox((s) => s.setSearchQuery);
  const move = useInbox((s) => s.move);
  const closeSearch = useInbox((s) => s.closeSearch);
  const ref = useRef<HTMLInputElement>(null);
  const store = useInboxStore();
  const { suggestions, active, setActive, dismiss } = useSuggestions(query);
  const suggesting = suggestions.length > 0;
  const take = (s: SearchSuggestion) => {
    setQuery(completeSuggestion(query, s));
    ref.current?.focus();
  };

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, [focusSeq]);

  return (
    <header className="pane-header search-header">
      <svg className="search-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <input
        ref={ref}
        className="search-input"
        type="search"
        role="searchbox"
        aria-label="Search conversations"
        placeholder="Search messages and people…"
        aria-autocomplete="list"
        aria-controls={suggesting ? 'search-suggestions' : undefined}
        aria-activedescendant={suggesting ? `search-suggestion-${active}` : undefined}
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (suggesting && !e.nativeEvent.isComposing) {
            const n = suggestions.length;
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
              return;
            }
            if ((e.key === 'Enter' || (e.key === 'Tab' && !e.shiftKey)) && suggestions[active]) {
              e.preventDefault();
              take(suggestions[active]!);
              return;
            }
            if (e.key === 'Escape') {
              // The first Esc puts the suggestions away; the next leaves the field as usual.
              e.preventDefault();
              e.stopPropagation();
              e.nativeEvent.stopImmediatePropagation();
              dismiss();
              return;
            }
          }
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            move(e.key === 'ArrowDown' ? 1 : -1);
          } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
            e.preventDefault();
            // Opening leaves the field: j/k then read the next result.
            runCommand(store, 'open');
            document.querySelector<HTMLElement>('.list-pane [role="listbox"]')?.focus();
          }
        }}
      />
      <button type="button" className="link-button" onMouseDown={(e) => e.preventDefault()} onClick={closeSearch}>
        Close
      </button>
      {suggesting && (
        <ul className="search-suggestions" id="search-suggestions" role="listbox" aria-label={`Suggestions for ${suggestions[0]!.operator}:`}>
          {suggestions.map((s, i) => (
            <li
              key={s.name}
              id={`search-suggestion-${i}`}
              role="option"
              aria-selected={i === active}
              className={`search-suggestion${i === active ? ' search-suggestion--active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => take(s)}
            >
              <span className="search-suggestion-op">{s.operator}:</span>
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}

export function SearchStatus() {
  const search = useInbox((s) => s.search);
  if (!search) return null;
  const { query, total, atLeast, hits, loading, problems, error } = search;
  let line: string;
  if (query.trim() === '') line = `Type to search every conversation, archived ones too. Operators: ${OPERATORS.join(' ')}`;
  else if (error) line = error;
  else if (loading && hits.length === 0) line = 'Searching…';
  else if (total === 0) line = `Nothing matches “${query.trim()}”.`;
  else {
    const many = atLeast ? `${count(total)}+` : count(total);
    line = total > hits.length || atLeast ? `${many} conversations match; showing the newest ${hits.length}.` : total === 1 ? '1 conversation matches.' : `${many} conversations match.`;
  }
  return (
    <div className={`search-status${error ? ' search-status--error' : ''}`} role="status" aria-live="polite">
      <p>{line}</p>
      {problems.map((p) => (
        <p key={p} className="search-problem">
          {p}
        </p>
      ))}
    </div>
  );
}
