/**
 * The rows of a thread as the screen lays them out: a divider at the start of each day
 * ("Today", "Yesterday", a weekday within the week, a date before that), then its messages.
 * Pure, so the virtualized list only has to place rows.
 */
import type { Message } from '../../shared/domain';
import { clock, lazyDateFormat } from './format';

export type ThreadRow =
  | { kind: 'day'; key: string; label: string; at: number }
  | {
      kind: 'message';
      key: string;
      message: Message;
      /** Position among the messages (0-based). */
      index: number;
      /** Same sender as the row above on the same day: the name is not repeated. */
      continues: boolean;
    };

const DAY = 86_400_000;

export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

const weekday = lazyDateFormat({ weekday: 'long' });
const dateThisYear = lazyDateFormat({ weekday: 'long', month: 'long', day: 'numeric' });
const dateOtherYear = lazyDateFormat({ weekday: 'short', month: 'long', day: 'numeric', year: 'numeric' });

/** "Today", "Yesterday", "Monday" (the last week), "Monday, March 4", "Sat, March 4, 2023". */
export function dayLabel(at: number, now: number): string {
  const days = Math.round((startOfDay(now) - startOfDay(at)) / DAY);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return weekday.format(at);
  return new Date(at).getFullYear() === new Date(now).getFullYear() ? dateThisYear.format(at) : dateOtherYear.format(at);
}

/** The time of day, for a message under its day's divider. */
export function timeOfDay(at: number): string {
  return clock.format(at);
}

/** Dividers and messages in order (messages come oldest first). */
export function threadRows(messages: readonly Message[], now: number): ThreadRow[] {
  const rows: ThreadRow[] = [];
  let day = Number.NaN;
  let previous: Message | null = null;
  const seen = new Set<number>();
  messages.forEach((m, index) => {
    const d = startOfDay(m.sentAt);
    const newDay = d !== day;
    if (newDay) {
      day = d;
      // Keys stay unique even if a message arrives out of order.
      const key = seen.has(d) ? `day:${d}:${index}` : `day:${d}`;
      seen.add(d);
      rows.push({ kind: 'day', key, label: dayLabel(m.sentAt, now), at: d });
    }
    const continues = !newDay && previous !== null && previous.fromMe === m.fromMe && previous.senderName === m.senderName;
    rows.push({ kind: 'message', key: m.id, message: m, index, continues });
    previous = m;
  });
  return rows;
}
