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
import { DueScheduler } from '../snooze-scheduler';
import { Triage } from '../triage';
import type { UndoHistory } from '../undo-history';
import type { Attention } from './attention';
import type { CoreEvents } from './events';
import type { OutboxRunner } from './outbox-runner';
import { requireConversation, type CoreParts } from './parts';
import type { ProviderPool } from './provider-pool';
import type { SettingsService } from './settings';
import { LIMITS } from '../../../shared/limits';

export class TriageActions {
  readonly triage: Triage;
  /** The undo history every action records into (replies too). */
  readonly history: UndoHistory;
  /** Brings snoozed conversations back when they come due (and, added by the facade, follow-ups). */
  readonly dueTimes: DueScheduler;

  constructor(
    private readonly parts: CoreParts,
    private readonly events: CoreEvents,
    private readonly outbox: OutboxRunner,
    private readonly attention: Attention,
    pool: ProviderPool,
    settings: SettingsService,
    /** The counts of views the conversation store does not know (the saved split tabs). */
    private readonly moreCounts: () => ViewCounts = () => ({}),
  ) {
    const { db, clock, conversations, labels } = parts;
    this.triage = new Triage({ db, clock, conversations, labels, outbox: parts.outbox, settings: () => settings.current(), capLeft: (accountId, action) => pool.capLeft(accountId, action) });
    this.history = this.triage.undo;
    this.dueTimes = new DueScheduler(clock, { nextDueAt: () => conversations.nextSnoozeAt(), fireDue: (now) => this.bringBackDue(now) });
  }

  /** Archives: smart (default) comes back when the other person writes; 'forever' stays archived. Mirrored where offered. */
  archive(conversationId: string, mode: ArchiveMode = 'smart'): TriageResult {
    return this.changed([conversationId], () => this.triage.archive(conversationId, mode));
  }

  /** Moves a conversation back to the inbox (and on the provider, where it mirrors archive). */
  unarchive(conversationId: string): TriageResult {
    return this.changed([conversationId], () => this.triage.unarchive(conversationId));
  }

  /** Marks read here; tells the provider only when read receipts are switched on. */
  markRead(conversationId: string): TriageResult {
    return this.changed([conversationId], () => this.triage.markRead(conversationId, { recordUndo: true }));
  }

  /** Marks unread here, and on the provider where it offers that. */
  markUnread(conversationId: string): TriageResult {
    return this.changed([conversationId], () => this.triage.markUnread(conversationId));
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
    const days = patch.followUpDays;
    if (days !== undefined && days !== null && (!Number.isInteger(days) || days < 1 || days > LIMITS.followUpDays)) {
      throw invalidInput(`A label's follow-up can be 1 to ${LIMITS.followUpDays} days.`);
    }
    const label = transaction(this.parts.db, () => {
      this.triage.updateLabel(labelId, patch);
      if (days !== undefined) this.parts.followUps.setLabelDefault(labelId, days);
      return this.parts.labels.get(labelId)!;
    });
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
    return this.changed(conversationIds, () => {
      const result = this.triage.setLabels(conversationIds, add, remove);
      this.events.emit({ labels: true });
      return result;
    });
  }

  /** Snoozes until an absolute instant; the scheduler brings it back then, marked as a reminder. */
  snooze(conversationId: string, request: SnoozeRequest): TriageResult {
    return this.changed([conversationId], () => {
      const result = this.triage.snooze(conversationId, request);
      this.dueTimes.check();
      return result;
    });
  }

  /** Ends a snooze now. */
  unsnooze(conversationId: string): TriageResult {
    return this.changed([conversationId], () => {
      const result = this.triage.unsnooze(conversationId);
      this.dueTimes.check();
      return result;
    });
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
    return this.changed([...new Set(conversationIds)], () => {
      const { result } = this.triage.bulk(conversationIds, action);
      if (action.kind === 'snooze' || action.kind === 'unsnooze') this.dueTimes.check();
      return result;
    });
  }

  /** Undoes the last triage action, or cancels the last reply still in its undo window. */
  undo(): UndoResult | null {
    const step = this.history.pop();
    if (!step) return null;
    this.dueTimes.check();
    this.events.emit({ conversations: step.conversationIds, labels: true, ...(step.scheduled ? { scheduled: true } : {}) });
    this.outbox.kick();
    return step.draft ? { description: step.description, draft: step.draft } : { description: step.description };
  }

  /**
   * Runs a change to these conversations, then tells listeners. The counts ride along, so the window
   * need not ask for them again after every key; they follow from what changed (view-counts.ts), not
   * from a recount. The change is saved by then: counts that cannot be read must not make it look
   * refused (the window then asks for the counts itself, and meets the failure there).
   */
  private changed(conversationIds: string[], change: () => TriageResult): TriageResult {
    const { result, counts: viewCounts } = this.parts.viewCounts.around(conversationIds, change);
    // The saved split tabs' counts come from their searches (split-tabs.ts), after the change.
    let counts: ViewCounts | null = null;
    try {
      counts = viewCounts ? { ...viewCounts, ...this.moreCounts() } : null;
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
