/** Pane 3: the open conversation, its messages and the reply box; or a hint when none is open. */
import { useEffect, useRef } from 'react';
import { composerWaitNote, settledState, waitingText } from '../accounts';
import { describeChord, bindingFor } from '../keymap';
import { useInbox } from '../storeContext';
import { useNow } from '../useNow';
import { Avatar } from './Avatar';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';

function NothingOpen() {
  const hasRows = useInbox((s) => s.items.length > 0);
  return (
    <section className="thread-pane thread-pane--empty" aria-label="Conversation">
      {hasRows && (
        <p className="thread-hint">
          <kbd>{describeChord(bindingFor('next').keys[0]!)}</kbd> <kbd>{describeChord(bindingFor('previous').keys[0]!)}</kbd> to move,{' '}
          <kbd>{describeChord(bindingFor('open').keys[0]!)}</kbd> to open a conversation
        </p>
      )}
    </section>
  );
}

export function ThreadPane() {
  const openId = useInbox((s) => s.openId);
  const thread = useInbox((s) => s.thread);
  const threadError = useInbox((s) => s.threadError);
  const archive = useInbox((s) => s.archive);
  const closeThread = useInbox((s) => s.closeThread);
  // Whether this conversation's account can be reached: replies wait (visibly) when it cannot.
  const accountId = thread?.conversation.accountId;
  const account = useInbox((s) => s.accounts.find((a) => a.id === accountId));
  const state = useInbox((s) => {
    const a = s.accounts.find((x) => x.id === accountId);
    return a ? settledState(a, s.settled[a.id]) : undefined;
  });
  const now = useNow();
  const endRef = useRef<HTMLLIElement>(null);
  const last = thread?.messages.at(-1);
  const lastKey = last ? `${last.id}:${last.status}` : '';

  // Follow the newest message, and its delivery status line when that changes.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [openId, lastKey]);

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
        <Avatar name={name} size="lg" />
        <div className="thread-who">
          <h2 className="thread-name">{name}</h2>
          <p className="thread-role">{role}</p>
        </div>
        <span className="chip account-chip">{c.accountName}</span>
        <div className="thread-actions">
          {!c.archived && (
            <button type="button" className="button" onClick={() => void archive(c.id)} title={bindingFor('archive').description}>
              Archive <kbd>{describeChord(bindingFor('archive').keys[0]!)}</kbd>
            </button>
          )}
          <button type="button" className="button" onClick={closeThread} title="Close the conversation">
            Close <kbd>{describeChord(bindingFor('back').keys[0]!)}</kbd>
          </button>
        </div>
      </header>
      {threadError && (
        <p className="thread-error" role="alert">
          {threadError}
        </p>
      )}
      <ol className="messages" aria-label="Messages">
        {thread.messages.map((m) => (
          <MessageItem key={m.id} message={m} now={now} waiting={waiting} />
        ))}
        <li ref={endRef} className="messages-end" aria-hidden="true" />
      </ol>
      <Composer conversationId={c.id} composer={thread.composer} note={composerWaitNote(account, state)} />
    </section>
  );
}
