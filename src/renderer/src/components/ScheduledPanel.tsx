/**
 * The Scheduled view (g then t, the sidebar, the palette): every reply set to send later and not
 * yet sent, soonest first, with its time and, when it waits past that (a daily cap) or failed,
 * why. Each can be edited (text and time, the time typed in words as in the pickers), sent now or
 * cancelled (z brings it back). Modal like help: Esc closes it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ScheduledReply } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { wakeTime } from '../format';
import { describeKeyOf } from '../keymap';
import { useKeymap } from '../useKeymap';
import { useInbox } from '../storeContext';
import { useTypedTime } from '../useTypedTime';

const STATE_WORDS: Record<ScheduledReply['state'], string> = { waiting: 'Scheduled', sending: 'Sending now…', failed: 'Not sent' };

function EditForm({ reply, onDone }: { reply: ScheduledReply; onDone(): void }) {
  const editScheduled = useInbox((s) => s.editScheduled);
  const [text, setText] = useState(reply.text);
  const [time, setTime] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const typed = time.trim();
  const { parsed, readNow } = useTypedTime(typed);

  async function save(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    const change: { text?: string; sendAt?: number } = {};
    if (text !== reply.text) change.text = text;
    if (typed) {
      const at = await readNow();
      if (at === null) {
        setBusy(false);
        return;
      }
      change.sendAt = at;
    }
    const refusal = Object.keys(change).length === 0 ? null : await editScheduled(reply.messageId, change);
    setBusy(false);
    if (refusal) setProblem(refusal);
    else onDone();
  }

  return (
    <form
      className="scheduled-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea className="composer-input" aria-label="Scheduled reply text" value={text} rows={3} maxLength={LIMITS.draft} onChange={(e) => setText(e.target.value)} data-autofocus />
      <label className="snooze-field">
        <span>New time (leave empty to keep {wakeTime(reply.sendAt, Date.now())})</span>
        <input className="picker-input picker-input--small" type="text" aria-label="New time" placeholder="in 2 hours, tomorrow 9am…" value={time} maxLength={LIMITS.snoozeTime} spellCheck={false} onChange={(e) => setTime(e.target.value)} />
      </label>
      <p className="snooze-status" aria-live="polite" data-state={problem ? 'error' : parsed.kind}>
        {problem ? (
          <span className="snooze-parse-error">{problem}</span>
        ) : parsed.kind === 'ok' ? (
          <span className="snooze-parsed">
            Sends <strong>{parsed.description}</strong>
          </span>
        ) : parsed.kind === 'error' ? (
          <span className="snooze-parse-error">{parsed.message}</span>
        ) : null}
      </p>
      <div className="popover-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button" onClick={onDone}>
          Keep as it was
        </button>
      </div>
    </form>
  );
}

function ScheduledItem({ reply }: { reply: ScheduledReply }) {
  const sendNow = useInbox((s) => s.sendScheduledNow);
  const cancel = useInbox((s) => s.cancelScheduled);
  const [editing, setEditing] = useState(false);
  const waiting = reply.state === 'waiting';
  return (
    <li className="scheduled-item" data-message-id={reply.messageId} data-state={reply.state}>
      <div className="scheduled-head">
        <strong className="scheduled-name">{reply.name}</strong>
        <span className="scheduled-account"> · {reply.accountName}</span>
        <span className="scheduled-time">
          {STATE_WORDS[reply.state]} · {wakeTime(reply.sendAt, Date.now())}
        </span>
      </div>
      {editing ? (
        <EditForm reply={reply} onDone={() => setEditing(false)} />
      ) : (
        <>
          <p className="scheduled-text">{reply.text}</p>
          {reply.note && <p className="scheduled-note">{reply.note}</p>}
          <div className="scheduled-actions">
            <button type="button" className="button" disabled={reply.state === 'sending'} onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="button" disabled={!waiting && reply.state !== 'failed'} onClick={() => void sendNow(reply.messageId)}>
              Send now
            </button>
            <button type="button" className="button" disabled={reply.state === 'sending'} onClick={() => void cancel(reply.messageId)}>
              Cancel it
            </button>
          </div>
        </>
      )}
    </li>
  );
}

export function ScheduledPanel() {
  const close = useInbox((s) => s.closeOverlay);
  const scheduled = useInbox((s) => s.scheduled);
  const refresh = useInbox((s) => s.refreshScheduled);
  useKeymap();
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void refresh();
    const before = document.activeElement as HTMLElement | null;
    list.current?.focus();
    return () => {
      if (before && before !== document.body && before.isConnected) before.focus();
    };
  }, [refresh]);
  const laterKeys = describeKeyOf('sendLater') || 'the Send later button';
  return (
    <div
      className="overlay-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <div className="help scheduled" role="dialog" aria-modal="true" aria-labelledby="scheduled-title">
        <header className="help-header">
          <h2 id="scheduled-title">Scheduled</h2>
          <button type="button" className="link-button" onClick={close}>
            Close <kbd>Esc</kbd>
          </button>
        </header>
        <div ref={list} className="help-sections" tabIndex={0} aria-label="Scheduled replies">
          {scheduled.length === 0 ? (
            <p className="scheduled-empty">No replies are scheduled. In a reply, press {laterKeys} to send it later.</p>
          ) : (
            <ul className="scheduled-list">
              {scheduled.map((r) => (
                <ScheduledItem key={r.messageId} reply={r} />
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
