/** Triage: archive, back to the inbox, snooze, read state, labels, reminders and undo, each optimistic through the runner. */
import type { ArchiveMode, ConversationSummary, SnoozeRequest } from '../../../shared/domain';
import { errorSentence } from '../api';
import { describeKeyOf } from '../keymap';
import type { StoreKit } from './kit';
import type { ConversationChange } from './optimistic';
import type { TriageRunner } from './runner';
import type { InboxActions } from './types';

/** The triage slice's actions, built on the store's shared kit. */
export function triageSlice(kit: StoreKit, runner: TriageRunner): Pick<InboxActions, 'archive' | 'moveToInbox' | 'unsnooze' | 'toggleRead' | 'applyLabel' | 'createLabel' | 'updateLabel' | 'deleteLabel' | 'snooze' | 'parseSnoozeTime' | 'clearReminder' | 'undo'> {
  const { api, set, get, b, notify, showToast, explainArchive, refreshLabels, refreshList, target, checkedIds, plural, targets } = kit;
  const { bulkRun, unseenRun, optimistic, restoreDraft } = runner;
  let undoing = false;

  return {
    async archive(id, mode) {
      // The core decides the mode when none is asked for, what becomes of a reminder, and which
      // picked conversations change; the rows show its answer once the list is read again.
      const forever = mode === 'forever';
      const picked = id == null ? checkedIds() : null;
      if (picked) {
        await bulkRun(picked, { kind: 'archive', ...(mode ? { mode } : {}) }, `Archived ${plural(picked.length)}${forever ? ' for good' : ''}`, (c) => archivedGuess(c, mode));
        return;
      }
      const c = target(id);
      if (!c) return;
      // Said here rather than asked: the core archives an archived conversation again without a word.
      if (c.archived === 'forever' || (c.archived !== null && !forever)) {
        notify(`This conversation is already archived. ${describeKeyOf('moveToInbox') || 'The palette’s “Move to inbox”'} moves it back to the inbox.`, 'error', { kind: 'conversation', id: c.id });
        return;
      }
      if (!forever) explainArchive(c);
      const toastId = showToast(forever ? 'Archived for good' : 'Archived', true);
      await optimistic([{ before: c, after: archivedGuess(c, mode) }], () => (mode === undefined ? api.archive(c.id) : api.archive(c.id, mode)), { undoable: true, toastId });
    },

    async moveToInbox(id) {
      const picked = id == null ? checkedIds() : null;
      if (picked) {
        const list = targets(picked);
        // Snoozed ones wake up; archived ones come back (what the view shows decides).
        if (list.length > 0 && list.every((c) => c.snoozedUntil !== null && !c.archived)) {
          await bulkRun(picked, { kind: 'unsnooze' }, `Unsnoozed ${plural(picked.length)}`, (c) => (c.snoozedUntil === null ? null : { ...c, snoozedUntil: null, snoozeNote: null }));
        } else {
          await bulkRun(picked, { kind: 'unarchive' }, `Moved ${plural(picked.length)} to the inbox`, (c) => (c.archived ? { ...c, archived: null } : null));
        }
        return;
      }
      const c = target(id);
      if (!c) return;
      if (c.snoozedUntil !== null && !c.archived) {
        await get().unsnooze(c.id);
        return;
      }
      if (!c.archived) return;
      const toastId = showToast('Moved to inbox', true);
      await optimistic([{ before: c, after: { ...c, archived: null } }], () => api.unarchive(c.id), { undoable: true, toastId });
    },

    async unsnooze(id) {
      const c = target(id);
      if (!c || c.snoozedUntil === null) return;
      const toastId = showToast('Unsnoozed — back in the inbox', true);
      await optimistic([{ before: c, after: { ...c, snoozedUntil: null, snoozeNote: null } }], () => api.unsnooze(c.id), { undoable: true, toastId });
    },

    async toggleRead(id) {
      const picked = id == null ? checkedIds() : null;
      if (picked) {
        // Any unread among them: all become read; all read: all become unread.
        const makeRead = targets(picked).some((c) => c.unreadCount > 0);
        await bulkRun(
          picked,
          { kind: makeRead ? 'markRead' : 'markUnread' },
          makeRead ? `Marked ${plural(picked.length)} as read` : `Marked ${plural(picked.length)} as unread`,
          (c) => (makeRead ? (c.unreadCount > 0 ? { ...c, unreadCount: 0 } : null) : c.unreadCount === 0 ? { ...c, unreadCount: 1 } : null),
        );
        return;
      }
      const c = target(id);
      if (!c) return;
      const makeUnread = c.unreadCount === 0;
      // Marked unread means "later": the thread closes (reading on would mark it read again).
      if (makeUnread && get().openId === c.id) get().closeThread();
      const after: ConversationSummary = { ...c, unreadCount: makeUnread ? 1 : 0 };
      const toastId = showToast(makeUnread ? 'Marked as unread' : 'Marked as read', true);
      await optimistic([{ before: c, after }], () => (makeUnread ? api.markUnread(c.id) : api.markRead(c.id)), { undoable: true, toastId });
    },

    async applyLabel(ids, labelId, on) {
      const label = get().labels.find((l) => l.id === labelId);
      if (!label) return;
      const chip = { id: label.id, name: label.name, color: label.color };
      const shown = targets(ids);
      const changes: ConversationChange[] = shown
        .filter((c) => c.labels.some((l) => l.id === labelId) !== on)
        .map((c) => ({ before: c, after: { ...c, labels: on ? [...c.labels, chip] : c.labels.filter((l) => l.id !== labelId) } }));
      // Select all may have picked rows not fetched yet: the core gets every picked id.
      const unfetched = shown.length < ids.length;
      if (changes.length === 0 && !unfetched) return;
      const many = ids.length > 1 ? ` ${plural(ids.length)}` : '';
      const toastId = showToast(on ? `Labelled${many} “${label.name}”` : many ? `Removed “${label.name}” from${many}` : `Removed “${label.name}”`, true);
      const send = unfetched ? [...ids] : changes.map((ch) => ch.before.id);
      if (ids.length > 1) set({ checked: {} });
      const call = () => api.setLabels(send, on ? [labelId] : [], on ? [] : [labelId]);
      if (changes.length === 0) await unseenRun(call, toastId, ids[0]!);
      else await optimistic(changes, call, { undoable: true, toastId });
    },

    async createLabel(name, color) {
      const label = await api.createLabel(name, color);
      set((s) => ({ labels: s.labels.some((l) => l.id === label.id) ? s.labels : [...s.labels, label] }));
      void refreshLabels();
      return label;
    },

    async updateLabel(id, patch) {
      const label = await api.updateLabel(id, patch);
      set((s) => ({ labels: s.labels.map((l) => (l.id === id ? label : l)) }));
      await refreshLabels();
      return label;
    },

    async deleteLabel(id) {
      await api.deleteLabel(id);
      set((s) => ({ labels: s.labels.filter((l) => l.id !== id) }));
      if (get().view === `label:${id}`) get().selectView('inbox');
      void refreshLabels();
      void refreshList();
    },

    async snooze(ids, choice) {
      const { description, ...request } = choice;
      const note = request.note?.trim() ? request.note.trim() : null;
      const changes: ConversationChange[] = targets(ids).map((c) => ({ before: c, after: { ...c, snoozedUntil: request.until, snoozeNote: note } }));
      if (changes.length === 0) return;
      const req: SnoozeRequest = { until: request.until, note, cancelIfReply: request.cancelIfReply ?? false };
      if (ids.length > 1) {
        await bulkRun([...ids], { kind: 'snooze', request: req }, `Snoozed ${plural(ids.length)} until ${description}`, (c) => ({ ...c, snoozedUntil: request.until, snoozeNote: note }));
        return;
      }
      const toastId = showToast(`Snoozed until ${description}`, true);
      await optimistic(changes, () => api.snooze(changes[0]!.before.id, req), { undoable: true, toastId });
    },

    parseSnoozeTime(text) {
      return api.parseSnoozeTime(text);
    },

    async clearReminder(id) {
      const c = target(id);
      if (!c || !c.reminder) return;
      await optimistic([{ before: c, after: { ...c, reminder: null } }], () => api.clearReminder(c.id), { undoable: false });
    },

    async undo() {
      if (undoing) return;
      undoing = true;
      try {
        // Undo the newest action, not the one before it: let calls on their way land first.
        await Promise.allSettled([...b.pendingCalls]);
        const result = await api.undo();
        if (!result) {
          b.undoHints.length = 0;
          showToast('Nothing to undo', false);
          return;
        }
        const hint = b.undoHints.pop() ?? null;
        showToast(result.description, false);
        if (result.draft) await restoreDraft(result.draft);
        else if (hint?.reopen) void get().open(hint.id);
        else b.selectAfterRefresh = hint?.id ?? null;
        b.epoch++;
        void refreshList();
      } catch (err) {
        b.undoHints.pop();
        notify(errorSentence(err));
      } finally {
        undoing = false;
      }
    },
  };
}

/**
 * How an archived row looks until the core's answer replaces it: archived, in the mode asked for
 * (smart when none was, only so the row can leave the view at once; the core picks the real one).
 */
function archivedGuess(c: ConversationSummary, mode: ArchiveMode | undefined): ConversationSummary {
  return { ...c, archived: mode ?? c.archived ?? 'smart' };
}
