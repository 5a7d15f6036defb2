/**
 * Snippets in Settings: saved replies to insert from the command palette, with `{firstName}`
 * and `{company}` filled in from the conversation. Add, edit (name and text) and delete (asks
 * first). Problems are shown in the form, at the field (a name already taken, an empty text);
 * what the core refuses is shown there too, with its sentence.
 */
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Snippet } from '../../../shared/domain';
import { MAX_SNIPPET_NAME } from '../../../shared/domain';
import { errorSentence } from '../api';
import { canAddSnippet, snippetProblem, type SnippetDraft } from '../snippets';
import { useInbox } from '../storeContext';

type Feedback = { tone: 'saved' | 'error'; text: string } | null;

function newSnippetId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? `snip_${crypto.randomUUID()}` : `snip_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}`;
}

/** Esc inside a form or a question cancels it, and does not also close Settings. */
function cancelOnEscape(cancel: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    cancel();
  };
}

interface FormProps {
  initial: SnippetDraft;
  /** The other snippets (names must differ from theirs). */
  others: readonly Snippet[];
  submitLabel: string;
  /** Saves; resolves to the core's sentence when it refuses, or null. */
  onSave(draft: SnippetDraft): Promise<string | null>;
  onCancel(): void;
}

function SnippetForm({ initial, others, submitLabel, onSave, onCancel }: FormProps) {
  const [name, setName] = useState(initial.name);
  const [body, setBody] = useState(initial.body);
  const [problem, setProblem] = useState<ReturnType<typeof snippetProblem>>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const draft = { name, body };
    const found = snippetProblem(draft, others);
    setProblem(found);
    setRefused(null);
    if (found) {
      (found.field === 'name' ? nameRef : bodyRef).current?.focus();
      return;
    }
    setBusy(true);
    const sentence = await onSave({ name: name.trim(), body });
    setBusy(false);
    if (sentence) setRefused(sentence);
  }

  const nameError = problem?.field === 'name' ? problem.text : null;
  const bodyError = problem?.field === 'body' ? problem.text : null;
  return (
    <form className="snippet-form" onSubmit={(e) => void submit(e)} onKeyDown={cancelOnEscape(onCancel)} noValidate data-form="snippet">
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          ref={nameRef}
          type="text"
          value={name}
          maxLength={MAX_SNIPPET_NAME + 20}
          placeholder="e.g. Intro call"
          autoFocus
          onChange={(e) => {
            setName(e.target.value);
            if (problem?.field === 'name') setProblem(null);
          }}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
        />
        {nameError && (
          <p className="form-error" id={`${id}-name-error`} role="alert">
            {nameError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Text</label>
        <textarea
          id={`${id}-body`}
          ref={bodyRef}
          className="snippet-body-input"
          value={body}
          rows={4}
          placeholder="Hi {firstName|there}, thanks for connecting! How are things at {company|your team}?"
          onChange={(e) => {
            setBody(e.target.value);
            if (problem?.field === 'body') setProblem(null);
          }}
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={`${id}-body-help${bodyError ? ` ${id}-body-error` : ''}`}
        />
        <p className="field-help" id={`${id}-body-help`}>
          {'{firstName}'} and {'{company}'} are filled in from the conversation. Give one a fallback for when the conversation has nothing: {'{firstName|there}'}, {'{company|your team}'}
          ({'{company|}'} leaves it out). One without a fallback is left in for you to replace, and sending a reply that still holds it asks first. Write {'{{'} and {'}}'} for braces as text.
        </p>
        {bodyError && (
          <p className="form-error" id={`${id}-body-error`} role="alert">
            {bodyError}
          </p>
        )}
      </div>
      {refused && (
        <p className="form-error" role="alert">
          {refused}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SnippetRow({ snippet, onEdit, onDelete }: { snippet: Snippet; onEdit(): void; onDelete(): Promise<string | null> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove(): Promise<void> {
    setBusy(true);
    const sentence = await onDelete();
    setBusy(false);
    if (sentence) {
      setError(sentence);
      setConfirming(false);
    }
  }

  return (
    <li className="snippet-row" data-snippet-id={snippet.id}>
      <div className="snippet-row-main">
        <div className="snippet-row-text">
          <span className="snippet-name">{snippet.name}</span>
          <span className="snippet-preview">{snippet.body}</span>
        </div>
        <button type="button" className="button button--compact" onClick={onEdit} aria-label={`Edit snippet ${snippet.name}`}>
          Edit
        </button>
        <button type="button" className="button button--danger-quiet button--compact" onClick={() => setConfirming(true)} aria-label={`Delete snippet ${snippet.name}`}>
          Delete…
        </button>
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label={`Delete snippet ${snippet.name}`} onKeyDown={cancelOnEscape(() => setConfirming(false))}>
          <p>Delete the snippet “{snippet.name}”? This cannot be undone.</p>
          <div className="confirm-actions">
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()} autoFocus>
              Delete snippet
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function SnippetSettings() {
  const settings = useInbox((s) => s.settings);
  const updateSettings = useInbox((s) => s.updateSettings);
  const [editing, setEditing] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const snippets = settings?.snippets ?? [];

  /** Saves the whole list; the core's sentence when it refuses. */
  async function save(next: Snippet[], said: string): Promise<string | null> {
    setFeedback(null);
    try {
      await updateSettings({ snippets: next });
      setEditing(null);
      setFeedback({ tone: 'saved', text: said });
      return null;
    } catch (err) {
      return errorSentence(err);
    }
  }

  const adding = editing === 'new';
  return (
    <div className="snippet-settings" data-section="snippets">
      <h3 className="settings-subtitle">Snippets</h3>
      <p className="field-help">Saved replies, inserted at the cursor in the reply box from the command palette. {'{firstName}'} and {'{company}'} are filled in for each conversation.</p>
      {snippets.length > 0 && (
        <ul className="snippet-rows" aria-label="Snippets">
          {snippets.map((s) =>
            editing === s.id ? (
              <li key={s.id} className="snippet-row snippet-row--editing" data-snippet-id={s.id}>
                <SnippetForm
                  initial={s}
                  others={snippets.filter((x) => x.id !== s.id)}
                  submitLabel="Save snippet"
                  onSave={(d) => save(snippets.map((x) => (x.id === s.id ? { ...x, ...d } : x)), `Saved “${d.name}”.`)}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <SnippetRow
                key={s.id}
                snippet={s}
                onEdit={() => {
                  setFeedback(null);
                  setEditing(s.id);
                }}
                onDelete={() => save(snippets.filter((x) => x.id !== s.id), `Deleted “${s.name}”.`)}
              />
            ),
          )}
        </ul>
      )}
      {adding ? (
        <SnippetForm
          initial={{ name: '', body: '' }}
          others={snippets}
          submitLabel="Add snippet"
          onSave={(d) => save([...snippets, { id: newSnippetId(), ...d }], `Added “${d.name}”.`)}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <div className="snippet-add">
          <button
            type="button"
            className="button"
            disabled={settings === null || !canAddSnippet(snippets)}
            onClick={() => {
              setFeedback(null);
              setEditing('new');
            }}
          >
            New snippet
          </button>
          {!canAddSnippet(snippets) && <span className="field-help">That is as many snippets as can be kept; delete one to add another.</span>}
        </div>
      )}
      {feedback && (
        <p className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
          {feedback.text}
        </p>
      )}
    </div>
  );
}
