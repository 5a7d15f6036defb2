/**
 * Pane 2: the conversations of the current view (or the results of a search), newest first,
 * with the cursor and the picked rows visible. The list is virtualized: only the rows on
 * screen (and a few around them) are in the page, so 10,000 conversations scroll and follow
 * j/k like 10. More rows are fetched as the cursor or the scroll nears the end.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConversationSummary, Highlighted } from '../../../shared/domain';
import { count } from '../format';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { useViewTitle } from '../useViewTitle';
import { BulkBar } from './BulkBar';
import { DemoListBanner } from './DemoBanner';
import { ConversationRow } from './ConversationRow';
import { EmptyList } from './EmptyList';
import { KeyHints } from './KeyHints';
import { OfflineBanner } from './OfflineBanner';
import { SearchField, SearchStatus } from './Search';
import { SplitTabs } from './SplitTabs';

/** A first guess of a row's height (comfortable, compact); each row is measured once it is drawn. */
const ROW_ESTIMATE = { comfortable: 80, compact: 37 } as const;
/** Rows drawn beyond each edge of the visible ones, once the first frame is painted. */
const OVERSCAN = 8;

interface Row {
  conversation: ConversationSummary;
  snippet?: Highlighted;
  at?: number;
}

const EMPTY_ROWS: Row[] = [];

/**
 * BENCHMARK BASELINE ONLY (`npm run bench`, bench/ui.ts): with `?virtualize=off` in the page's
 * URL the list renders every conversation of the view, in normal flow, all of them fetched up
 * front, so the benchmark can measure what virtualization saves. The app never sets it.
 */
const UNVIRTUALIZED = typeof location !== 'undefined' && new URLSearchParams(location.search).get('virtualize') === 'off';

const noMeasure = () => {};

const FIRST_RECT = { width: 0, height: typeof window === 'undefined' ? 0 : window.innerHeight };

export function ConversationList() {
  const view = useInbox((s) => s.view);
  const items = useInbox((s) => s.items);
  const hits = useInbox((s) => s.search?.hits);
  const searching = useInbox((s) => s.search !== null);
  const total = useInbox((s) => s.total);
  const listLoaded = useInbox((s) => s.listLoaded);
  const selectedId = useInbox((s) => s.selectedId);
  const openId = useInbox((s) => s.openId);
  const checked = useInbox((s) => s.checked);
  const picking = useInbox((s) => Object.keys(s.checked).length > 0);
  const loadMore = useInbox((s) => s.loadMore);
  const open = useInbox((s) => s.open);
  const openSearchHit = useInbox((s) => s.openSearchHit);
  const density = useInbox((s) => s.settings?.density ?? 'comfortable');
  // With one account, its chip on every compact row says nothing and costs the preview its room.
  const oneAccount = useInbox((s) => s.accounts.length <= 1);
  const title = useViewTitle(view);
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);

  const loadAll = useInbox((s) => s.loadAll);
  useEffect(() => {
    if (UNVIRTUALIZED && listLoaded && items.length < total) loadAll();
  }, [listLoaded, items.length, total, loadAll]);
  // Built once per answer, not on every j/k (the list re-renders for each move of the cursor).
  const rows: Row[] = useMemo(
    () => (searching ? (hits ?? EMPTY_ROWS).map((h) => ({ conversation: h.conversation, snippet: h.snippet, at: h.at })) : items.map((c) => ({ conversation: c }))),
    [searching, hits, items],
  );

  // The window's first frame draws only the rows on screen; the rows around them (for scrolling
  // and j/k) come in the render after it is painted.
  const [overscan, setOverscan] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setOverscan(OVERSCAN))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);

  const virtualizer = useVirtualizer({
    count: UNVIRTUALIZED ? 0 : rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE[density],
    overscan,
    getItemKey: (i) => rows[i]!.conversation.id,
    // The list is nearly as tall as the window: its first render draws about the rows that will
    // show (the re-render once the list is measured only drops the one or two below it), where a
    // zero-sized guess drew the overscan alone and every row came in a second render and layout.
    initialRect: FIRST_RECT,
  });

  // Rows change height with the density: measure them again.
  useEffect(() => virtualizer.measure(), [density, virtualizer]);

  // The cursor stays on screen: j/k scroll the list only as far as needed.
  const cursor = selectedId === null ? -1 : rows.findIndex((r) => r.conversation.id === selectedId);
  useEffect(() => {
    if (cursor >= 0 && UNVIRTUALIZED) document.getElementById(`conversation-${selectedId}`)?.scrollIntoView({ block: 'nearest' });
    else if (cursor >= 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
    // Also when the rows change height (density): the cursor must stay on screen.
  }, [cursor, virtualizer, density]);

  // Scrolling near the end fetches more rows of the view.
  const virtualRows = virtualizer.getVirtualItems();
  const lastShown = virtualRows.length > 0 ? virtualRows[virtualRows.length - 1]!.index : -1;
  const moreResults = useInbox((s) => s.moreResults);
  const hitCount = hits?.length ?? 0;
  useEffect(() => {
    if (searching) {
      if (lastShown >= hitCount - 10) moreResults();
    } else if (!UNVIRTUALIZED && lastShown >= items.length - 30) loadMore();
  }, [searching, lastShown, items.length, hitCount, loadMore, moreResults]);

  const onOpen = useCallback(
    (id: string) => {
      const hit = hits?.find((h) => h.conversation.id === id);
      if (hit) void openSearchHit(hit);
      else void open(id);
    },
    [hits, open, openSearchHit],
  );

  const label = searching ? 'Search results' : title;
  return (
    <section className="list-pane" aria-label="Conversations">
      {searching ? (
        <SearchField />
      ) : picking ? (
        <BulkBar />
      ) : (
        <header className="pane-header">
          <h1 className="pane-title">{title}</h1>
          {listLoaded && <span className="pane-subtitle">{total === 1 ? '1 conversation' : `${count(total)} conversations`}</span>}
        </header>
      )}
      {!searching && <SplitTabs />}
      <OfflineBanner />
      <DemoListBanner />
      {searching && (picking ? <BulkBar /> : <SearchStatus />)}
      <div className="list-scroll" ref={scrollRef}>
        {!searching && !listLoaded ? (
          <p className="list-loading" role="status">
            Loading…
          </p>
        ) : rows.length === 0 ? (
          searching ? null : <EmptyList view={view} />
        ) : (
          <ul
            className={`${UNVIRTUALIZED ? 'conversation-list-flow' : 'conversation-list'}${density === 'compact' ? ' conversation-list--compact' : ''}${oneAccount ? ' conversation-list--one-account' : ''}`}
            role="listbox"
            tabIndex={0}
            aria-label={label}
            aria-multiselectable="true"
            aria-activedescendant={cursor >= 0 ? `conversation-${selectedId}` : undefined}
            style={UNVIRTUALIZED ? { listStyle: 'none', margin: 0, padding: 0 } : { height: virtualizer.getTotalSize() }}
          >
            {(UNVIRTUALIZED ? rows.map((r, index) => ({ index, key: r.conversation.id, start: 0 })) : virtualRows).map((v) => {
              const r = rows[v.index]!;
              const id = r.conversation.id;
              return (
                <ConversationRow
                  key={v.key}
                  index={v.index}
                  start={v.start}
                  measure={UNVIRTUALIZED ? noMeasure : virtualizer.measureElement}
                  conversation={r.conversation}
                  snippet={r.snippet}
                  at={r.at}
                  selected={id === selectedId}
                  checked={checked[id] === true}
                  open={id === openId}
                  now={now}
                  onOpen={onOpen}
                />
              );
            })}
          </ul>
        )}
        {!searching && listLoaded && items.length < total && <p className="list-more">Loading more…</p>}
      </div>
      <KeyHints />
    </section>
  );
}
