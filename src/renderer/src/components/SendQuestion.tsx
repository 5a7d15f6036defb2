/**
 * Asked before a reply that still holds a snippet variable goes out ("{firstName} is empty for
 * this person: send anyway, or edit?"). Keyboard first: the focus lands on Edit (the safe answer),
 * Tab reaches Send anyway, Esc edits. Single-letter keys stay quiet here (data-keys-quiet).
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';

interface Props {
  conversationId: string;
  question: string;
  onSendAnyway(): void;
  onEdit(): void;
  /** Asked before the send-later picker: its answer schedules rather than sends. */
  later?: boolean;
}

export function SendQuestion({ conversationId, question, onSendAnyway, onEdit, later = false }: Props) {
  const editRef = useRef<HTMLButtonElement>(null);
  useEffect(() => editRef.current?.focus(), []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'Escape') return;
    // Handled here: the global Esc would close the thread.
    e.preventDefault();
    onEdit();
  }

  return (
    <div className="send-question" role="alertdialog" aria-labelledby={`send-question-${conversationId}`} data-keys-quiet onKeyDown={onKeyDown}>
      <p id={`send-question-${conversationId}`}>{question}</p>
      <div className="send-question-actions">
        <button type="button" className="button button--small" onClick={onSendAnyway}>
          {later ? 'Send later anyway' : 'Send anyway'}
        </button>
        <button type="button" ref={editRef} className="button button--small button--primary" onClick={onEdit}>
          Edit
        </button>
      </div>
    </div>
  );
}
