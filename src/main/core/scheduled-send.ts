/**
 * What the outbox says about scheduled replies ("send later"): a reply that goes well after its
 * time (the app was closed or the computer asleep) says how late it went, and one held back by a
 * provider's daily cap says it waits for the next day's budget. Pure sentences, no I/O.
 */

/** A scheduled reply sent more than this after its time is reported late (a ≤60 s timer on a busy machine is not late). */
export const LATE_AFTER_MS = 2 * 60_000;

/** "3 h 5 min", "12 min", "2 days 4 h" for a duration. */
export function durationWords(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} day${days === 1 ? '' : 's'} ${hours} h` : `${days} day${days === 1 ? '' : 's'}`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** The sentence for a scheduled reply that went late, or null when it went on time. */
export function lateSentence(who: string, sendAt: number, sentAt: number): string | null {
  const late = sentAt - sendAt;
  if (late <= LATE_AFTER_MS) return null;
  return `Your scheduled reply to ${who} was sent ${durationWords(late)} late: the app was closed, the computer asleep or the provider's daily limit reached when it was due.`;
}

/** The sentence for a scheduled reply that waits for the next day's budget of its provider. */
export function capWaitSentence(who: string, capSentence: string): string {
  return `Your scheduled reply to ${who} waits for the next day's budget and goes by itself then. ${capSentence}`;
}
