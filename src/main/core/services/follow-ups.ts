/**
 * Follow-up reminders ("remind me in 3 days if no reply"): set with a reply (asked for, or a label's
 * default), cleared by their reply (sync) or by the person, and, when due, the conversation comes
 * back on top of the inbox with one notification for the group. Due times go through the shared
 * DueScheduler (snooze-scheduler.ts), so they survive restarts and sleep like snoozes.
 */
import type { FollowUpRequest } from '../../../shared/domain';
import { transaction } from '../db/database';
import { invalidInput } from '../errors';
import { followUpDueAt, noReplySentence } from '../follow-up-rules';
import type { NotificationContext } from '../notification-rules';
import type { DueScheduler, DueSource } from '../snooze-scheduler';
import type { FollowUpRecord } from '../store/follow-ups';
import type { UndoHistory } from '../undo-history';
import type { CoreEvents } from './events';
import { requireConversation, type CoreParts } from './parts';

/** What setting a follow-up with a reply changed, so undoing the reply can put it back. */
export interface FollowUpChange {
  /** The follow-up the send set, or null when it set none. */
  set: FollowUpRecord | null;
  /** Puts the conversation's follow-up back as it was before the send (runs in the undo's transaction). */
  revert: () => void;
}

export interface DueFollowUp {
  conversationId: string;
  /** "No reply from Ana for 3 days". */
  sentence: string;
  name: string;
}

export class FollowUps {
  /** For the shared scheduler: the earliest follow-up, and bringing back those due. */
  readonly dueSource: DueSource = {
    nextDueAt: () => this.parts.followUps.nextDueAt(),
    fireDue: (now) => this.bringBackDue(now),
  };

  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
    private readonly notify: NotificationContext,
    private readonly history: UndoHistory,
    private readonly scheduler: DueScheduler,
  ) {}

  /**
   * The follow-up a reply sent now should set: the one asked for, else (`undefined`: the person
   * did not choose) the shortest default among the conversation's labels; `null` chose none.
   * Throws a sentence for a bad request, before anything is written.
   */
  plan(conversationId: string, choice: FollowUpRequest | null | undefined, now: number): { dueAt: number; weekdaysOnly: boolean } | null {
    if (choice === null) return null;
    if (choice !== undefined) return { dueAt: followUpDueAt(now, choice), weekdaysOnly: choice.weekdaysOnly ?? false };
    const days = this.parts.followUps.labelDefaultDays(conversationId);
    return days === null ? null : { dueAt: followUpDueAt(now, { days }), weekdaysOnly: false };
  }

  /** Writes the planned follow-up for a reply just queued; call inside the send's transaction. */
  setForReply(conversationId: string, messageId: string, planned: { dueAt: number; weekdaysOnly: boolean } | null, now: number): FollowUpChange {
    const store = this.parts.followUps;
    if (planned === null) return { set: null, revert: () => {} };
    const before = store.get(conversationId);
    const set: FollowUpRecord = { conversationId, messageId, dueAt: planned.dueAt, createdAt: now, weekdaysOnly: planned.weekdaysOnly };
    store.set(set);
    return {
      set,
      revert: () => {
        if (before && this.parts.messages.get(before.messageId)) store.set(before);
        else store.delete(conversationId);
      },
    };
  }

  /** The person removes a conversation's follow-up (thread, palette); `z` puts it back. */
  clear(conversationId: string): void {
    requireConversation(this.parts, conversationId);
    const store = this.parts.followUps;
    const before = store.get(conversationId);
    if (!before) throw invalidInput('This conversation has no follow-up reminder to remove.');
    store.delete(conversationId);
    this.history.push({
      description: 'Follow-up reminder back',
      conversationIds: [conversationId],
      revert: () => {
        if (!this.parts.messages.get(before.messageId)) throw invalidInput('The reply that reminder followed is gone, so the reminder cannot come back.');
        store.set(before);
      },
    });
    this.changed([conversationId]);
  }

  /** Removes every follow-up they have answered (a message of theirs reached the cache after the reply); returns their ids. */
  clearAnswered(): string[] {
    return this.parts.followUps.clearAnswered();
  }

  /** Re-arms the shared timer and tells listeners (after a follow-up was added or removed). */
  changed(conversationIds: string[]): void {
    this.scheduler.check();
    this.events.emit({ conversations: conversationIds });
  }

  /** Follow-ups that came due: back on top of the inbox (out of Archived and Snoozed), one notification for the group. */
  private bringBackDue(now: number): void {
    const { db, conversations, messages, followUps } = this.parts;
    const due = transaction(db, () => {
      followUps.clearAnswered(); // a reply that came in since is an answer, whatever the timer says
      return followUps.due(now).map((f): DueFollowUp => {
        const c = conversations.get(f.conversationId);
        const name = c?.participant.name || c?.title || 'them';
        const since = messages.get(f.messageId)?.sentAt ?? f.createdAt;
        const sentence = noReplySentence(name, now - since);
        if (c?.archived) conversations.setArchived(f.conversationId, null, now);
        // Marked as a reminder at `now`, so it sorts above everything that came before.
        conversations.remind(f.conversationId, now, sentence);
        followUps.delete(f.conversationId);
        return { conversationId: f.conversationId, sentence, name };
      });
    });
    if (due.length === 0) return;
    notifyFollowUps(this.notify, due);
    this.events.emit({ conversations: due.map((d) => d.conversationId) });
  }
}

/** Follow-ups that came due together. Asked for, like snoozes, so they show even for muted accounts; never under do-not-disturb. */
export function notifyFollowUps(ctx: NotificationContext, due: DueFollowUp[]): void {
  if (due.length === 0 || ctx.settings().doNotDisturb) return;
  if (due.length === 1) {
    const d = due[0]!;
    ctx.notifier.notify({ title: d.sentence, body: 'The conversation is back on top of your inbox — time to follow up?', conversationId: d.conversationId });
    return;
  }
  const names = [...new Set(due.map((d) => d.name))];
  ctx.notifier.notify({
    title: `${due.length} follow-ups are due`,
    body: `No reply from ${names.length <= 2 ? names.join(' and ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`}`,
    conversationId: due[0]!.conversationId,
  });
}
