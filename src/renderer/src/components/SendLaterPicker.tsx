/**
 * The send-later picker (Ctrl/Cmd+Shift+L in the reply box, or its "Send later" button):
 * type a time in words ("in 2 hours", "tomorrow 9am") — read by the core as you type, as the
 * snooze picker does — or pick a preset with ↑/↓. Enter schedules the reply in the box; a time
 * already past is refused with the core's sentence and the reply stays in the box.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { presetTime } from '../format';
import { snoozePresets } from '../snoozeTimes';
import { useInbox } from '../storeContext';
import { useTypedTime } from '../useTypedTime';
import { Popover } from './Popover';

export function SendLaterPicker({ conversationId }: { conversationId: string }) {
  const who = useInbox((s) => (s.thread?.conversation.id === conversationId ? s.thread.conversation.participant.name || s.thread.conversation.title : 'this conversation'));
  const scheduleReply = useInbox((s) => s.scheduleReply);
  const close = useInbox((s) => s.closePopover);
  const opened = useMemo(() => Date.now(), []);
  // The snooze presets fit sending too: later today, tomorrow morning, the weekend, next week.
  const presets = useMemo(() => snoozePresets(opened), [opened]);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const typed = text.trim();
  const { parsed, readNow } = useTypedTime(typed);

  async function confirm(presetIndex?: number): Promise<void> {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    let at: number | null;
    if (typed && presetIndex === undefined) at = await readNow();
    else {
      const wanted = presets[presetIndex ?? active]!;
      at = snoozePresets(Date.now()).find((p) => p.key === wanted.key)?.at ?? wanted.at;
    }
    if (at !== null) {
      const problem = await scheduleReply(conversationId, at);
      if (problem) setRefusal(problem);
    }
    setBusy(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const target = e.target as HTMLElement;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (target instanceof HTMLInputElement && !typed) {
          const n = presets.length;
          setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
          break;
        }
        return;
      case 'Enter':
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

  const status = refusal ? (
    <span className="snooze-parse-error">{refusal}</span>
  ) : parsed.kind === 'ok' ? (
    <span className="snooze-parsed">
      Sends <strong>{parsed.description}</strong>
    </span>
  ) : parsed.kind === 'error' ? (
    <span className="snooze-parse-error">{parsed.message}</span>
  ) : parsed.kind === 'reading' ? (
    <span className="snooze-reading">Reading…</span>
  ) : (
    <span className="snooze-reading">Or pick one below with ↑ ↓</span>
  );

  return (
    <Popover conversationId={conversationId} label={`Send the reply to ${who} later`} className="snooze-picker send-later-picker" onClose={close} onKeyDown={onKeyDown}>
      <h2 className="popover-title">Send later…</h2>
      <input
        className="picker-input"
        type="text"
        aria-label="Send at"
        aria-describedby="send-later-parse"
        aria-controls="send-later-presets"
        aria-activedescendant={typed ? undefined : `send-later-preset-${active}`}
        placeholder="in 2 hours, tomorrow 9am, mon 14:00…"
        value={text}
        maxLength={LIMITS.snoozeTime}
        data-autofocus
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          setRefusal(null);
        }}
      />
      <p className="snooze-status" id="send-later-parse" aria-live="polite" data-state={refusal ? 'error' : parsed.kind}>
        {status}
      </p>
      <ul className={`picker-options snooze-presets${typed ? ' snooze-presets--dimmed' : ''}`} id="send-later-presets" role="listbox" aria-label="Send-later presets">
        {presets.map((p, i) => (
          <li
            key={p.key}
            id={`send-later-preset-${i}`}
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
      <div className="popover-actions">
        <button type="button" className="button button--primary" disabled={busy || (typed !== '' && parsed.kind === 'error')} onClick={() => void confirm()}>
          Schedule <kbd>Enter</kbd>
        </button>
        <button type="button" className="button" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Popover>
  );
}
