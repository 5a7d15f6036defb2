/**
 * The snooze picker (`h`): type a time in words ("tomorrow 3pm", "in 2 hours") — read by the
 * core as you type — or pick a preset with ↑/↓; an optional note and "Cancel if they reply".
 * Enter snoozes (from any field), Esc closes. The typed time is read again on Enter, so
 * "in 10 minutes" means ten minutes from the moment it is confirmed.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { ConversationSummary } from '../../../shared/domain';
import { presetTime, wakeTime } from '../format';
import { snoozePresets } from '../snoozeTimes';
import { conversationFor } from '../store';
import { useInbox } from '../storeContext';
import { useTypedTime } from '../useTypedTime';
import { Popover } from './Popover';
import { LIMITS } from '../../../shared/limits';

export function SnoozePicker({ ids }: { ids: string[] }) {
  const items = useInbox((s) => s.items);
  const thread = useInbox((s) => s.thread);
  const search = useInbox((s) => s.search);
  const snooze = useInbox((s) => s.snooze);
  const close = useInbox((s) => s.closePopover);
  const opened = useMemo(() => Date.now(), []);
  const presets = useMemo(() => snoozePresets(opened), [opened]);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [note, setNote] = useState('');
  const [cancelIfReply, setCancelIfReply] = useState(false);
  const [busy, setBusy] = useState(false);

  const conversation: ConversationSummary | null = useMemo(() => conversationFor({ items, search, thread }, ids[0]!), [ids, items, search, thread]);
  const who = ids.length > 1 ? `${ids.length.toLocaleString()} conversations` : conversation ? conversation.participant.name || conversation.title : 'this conversation';
  const typed = text.trim();
  // Read the typed time once typing rests (useTypedTime); read again on Enter.
  const { parsed, readNow } = useTypedTime(typed);

  async function confirm(presetIndex?: number): Promise<void> {
    if (busy || !conversation) return;
    let until: number;
    if (typed && presetIndex === undefined) {
      setBusy(true);
      const read = await readNow();
      if (read === null) {
        setBusy(false);
        return;
      }
      until = read;
    } else {
      // Computed again now: "later today" is three hours from the moment it is chosen.
      const wanted = presets[presetIndex ?? active]!;
      until = snoozePresets(Date.now()).find((p) => p.key === wanted.key)?.at ?? wanted.at;
    }
    close();
    void snooze(ids, { until, note: note.trim() || null, cancelIfReply, description: wakeTime(until, Date.now()) });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const target = e.target as HTMLElement;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (target instanceof HTMLInputElement && target.type === 'text' && target.dataset.field === 'time' && !typed) {
          const n = presets.length;
          setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
          break;
        }
        return;
      case 'Enter':
        // A focused button does what it says (Cancel cancels); anywhere else Enter snoozes.
        if (target instanceof HTMLButtonElement || e.nativeEvent.isComposing) return;
        void confirm();
        break;
      case 'Escape':
        close();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  const status =
    parsed.kind === 'ok' ? (
      <span className="snooze-parsed">
        Until <strong>{parsed.description}</strong>
      </span>
    ) : parsed.kind === 'error' ? (
      <span className="snooze-parse-error">{parsed.message}</span>
    ) : parsed.kind === 'reading' ? (
      <span className="snooze-reading">Reading…</span>
    ) : (
      <span className="snooze-reading">Or pick one below with ↑ ↓</span>
    );

  return (
    <Popover conversationId={ids[0]!} label={`Snooze ${who}`} className="snooze-picker" onClose={close} onKeyDown={onKeyDown}>
      <h2 className="popover-title">Snooze until…</h2>
      <input
        className="picker-input"
        type="text"
        data-field="time"
        aria-label="Snooze until"
        aria-describedby="snooze-parse"
        aria-controls="snooze-presets"
        aria-activedescendant={typed ? undefined : `snooze-preset-${active}`}
        placeholder="tomorrow 3pm, in 2 hours, fri 9:00…"
        value={text}
        maxLength={LIMITS.snoozeTime}
        data-autofocus
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
      <p className="snooze-status" id="snooze-parse" aria-live="polite" data-state={parsed.kind}>
        {status}
      </p>
      <ul className={`picker-options snooze-presets${typed ? ' snooze-presets--dimmed' : ''}`} id="snooze-presets" role="listbox" aria-label="Snooze presets">
        {presets.map((p, i) => (
          <li
            key={p.key}
            id={`snooze-preset-${i}`}
            role="option"
            aria-selected={!typed && i === active}
            data-preset={p.key}
            className={`picker-option${!typed && i === active ? ' picker-option--active' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => void confirm(i)}
          >
            <span className="picker-option-name">{p.label}</span>
            <span className="picker-option-meta">{presetTime(p.at, opened)}</span>
          </li>
        ))}
      </ul>
      <label className="snooze-field">
        <span>Note (optional)</span>
        <input className="picker-input picker-input--small" type="text" value={note} maxLength={LIMITS.snoozeNote} placeholder="What to do when it is back" onChange={(e) => setNote(e.target.value)} />
      </label>
      <label className="snooze-check">
        <input type="checkbox" checked={cancelIfReply} onChange={(e) => setCancelIfReply(e.target.checked)} />
        Cancel if they reply
      </label>
      <div className="popover-actions">
        <button type="button" className="button button--primary" disabled={busy || (typed !== '' && parsed.kind === 'error')} onClick={() => void confirm()}>
          Snooze <kbd>Enter</kbd>
        </button>
        <button type="button" className="button" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Popover>
  );
}
