/**
 * The reply box. Ctrl/Cmd+Enter sends; Enter and Shift+Enter both start a new line (a
 * LinkedIn message is often a few paragraphs, and a stray Enter must never send one). It
 * grows with its text up to a limit, then scrolls. Near the 10,000-character limit a counter
 * says how much is left, in the error colour once past it. What is typed is kept per
 * conversation and across restarts (the store saves it shortly after typing stops). A snippet
 * goes in at the caret, with a placeholder it could not fill selected, ready to be typed over.
 * Disabled with the reason when the thread says so. After a send the cursor leaves the box,
 * so `z` (undo send) and the other keys work at once; a reply whose sending was undone comes
 * back here with the cursor at its end. Ctrl/Cmd+Shift+Enter sends with a follow-up reminder,
 * picked in FollowUpPicker.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ComposerState, FollowUpRequest } from '../../../shared/domain';
import { MAX_REPLY_LENGTH } from '../../../shared/domain';
import { count } from '../format';
import { commandFor, describeKeyOf } from '../keymap';
import { useKeymap } from '../useKeymap';
import { KeyLabel } from './KeyLabel';
import { useInbox } from '../storeContext';
import { FollowUpPicker } from './FollowUpPicker';
import { SendQuestion } from './SendQuestion';

/** The counter appears this close to the limit. */
export const COUNTER_FROM = MAX_REPLY_LENGTH - 1_000;

interface Props {
  conversationId: string;
  composer: ComposerState;
  /** A calm word on what happens to a reply now, e.g. that it waits while the account is offline. */
  note?: string | null;
}

/** What the counter says under the box: how much room is left, or how much is too much. */
function limitSentence(length: number): string {
  const left = MAX_REPLY_LENGTH - length;
  if (left >= 0) return `${count(left)} ${left === 1 ? 'character' : 'characters'} left — a reply can be at most ${count(MAX_REPLY_LENGTH)}.`;
  return `${count(-left)} ${left === -1 ? 'character' : 'characters'} over the ${count(MAX_REPLY_LENGTH)} a reply can have — shorten it to send.`;
}

export function Composer({ conversationId, composer, note = null }: Props) {
  const draft = useInbox((s) => s.drafts[conversationId] ?? '');
  const error = useInbox((s) => s.composerErrors[conversationId] ?? '');
  const sending = useInbox((s) => s.sendingId === conversationId);
  const focusFor = useInbox((s) => s.composerFocusFor);
  const insert = useInbox((s) => (s.snippetInsert?.conversationId === conversationId ? s.snippetInsert : null));
  const setDraft = useInbox((s) => s.setDraft);
  const send = useInbox((s) => s.send);
  const asked = useInbox((s) => (s.sendQuestion?.conversationId === conversationId ? s.sendQuestion : null));
  const question = asked?.question ?? null;
  const dismissSendQuestion = useInbox((s) => s.dismissSendQuestion);
  const composerFocused = useInbox((s) => s.composerFocused);
  const snippetInserted = useInbox((s) => s.snippetInserted);
  const flushDrafts = useInbox((s) => s.flushDrafts);
  const openSendLater = useInbox((s) => s.openSendLater);
  const ref = useRef<HTMLTextAreaElement>(null);
  // Where the caret was when the person last worked in the box (a snippet goes there); null: never.
  const caret = useRef<{ start: number; end: number } | null>(null);
  // The selection to set once the text a snippet produced is in the box.
  const selectAfter = useRef<{ start: number; end: number } | null>(null);
  useKeymap();
  const sendKeys = describeKeyOf('send');
  const [askFollowUp, setAskFollowUp] = useState(false);
  const recipient = useInbox((s) => (s.thread?.conversation.id === conversationId ? s.thread.conversation.participant.name : '')) || 'they';

  useEffect(() => {
    if (focusFor !== conversationId) return;
    const box = ref.current;
    if (composer.enabled && box) {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
    composerFocused();
  }, [focusFor, conversationId, composer.enabled, composerFocused]);

  // A snippet: into the text at the caret (after the text when the box was never used).
  useEffect(() => {
    if (!insert) return;
    const at = caret.current ?? { start: draft.length, end: draft.length };
    const start = Math.min(at.start, draft.length);
    const end = Math.min(Math.max(at.end, start), draft.length);
    // Appended after earlier text, it starts on a line of its own.
    const before = draft.slice(0, start);
    const piece = caret.current === null && before.trim() !== '' && !before.endsWith('\n') ? `\n${insert.text}` : insert.text;
    const next = before + piece + draft.slice(end);
    // A placeholder left in is selected, so typing replaces it; otherwise the caret goes after the snippet.
    const hole = insert.unfilled.map((p) => ({ p, i: piece.indexOf(p) })).filter((h) => h.i >= 0).sort((a, b) => a.i - b.i)[0];
    selectAfter.current = hole ? { start: start + hole.i, end: start + hole.i + hole.p.length } : { start: start + piece.length, end: start + piece.length };
    setDraft(conversationId, next);
    snippetInserted();
  }, [insert, draft, conversationId, setDraft, snippetInserted]);

  useLayoutEffect(() => {
    const sel = selectAfter.current;
    const box = ref.current;
    if (!sel || !box || box.value.length < sel.end) return;
    selectAfter.current = null;
    box.focus();
    box.setSelectionRange(sel.start, sel.end);
    caret.current = sel;
  });

  async function submit(followUp?: FollowUpRequest | null, anyway = false): Promise<void> {
    if (await send(conversationId, followUp, anyway)) ref.current?.blur();
  }

  /** Back to the box with the first variable left in selected, to be typed over. */
  function editVariables(): void {
    dismissSendQuestion();
    const box = ref.current;
    if (!box) return;
    box.focus();
    const at = /\{\s*(?:firstName|company)\s*(?:\|[^{}]*)?\}/iu.exec(box.value);
    if (at) box.setSelectionRange(at.index, at.index + at[0].length);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // Ctrl/Cmd+Enter sends, Ctrl/Cmd+Shift+Enter sends with a follow-up reminder, Ctrl/Cmd+Shift+L
    // sends later (as the keymap in force says); Enter and Shift+Enter are left to the box (a new line).
    const command = commandFor(e.nativeEvent, 'composer', true);
    if (command === 'sendLater') {
      e.preventDefault();
      flushDrafts();
      openSendLater();
      return;
    }
    if (command !== 'send' && command !== 'sendWithFollowUp') return;
    e.preventDefault();
    if (command === 'sendWithFollowUp') setAskFollowUp(true);
    else void submit();
  }

  function rememberCaret(): void {
    const box = ref.current;
    if (box) caret.current = { start: box.selectionStart, end: box.selectionEnd };
  }

  const over = draft.length > MAX_REPLY_LENGTH;
  const near = draft.length >= COUNTER_FROM;
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
        placeholder={composer.enabled ? sendKeys ? `Write a reply… (${sendKeys} sends, Enter starts a new line)` : 'Write a reply… (the Send button sends)' : 'Replies are turned off for this conversation'}
        value={draft}
        disabled={!composer.enabled}
        readOnly={sending}
        rows={3}
        onChange={(e) => setDraft(conversationId, e.target.value)}
        onKeyDown={onKeyDown}
        onSelect={rememberCaret}
        onBlur={() => {
          rememberCaret();
          flushDrafts();
        }}
        aria-invalid={over || undefined}
        aria-describedby={`composer-note-${conversationId}${near ? ` composer-limit-${conversationId}` : ''}`}
      />
      {near && (
        <p className={`char-limit${over ? ' char-limit--over' : ''}`} id={`composer-limit-${conversationId}`} role="status">
          {limitSentence(draft.length)}
        </p>
      )}
      {question && <SendQuestion conversationId={conversationId} question={question} onSendAnyway={() => (asked?.later ? openSendLater(true) : void submit(asked?.followUp, true))} onEdit={editVariables} later={asked?.later} />}
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
        {near && (
          <span className={`char-count${over ? ' char-count--over' : ''}`} aria-hidden="true">
            {count(draft.length)} / {count(MAX_REPLY_LENGTH)}
          </span>
        )}
        <button type="button" className="button composer-later" disabled={!composer.enabled || sending} onClick={() => openSendLater()}>
          Send later <KeyLabel command="sendLater" />
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={!composer.enabled || sending}
          title={describeKeyOf('sendWithFollowUp') ? `${describeKeyOf('sendWithFollowUp')} sends with a follow-up reminder` : undefined}
        >
          {sending ? 'Sending…' : 'Send'} <KeyLabel command="send" />
        </button>
      </div>
      {askFollowUp && (
        <FollowUpPicker
          conversationId={conversationId}
          name={recipient}
          onClose={() => setAskFollowUp(false)}
          onPick={(request) => {
            setAskFollowUp(false);
            void submit(request);
          }}
        />
      )}
    </form>
  );
}
