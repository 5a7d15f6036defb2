/**
 * Replies and drafts: a reply is queued (the pending message and its outbox entry in one
 * transaction), waits out its undo window, and is delivered by the outbox runner; one that could
 * not be delivered can be retried or discarded. Drafts keep what the person is writing.
 */
import { randomUUID } from 'node:crypto';
import type { FollowUpRequest, Message } from '../../../shared/domain';
import { MAX_REPLY_LENGTH, PROVIDER_LABELS } from '../../../shared/domain';
import { transaction } from '../db/database';
import { AppError, invalidInput, notFound } from '../errors';
import type { UndoHistory, UndoStep } from '../undo-history';
import type { CoreEvents } from './events';
import type { FollowUps } from './follow-ups';
import type { OutboxRunner } from './outbox-runner';
import { requireConversation, type CoreParts } from './parts';
import type { SettingsService } from './settings';
import { LIMITS } from '../../../shared/limits';

/** A draft may run past a reply's limit while being edited (the composer says so), up to twice it. */
const MAX_DRAFT_LENGTH = LIMITS.draft;

export class Replies {
  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
    private readonly outbox: OutboxRunner,
    private readonly undo: UndoHistory,
    private readonly settings: SettingsService,
    private readonly followUps: FollowUps,
  ) {}

  /**
   * Queues a reply: the pending message, its outbox entry and its follow-up reminder (asked for,
   * or a label's default when `followUp` is undefined; null: none) are written in one transaction.
   */
  send(conversationId: string, text: string, followUp?: FollowUpRequest | null): Message {
    const { db, clock, messages, conversations, drafts } = this.parts;
    requireReplyText(text);
    const c = requireReplyable(this.parts, conversationId);
    const now = clock.now();
    const messageId = `m_${randomUUID()}`;
    // The reply waits out the undo window before it goes (0 s sends at once).
    const sendAt = now + this.settings.current().undoSendSeconds * 1000;
    const planned = this.followUps.plan(conversationId, followUp, now); // a bad request stops here, before anything is written
    const { entryId, reminder } = transaction(db, () => {
      messages.insert({ id: messageId, conversationId, remoteId: null, senderRemoteId: null, senderName: 'You', text, sentAt: now, fromMe: true, status: 'pending' });
      const recipient = conversations.firstParticipant(conversationId);
      const id = this.parts.outbox.enqueue({ accountId: c.accountId, conversationId, payload: { kind: 'send', messageId, remoteConversationId: c.remoteId, recipient, text }, now, dueAt: sendAt });
      conversations.refreshLastMessage(conversationId);
      if (c.reminder) conversations.clearReminder(conversationId); // answered
      drafts.delete(conversationId); // sent: the composer starts empty next time
      return { entryId: id, reminder: this.followUps.setForReply(conversationId, messageId, planned, now) };
    });
    const step: UndoStep = {
      description: reminder.set ? 'Sending and its follow-up reminder cancelled' : 'Sending cancelled',
      conversationIds: [conversationId],
      draft: { conversationId, text },
      revert: () => {
        const entry = this.parts.outbox.get(entryId);
        const gone = !entry || entry.status !== 'pending' || entry.attempts > 0;
        if (gone && reminder.set) {
          // The reply went out; the reminder can still be taken back.
          reminder.revert();
          step.description = 'Follow-up reminder removed (the reply was already sent)';
          delete step.draft;
          return;
        }
        if (gone) throw new AppError('invalid-input', 'That reply has already been sent, so it cannot be undone.');
        reminder.revert();
        this.parts.outbox.delete(entryId);
        messages.delete(messageId);
        conversations.refreshLastMessage(conversationId);
        drafts.set(conversationId, text, clock.now()); // back in the composer, even after a restart
      },
    };
    this.undo.push(step);
    if (reminder.set) this.followUps.changed([conversationId]);
    this.events.emit({ conversations: [conversationId] });
    this.outbox.kick();
    return messages.get(messageId)!;
  }

  /** Tries a reply that could not be delivered again, from the start. */
  retry(messageId: string): void {
    const { entry, message } = this.requireUndelivered(messageId);
    if (entry.status === 'inflight') return; // already on its way
    transaction(this.parts.db, () => {
      this.parts.outbox.requeue(entry.id, this.parts.clock.now());
      this.parts.messages.markPending(messageId);
    });
    this.events.emit({ conversations: [message.conversationId] });
    this.outbox.kick();
  }

  /** Drops a reply that was not delivered (failed, or still waiting): it is never sent. */
  discard(messageId: string): void {
    const { entry, message } = this.requireUndelivered(messageId);
    if (entry.status === 'inflight') throw new AppError('invalid-input', 'This reply is being delivered right now and can no longer be discarded.');
    transaction(this.parts.db, () => {
      this.parts.outbox.delete(entry.id);
      this.parts.messages.delete(messageId);
      this.parts.conversations.refreshLastMessage(message.conversationId);
    });
    this.events.emit({ conversations: [message.conversationId] });
  }

  /** Keeps what the person is writing in a conversation; blank text forgets it. */
  saveDraft(conversationId: string, text: string): void {
    requireConversation(this.parts, conversationId);
    if (typeof text !== 'string') throw invalidInput('A draft must be text.');
    if (text.length > MAX_DRAFT_LENGTH) throw invalidInput(`A draft can be at most ${MAX_DRAFT_LENGTH.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`);
    this.parts.drafts.set(conversationId, text, this.parts.clock.now());
  }


  private requireUndelivered(messageId: string) {
    const message = this.parts.messages.get(messageId);
    const entry = message ? this.parts.outbox.bySendMessage(messageId) : null;
    if (!message || !entry || message.status === 'sent' || entry.status === 'done') {
      throw notFound('That reply was already delivered or no longer exists.');
    }
    return { message, entry };
  }
}

/** Refuses a reply's text that is empty or too long, with a sentence. */
export function requireReplyText(text: unknown): asserts text is string {
  if (typeof text !== 'string' || text.trim().length === 0) throw invalidInput('Write something before sending.');
  if (text.length > MAX_REPLY_LENGTH) throw invalidInput(`A reply can be at most ${MAX_REPLY_LENGTH.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`);
}

/** The conversation a reply goes to; refused, with a sentence, when its LinkedIn account is disconnected. */
export function requireReplyable(parts: CoreParts, conversationId: string) {
  const c = requireConversation(parts, conversationId);
  if (c.disconnected) throw new AppError('disconnected', `The LinkedIn account behind '${c.accountName}' is disconnected. Reconnect it in ${PROVIDER_LABELS[c.provider]} to reply.`);
  return c;
}
