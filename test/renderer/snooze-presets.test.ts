/** The snooze presets on every day of the week, from fixed local dates: no two name the same instant, next week is a week away. */
import { describe, expect, it } from 'vitest';
import { presetTime } from '../../src/renderer/src/format';
import { presetAtNow, snoozePresets } from '../../src/renderer/src/snoozeTimes';

const DAY = 86_400_000;
// Monday 7 December 2026 … Sunday 13 December 2026, 10:30 local time.
const WEEK = [7, 8, 9, 10, 11, 12, 13].map((d) => new Date(2026, 11, d, 10, 30).getTime());
const NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

describe('snooze presets', () => {
  WEEK.forEach((now, i) => {
    it(`on a ${NAMES[i]}, every preset is a different instant in the future and next week is at least 7 days ahead`, () => {
      const presets = snoozePresets(now);
      const instants = presets.map((p) => p.at);
      expect(new Set(instants).size, presets.map((p) => `${p.label} ${new Date(p.at).toString()}`).join('; ')).toBe(instants.length);
      for (const p of presets) expect(p.at).toBeGreaterThan(now);
      const tomorrow = presets.find((p) => p.key === 'tomorrow')!;
      expect(new Date(tomorrow.at).getDate()).toBe(new Date(now + DAY).getDate());
      expect(new Date(tomorrow.at).getHours()).toBe(9);
      const nextWeek = presets.find((p) => p.key === 'next-week')!;
      expect(nextWeek.at - now).toBeGreaterThanOrEqual(7 * DAY - 2 * 3_600_000); // a DST change may shorten a week by an hour
      expect(new Date(nextWeek.at).getHours()).toBe(9);
    });
  });

  it('on a Sunday, tomorrow morning is Monday and next week is a week from today, not tomorrow', () => {
    const sunday = WEEK[6]!;
    const presets = snoozePresets(sunday);
    const tomorrow = new Date(presets.find((p) => p.key === 'tomorrow')!.at);
    const nextWeek = new Date(presets.find((p) => p.key === 'next-week')!.at);
    expect(tomorrow.getDay()).toBe(1);
    expect(tomorrow.getDate()).toBe(14);
    expect(nextWeek.getDate()).toBe(20);
  });

  it('shows a preset its date when the weekday alone could mean this week or the next', () => {
    const sunday = WEEK[6]!;
    const presets = snoozePresets(sunday);
    const tomorrow = presets.find((p) => p.key === 'tomorrow')!;
    const nextWeek = presets.find((p) => p.key === 'next-week')!;
    const month = new Intl.DateTimeFormat(undefined, { month: 'short' }).format(nextWeek.at);
    expect(presetTime(tomorrow.at, sunday)).not.toContain(month);
    expect(presetTime(nextWeek.at, sunday)).toContain(month);
    expect(presetTime(nextWeek.at, sunday)).toContain('20');
    expect(presetTime(nextWeek.at, sunday)).not.toBe(presetTime(tomorrow.at, sunday));
  });

  it('a preset chosen a while after the picker opened counts from the moment it is chosen', () => {
    const opened = WEEK[0]!; // Monday 10:30: later today is 13:30
    const later = snoozePresets(opened).find((p) => p.key === 'later-today')!;
    expect(new Date(later.at).getHours()).toBe(13);
    const chosen = opened + 45 * 60_000; // 11:15
    expect(presetAtNow(later, chosen)).toBe(chosen + 3 * 3_600_000);
    // A preset that no longer exists then (this weekend, chosen on a Friday) keeps its time.
    const weekend = snoozePresets(WEEK[3]!).find((p) => p.key === 'weekend')!;
    expect(presetAtNow(weekend, WEEK[4]!)).toBe(weekend.at);
  });
});
