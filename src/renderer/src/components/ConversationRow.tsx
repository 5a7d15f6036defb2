/**
 * One row: who, what they do, the last message, when, which account, its labels, and whether
 * it is unread. A snoozed row says when it wakes ("Until Mon 9:00 AM"); a row back from snooze
 * says "Reminder" with its note.
 */
import { memo } from 'react';
import type { ConversationSummary, Highlighted } from '../../../shared/domain';
import { settledState } from '../accounts';
import { exactTime, relativeTime, wakeTime } from '../format';
import { followUpIn } from '../followUpTimes';
import { useInbox } from '../storeContext';
import { Avatar } from './Avatar';
import { LabelChips } from './LabelChips';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

interface Props {
  conversation: ConversationSummary;
  /** The cursor is on this row (j/k). */
  selected: boolean;
  /** Picked for a bulk action (x, Shift+J/K, select all). */
  checked: boolean;
  open: boolean;
  now: number;
  /** Its place in the virtual list: the row is positioned there and measured. */
  index: number;
  start: number;
  measure: (el: HTMLElement | null) => void;
  /** A search result: the excerpt that matched, shown instead of the last message. */
  snippet?: Highlighted;
  /** A search result: when the matching message was sent. */
  at?: number;
  onOpen: (id: string) => void;
}

/** Matched words marked, everything as text. */
function SnippetText({ parts }: { parts: Highlighted }) {
  return (
    <>
      {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

export const ConversationRow = memo(function ConversationRow({ conversation: c, selected, checked, open, now, index, start, measure, snippet, at, onOpen }: Props) {
  const toggleSelect = useInbox((s) => s.toggleSelect);
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
  // One line of text; direction overrides dropped, so "Invoice \u202Efdp.exe" cannot pose as "exe.pdf" in the list.
  const preview = c.lastMessageText.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim();

  const classes = ['row', selected && 'row--selected', checked && 'row--checked', open && 'row--open', unread && 'row--unread', c.reminder && 'row--reminder'].filter(Boolean).join(' ');
  const snoozed = c.snoozedUntil !== null;
  return (
    <li
      ref={measure}
      id={`conversation-${c.id}`}
      className={classes}
      role="option"
      aria-selected={selected}
      aria-checked={checked}
      data-index={index}
      data-conversation-id={c.id}
      style={{ transform: `translateY(${start}px)` }}
      onClick={(e) => {
        // Ctrl/Cmd/Shift-click picks rows, as in a file manager; a plain click opens.
        if (e.ctrlKey || e.metaKey || e.shiftKey) toggleSelect(c.id);
        else onOpen(c.id);
      }}
    >
      {/* A mouse target only (x picks from the keyboard; aria-checked says it): a button inside the option would be
          a control inside a control, and its "Select …" would be read as part of the row's name. */}
      <span
        className="row-check"
        aria-hidden="true"
        title={checked ? `Unselect ${name}` : `Select ${name}`}
        onMouseDown={(e) => e.preventDefault()}
        onClick={(e) => {
          e.stopPropagation();
          toggleSelect(c.id);
        }}
      >
        {checked ? (
          <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" className="row-check-mark">
            <circle cx="10" cy="10" r="10" />
            <path d="M5.5 10.5l3 3 6-7" />
          </svg>
        ) : (
          <Avatar name={name} pictureOf={c} />
        )}
      </span>
      <div className="row-body">
        <div className="row-line">
          <span className="row-name">{name}</span>
          {unread && <span className="unread-dot" role="img" aria-label={`${c.unreadCount} unread`} />}
          {snoozed ? (
            <time className="row-time row-time--snoozed" dateTime={new Date(c.snoozedUntil!).toISOString()} title={`Snoozed until ${exactTime(c.snoozedUntil!)}`}>
              Until {wakeTime(c.snoozedUntil!, now)}
            </time>
          ) : (
            <time className="row-time" dateTime={new Date(at ?? c.lastMessageAt).toISOString()} title={exactTime(at ?? c.lastMessageAt)}>
              {relativeTime(at ?? c.lastMessageAt, now)}
            </time>
          )}
        </div>
        <div className="row-line">
          <span className="row-role">{role}</span>
          {snippet && c.archived && <span className="chip state-chip">Archived</span>}
          {c.followUp && (
            <span className="chip follow-up-chip" title={`Follow-up reminder: ${exactTime(c.followUp.dueAt)}, unless they reply first`}>
              {followUpIn(c.followUp.dueAt, now)}
            </span>
          )}
          <LabelChips labels={c.labels} max={2} />
          {c.hasNote && (
            <span className="chip note-chip" title={`You have a note on ${name} (open it and press n)`}>
              Note
            </span>
          )}
          <span className="chip account-chip" title={`Account: ${c.accountName}`}>
            {c.accountName}
          </span>
        </div>
        {snippet ? (
          <div className="row-preview row-preview--match">
            <SnippetText parts={snippet} />
          </div>
        ) : c.reminder ? (
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
          {c.failedCount === 0 && c.pendingCount === 0 && c.scheduledCount > 0 && <span className="row-flag row-flag--scheduled">Scheduled · </span>}
          {c.lastFromMe && <span className="row-you">You: </span>}
          {preview}
        </div>
        )}
      </div>
    </li>
  );
});
