/**
 * Scheduled replies ("send later"): an outbox entry with the time the person chose (send_at), the
 * pending message written with it in one transaction, so the reply shows in its thread and a sync
 * that finds it sent matches it (the outbox's exactly-once rules hold unchanged). The outbox
 * runner's due-time timer takes it when due, or at start/wake when that time passed meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { Message, ScheduledReply } from '../../../shared/domain';
import { transaction } from '../db/database';
import { AppError, invalidInput, notFound } from '../errors';
import type { OutboxEntry, SendPayload } from '../store/outbox';
import type { UndoHistory } from '../undo-history';
import type { CoreEvents } from './events';
import type { OutboxRunner } from './outbox-runner';
import type { CoreParts } from './parts';
import { requireReplyable, requireReplyText } from './replies';

/** A reply can be scheduled at most this far ahead (a year): a later time is almost surely a typo. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3_600_000;

export class ScheduledReplies {
  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
    private readonly outbox: OutboxRunner,
    private readonly undo: UndoHistory,
  ) {}

  /** Schedules a reply to go at `sendAt`; the composer's draft is cleared (it now waits in Scheduled). */
  schedule(conversationId: string, text: string, sendAt: number): ScheduledReply {
    const { db, clock, messages, conversations, drafts } = this.parts;
    requireReplyText(text);
    this.requireFuture(sendAt);
    const c = requireReplyable(this.parts, conversationId);
    const now = clock.now();
    const messageId = `m_${randomUUID()}`;
    const entryId = transaction(db, () => {
      messages.insert({ id: messageId, conversationId, remoteId: null, senderRemoteId: null, senderName: 'You', text, sentAt: now, fromMe: true, status: 'pending' });
      const recipient = conversations.firstParticipant(conversationId);
      const id = this.parts.outbox.enqueue({ accountId: c.accountId, conversationId, payload: { kind: 'send', messageId, remoteConversationId: c.remoteId, recipient, text }, now, scheduledAt: sendAt });
      conversations.refreshLastMessage(conversationId);
      drafts.delete(conversationId);
      return id;
    });
    this.undo.push({
      description: 'Scheduled reply removed',
      conversationIds: [conversationId],
      scheduled: true,
      draft: { conversationId, text },
      revert: () => {
        // By its message: a cancel undone in between queued it again under a new entry.
        const entry = this.parts.outbox.bySendMessage(messageId);
        if (!entry) throw notFound('That scheduled reply no longer exists.');
        if (entry.status === 'done' || entry.status === 'inflight') throw new AppError('invalid-input', 'That scheduled reply has already been sent, so it cannot be undone.');
        this.remove(entry, messageId, conversationId);
        drafts.set(conversationId, text, clock.now());
      },
    });
    this.changed(conversationId);
    return this.describe(this.parts.outbox.get(entryId)!);
  }

  /** Every scheduled reply not yet sent, soonest first. */
  list(): ScheduledReply[] {
    return this.parts.outbox.scheduled().map((e) => this.describe(e));
  }

  /** Changes a scheduled reply's text, its time, or both. */
  edit(messageId: string, change: { text?: string; sendAt?: number }): ScheduledReply {
    const { entry, payload } = this.requireWaiting(messageId, 'edited');
    if (change.text !== undefined) requireReplyText(change.text);
    if (change.sendAt !== undefined) this.requireFuture(change.sendAt);
    const text = change.text ?? payload.text;
    const sendAt = change.sendAt ?? entry.sendAt!;
    transaction(this.parts.db, () => {
      this.parts.outbox.reschedule(entry.id, sendAt, { ...payload, text }, this.parts.clock.now());
      this.parts.messages.updateText(messageId, text);
      this.parts.messages.markPending(messageId);
      if (entry.conversationId) this.parts.conversations.refreshLastMessage(entry.conversationId);
    });
    this.changed(entry.conversationId);
    return this.describe(this.parts.outbox.get(entry.id)!);
  }

  /** Sends a scheduled reply now instead of at its time. */
  sendNow(messageId: string): void {
    const { entry, payload } = this.requireWaiting(messageId, 'sent now');
    transaction(this.parts.db, () => {
      this.parts.outbox.reschedule(entry.id, this.parts.clock.now(), payload, this.parts.clock.now());
      this.parts.messages.markPending(messageId);
    });
    this.changed(entry.conversationId);
  }

  /** Cancels a scheduled reply: it is never sent (undo brings it back, at its time). */
  cancel(messageId: string): void {
    const { entry, payload } = this.requireWaiting(messageId, 'cancelled');
    const message = this.parts.messages.get(messageId)!;
    const conversationId = message.conversationId;
    transaction(this.parts.db, () => this.remove(entry, messageId, conversationId));
    this.undo.push({
      description: 'Scheduled reply restored',
      conversationIds: [conversationId],
      scheduled: true,
      revert: () => {
        const { clock, messages, conversations } = this.parts;
        messages.insert({ id: messageId, conversationId, remoteId: null, senderRemoteId: null, senderName: 'You', text: payload.text, sentAt: message.sentAt, fromMe: true, status: 'pending' });
        // Its time may have passed meanwhile: then it goes at once (and says it went late).
        this.parts.outbox.enqueue({ accountId: entry.accountId, conversationId, payload, now: clock.now(), scheduledAt: entry.sendAt! });
        conversations.refreshLastMessage(conversationId);
      },
    });
    this.changed(conversationId);
  }

  /** A thread page with each unsent scheduled reply marked with the time it goes. */
  inThread<P extends { messages: Message[] }>(page: P): P {
    return { ...page, messages: this.annotate(page.messages) };
  }

  private annotate(messages: Message[]): Message[] {
    return messages.map((m) => {
      if (!m.fromMe || m.status === 'sent') return m;
      const entry = this.parts.outbox.bySendMessage(m.id);
      return entry?.sendAt != null && entry.status !== 'done' ? { ...m, scheduledFor: entry.sendAt } : m;
    });
  }

  private remove(entry: OutboxEntry, messageId: string, conversationId: string): void {
    this.parts.outbox.delete(entry.id);
    this.parts.messages.delete(messageId);
    this.parts.conversations.refreshLastMessage(conversationId);
  }

  private requireFuture(sendAt: number): void {
    const now = this.parts.clock.now();
    if (typeof sendAt !== 'number' || !Number.isFinite(sendAt)) throw invalidInput('Pick a time to send this reply.');
    if (sendAt <= now) throw invalidInput('That time has already passed — pick one in the future.');
    if (sendAt - now > MAX_SCHEDULE_AHEAD_MS) throw invalidInput('A reply can be scheduled at most a year ahead — pick an earlier time.');
  }

  private requireWaiting(messageId: string, verb: string): { entry: OutboxEntry; payload: SendPayload } {
    const entry = this.parts.outbox.bySendMessage(messageId);
    if (!entry || entry.sendAt === null || entry.status === 'done' || entry.payload.kind !== 'send') {
      throw notFound('That scheduled reply was already sent or no longer exists.');
    }
    if (entry.status === 'inflight') throw new AppError('invalid-input', `This reply is being sent right now and can no longer be ${verb}.`);
    return { entry, payload: entry.payload };
  }

  private describe(e: OutboxEntry): ScheduledReply {
    const c = e.conversationId ? this.parts.conversations.get(e.conversationId) : null;
    const payload = e.payload as SendPayload;
    return {
      messageId: payload.messageId,
      conversationId: e.conversationId ?? '',
      name: c ? c.participant.name || c.title : 'A removed conversation',
      accountName: c?.accountName ?? '',
      text: payload.text,
      sendAt: e.sendAt!,
      state: e.status === 'failed' ? 'failed' : e.status === 'inflight' ? 'sending' : 'waiting',
      note: e.lastError,
    };
  }

  private changed(conversationId: string | null): void {
    this.events.emit({ conversations: conversationId ? [conversationId] : 'all', scheduled: true });
    this.outbox.kick();
  }
}
