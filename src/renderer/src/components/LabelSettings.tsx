/**
 * Labels in Settings: rename (Enter or leaving the field saves, Esc puts the name back),
 * recolour (a row of swatches), show as a tab (a split inbox), delete (asks first), and add
 * a new one. Each change is saved at once; a refusal shows the core's sentence beside it.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Label } from '../../../shared/domain';
import { LABEL_COLORS } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { errorSentence } from '../api';
import { count } from '../format';
import { describeKeyOf, pressFor } from '../keymap';
import { useKeymap } from '../useKeymap';
import { useInbox } from '../storeContext';

/** The follow-up a label can set on replies in its conversations (Ctrl/Cmd+Shift+Enter picks any other). */
const LABEL_FOLLOW_UP_DAYS = [1, 2, 3, 5, 7, 14, 30];

type Feedback = { tone: 'saved' | 'error'; text: string } | null;

function LabelRow({ label }: { label: Label }) {
  const updateLabel = useInbox((s) => s.updateLabel);
  const deleteLabel = useInbox((s) => s.deleteLabel);
  const n = useInbox((s) => s.counts[`label:${label.id}`]) ?? label.inboxCount;
  const [name, setName] = useState(label.name);
  const [confirming, setConfirming] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const renaming = useRef(false);
  const id = useId();

  // Renamed elsewhere (or the save came back cleaned up): show the stored name.
  useEffect(() => setName(label.name), [label.name]);

  async function save(patch: Parameters<typeof updateLabel>[1], said: string): Promise<boolean> {
    setFeedback(null);
    setBusy(true);
    try {
      await updateLabel(label.id, patch);
      setFeedback({ tone: 'saved', text: said });
      return true;
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function rename(): Promise<void> {
    const next = name.trim();
    if (next === label.name || renaming.current) return;
    renaming.current = true;
    try {
      if (!(await save({ name: next }, 'Renamed.'))) setName(label.name);
    } finally {
      renaming.current = false;
    }
  }

  function nameKeys(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      void rename();
    } else if (e.key === 'Escape' && name !== label.name) {
      // The first Esc puts the name back; the next one closes Settings.
      e.preventDefault();
      e.stopPropagation();
      setName(label.name);
    }
  }

  async function remove(): Promise<void> {
    setBusy(true);
    try {
      await deleteLabel(label.id);
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
      setConfirming(false);
      setBusy(false);
    }
  }

  return (
    <li className="label-row" data-label-id={label.id} data-label-color={label.color}>
      <div className="label-row-main">
        <span className="label-dot" aria-hidden="true" />
        <input
          className="label-name-input"
          type="text"
          aria-label={`Name of label ${label.name}`}
          value={name}
          maxLength={LIMITS.labelName}
          readOnly={busy}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => void rename()}
          onKeyDown={nameKeys}
        />
        <span className="label-row-count" title="Conversations with this label in the inbox">
          {count(n)} in inbox
        </span>
        <label className="label-pin-switch">
          <input
            type="checkbox"
            role="switch"
            className="switch"
            checked={label.pinned}
            disabled={busy}
            onChange={(e) => void save({ pinned: e.target.checked }, e.target.checked ? 'Shown as a tab above the inbox.' : 'No longer a tab.')}
            aria-label={`Show ${label.name} as a tab`}
          />
          <span aria-hidden="true">Tab</span>
        </label>
        <button type="button" className="button button--danger-quiet button--compact" disabled={busy} onClick={() => setConfirming(true)} aria-label={`Delete label ${label.name}`}>
          Delete…
        </button>
      </div>
      <fieldset className="swatches" aria-label={`Colour of ${label.name}`}>
        {LABEL_COLORS.map((color) => (
          <label key={color} className="swatch" data-label-color={color} title={color}>
            <input
              type="radio"
              name={`${id}-color`}
              value={color}
              checked={label.color === color}
              disabled={busy}
              aria-label={color}
              onChange={() => void save({ color }, `Colour: ${color}.`)}
            />
          </label>
        ))}
      </fieldset>
      <label className="label-follow-up">
        <span>Remind me when they have not replied after</span>
        <select
          aria-label={`Follow-up reminder for replies in ${label.name}`}
          value={label.followUpDays ?? ''}
          disabled={busy}
          onChange={(e) => {
            const days = e.target.value === '' ? null : Number(e.target.value);
            void save({ followUpDays: days }, days === null ? 'Replies here set no follow-up reminder.' : `Replies here remind you after ${days} ${days === 1 ? 'day' : 'days'} without an answer.`);
          }}
        >
          <option value="">never</option>
          {[...new Set([...LABEL_FOLLOW_UP_DAYS, ...(label.followUpDays ? [label.followUpDays] : [])])]
            .sort((a, b) => a - b)
            .map((d) => (
              <option key={d} value={d}>
                {d} {d === 1 ? 'day' : 'days'}
              </option>
            ))}
        </select>
      </label>
      {confirming && (
        <div
          className="confirm"
          role="alertdialog"
          aria-label={`Delete label ${label.name}`}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            // Esc cancels the deletion, not Settings.
            e.preventDefault();
            e.stopPropagation();
            setConfirming(false);
          }}
        >
          <p>
            Delete “{label.name}”? It comes off every conversation that has it{label.pinned ? ', and its tab goes' : ''}. The conversations themselves stay.
          </p>
          <div className="confirm-actions">
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()} autoFocus>
              Delete label
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {feedback && (
        <p className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
          {feedback.text}
        </p>
      )}
    </li>
  );
}

function NewLabel() {
  const createLabel = useInbox((s) => s.createLabel);
  const [name, setName] = useState('');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);

  async function add(): Promise<void> {
    setFeedback(null);
    setBusy(true);
    try {
      const label = await createLabel(name);
      setName('');
      setFeedback({ tone: 'saved', text: `Added “${label.name}”.` });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="new-label"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <input className="label-name-input" type="text" aria-label="New label name" placeholder="New label…" value={name} maxLength={LIMITS.labelName} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="button" disabled={busy || name.trim() === ''}>
        Add label
      </button>
      {feedback && (
        <span className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
          {feedback.text}
        </span>
      )}
    </form>
  );
}

export function LabelSettings() {
  const labels = useInbox((s) => s.labels);
  useKeymap();
  return (
    <div className="label-settings" data-section="labels">
      <h3 className="settings-subtitle">Labels</h3>
      <p className="field-help">{pressFor('label', true)} on a conversation to label it. A label shown as a tab becomes a split inbox above the list ({describeKeyOf('nextSplit') || 'the palette'} moves between them).</p>
      {labels.length > 0 && (
        <ul className="label-rows" aria-label="Labels">
          {labels.map((l) => (
            <LabelRow key={l.id} label={l} />
          ))}
        </ul>
      )}
      <NewLabel />
    </div>
  );
}
