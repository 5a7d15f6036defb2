/**
 * The snooze presets, computed in local time from "now": later today (+3 h, or 18:00 when
 * that comes first), tomorrow morning (9:00), this weekend (Saturday 9:00, Monday to Thursday:
 * on a Friday it is tomorrow morning) and next week (9:00 a week from today: "the coming Monday"
 * would be tomorrow on a Sunday, the same instant as "Tomorrow morning"). Pure, so the picker
 * and the tests agree on what each means.
 */

export interface SnoozePreset {
  key: 'later-today' | 'tomorrow' | 'weekend' | 'next-week';
  label: string;
  /** Epoch ms. */
  at: number;
}

const HOUR = 3_600_000;
/** "Later today" needs at least this much time left before 18:00 to pick 18:00. */
const EVENING_MARGIN = 30 * 60_000;

function at(base: number, dayOffset: number, hour: number): number {
  const d = new Date(base);
  d.setDate(d.getDate() + dayOffset);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}

export function snoozePresets(now: number): SnoozePreset[] {
  const presets: SnoozePreset[] = [];
  const plus3 = now + 3 * HOUR;
  const evening = at(now, 0, 18);
  const later = evening - now >= EVENING_MARGIN ? Math.min(plus3, evening) : plus3;
  const sameDay = new Date(later).toDateString() === new Date(now).toDateString();
  presets.push({ key: 'later-today', label: sameDay ? 'Later today' : 'In 3 hours', at: later });
  presets.push({ key: 'tomorrow', label: 'Tomorrow morning', at: at(now, 1, 9) });
  const weekday = new Date(now).getDay(); // 0 Sunday … 6 Saturday
  // Monday to Thursday, the coming Saturday; on a Friday that is tomorrow morning, at the weekend it is past.
  if (weekday >= 1 && weekday <= 4) presets.push({ key: 'weekend', label: 'This weekend', at: at(now, 6 - weekday, 9) });
  presets.push({ key: 'next-week', label: 'Next week', at: at(now, 7, 9) });
  return presets;
}

/** The preset's time computed again at `now`: "later today" is three hours from the moment it is chosen, not from when the picker opened. */
export function presetAtNow(preset: SnoozePreset, now: number): number {
  return snoozePresets(now).find((p) => p.key === preset.key)?.at ?? preset.at;
}
