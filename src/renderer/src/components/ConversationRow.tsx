/**
 * One row: who, what they do, the last message, when, which account, its labels, and whether
 * it is unread. A snoozed row says when it wakes ("Until Mon 9:00 AM"); a row back from snooze
 * says "Reminder" with its note.
 */
import { memo, useEffect, useRef } from 'react';
import type { ConversationSummary } from '../../../shared/domain';
import { settledState } from '../accounts';
import { exactTime, relativeTime, wakeTime } from '../format';
import { useInbox } from '../storeContext';
import { Avatar } from './Avatar';
import { LabelChips } from './LabelChips';

interface Props {
  conversation: ConversationSummary;
  selected: boolean;
  open: boolean;
  now: number;
}

export const ConversationRow = memo(function ConversationRow({ conversation: c, selected, open, now }: Props) {
  const ref = useRef<HTMLLIElement>(null);
  const openConversation = useInbox((s) => s.open);
  // Replies on their way, or waiting because the account cannot be reached right now.
  const waiting = useInbox((s) => {
    if (c.pendingCount === 0) return false;
    const a = s.accounts.find((x) => x.id === c.accountId);
    if (!a) return false;
    const state = settledState(a, s.settled[a.id]);
    return state === 'offline' || state === 'rate-limited' || state === 'key-rejected';
  });
  const unread = c.unreadCount > 0;
  const name = c.participant.name || c.title;
  const role = [c.participant.headline, c.participant.company].filter(Boolean).join(' · ');
  const preview = c.lastMessageText.replace(/\s+/g, ' ').trim();

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const classes = ['row', selected && 'row--selected', open && 'row--open', unread && 'row--unread', c.reminder && 'row--reminder'].filter(Boolean).join(' ');
  const snoozed = c.snoozedUntil !== null;
  return (
    <li
      ref={ref}
      id={`conversation-${c.id}`}
      className={classes}
      role="option"
      aria-selected={selected}
      data-conversation-id={c.id}
      onClick={() => void openConversation(c.id)}
    >
      <Avatar name={name} />
      <div className="row-body">
        <div className="row-line">
          <span className="row-name">{name}</span>
          {unread && <span className="unread-dot" role="img" aria-label={`${c.unreadCount} unread`} />}
          {snoozed ? (
            <time className="row-time row-time--snoozed" dateTime={new Date(c.snoozedUntil!).toISOString()} title={`Snoozed until ${exactTime(c.snoozedUntil!)}`}>
              Until {wakeTime(c.snoozedUntil!, now)}
            </time>
          ) : (
            <time className="row-time" dateTime={new Date(c.lastMessageAt).toISOString()} title={exactTime(c.lastMessageAt)}>
              {relativeTime(c.lastMessageAt, now)}
            </time>
          )}
        </div>
        <div className="row-line">
          <span className="row-role">{role}</span>
          <LabelChips labels={c.labels} max={2} />
          <span className="chip account-chip" title={`Account: ${c.accountName}`}>
            {c.accountName}
          </span>
        </div>
        {c.reminder ? (
          <div className="row-preview row-preview--reminder">
            <span className="row-reminder">Reminder</span>
            <span className="row-reminder-note">{c.reminder.note ?? (c.lastFromMe ? `You: ${preview}` : preview)}</span>
          </div>
        ) : snoozed && c.snoozeNote ? (
          <div className="row-preview row-preview--note" title={c.snoozeNote}>
            <span className="row-note-mark">Note: </span>
            {c.snoozeNote}
          </div>
        ) : (
        <div className="row-preview">
          {c.failedCount > 0 && <span className="row-flag row-flag--failed">Not sent · </span>}
          {c.failedCount === 0 && c.pendingCount > 0 && (
            <span className={`row-flag row-flag--${waiting ? 'waiting' : 'sending'}`}>{waiting ? 'Waiting to send · ' : 'Sending… · '}</span>
          )}
          {c.lastFromMe && <span className="row-you">You: </span>}
          {preview}
        </div>
        )}
      </div>
    </li>
  );
});
