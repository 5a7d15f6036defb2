/**
 * The note on the person of the open conversation, in the thread header: its text, or "Add a note
 * (n)". `n` (or a click) opens an inline editor: Ctrl/Cmd+Enter or leaving the box saves, Esc
 * cancels and keeps nothing. A note that cannot be saved stays in the box with the reason.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PersonNote as Note } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { bindingFor, commandFor, describeChord } from '../keymap';
import { useInbox } from '../storeContext';

interface Props {
  conversationId: string;
  personName: string;
  note: Note | null;
}

export function PersonNote({ conversationId, personName, note }: Props) {
  const editing = useInbox((s) => s.noteEditing === conversationId);
  const error = useInbox((s) => (s.noteEditing === conversationId ? s.noteError : null));
  const editNote = useInbox((s) => s.editNote);
  const noteKey = describeChord(bindingFor('editNote').keys[0] ?? '');
  const shared = note?.identity === 'profile' ? 'shared by every conversation with them' : 'shared by their conversations on this account';

  if (editing) return <NoteEditor conversationId={conversationId} personName={personName} initial={note?.text ?? ''} error={error} />;
  if (!note) {
    return (
      <button type="button" className="thread-note-add" onClick={() => void editNote()} title={`A note on ${personName}, ${shared}`}>
        Add a note{noteKey && <> <kbd>{noteKey}</kbd></>}
      </button>
    );
  }
  return (
    <div className="thread-note" role="note" aria-label={`Note on ${personName}`}>
      <p className="thread-note-text" title={`Your note on ${personName}, ${shared}`}>
        {note.text}
      </p>
      <button type="button" className="button button--small thread-note-edit" onClick={() => void editNote()}>
        Edit note{noteKey && <> <kbd>{noteKey}</kbd></>}
      </button>
    </div>
  );
}

function NoteEditor({ conversationId, personName, initial, error }: { conversationId: string; personName: string; initial: string; error: string | null }) {
  const saveNote = useInbox((s) => s.saveNote);
  const cancelNote = useInbox((s) => s.cancelNote);
  const ref = useRef<HTMLTextAreaElement>(null);
  // Set once Esc cancelled or a save is on its way: leaving the box then saves nothing (again).
  const settled = useRef(false);
  const saveKeys = describeChord(bindingFor('send').keys[0] ?? 'Mod+Enter');

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, []);

  async function save(): Promise<void> {
    if (settled.current || !ref.current) return;
    settled.current = true;
    const ok = await saveNote(conversationId, ref.current.value);
    // Refused: the text stays in the box, and the next save may try again.
    if (!ok) settled.current = false;
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape') {
      // Handled here: the global Esc would leave the box, which saves.
      e.preventDefault();
      settled.current = true;
      cancelNote();
      return;
    }
    if (commandFor(e.nativeEvent, 'composer', true) !== 'send') return;
    e.preventDefault();
    void save();
  }

  return (
    <div className="thread-note thread-note--editing">
      <textarea
        ref={ref}
        className="thread-note-input"
        aria-label={`Note on ${personName}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={`note-help-${conversationId}`}
        defaultValue={initial}
        maxLength={LIMITS.personNote}
        rows={3}
        placeholder={`What to remember about ${personName}: where you met, what they care about…`}
        onKeyDown={onKeyDown}
        onBlur={() => void save()}
      />
      <p className="thread-note-help" id={`note-help-${conversationId}`}>
        {saveKeys} or leaving the box saves · Esc cancels · an empty note is deleted
      </p>
      {error && (
        <p className="thread-note-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
