/**
 * Follow-up reminder presets (in 1, 3 or 7 days, the same local hour) and how a pending one is
 * written on a row or in the thread ("follow up in 2 d"). Pure, so the picker and tests agree.
 */

export interface FollowUpPreset {
  days: 1 | 3 | 7;
  label: string;
}

export const FOLLOW_UP_PRESETS: readonly FollowUpPreset[] = [
  { days: 1, label: 'In 1 day' },
  { days: 3, label: 'In 3 days' },
  { days: 7, label: 'In 7 days' },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "follow up in 2 d", "follow up in 5 h", "follow up now" (rounded up, so 1 h 10 min reads "2 h"). */
export function followUpIn(dueAt: number, now: number): string {
  const left = dueAt - now;
  if (left <= 0) return 'follow up now';
  if (left >= DAY) return `follow up in ${Math.ceil(left / DAY - 0.0001)} d`;
  return `follow up in ${Math.max(1, Math.ceil(left / HOUR))} h`;
}
