/**
 * Search (`/`): the field at the top of the list, results as you type. ↓/↑ move through the
 * results without leaving the field, Enter opens the one under the cursor at the message that
 * matched, Esc leaves the field (j/k then move through the results), Esc again leaves search.
 */
import { useEffect, useRef } from 'react';
import { SEARCH_TOTAL_CAP } from '../../../shared/domain';
import { runCommand } from '../commands';
import { count } from '../format';
import { useInbox, useInboxStore } from '../storeContext';

const OPERATORS = ['from:', 'label:', 'is:unread', 'is:snoozed', 'is:archived', 'account:', 'before:', 'after:'];

export function SearchField() {
  const query = useInbox((s) => s.search?.query ?? '');
  const focusSeq = useInbox((s) => s.search?.focusSeq ?? 0);
  const setQuery = useInbox((s) => s.setSearchQuery);
  const move = useInbox((s) => s.move);
  const closeSearch = useInbox((s) => s.closeSearch);
  const ref = useRef<HTMLInputElement>(null);
  const store = useInboxStore();

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
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
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
    </header>
  );
}

export function SearchStatus() {
  const search = useInbox((s) => s.search);
  if (!search) return null;
  const { query, total, hits, loading, problems, error } = search;
  let line: string;
  if (query.trim() === '') line = `Type to search every conversation, archived ones too. Operators: ${OPERATORS.join(' ')}`;
  else if (error) line = error;
  else if (loading && hits.length === 0) line = 'Searching…';
  else if (total === 0) line = `Nothing matches “${query.trim()}”.`;
  else {
    const many = total >= SEARCH_TOTAL_CAP ? `${count(SEARCH_TOTAL_CAP)}+` : count(total);
    line = total > hits.length ? `${many} conversations match; showing the newest ${hits.length}.` : total === 1 ? '1 conversation matches.' : `${many} conversations match.`;
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
