/**
 * "Send and remind me if no reply" (Ctrl/Cmd+Shift+Enter in the reply box): pick 1, 3 or 7 days
 * with ↑/↓ or type a time in words ("next tuesday 9am", read by the core as the snooze picker's
 * times are), optionally weekdays only; or "No reminder", which also skips a label's default.
 * Enter sends with the choice; Esc goes back to the reply.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FollowUpRequest } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { errorSentence } from '../api';
import { FOLLOW_UP_PRESETS } from '../followUpTimes';
import { useInbox } from '../storeContext';
import { Popover } from './Popover';

/** How long typing rests before the core reads the time. */
const PARSE_DELAY_MS = 150;

type Parsed = { kind: 'idle' } | { kind: 'reading' } | { kind: 'ok'; description: string } | { kind: 'error'; message: string };

interface Props {
  conversationId: string;
  /** Who the reply goes to, for the title. */
  name: string;
  /** null: send without a reminder (not even a label's default). */
  onPick(request: FollowUpRequest | null): void;
  onClose(): void;
}

export function FollowUpPicker({ conversationId, name, onPick, onClose }: Props) {
  const parseTime = useInbox((s) => s.parseSnoozeTime);
  const [active, setActive] = useState(1); // 3 days: the usual choice
  const [text, setText] = useState('');
  const [weekdaysOnly, setWeekdaysOnly] = useState(false);
  const [parsed, setParsed] = useState<Parsed>({ kind: 'idle' });
  const seq = useRef(0);
  const typed = text.trim();

  useEffect(() => {
    const mine = ++seq.current;
    if (!typed) {
      setParsed({ kind: 'idle' });
      return;
    }
    setParsed((p) => (p.kind === 'idle' ? { kind: 'reading' } : p));
    const t = window.setTimeout(() => {
      parseTime(typed).then(
        (r) => mine === seq.current && setParsed({ kind: 'ok', description: r.description }),
        (err: unknown) => mine === seq.current && setParsed({ kind: 'error', message: errorSentence(err) }),
      );
    }, PARSE_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [typed, parseTime]);

  async function confirm(presetIndex?: number): Promise<void> {
    if (typed && presetIndex === undefined) {
      seq.current++;
      try {
        // Read again now: "in 2 hours" means from the moment it is confirmed.
        const { until } = await parseTime(typed);
        onPick({ at: until, weekdaysOnly });
      } catch (err) {
        setParsed({ kind: 'error', message: errorSentence(err) });
      }
      return;
    }
    const preset = FOLLOW_UP_PRESETS[presetIndex ?? active];
    onPick(preset ? { days: preset.days, weekdaysOnly } : null);
  }

  const options = [...FOLLOW_UP_PRESETS.map((p) => ({ key: String(p.days), label: p.label })), { key: 'none', label: 'No reminder' }];

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const target = e.target as HTMLElement;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (typed) return;
        const n = FOLLOW_UP_PRESETS.length + 1; // and "No reminder"
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        break;
      }
      case 'Enter':
        if (target instanceof HTMLButtonElement || e.nativeEvent.isComposing) return;
        void confirm();
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

  return (
    <Popover conversationId={conversationId} label={`Send to ${name} and remind me if no reply`} className="follow-up-picker snooze-picker" onClose={onClose} onKeyDown={onKeyDown}>
      <h2 className="popover-title">Send, and remind me if no reply…</h2>
      <input
        className="picker-input"
        type="text"
        aria-label="Remind me at"
        aria-describedby="follow-up-parse"
        aria-controls="follow-up-presets"
        aria-activedescendant={typed ? undefined : `follow-up-preset-${active}`}
        placeholder="next tuesday 9am, in 2 weeks…"
        value={text}
        maxLength={LIMITS.snoozeTime}
        data-autofocus
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
      <p className="snooze-status" id="follow-up-parse" aria-live="polite" data-state={parsed.kind}>
        {parsed.kind === 'ok' ? (
          <span className="snooze-parsed">
            At <strong>{parsed.description}</strong>
          </span>
        ) : parsed.kind === 'error' ? (
          <span className="snooze-parse-error">{parsed.message}</span>
        ) : parsed.kind === 'reading' ? (
          <span className="snooze-reading">Reading…</span>
        ) : (
          <span className="snooze-reading">Or pick one below with ↑ ↓</span>
        )}
      </p>
      <ul className={`picker-options snooze-presets${typed ? ' snooze-presets--dimmed' : ''}`} id="follow-up-presets" role="listbox" aria-label="Follow-up presets">
        {options.map((o, i) => (
          <li
            key={o.key}
            id={`follow-up-preset-${i}`}
            role="option"
            aria-selected={!typed && i === active}
            data-days={o.key}
            className={`picker-option${!typed && i === active ? ' picker-option--active' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => void confirm(i)}
          >
            <span className="picker-option-name">{o.label}</span>
          </li>
        ))}
      </ul>
      <label className="snooze-check">
        <input type="checkbox" checked={weekdaysOnly} onChange={(e) => setWeekdaysOnly(e.target.checked)} />
        Weekdays only (a Saturday or Sunday moves to Monday)
      </label>
      <p className="follow-up-hint">If {name} replies first, the reminder clears itself.</p>
      <div className="popover-actions">
        <button type="button" className="button button--primary" disabled={typed !== '' && parsed.kind === 'error'} onClick={() => void confirm()}>
          Send <kbd>Enter</kbd>
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Popover>
  );
}
