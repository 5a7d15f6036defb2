/**
 * Which OS notifications to show: new messages from other people (grouped when several arrive
 * in one sync; never for the conversation the person is reading; not for muted accounts; none
 * under do-not-disturb) and snoozes coming due (grouped when several come due together).
 */
import type { AppSettings } from '../../shared/domain';
import type { Notifier } from './ports';
import type { InboundMessage } from './sync';

export interface NotificationContext {
  notifier: Notifier;
  settings: () => AppSettings;
  activeConversationId: () => string | null;
}

const preview = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

function names(list: string[]): string {
  const unique = [...new Set(list)];
  if (unique.length <= 2) return unique.join(' and ');
  return `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more`;
}

/** New messages from other people, as one sync found them. */
export function notifyInbound(ctx: NotificationContext, messages: InboundMessage[]): void {
  const s = ctx.settings();
  if (s.doNotDisturb) return;
  const muted = new Set(s.mutedAccountIds);
  const active = ctx.activeConversationId();
  const shown = messages.filter((m) => !muted.has(m.accountId) && m.conversationId !== active);
  if (shown.length === 0) return;
  if (shown.length === 1) {
    const m = shown[0]!;
    ctx.notifier.notify({ title: m.senderName, body: preview(m.text), conversationId: m.conversationId });
    return;
  }
  const conversations = new Set(shown.map((m) => m.conversationId));
  const newest = shown.reduce((a, b) => (b.sentAt > a.sentAt ? b : a));
  ctx.notifier.notify({
    title: `${shown.length} new messages`,
    body: `From ${names(shown.map((m) => m.senderName))}`,
    // One conversation: open it; several: open the newest.
    conversationId: conversations.size === 1 ? shown[0]!.conversationId : newest.conversationId,
  });
}

export interface DueReminder {
  conversationId: string;
  name: string;
  note: string | null;
}

/** Snoozes that came due together. Reminders were asked for, so they show even for muted accounts. */
export function notifyReminders(ctx: NotificationContext, due: DueReminder[]): void {
  if (due.length === 0 || ctx.settings().doNotDisturb) return;
  if (due.length === 1) {
    const r = due[0]!;
    ctx.notifier.notify({ title: `Reminder: ${r.name}`, body: r.note ? preview(r.note) : 'This conversation is back in your inbox.', conversationId: r.conversationId });
    return;
  }
  ctx.notifier.notify({
    title: `${due.length} snoozed conversations are back`,
    body: names(due.map((r) => r.name)),
    conversationId: due[0]!.conversationId,
  });
}
