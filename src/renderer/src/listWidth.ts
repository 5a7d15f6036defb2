/**
 * The list's width between the sidebar and the thread: a CSS grid column the divider changes.
 * The default follows the window (400 px at 1280, wider on a wide screen); a width the person
 * chose is kept between LIST_WIDTH_MIN and LIST_WIDTH_MAX, and never squeezes the thread below
 * THREAD_MIN_WIDTH (the grid's minmax gives way first).
 */
import { LIST_WIDTH_MAX, LIST_WIDTH_MIN } from '../../shared/domain';

/** The thread keeps at least this much room, whatever the list's width. */
export const THREAD_MIN_WIDTH = 360;
/** The sidebar's column (the --sidebar-width of base.css). */
export const SIDEBAR_WIDTH = 232;
/** One ← or → on the divider; Shift moves four times as far. */
export const LIST_WIDTH_STEP = 16;

/** The custom property on .app that holds the list's grid column. */
export const LIST_COLUMN_PROPERTY = '--list-column';

/** The grid column for a chosen width, or the default one (null). */
export function listColumn(width: number | null): string {
  return width === null ? 'minmax(300px, clamp(300px, 31.25vw, 560px))' : `minmax(${LIST_WIDTH_MIN}px, ${width}px)`;
}

/** The widest the list can be in a window this wide. */
export function widestList(windowWidth: number): number {
  return Math.max(LIST_WIDTH_MIN, Math.min(LIST_WIDTH_MAX, windowWidth - SIDEBAR_WIDTH - THREAD_MIN_WIDTH));
}

/** A width kept inside what the setting allows and the window leaves. */
export function clampListWidth(width: number, windowWidth: number): number {
  return Math.round(Math.min(widestList(windowWidth), Math.max(LIST_WIDTH_MIN, width)));
}
