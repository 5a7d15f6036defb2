/**
 * Triage: archive, read state, labels and snooze. Each action changes the cache and, where
 * the provider can carry it out (capability flags), appends an outbox entry in the same
 * transaction. Each records how to undo itself: a mirror still waiting in the outbox is
 * cancelled; one already delivered is reversed with the opposite action.
 */
import { randomUUID } from 'node:crypto';
import type { AppSettings, ArchiveMode, BulkAction, Label, LabelPatch, SnoozeRequest, TriageResult } from '../../shared/domain';
import { LABEL_COLORS, MAX_LABELS, PROVIDER_LABELS } from '../../shared/domain';
import { transaction, type Db } from './db/database';
import { invalidInput, notFound } from './errors';
import type { Clock } from './ports';
import { PROVIDER_CAPABILITIES } from './providers/capabilities';
import type { MirrorAction } from './providers/types';
import type { ConversationRecord, ConversationStore } from './store/conversations';
import type { LabelStore } from './store/labels';
import type { OutboxStore } from './store/outbox';
import { BULK_NAMES, capFor, checkColor, checkLabelName, cleanNote, mirrorable, wouldChange } from './triage-rules';
import { UndoHistory } from './undo-history';

export type { TriageResult };

export interface TriageDeps {
  db: Db;
  clock: Clock;
  conversations: ConversationStore;
  labels: LabelStore;
  outbox: OutboxStore;
  settings: () => AppSettings;
  /** Today's cap left for a provider action ('organize', 'read'), or null when uncapped. */
  capLeft: (accountId: string, action: string) => number | null;
}

export class Triage {
  /** Every action records how to undo itself here (replies still in their undo window too). */
  readonly undo: UndoHistory;

  constructor(private readonly d: TriageDeps) {
    this.undo = new UndoHistory(d.db, (id) => d.conversations.get(id) !== null);
  }

  // ---- mirrors -------------------------------------------------------------------

  /** Queues the provider's copy of an action when it offers one and today's cap allows; else says it stays local. */
  private mirror(c: ConversationRecord, action: MirrorAction, notices: string[]): number | null {
    if (!mirrorable(PROVIDER_CAPABILITIES[c.provider], action, this.d.settings())) return null;
    const left = this.d.capLeft(c.accountId, capFor(action));
    if (left !== null && left <= 0) {
      notices.push(`${PROVIDER_LABELS[c.provider]}'s daily limit for '${c.accountName}' is used up, so this stays in this app only.`);
      return null;
    }
    return this.d.outbox.enqueue({ accountId: c.accountId, conversationId: c.id, payload: { kind: 'mirror', remoteConversationId: c.remoteId, action }, now: this.d.clock.now() });
  }

  /** Undoing a mirrored action: cancel it if it has not gone out yet, else queue the opposite. */
  private unmirror(c: ConversationRecord, entryId: number | null, inverse: MirrorAction | null): void {
    if (entryId === null) return;
    const entry = this.d.outbox.get(entryId);
    if (entry && entry.status === 'pending' && entry.attempts === 0) {
      this.d.outbox.delete(entryId);
      return;
    }
    if (inverse) this.mirror(c, inverse, []);
  }

  private require(id: string): ConversationRecord {
    const c = this.d.conversations.get(id);
    if (!c) throw notFound('That conversation is no longer in the cache.');
    return c;
  }

  private result(notices: string[]): TriageResult {
    return { notice: notices.length > 0 ? [...new Set(notices)].join(' ') : null };
  }

  // ---- archive -------------------------------------------------------------------

  archive(id: string, mode: ArchiveMode): TriageResult {
    const c = this.require(id);
    const notices: string[] = [];
    const prev = { mode: c.archived, at: c.archivedAt, reminder: c.reminder };
    const action: MirrorAction = mode === 'smart' ? { type: 'smart-archive' } : { type: 'archive' };
    const entry = transaction(this.d.db, () => {
      this.d.conversations.setArchived(id, mode, this.d.clock.now());
      if (c.reminder) this.d.conversations.clearReminder(id); // dealt with
      return this.mirror(c, action, notices);
    });
    this.undo.push({
      description: mode === 'smart' ? 'Archive undone' : 'Archive for good undone',
      conversationIds: [id],
      revert: () => {
        this.d.conversations.setArchived(id, prev.mode, prev.at ?? this.d.clock.now());
        if (prev.reminder) this.d.conversations.remind(id, prev.reminder.at, prev.reminder.note);
        // Back to how it was before, on the provider too (smart and for good are told apart there).
        this.unmirror(c, entry, prev.mode === null ? { type: 'unarchive' } : prev.mode === 'smart' ? { type: 'smart-archive' } : { type: 'archive' });
      },
    });
    return this.result(notices);
  }

  unarchive(id: string): TriageResult {
    const c = this.require(id);
    const notices: string[] = [];
    const prev = { mode: c.archived, at: c.archivedAt };
    const entry = transaction(this.d.db, () => {
      this.d.conversations.setArchived(id, null, this.d.clock.now());
      return prev.mode !== null ? this.mirror(c, { type: 'unarchive' }, notices) : null;
    });
    this.undo.push({
      description: 'Move to inbox undone',
      conversationIds: [id],
      revert: () => {
        this.d.conversations.setArchived(id, prev.mode, prev.at ?? this.d.clock.now());
        this.unmirror(c, entry, prev.mode === 'smart' ? { type: 'smart-archive' } : prev.mode === 'forever' ? { type: 'archive' } : null);
      },
    });
    return this.result(notices);
  }

  // ---- read state ----------------------------------------------------------------

  markRead(id: string, opts: { recordUndo: boolean }): TriageResult {
    const c = this.require(id);
    const notices: string[] = [];
    const prev = this.d.conversations.readState(id)!;
    const entry = transaction(this.d.db, () => {
      this.d.conversations.markRead(id, Math.max(this.d.clock.now(), c.lastMessageAt));
      return prev.unreadCount > 0 ? this.mirror(c, { type: 'mark-seen' }, notices) : null;
    });
    if (opts.recordUndo) {
      this.undo.push({
        description: 'Mark as read undone',
        conversationIds: [id],
        revert: () => {
          this.d.conversations.restoreReadState(id, prev);
          this.unmirror(c, entry, { type: 'mark-unread' });
        },
      });
    }
    return this.result(notices);
  }

  markUnread(id: string): TriageResult {
    const c = this.require(id);
    const notices: string[] = [];
    const prev = this.d.conversations.readState(id)!;
    const entry = transaction(this.d.db, () => {
      this.d.conversations.markUnread(id);
      return this.mirror(c, { type: 'mark-unread' }, notices);
    });
    this.undo.push({
      description: 'Mark as unread undone',
      conversationIds: [id],
      revert: () => {
        this.d.conversations.restoreReadState(id, prev);
        this.unmirror(c, entry, null); // a read receipt is not re-sent by undo
      },
    });
    return this.result(notices);
  }

  // ---- labels --------------------------------------------------------------------

  createLabel(name: string, color?: string): Label {
    const clean = checkLabelName(name);
    if (this.d.labels.byName(clean)) throw invalidInput(`There is already a label called '${clean}'.`);
    const existing = this.d.labels.list().length;
    if (existing >= MAX_LABELS) throw invalidInput(`You have ${MAX_LABELS.toLocaleString('en')} labels, the most this app keeps; delete some you no longer use first.`);
    const id = `l_${randomUUID()}`;
    this.d.labels.insert({ id, name: clean, color: checkColor(color ?? LABEL_COLORS[existing % LABEL_COLORS.length]!), createdAt: this.d.clock.now() });
    return this.d.labels.get(id)!;
  }

  /** Renames, recolours or pins a label. A rename is mirrored (unlabel old, label new) where labels are. */
  updateLabel(labelId: string, patch: LabelPatch): Label {
    const current = this.d.labels.get(labelId);
    if (!current) throw notFound('That label no longer exists.');
    const name = patch.name === undefined ? current.name : checkLabelName(patch.name);
    const clash = this.d.labels.byName(name);
    if (clash && clash.id !== labelId) throw invalidInput(`There is already a label called '${name}'.`);
    const color = patch.color === undefined ? current.color : checkColor(patch.color);
    transaction(this.d.db, () => {
      this.d.labels.update(labelId, { name, color, pinned: patch.pinned ?? current.pinned });
      if (name !== current.name) {
        for (const cid of this.d.labels.conversationsWith(labelId)) {
          const c = this.require(cid);
          this.mirror(c, { type: 'unlabel', label: current.name }, []);
          this.mirror(c, { type: 'label', label: name }, []);
        }
      }
    });
    return this.d.labels.get(labelId)!;
  }

  deleteLabel(labelId: string): void {
    const current = this.d.labels.get(labelId);
    if (!current) throw notFound('That label no longer exists.');
    transaction(this.d.db, () => {
      for (const cid of this.d.labels.conversationsWith(labelId)) this.mirror(this.require(cid), { type: 'unlabel', label: current.name }, []);
      this.d.labels.delete(labelId);
    });
  }

  setLabels(conversationIds: string[], add: string[], remove: string[]): TriageResult {
    const notices: string[] = [];
    const labels = new Map([...add, ...remove].map((id) => [id, this.d.labels.get(id)]));
    for (const [id, l] of labels) if (!l) throw notFound(`That label no longer exists (${id}).`);
    const changes: { c: ConversationRecord; labelId: string; added: boolean; entry: number | null }[] = [];
    transaction(this.d.db, () => {
      for (const cid of conversationIds) {
        const c = this.require(cid);
        for (const labelId of add) {
          if (this.d.labels.add(cid, labelId)) changes.push({ c, labelId, added: true, entry: this.mirror(c, { type: 'label', label: labels.get(labelId)!.name }, notices) });
        }
        for (const labelId of remove) {
          if (this.d.labels.remove(cid, labelId)) changes.push({ c, labelId, added: false, entry: this.mirror(c, { type: 'unlabel', label: labels.get(labelId)!.name }, notices) });
        }
      }
    });
    if (changes.length > 0) {
      this.undo.push({
        description: 'Label change undone',
        conversationIds,
        revert: () => {
          for (const ch of changes.reverse()) {
            const name = this.d.labels.get(ch.labelId)?.name;
            if (name === undefined) continue;
            if (ch.added) this.d.labels.remove(ch.c.id, ch.labelId);
            else this.d.labels.add(ch.c.id, ch.labelId);
            this.unmirror(ch.c, ch.entry, ch.added ? { type: 'unlabel', label: name } : { type: 'label', label: name });
          }
        },
      });
    }
    return this.result(notices);
  }

  // ---- snooze --------------------------------------------------------------------

  snooze(id: string, req: SnoozeRequest): TriageResult {
    const c = this.require(id);
    const now = this.d.clock.now();
    if (!Number.isFinite(req.until) || req.until <= now) throw invalidInput('Pick a time in the future to snooze until.');
    const note = cleanNote(req.note);
    const notices: string[] = [];
    const prev = { until: c.snoozedUntil, note: c.snoozeNote, cancelIfReply: c.snoozeCancelIfReply, reminder: c.reminder };
    const entry = transaction(this.d.db, () => {
      this.d.conversations.setSnooze(id, { until: req.until, note, cancelIfReply: req.cancelIfReply ?? false });
      if (c.reminder) this.d.conversations.clearReminder(id);
      return this.mirror(c, { type: 'snooze', until: req.until, note }, notices);
    });
    this.undo.push({
      description: 'Snooze undone',
      conversationIds: [id],
      revert: () => {
        this.d.conversations.setSnooze(id, prev.until === null ? null : { until: prev.until, note: prev.note, cancelIfReply: prev.cancelIfReply });
        if (prev.reminder) this.d.conversations.remind(id, prev.reminder.at, prev.reminder.note);
        // A snooze over a snooze goes back to the earlier one (if it is still ahead). Otherwise:
        // Crispy has no "unsnooze", and unarchive is assumed to bring a snoozed thread back.
        const back = prev.until !== null && prev.until > this.d.clock.now();
        this.unmirror(c, entry, back ? { type: 'snooze', until: prev.until!, note: prev.note } : { type: 'unarchive' });
      },
    });
    return this.result(notices);
  }

  unsnooze(id: string): TriageResult {
    const c = this.require(id);
    if (c.snoozedUntil === null) return { notice: null };
    const prev = { until: c.snoozedUntil, note: c.snoozeNote, cancelIfReply: c.snoozeCancelIfReply };
    const notices: string[] = [];
    const entry = transaction(this.d.db, () => {
      this.d.conversations.setSnooze(id, null);
      return this.mirror(c, { type: 'unarchive' }, notices);
    });
    this.undo.push({
      description: 'Unsnooze undone',
      conversationIds: [id],
      revert: () => {
        this.d.conversations.setSnooze(id, prev);
        this.unmirror(c, entry, { type: 'snooze', until: prev.until, note: prev.note });
      },
    });
    return this.result(notices);
  }

  // ---- bulk ----------------------------------------------------------------------

  /**
   * One action on many conversations, as one transaction and one undo step. Every id is
   * checked before anything changes; conversations the action would not change (already
   * archived, already read...) are skipped. Returns the ids it changed.
   */
  bulk(conversationIds: string[], action: BulkAction): { result: TriageResult; changed: string[] } {
    const records = [...new Set(conversationIds)].map((id) => this.d.conversations.get(id));
    const missing = records.filter((c) => c === null).length;
    if (missing > 0) {
      throw notFound(
        missing === 1
          ? 'One of the selected conversations is no longer in the cache, so nothing was changed.'
          : `${missing} of the selected conversations are no longer in the cache, so nothing was changed.`,
      );
    }
    if (action.kind === 'snooze' && (!Number.isFinite(action.request.until) || action.request.until <= this.d.clock.now())) {
      throw invalidInput('Pick a time in the future to snooze until.');
    }
    const targets = (records as ConversationRecord[]).filter((c) => wouldChange(c, action));
    const notices: string[] = [];
    this.undo.batch(
      (n) => `${BULK_NAMES[action.kind === 'archive' && action.mode === 'forever' ? 'archiveForever' : action.kind]} of ${n} conversations undone`,
      () => {
        for (const c of targets) {
          const { notice } = this.apply(c.id, action);
          if (notice) notices.push(notice);
        }
      },
    );
    return { result: this.result(notices), changed: targets.map((c) => c.id) };
  }

  private apply(id: string, action: BulkAction): TriageResult {
    switch (action.kind) {
      case 'archive':
        return this.archive(id, action.mode ?? 'smart');
      case 'unarchive':
        return this.unarchive(id);
      case 'markRead':
        return this.markRead(id, { recordUndo: true });
      case 'markUnread':
        return this.markUnread(id);
      case 'snooze':
        return this.snooze(id, action.request);
      case 'unsnooze':
        return this.unsnooze(id);
    }
  }
}
