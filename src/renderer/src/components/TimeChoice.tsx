/**
 * The body every time picker shares (snooze, send later, follow-up): a time typed in words —
 * read by the core as you type (useTypedTime) and read again on Enter, so "in 10 minutes" counts
 * from the moment it is confirmed — a status line saying what was read, and a listbox of presets
 * driven by ↑/↓ (aria-activedescendant: the cursor stays in the field). Enter chooses from any
 * field, a click chooses a preset, Esc closes. Each picker brings its own presets, words and
 * extra fields (children), and says what a choice does.
 */
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useTypedTime } from '../useTypedTime';
import { Popover } from './Popover';

/** One preset in the listbox. */
export interface TimeOption {
  key: string;
  label: string;
  /** The time it stands for, shown beside it ("Tue 08:00"). */
  meta?: string;
}

/** What was chosen: the typed time (read again just now) or the preset at `preset`. */
export type TimeChoiceMade = { at: number } | { preset: number };

interface Props {
  conversationId: string;
  /** The dialog's accessible name. */
  label: string;
  className: string;
  title: string;
  /** The time field's accessible name ("Snooze until"). */
  fieldLabel: string;
  placeholder: string;
  /** Prefix of the status line's, the listbox's and the options' ids ("snooze" → snooze-parse, snooze-presets, snooze-preset-0). */
  idPrefix: string;
  /** The word before a time read back ("Until", "Sends", "At"). */
  readBack: string;
  presetsLabel: string;
  options: TimeOption[];
  /** The data attribute naming each option's key (tests and styles find options by it). */
  optionAttribute: 'data-preset' | 'data-days';
  /** The option highlighted when the picker opens. */
  initialActive?: number;
  /** The primary button's word ("Snooze"). */
  confirmLabel: string;
  /** Does what the choice is for; a sentence returned is a refusal, shown in the status line. */
  onChoose(choice: TimeChoiceMade): Promise<string | null | void> | void;
  onClose(): void;
  /** Extra fields between the presets and the buttons (a note, "weekdays only"…). */
  children?: ReactNode;
}

/** A popover with a typed time field, its status line and a preset listbox; see the file comment. */
export function TimeChoice(props: Props) {
  const { idPrefix, options, optionAttribute, onClose } = props;
  const [text, setText] = useState('');
  const [active, setActive] = useState(props.initialActive ?? 0);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const typed = text.trim();
  // Read the typed time once typing rests; read again on Enter.
  const { parsed, readNow } = useTypedTime(typed);

  async function choose(presetIndex?: number): Promise<void> {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      let choice: TimeChoiceMade;
      if (typed && presetIndex === undefined) {
        const at = await readNow();
        if (at === null) return; // the status line now says why
        choice = { at };
      } else choice = { preset: presetIndex ?? active };
      const problem = await props.onChoose(choice);
      if (problem) setRefusal(problem);
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const target = e.target as HTMLElement;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        // Another text field (a note) keeps its arrows for the caret; a typed time has no presets to move through.
        const otherTextField = target instanceof HTMLInputElement && target.type === 'text' && target.dataset.field !== 'time';
        if (typed || otherTextField) return;
        const n = options.length;
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        break;
      }
      case 'Enter':
        // A focused button does what it says (Cancel cancels); anywhere else Enter chooses.
        if (target instanceof HTMLButtonElement || e.nativeEvent.isComposing) return;
        void choose();
        break;
      case 'Escape':
        onClose();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  const status = refusal ? (
    <span className="snooze-parse-error">{refusal}</span>
  ) : parsed.kind === 'ok' ? (
    <span className="snooze-parsed">
      {props.readBack} <strong>{parsed.description}</strong>
    </span>
  ) : parsed.kind === 'error' ? (
    <span className="snooze-parse-error">{parsed.message}</span>
  ) : parsed.kind === 'reading' ? (
    <span className="snooze-reading">Reading…</span>
  ) : (
    <span className="snooze-reading">Or pick one below with ↑ ↓</span>
  );

  return (
    <Popover conversationId={props.conversationId} label={props.label} className={props.className} onClose={onClose} onKeyDown={onKeyDown}>
      <h2 className="popover-title">{props.title}</h2>
      <input
        className="picker-input"
        type="text"
        data-field="time"
        aria-label={props.fieldLabel}
        aria-describedby={`${idPrefix}-parse`}
        aria-controls={`${idPrefix}-presets`}
        aria-activedescendant={typed ? undefined : `${idPrefix}-preset-${active}`}
        placeholder={props.placeholder}
        value={text}
        maxLength={LIMITS.snoozeTime}
        data-autofocus
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          setRefusal(null);
        }}
      />
      <p className="snooze-status" id={`${idPrefix}-parse`} aria-live="polite" data-state={refusal ? 'error' : parsed.kind}>
        {status}
      </p>
      <ul className={`picker-options snooze-presets${typed ? ' snooze-presets--dimmed' : ''}`} id={`${idPrefix}-presets`} role="listbox" aria-label={props.presetsLabel}>
        {options.map((o, i) => (
          <li
            key={o.key}
            id={`${idPrefix}-preset-${i}`}
            role="option"
            aria-selected={!typed && i === active}
            {...{ [optionAttribute]: o.key }}
            className={`picker-option${!typed && i === active ? ' picker-option--active' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => void choose(i)}
          >
            <span className="picker-option-name">{o.label}</span>
            {o.meta !== undefined && <span className="picker-option-meta">{o.meta}</span>}
          </li>
        ))}
      </ul>
      {props.children}
      <div className="popover-actions">
        <button type="button" className="button button--primary" disabled={busy || (typed !== '' && parsed.kind === 'error')} onClick={() => void choose()}>
          {props.confirmLabel} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Popover>
  );
}
