/**
 * The messages of the open thread, grouped under day dividers, oldest at the top. It opens at
 * the newest message and stays pinned there while new ones arrive, unless the person scrolled
 * up to read. Long threads are virtualized: only the rows near the viewport are in the page
 * (each measured as drawn), so a thread of thousands of messages opens as fast as a short one.
 * Short threads are drawn whole, which keeps the browser's find-in-page useful for them.
 * A message asked for by a search result is scrolled into view and highlighted briefly.
 * The core sends the thread a page at a time: scrolling near the top loads the page before the
 * window held (and near the bottom the page after it, when opened at an old message); the
 * virtualizer keeps the row in view where it was, so the view does not jump.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '../../../shared/domain';
import { count } from '../format';
import { useInbox } from '../storeContext';
import { startOfDay, threadRows } from '../threadRows';
import { useNow } from '../useNow';
import { MessageItem } from './MessageItem';

/** Up to this many rows (messages and dividers) a thread is drawn whole. */
const DRAW_WHOLE_UP_TO = 150;
/** How long a jumped-to message stays highlighted. */
const HIGHLIGHT_MS = 3_000;
/** Within this many pixels of the bottom counts as "reading the newest", so new messages follow. */
const AT_END_PX = 32;
/** Within this many pixels of the window's top (or bottom) the next page is asked for, before the person reaches the edge. */
const LOAD_AHEAD_PX = 800;

interface Props {
  /** The window of the thread held (oldest first). */
  messages: readonly Message[];
  /** Messages of the thread above the window, not loaded yet. */
  olderCount: number;
  /** Messages below the window, not loaded yet (opened at an old message). */
  newerCount: number;
  /** Why a pending reply of this conversation is not going out right now, or null. */
  waiting: string | null;
}

export function MessageList({ messages, olderCount, newerCount, waiting }: Props) {
  const today = startOfDay(useNow());
  const rows = useMemo(() => threadRows(messages, today), [messages, today]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusId = useInbox((s) => s.focusMessageId);
  const messageFocused = useInbox((s) => s.messageFocused);
  const loadThreadPage = useInbox((s) => s.loadThreadPage);
  const total = olderCount + messages.length + newerCount;
  const [highlightId, setHighlightId] = useState<string | null>(null);

  const getItemKey = useCallback((i: number) => rows[i]!.key, [rows]);
  const estimateSize = useCallback((i: number) => (rows[i]!.kind === 'day' ? 44 : 64), [rows]);
  const rangeExtractor = useCallback(
    (range: Range) => (range.count <= DRAW_WHOLE_UP_TO ? Array.from({ length: range.count }, (_, i) => i) : defaultRangeExtractor(range)),
    [],
  );
  // New rows at the end follow to the bottom only when the window already reached the newest
  // message; a newer page loaded on the way down is anchored like an older one, not jumped to.
  const reachedNewest = useRef(newerCount === 0);
  useEffect(() => {
    reachedNewest.current = newerCount === 0;
  }, [newerCount]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    rangeExtractor,
    overscan: 8,
    paddingStart: 12,
    paddingEnd: 12,
    // Chat behaviour: measured sizes and new messages keep the bottom in place when it was in view.
    anchorTo: 'end',
    followOnAppend: reachedNewest.current,
    scrollEndThreshold: AT_END_PX,
  });

  // Opens at the newest message (unless a particular one was asked for).
  useLayoutEffect(() => {
    const wanted = focusId !== null && rows.some((r) => r.kind === 'message' && r.message.id === focusId);
    if (!wanted && rows.length > 0) virtualizer.scrollToEnd();
    // Only when the thread is first drawn: later arrivals follow through followOnAppend.
  }, []);

  // My own reply goes to the bottom and is shown there, wherever I was reading.
  const last = messages.at(-1);
  const lastId = useRef(last?.id);
  useEffect(() => {
    if (last && last.id !== lastId.current && last.fromMe) virtualizer.scrollToEnd();
    lastId.current = last?.id;
  }, [last, virtualizer]);

  // A search result asked for this message: bring it to the middle and mark it for a moment.
  useLayoutEffect(() => {
    if (focusId === null) return;
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === focusId);
    if (index < 0) return; // not in this thread (it may still be loading)
    virtualizer.scrollToIndex(index, { align: 'center' });
    setHighlightId(focusId);
    messageFocused();
  }, [focusId, rows, virtualizer, messageFocused]);

  // Near an edge of the window with more beyond it: the next page. Checked on scroll and after each
  // change of the rows (a short first page may not fill the view, so no scroll would ever come).
  const loadNearEdges = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (olderCount > 0 && el.scrollTop < LOAD_AHEAD_PX) void loadThreadPage('older');
    else if (newerCount > 0 && el.scrollHeight - el.clientHeight - el.scrollTop < LOAD_AHEAD_PX) void loadThreadPage('newer');
  }, [olderCount, newerCount, loadThreadPage]);
  useEffect(() => {
    // After the first draw has scrolled to where it opens, so the start position is not mistaken for the top.
    const frame = requestAnimationFrame(loadNearEdges);
    return () => cancelAnimationFrame(frame);
  }, [rows, loadNearEdges]);

  useEffect(() => {
    if (highlightId === null) return;
    const t = window.setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
    return () => window.clearTimeout(t);
  }, [highlightId]);

  return (
    <div className="messages" ref={scrollRef} onScroll={loadNearEdges} role="region" aria-label={`${count(total)} ${total === 1 ? 'message' : 'messages'}`} tabIndex={0}>
      <ol className="messages-track" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return row.kind === 'day' ? (
            <li key={item.key} className="thread-row thread-row--day" data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
              <h3 className="day-divider">
                <span>{row.label}</span>
              </h3>
            </li>
          ) : (
            <li
              key={item.key}
              className="thread-row"
              data-index={item.index}
              ref={virtualizer.measureElement}
              style={{ transform: `translateY(${item.start}px)` }}
              aria-setsize={total}
              aria-posinset={olderCount + row.index + 1}
            >
              <MessageItem message={row.message} waiting={waiting} continues={row.continues} focused={row.message.id === highlightId} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
