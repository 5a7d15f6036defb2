/**
 * Pane 3: the open conversation — who (with their LinkedIn profile a key away), its labels, the
 * note on the person (`n`),
 * whether it is snoozed or archived, a reminder's note on top, the actions with their keys —
 * its messages by day and the reply box; or a hint when none is open.
 */
import { useEffect } from 'react';
import { composerWaitNote, settledState, waitingText } from '../accounts';
import { bindingFor } from '../keymap';
import { exactTime, wakeTime } from '../format';
import { followUpIn } from '../followUpTimes';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { Avatar } from './Avatar';
import { Composer } from './Composer';
import { DemoThreadBanner } from './DemoBanner';
import { KeyLabel } from './KeyLabel';
import { LabelChips } from './LabelChips';
import { MessageList } from './MessageList';
import { PersonNote } from './PersonNote';
import { ViewSummary } from './ViewSummary';

function NothingOpen() {
  return (
    <section className="thread-pane thread-pane--empty" aria-label="Conversation">
      <ViewSummary />
    </section>
  );
}

export function ThreadPane() {
  const openId = useInbox((s) => s.openId);
  const thread = useInbox((s) => s.thread);
  const threadError = useInbox((s) => s.threadError);
  const archive = useInbox((s) => s.archive);
  const moveToInbox = useInbox((s) => s.moveToInbox);
  const unsnooze = useInbox((s) => s.unsnooze);
  const clearFollowUp = useInbox((s) => s.clearFollowUp);
  const openPopover = useInbox((s) => s.openPopover);
  const clearReminder = useInbox((s) => s.clearReminder);
  const closeThread = useInbox((s) => s.closeThread);
  const openProfile = useInbox((s) => s.openProfile);
  const flushDrafts = useInbox((s) => s.flushDrafts);
  // Whether this conversation's account can be reached: replies wait (visibly) when it cannot.
  const accountId = thread?.conversation.accountId;
  const account = useInbox((s) => s.accounts.find((a) => a.id === accountId));
  const state = useInbox((s) => {
    const a = s.accounts.find((x) => x.id === accountId);
    return a ? settledState(a, s.settled[a.id]) : undefined;
  });
  const now = useNow();

  // A draft typed just before the window closes is saved, not left to a timer that never fires.
  useEffect(() => {
    window.addEventListener('pagehide', flushDrafts);
    return () => window.removeEventListener('pagehide', flushDrafts);
  }, [flushDrafts]);

  if (!openId) return <NothingOpen />;
  if (!thread) {
    return (
      <section className="thread-pane" aria-label="Conversation">
        <p className={threadError ? 'thread-error' : 'thread-loading'} role={threadError ? 'alert' : 'status'}>
          {threadError ?? 'Loading conversation…'}
        </p>
      </section>
    );
  }

  const c = thread.conversation;
  const name = c.participant.name || c.title;
  const role = [c.participant.headline, c.participant.company].filter(Boolean).join(' · ');
  const waiting = waitingText(account, state);
  return (
    <section className="thread-pane" aria-label={`Conversation with ${name}`} data-thread-id={c.id}>
      <header className="thread-header">
        <Avatar name={name} pictureOf={c} size="lg" />
        <div className="thread-who">
          <h2 className="thread-name">{name}</h2>
          <p className="thread-role">{role}</p>
          {/* In the header, not the toolbar: chips wrap here instead of pushing the actions onto a second row. */}
          {c.labels.length > 0 && (
            <div className="thread-labels">
              <LabelChips labels={c.labels} max={6} />
            </div>
          )}
          <PersonNote conversationId={c.id} personName={name} note={thread.note ?? null} />
        </div>
        <span className="chip account-chip">{c.accountName}</span>
        {c.participant.profileUrl && (
          <button type="button" className="button button--small thread-profile" onClick={() => void openProfile()} title="Open their LinkedIn profile in your browser">
            Profile <KeyLabel command="profile" />
          </button>
        )}
      </header>
      <DemoThreadBanner conversation={c} />
      <div className="thread-toolbar" role="toolbar" aria-label="Conversation actions">
        <div className="thread-actions">
          {c.archived ? (
            <button type="button" className="button" onClick={() => void moveToInbox(c.id)} title={bindingFor('moveToInbox').description}>
              Move to inbox <KeyLabel command="moveToInbox" />
            </button>
          ) : (
            <button type="button" className="button" onClick={() => void archive(c.id)} title={bindingFor('archive').description}>
              Archive <KeyLabel command="archive" />
            </button>
          )}
          {c.archived !== 'forever' && (
            <button type="button" className="button" onClick={() => void archive(c.id, 'forever')} title="Archive, and keep it archived even when they reply">
              Archive for good
            </button>
          )}
          {c.snoozedUntil === null && !c.archived && (
            <button type="button" className="button" onClick={() => openPopover('snooze')} title={bindingFor('snooze').description}>
              Snooze <KeyLabel command="snooze" />
            </button>
          )}
          <button type="button" className="button" onClick={() => openPopover('labels')} title={bindingFor('label').description}>
            Label <KeyLabel command="label" />
          </button>
          <button type="button" className="button" onClick={closeThread} title="Close the conversation">
            Close <KeyLabel command="back" />
          </button>
        </div>
      </div>
      {c.followUp && (
        <div className="thread-state thread-state--follow-up" data-state="follow-up">
          <p>
            <strong>Follow-up reminder: {followUpIn(c.followUp.dueAt, now).replace(/^follow up /, '')}</strong>
            <span className="thread-state-detail" title={exactTime(c.followUp.dueAt)}>
              {` · it comes back on top ${wakeTime(c.followUp.dueAt, now)} unless they reply first`}
            </span>
          </p>
          <button type="button" className="button button--small" onClick={() => void clearFollowUp(c.id)} title={bindingFor('clearFollowUp').description}>
            Remove reminder
          </button>
        </div>
      )}
      {c.snoozedUntil !== null && (
        <div className="thread-state thread-state--snoozed" data-state="snoozed">
          <p>
            <strong>Snoozed until {wakeTime(c.snoozedUntil, now)}</strong>
            <span className="thread-state-detail" title={exactTime(c.snoozedUntil)}>
              {c.snoozeNote ? ` · ${c.snoozeNote}` : ' · it comes back on top of the inbox then'}
            </span>
          </p>
          <button type="button" className="button button--small" onClick={() => void unsnooze(c.id)}>
            Unsnooze <KeyLabel command="moveToInbox" />
          </button>
        </div>
      )}
      {c.archived && (
        <div className="thread-state" data-state="archived">
          <p>
            <strong>{c.archived === 'forever' ? 'Archived for good' : 'Archived'}</strong>
            <span className="thread-state-detail">{c.archived === 'forever' ? ' · it stays archived when they reply' : ' · it comes back when they reply'}</span>
          </p>
        </div>
      )}
      {c.reminder && (
        <div className="reminder-banner" role="note" aria-label="Reminder">
          <span className="row-reminder">Reminder</span>
          <p className="reminder-note">{c.reminder.note ?? 'Back from snooze.'}</p>
          <button type="button" className="button button--small" onClick={() => void clearReminder(c.id)} aria-label="Dismiss reminder">
            Dismiss
          </button>
        </div>
      )}
      {threadError && (
        <p className="thread-error" role="alert">
          {threadError}
        </p>
      )}
      <MessageList key={`messages:${c.id}`} messages={thread.messages} olderCount={thread.olderCount} newerCount={thread.newerCount} waiting={waiting} />
      <Composer key={`composer:${c.id}`} conversationId={c.id} composer={thread.composer} note={composerWaitNote(account, state)} />
    </section>
  );
}
