/**
 * The rules of triage that need no cache: which actions a provider mirrors and against which
 * daily cap, what a bulk action would change, and the checks on label names, colours and notes.
 */
import type { AppSettings, BulkAction, Capabilities } from '../../shared/domain';
import { LABEL_COLORS } from '../../shared/domain';
import { invalidInput } from './errors';
import type { MirrorAction } from './providers/types';
import type { ConversationRecord } from './store/conversations';
import { LIMITS } from '../../shared/limits';

const MAX_LABEL_NAME = LIMITS.labelName;

/** Whether the provider carries out this action itself (and, for read receipts, the person allows it). */
export function mirrorable(caps: Capabilities, action: MirrorAction, settings: AppSettings): boolean {
  switch (action.type) {
    case 'archive':
    case 'unarchive':
      return caps.mirrorsArchive;
    case 'smart-archive':
      return caps.mirrorsSmartArchive;
    case 'label':
    case 'unlabel':
      return caps.mirrorsLabels;
    case 'snooze':
      return caps.mirrorsSnooze;
    case 'mark-seen':
      return caps.canMarkSeen && settings.sendReadReceipts;
    case 'mark-unread':
      return caps.canMarkUnread;
    case 'star':
    case 'unstar':
      return caps.canStar;
  }
}

/** Which daily cap a mirror counts against (Crispy's organize and read calls). */
export const capFor = (action: MirrorAction): string => (action.type === 'mark-seen' ? 'read' : 'organize');

/** The name of each bulk action in its undo step. */
export const BULK_NAMES: Record<BulkAction['kind'] | 'archiveForever', string> = {
  archive: 'Archive',
  archiveForever: 'Archive for good',
  unarchive: 'Move to inbox',
  markRead: 'Mark as read',
  markUnread: 'Mark as unread',
  snooze: 'Snooze',
  unsnooze: 'Unsnooze',
};

/** Whether a bulk action would change this conversation (already-done ones are skipped). */
export function wouldChange(c: ConversationRecord, action: BulkAction): boolean {
  switch (action.kind) {
    case 'archive':
      // Smart archive leaves anything already archived (in either mode) as it is; archiving for
      // good changes whatever is not archived for good yet.
      return (action.mode ?? 'smart') === 'smart' ? c.archived === null : c.archived !== 'forever';
    case 'unarchive':
      return c.archived !== null;
    case 'markRead':
      return c.unreadCount > 0 || c.readAt === null;
    case 'markUnread':
      return c.unreadCount === 0;
    case 'snooze': {
      return c.snoozedUntil !== action.request.until || c.snoozeNote !== cleanNote(action.request.note) || c.snoozeCancelIfReply !== (action.request.cancelIfReply ?? false);
    }
    case 'unsnooze':
      return c.snoozedUntil !== null;
  }
}

/** A snooze note as stored: trimmed, at most LIMITS.snoozeNote characters, null when empty. */
export function cleanNote(raw: string | null | undefined): string | null {
  return raw?.trim() ? raw.trim().slice(0, LIMITS.snoozeNote) : null;
}

/** A label name as stored (trimmed, spaces collapsed); throws with a sentence when empty or too long. */
export function checkLabelName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) throw invalidInput('Give the label a name.');
  if (name.length > MAX_LABEL_NAME) throw invalidInput(`A label name can be at most ${MAX_LABEL_NAME} characters.`);
  return name;
}

/** The colour, when it is one of the label colours; throws with a sentence otherwise. */
export function checkColor(color: string): string {
  if (!(LABEL_COLORS as readonly string[]).includes(color)) throw invalidInput(`Pick one of the label colours: ${LABEL_COLORS.join(', ')}.`);
  return color;
}
