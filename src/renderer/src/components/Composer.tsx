/**
 * The reply box: Ctrl/Cmd+Enter sends; disabled with the reason when the thread says so.
 * After a send the cursor leaves the box, so `z` (undo send) and the other keys work at once;
 * a reply whose sending was undone comes back here with the cursor at its end.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ComposerState } from '../../../shared/domain';
import { MAX_REPLY_LENGTH } from '../../../shared/domain';
import { count } from '../format';
import { bindingFor, commandFor, describeChord } from '../keymap';
import { useInbox } from '../storeContext';

/** The counter appears this close to the limit. */
const COUNTER_FROM = MAX_REPLY_LENGTH - 1_000;

interface Props {
  conversationId: string;
  composer: ComposerState;
  /** A calm word on what happens to a reply now, e.g. that it waits while the account is offline. */
  note?: string | null;
}

export function Composer({ conversationId, composer, note = null }: Props) {
  const draft = useInbox((s) => s.drafts[conversationId] ?? '');
  const error = useInbox((s) => s.composerErrors[conversationId] ?? '');
  const sending = useInbox((s) => s.sendingId === conversationId);
  const focusFor = useInbox((s) => s.composerFocusFor);
  const setDraft = useInbox((s) => s.setDraft);
  const send = useInbox((s) => s.send);
  const composerFocused = useInbox((s) => s.composerFocused);
  const ref = useRef<HTMLTextAreaElement>(null);
  const sendKeys = describeChord(bindingFor('send').keys[0]!);

  useEffect(() => {
    if (focusFor !== conversationId) return;
    const box = ref.current;
    if (composer.enabled && box) {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
    composerFocused();
  }, [focusFor, conversationId, composer.enabled, composerFocused]);

  async function submit(): Promise<void> {
    if (await send(conversationId)) ref.current?.blur();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (commandFor(e.nativeEvent, 'composer', true) !== 'send') return;
    e.preventDefault();
    void submit();
  }

  const over = draft.length > MAX_REPLY_LENGTH;
  return (
    <form
      className={`composer${composer.enabled ? '' : ' composer--disabled'}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <textarea
        ref={ref}
        className="composer-input"
        aria-label="Reply"
        placeholder={composer.enabled ? `Write a reply… (${sendKeys} to send)` : 'Replies are turned off for this conversation'}
        value={draft}
        disabled={!composer.enabled}
        readOnly={sending}
        rows={3}
        onChange={(e) => setDraft(conversationId, e.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={over || undefined}
        aria-describedby={`composer-note-${conversationId}`}
      />
      <div className="composer-footer" id={`composer-note-${conversationId}`}>
        {!composer.enabled ? (
          <p className="composer-reason" role="note">
            {composer.reason ?? 'Replies are not possible in this conversation.'}
          </p>
        ) : error ? (
          <p className="composer-error" role="alert">
            {error}
          </p>
        ) : note ? (
          <p className="composer-note">{note}</p>
        ) : (
          <span />
        )}
        {draft.length >= COUNTER_FROM && (
          <span className={`char-count${over ? ' char-count--over' : ''}`}>
            {count(draft.length)} / {count(MAX_REPLY_LENGTH)}
          </span>
        )}
        <button type="submit" className="button button--primary" disabled={!composer.enabled || sending}>
          {sending ? 'Sending…' : 'Send'} <kbd>{sendKeys}</kbd>
        </button>
      </div>
    </form>
  );
}
