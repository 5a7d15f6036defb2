/**
 * The triage the person does (archive, read state, labels, snooze, bulk, undo): each action runs
 * in triage.ts, then tells listeners what changed and kicks the outbox for its provider mirror.
 * Also brings snoozed conversations back when they come due.
 */
import * as chrono from 'chrono-node';
import type { ArchiveMode, BulkAction, Label, LabelPatch, SnoozeRequest, TriageResult, UndoResult, ViewCounts } from '../../../shared/domain';
import { transaction } from '../db/database';
import { invalidInput } from '../errors';
import { notifyReminders } from '../notification-rules';
import { SnoozeScheduler } from '../snooze-scheduler';
import { Triage } from '../triage';
import type { UndoHistory } from '../undo-history';
import type { Attention } from './attention';
import type { CoreEvents } from './events';
import type { OutboxRunner } from './outbox-runner';
import { requireConversation, type CoreParts } from './parts';
import type { ProviderPool } from './provider-pool';
import type { SettingsService } from './settings';

export class TriageActions {
  readonly triage: Triage;
  /** The undo history every action records into (replies too). */
  readonly history: UndoHistory;
  /** Brings snoozed conversations back when they come due. */
  readonly snoozes: SnoozeScheduler;

  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
    private readonly outbox: OutboxRunner,
    private readonly attention: Attention,
    pool: ProviderPool,
    settings: SettingsService,
  ) {
    const { db, clock, conversations, labels } = parts;
    this.triage = new Triage({ db, clock, conversations, labels, outbox: parts.outbox, settings: () => settings.current(), capLeft: (accountId, action) => pool.capLeft(accountId, action) });
    this.history = this.triage.undo;
    this.snoozes = new SnoozeScheduler(clock, () => conversations.nextSnoozeAt(), (now) => this.bringBackDue(now));
  }

  /** Archives: smart (default) comes back when the other person writes; 'forever' stays archived. Mirrored where offered. */
  archive(conversationId: string, mode: ArchiveMode = 'smart'): TriageResult {
    return this.changed([conversationId], this.triage.archive(conversationId, mode));
  }

  /** Moves a conversation back to the inbox (and on the provider, where it mirrors archive). */
  unarchive(conversationId: string): TriageResult {
    return this.changed([conversationId], this.triage.unarchive(conversationId));
  }

  /** Marks read here; tells the provider only when read receipts are switched on. */
  markRead(conversationId: string): TriageResult {
    return this.changed([conversationId], this.triage.markRead(conversationId, { recordUndo: true }));
  }

  /** Marks unread here, and on the provider where it offers that. */
  markUnread(conversationId: string): TriageResult {
    return this.changed([conversationId], this.triage.markUnread(conversationId));
  }

  /** Every label, pinned ones first. */
  listLabels(): Label[] {
    return this.parts.labels.list();
  }

  /** Creates a label (a colour is picked when none is given). */
  createLabel(name: string, color?: string): Label {
    const label = this.triage.createLabel(name, color);
    this.events.emit({ labels: true });
    return label;
  }

  /** Renames, recolours or pins a label; a rename is mirrored where labels are. */
  updateLabel(labelId: string, patch: LabelPatch): Label {
    const label = this.triage.updateLabel(labelId, patch);
    this.events.emit({ labels: true, conversations: 'all' });
    this.outbox.kick();
    return label;
  }

  /** Deletes a label from every conversation (and the provider, where labels are mirrored). */
  deleteLabel(labelId: string): void {
    this.triage.deleteLabel(labelId);
    this.events.emit({ labels: true, conversations: 'all' });
    this.outbox.kick();
  }

  /** Adds and removes labels on conversations, as one undo step. */
  setLabels(conversationIds: string[], add: string[], remove: string[]): TriageResult {
    const result = this.triage.setLabels(conversationIds, add, remove);
    this.events.emit({ labels: true });
    return this.changed(conversationIds, result);
  }

  /** Snoozes until an absolute instant; the scheduler brings it back then, marked as a reminder. */
  snooze(conversationId: string, request: SnoozeRequest): TriageResult {
    const result = this.triage.snooze(conversationId, request);
    this.snoozes.check();
    return this.changed([conversationId], result);
  }

  /** Ends a snooze now. */
  unsnooze(conversationId: string): TriageResult {
    const result = this.triage.unsnooze(conversationId);
    this.snoozes.check();
    return this.changed([conversationId], result);
  }

  /** Reads "tomorrow 9am", "in 3 days", "mon 14:00" as an instant in the future (local time). */
  parseSnoozeTime(text: string): { until: number; description: string } {
    const now = this.parts.clock.now();
    const at = chrono.parseDate(text, new Date(now), { forwardDate: true });
    if (!at || !Number.isFinite(at.getTime())) {
      throw invalidInput(`“${text.trim().slice(0, 60)}” is not a time this app can read — try “tomorrow 9am”, “in 3 days” or “mon 14:00”.`);
    }
    if (at.getTime() <= now) throw invalidInput('That time has already passed — pick one in the future.');
    const description = at.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
    return { until: at.getTime(), description };
  }

  /** Takes the reminder mark off a conversation that came back from a snooze. */
  clearReminder(conversationId: string): void {
    requireConversation(this.parts, conversationId);
    this.parts.conversations.clearReminder(conversationId);
    this.events.emit({ conversations: [conversationId] });
  }

  /** Applies one triage action to many conversations: one transaction, one undo step, one change event. */
  bulk(conversationIds: string[], action: BulkAction): TriageResult {
    const { result } = this.triage.bulk(conversationIds, action);
    if (action.kind === 'snooze' || action.kind === 'unsnooze') this.snoozes.check();
    return this.changed([...new Set(conversationIds)], result);
  }

  /** Undoes the last triage action, or cancels the last reply still in its undo window. */
  undo(): UndoResult | null {
    const step = this.history.pop();
    if (!step) return null;
    this.snoozes.check();
    this.events.emit({ conversations: step.conversationIds, labels: true, ...(step.scheduled ? { scheduled: true } : {}) });
    this.outbox.kick();
    return step.draft ? { description: step.description, draft: step.draft } : { description: step.description };
  }

  private changed(conversationIds: string[], result: TriageResult): TriageResult {
    // The counts ride along, so the window need not ask for them again after every key. The change
    // is saved by now: a count that cannot be read must not make it look refused (the window then
    // asks for the counts itself, and meets the failure there).
    const { conversations, accounts } = this.parts;
    let counts: ViewCounts | null = null;
    try {
      counts = conversations.counts(accounts.list().map((a) => a.id));
    } catch {
      counts = null;
    }
    this.events.emit(counts ? { conversations: conversationIds, counts } : { conversations: conversationIds });
    this.outbox.kick();
    return result;
  }

  /** Snoozes that came due: back on top of the inbox as reminders, with one notification for the group. */
  private bringBackDue(now: number): void {
    const { db, conversations } = this.parts;
    const due = conversations.dueSnoozes(now);
    if (due.length === 0) return;
    const reminders = transaction(db, () =>
      due.map((d) => {
        // Each comes back at its own due time, so a group keeps the order it was snoozed for.
        conversations.remind(d.id, d.until, d.note);
        return { conversationId: d.id, name: conversations.get(d.id)?.participant.name ?? 'A conversation', note: d.note };
      }),
    );
    notifyReminders(this.attention.notify, reminders);
    this.events.emit({ conversations: due.map((d) => d.id) });
  }
}
