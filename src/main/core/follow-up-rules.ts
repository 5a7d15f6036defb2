/**
 * The rules of follow-up reminders that need no cache: when one comes due, and what the person is
 * told when it does. N days are calendar days counted in local time (the same local hour N days
 * later, across daylight-saving changes); "weekdays only" moves a due time that lands on a
 * Saturday or Sunday to the Monday after, at the same local hour.
 */
import type { FollowUpRequest } from '../../shared/domain';
import { LIMITS } from '../../shared/limits';
import { invalidInput } from './errors';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `now` plus N calendar days, at the same local hour. */
export function addLocalDays(now: number, days: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + days);
  return d.getTime();
}

/** A Saturday or Sunday moves to the Monday after, same local hour; any other day stays. */
export function skipWeekend(at: number): number {
  const d = new Date(at);
  const day = d.getDay();
  if (day === 6) d.setDate(d.getDate() + 2);
  else if (day === 0) d.setDate(d.getDate() + 1);
  return d.getTime();
}

/** The absolute instant a follow-up asked for at `now` comes due; throws a sentence for a bad request. */
export function followUpDueAt(now: number, req: FollowUpRequest): number {
  let due: number;
  if (req.days !== undefined) {
    if (!Number.isInteger(req.days) || req.days < 1 || req.days > LIMITS.followUpDays) {
      throw invalidInput(`A follow-up can be 1 to ${LIMITS.followUpDays} days away.`);
    }
    due = addLocalDays(now, req.days);
  } else if (req.at !== undefined) {
    if (!Number.isFinite(req.at) || req.at <= now) throw invalidInput('Pick a follow-up time in the future.');
    due = req.at;
  } else {
    throw invalidInput('Say when to follow up: a number of days or a time.');
  }
  return req.weekdaysOnly ? skipWeekend(due) : due;
}

/** "3 days", "1 day", "5 hours": how long they have been silent, in the largest whole unit. */
export function silenceFor(ms: number): string {
  if (ms >= DAY) {
    const n = Math.floor(ms / DAY);
    return `${n} ${n === 1 ? 'day' : 'days'}`;
  }
  const n = Math.max(1, Math.floor(ms / HOUR));
  return `${n} ${n === 1 ? 'hour' : 'hours'}`;
}

/** The reminder's sentence: "No reply from Ana for 3 days". */
export function noReplySentence(name: string, silentMs: number): string {
  return `No reply from ${name} for ${silenceFor(silentMs)}`;
}
