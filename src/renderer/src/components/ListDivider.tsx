/**
 * The divider between the list and the thread: drag it, or focus it (Tab) and press ← / →
 * (Shift for bigger steps), Home for the narrowest list, End for the widest; double-click
 * goes back to the default width. The width shows at once and is saved shortly after the
 * last move, so a drag or a run of key presses writes the settings once.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { LIST_WIDTH_MIN } from '../../../shared/domain';
import { errorSentence } from '../api';
import { clampListWidth, LIST_COLUMN_PROPERTY, LIST_WIDTH_STEP, listColumn, widestList } from '../listWidth';
import { useInbox } from '../storeContext';

const SAVE_DELAY_MS = 400;

function listPane(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.app > .list-pane');
}

export function ListDivider() {
  const saved = useInbox((s) => s.settings?.listWidth ?? null);
  const updateSettings = useInbox((s) => s.updateSettings);
  const notify = useInbox((s) => s.notify);
  const [width, setWidth] = useState<number | null>(null);
  const [max, setMax] = useState(() => widestList(window.innerWidth));
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dragging = useRef(false);

  // What the list really measures (the window may hold it narrower than the setting).
  useEffect(() => {
    const pane = listPane();
    if (!pane) return;
    const measure = () => {
      setWidth(Math.round(pane.getBoundingClientRect().width));
      setMax(widestList(window.innerWidth));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(pane);
    return () => observer.disconnect();
  }, []);

  useEffect(() => () => clearTimeout(saveTimer.current), []);

  function save(next: number | null, delay: number): void {
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      if (next === saved) return;
      updateSettings({ listWidth: next }).catch((err: unknown) => notify(`The list's width could not be kept: ${errorSentence(err)}`));
    }, delay);
  }

  /** Shows the width now (straight on the grid, no re-render of the panes) and saves it a moment later. */
  function resize(to: number | null, delay = SAVE_DELAY_MS): void {
    const next = to === null ? null : clampListWidth(to, window.innerWidth);
    document.querySelector<HTMLElement>('.app')?.style.setProperty(LIST_COLUMN_PROPERTY, listColumn(next));
    save(next, delay);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    // From the page, not from state: a key repeated before the last one re-rendered still adds up.
    const now = listPane()?.getBoundingClientRect().width ?? width ?? LIST_WIDTH_MIN;
    const step = e.shiftKey ? LIST_WIDTH_STEP * 4 : LIST_WIDTH_STEP;
    const to = e.key === 'ArrowLeft' ? now - step : e.key === 'ArrowRight' ? now + step : e.key === 'Home' ? LIST_WIDTH_MIN : e.key === 'End' ? max : null;
    if (to === null) return;
    e.preventDefault();
    resize(to);
  }

  function onPointerDown(e: PointerEvent<HTMLDivElement>): void {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    dragging.current = true;
  }

  function onPointerMove(e: PointerEvent<HTMLDivElement>): void {
    if (!dragging.current) return;
    const left = listPane()?.getBoundingClientRect().left ?? 0;
    resize(e.clientX - left);
  }

  function onPointerUp(e: PointerEvent<HTMLDivElement>): void {
    if (!dragging.current) return;
    dragging.current = false;
    e.currentTarget.releasePointerCapture(e.pointerId);
  }

  return (
    <div
      className="list-divider"
      role="separator"
      aria-orientation="vertical"
      aria-label="Width of the conversation list"
      aria-valuemin={LIST_WIDTH_MIN}
      aria-valuemax={max}
      aria-valuenow={width ?? undefined}
      aria-valuetext={width === null ? undefined : `${width} pixels`}
      title="Drag to resize the list (or focus and press ← →); double-click for the default width"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => resize(null, 0)}
    />
  );
}
