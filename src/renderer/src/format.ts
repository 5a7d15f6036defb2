/** Pure formatting for the list and thread: times, initials, avatar colours. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * An Intl.DateTimeFormat made on first use. Making one is ICU work: the window's first Intl format of
 * any kind costs about 12 ms (ICU's data, cold), each one after it up to 2 ms. Made at module load,
 * all fourteen of the window's were paid for before its first render, most of them not shown then.
 */
export function lazyDateFormat(options: Intl.DateTimeFormatOptions, locale?: string): { format(at: number): string } {
  let made: Intl.DateTimeFormat | null = null;
  return { format: (at) => (made ??= new Intl.DateTimeFormat(locale, options)).format(at) };
}

const monthDay = lazyDateFormat({ month: 'short', day: 'numeric' });
const monthDayYear = lazyDateFormat({ month: 'short', day: 'numeric', year: 'numeric' });
const exact = lazyDateFormat({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
/** Time of day: "3:05 PM" in the person's locale. */
export const clock = lazyDateFormat({ hour: 'numeric', minute: '2-digit' });

/** A short age for list rows: "now", "3m", "2h", "Yesterday", "Mar 4", "Mar 4, 2023". */
export function relativeTime(at: number, now: number): string {
  const age = now - at;
  if (age < MINUTE) return 'now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)}m`;
  const today = startOfDay(now);
  if (at >= today || age < 12 * HOUR) return `${Math.floor(age / HOUR)}h`;
  if (at >= startOfDay(today - 1)) return 'Yesterday';
  if (new Date(at).getFullYear() === new Date(now).getFullYear()) return monthDay.format(at);
  return monthDayYear.format(at);
}

/** The full date and time, for tooltips. */
export function exactTime(at: number): string {
  return exact.format(at);
}

/** Time of day for a message in the thread, with the date when it is not today. */
export function messageTime(at: number, now: number): string {
  if (at >= startOfDay(now)) return clock.format(at);
  return `${relativeTime(at, now)} · ${clock.format(at)}`;
}

/** Up to two initials: "Lea Sommer" → "LS", "madonna" → "M", "" → "?". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  if (words.length === 0) return '?';
  const first = Array.from(words[0]!)[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1]!)[0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}

/** A hue from 0–359 that is always the same for the same name. */
export function avatarHue(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return (h >>> 0) % 360;
}

/** A split tab's count: nothing at 0, "999+" past 999. */
export function tabCount(n: number | undefined): string {
  if (n === undefined || n <= 0) return '';
  return n > 999 ? '999+' : count(n);
}

let numbers: Intl.NumberFormat | null = null;

/** "1,234" in the person's locale (one formatter, made on first use). */
export function count(n: number): string {
  numbers ??= new Intl.NumberFormat();
  return numbers.format(n);
}

/** "Mon 3:05 PM". */
export const weekdayClock = lazyDateFormat({ weekday: 'short', hour: 'numeric', minute: '2-digit' });
const dateClock = lazyDateFormat({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/**
 * When a snoozed conversation wakes, short and local: "3:00 PM" (today), "Tomorrow 9:00 AM",
 * "Mon 9:00 AM" (within a week), "Dec 24, 9:00 AM" (later).
 */
export function wakeTime(at: number, now: number): string {
  const today = startOfDay(now);
  const day = startOfDay(at);
  const days = Math.round((day - today) / 86_400_000);
  if (days <= 0) return clock.format(at);
  if (days === 1) return `Tomorrow ${clock.format(at)}`;
  if (days < 7) return weekdayClock.format(at);
  return dateClock.format(at);
}

const weekdayDateClock = lazyDateFormat({ weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/**
 * A preset's time: "Thu 6:00 PM", or "Sun, Dec 20, 9:00 AM" when it is a week or more away
 * (the weekday alone would read as this week's).
 */
export function presetTime(at: number, now: number): string {
  const days = Math.round((startOfDay(at) - startOfDay(now)) / 86_400_000);
  return days >= 7 ? weekdayDateClock.format(at) : weekdayClock.format(at);
}

/**
 * Makes the formats the window's first render uses (the counts, a row's date and its tooltip), so
 * their cold ICU work (about 15 ms in a fresh renderer, most of it the first Intl format's) is done
 * before it: main.tsx calls this while the app's chunk is still being parsed off the main thread.
 */
export function warmFormats(): void {
  count(0);
  for (const f of [monthDay, monthDayYear, exact, clock]) f.format(0);
}
