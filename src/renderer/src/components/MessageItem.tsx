/**
 * One message: mine on the right in the accent colour, theirs on the left; its text as text,
 * with web addresses as links (opened in the browser when the app allows the site, otherwise
 * copied, with why); the time of day, the exact date and time on hover. My undelivered
 * ones say where they stand: on their way ("Sending…"), waiting for the account to be
 * reachable again, or not sent with the reason; a failed one can be retried or discarded, a
 * waiting one discarded. Discarding asks once, inline: it cannot be undone.
 */
import { Fragment, memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Message } from '../../../shared/domain';
import { exactTime, wakeTime } from '../format';
import { pressFor } from '../keymap';
import { linkify } from '../linkify';
import { useInbox } from '../storeContext';
import { timeOfDay } from '../threadRows';
import { keepKeyboardFocus } from './keepKeyboardFocus';

interface Props {
  message: Message;
  /** Why a pending reply of this conversation is not going out right now, or null. */
  waiting: string | null;
  /** The message above is from the same sender, the same day: the name is not repeated. */
  continues?: boolean;
  /** Jumped to from a search result: highlighted for a moment. */
  focused?: boolean;
}

export const MessageItem = memo(function MessageItem({ message: m, waiting, continues = false, focused = false }: Props) {
  const side = m.fromMe ? 'mine' : 'theirs';
  const scheduled = m.status === 'pending' && m.scheduledFor !== undefined;
  const isWaiting = m.status === 'pending' && waiting !== null && !scheduled;
  return (
    <div
      className={`message message--${side} message--${m.status}${isWaiting ? ' message--waiting' : ''}${focused ? ' message--focus' : ''}`}
      data-message-id={m.id}
      data-status={m.status}
      data-scheduled={scheduled || undefined}
    >
      <div className="bubble">
        <MessageText text={m.text} />
      </div>
      <div className="message-meta">
        {!m.fromMe && !continues && <span className="message-sender">{m.senderName} · </span>}
        <time dateTime={new Date(m.sentAt).toISOString()} title={exactTime(m.sentAt)}>
          {timeOfDay(m.sentAt)}
        </time>
        {scheduled && <span className="message-status message-status--scheduled"> · Scheduled for {wakeTime(m.scheduledFor!, Date.now())} ({pressFor('goScheduled')} to change it)</span>}
        {m.status === 'pending' && !isWaiting && !scheduled && <span className="message-status"> · Sending…</span>}
        {isWaiting && <span className="message-status message-status--waiting"> · {waiting}</span>}
        {m.status === 'failed' && (
          <span className="message-status message-status--failed" role="alert">
            {' '}
            · Not sent: {m.error ?? 'delivery failed.'}
          </span>
        )}
      </div>
      {m.fromMe && !scheduled && <UndeliveredActions message={m} canDiscard={m.status === 'failed' || isWaiting} />}
    </div>
  );
});

/**
 * The text, with its web addresses as links. Never markup: every part is a text node. A click
 * asks main to open the link; a site the app does not open is copied instead (the store says so).
 */
function MessageText({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text]);
  const openLink = useInbox((s) => s.openLink);
  if (parts.length === 1 && parts[0]!.kind === 'text') return <>{text}</>;
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          <Fragment key={i}>{part.text}</Fragment>
        ) : (
          <a
            key={i}
            className={`message-link message-link--${part.allowed ? 'allowed' : 'refused'}`}
            data-link={part.allowed ? 'allowed' : 'refused'}
            href={part.url}
            rel="noreferrer noopener"
            title={part.allowed ? `Open in your browser: ${part.url}` : `${part.reason} Clicking copies it.`}
            onClick={(e: MouseEvent) => {
              e.preventDefault();
              void openLink(part.url);
            }}
            // A middle click would ask for a new window: the app opens links one way only.
            onAuxClick={(e: MouseEvent) => e.preventDefault()}
          >
            {part.text}
          </a>
        ),
      )}
    </>
  );
}

/** Retry and Discard under an undelivered reply, the inline confirmation, and what went wrong. */
function UndeliveredActions({ message: m, canDiscard }: { message: Message; canDiscard: boolean }) {
  const busy = useInbox((s) => s.messageBusy[m.id] ?? null);
  const error = useInbox((s) => s.messageErrors[m.id] ?? null);
  const retrySend = useInbox((s) => s.retrySend);
  const discardSend = useInbox((s) => s.discardSend);
  const [confirming, setConfirming] = useState(false);
  const discardButton = useRef<HTMLButtonElement>(null);
  const confirmBox = useRef<HTMLDivElement>(null);
  // The Discard button takes the cursor back when the person keeps the reply.
  const returnFocus = useRef(false);

  useEffect(() => {
    if (!confirming && returnFocus.current) {
      returnFocus.current = false;
      discardButton.current?.focus();
    }
  }, [confirming]);

  // The question is never half under the reply box.
  useEffect(() => {
    if (confirming) confirmBox.current?.scrollIntoView({ block: 'nearest' });
  }, [confirming]);

  // Delivered meanwhile (or discarded elsewhere): nothing left to confirm.
  useEffect(() => {
    if (!canDiscard) setConfirming(false);
  }, [canDiscard]);

  if (!canDiscard && !error) return null;

  function keep(): void {
    returnFocus.current = true;
    setConfirming(false);
  }

  function confirmKeys(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    // Esc keeps the reply; it does not also close the conversation.
    e.preventDefault();
    e.stopPropagation();
    keep();
  }

  async function discard(): Promise<void> {
    const gone = await discardSend(m.id);
    if (!gone) keep();
  }

  return (
    <div className="message-actions" data-keys-quiet="">
      {canDiscard && !confirming && (
        <div className="message-buttons">
          {m.status === 'failed' && (
            <button type="button" className="button button--small" disabled={busy !== null} onMouseDown={keepKeyboardFocus} onClick={() => void retrySend(m.id)}>
              {busy === 'retry' ? 'Retrying…' : 'Retry'}
            </button>
          )}
          <button
            type="button"
            className="button button--small button--danger-quiet"
            disabled={busy !== null}
            ref={discardButton}
            onClick={() => setConfirming(true)}
          >
            Discard
          </button>
        </div>
      )}
      {canDiscard && confirming && (
        <div className="message-confirm" role="alertdialog" aria-label="Discard this reply" onKeyDown={confirmKeys} ref={confirmBox}>
          <p>Discard this reply? It will never be sent.</p>
          <div className="confirm-actions">
            <button type="button" className="button button--small button--danger" disabled={busy !== null} onClick={() => void discard()}>
              {busy === 'discard' ? 'Discarding…' : 'Discard'}
            </button>
            {/* Keep has the cursor: discarding cannot be undone, so it is never the default. */}
            <button type="button" className="button button--small" disabled={busy !== null} onClick={keep} autoFocus>
              Keep
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="message-action-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
