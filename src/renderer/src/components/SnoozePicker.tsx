/**
 * The snooze picker (`h`): type a time in words ("tomorrow 3pm", "in 2 hours") — read by the
 * core as you type — or pick a preset with ↑/↓; an optional note and "Cancel if they reply".
 * Enter snoozes (from any field), Esc closes. The typed time is read again on Enter, so
 * "in 10 minutes" means ten minutes from the moment it is confirmed (TimeChoice).
 */
import { useMemo, useState } from 'react';
import type { ConversationSummary } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { presetTime, wakeTime } from '../format';
import { presetAtNow, snoozePresets } from '../snoozeTimes';
import { conversationFor } from '../store';
import { useInbox } from '../storeContext';
import { TimeChoice, type TimeChoiceMade } from './TimeChoice';

export function SnoozePicker({ ids }: { ids: string[] }) {
  const items = useInbox((s) => s.items);
  const thread = useInbox((s) => s.thread);
  const search = useInbox((s) => s.search);
  const snooze = useInbox((s) => s.snooze);
  const close = useInbox((s) => s.closePopover);
  const opened = useMemo(() => Date.now(), []);
  const presets = useMemo(() => snoozePresets(opened), [opened]);
  const options = useMemo(() => presets.map((p) => ({ key: p.key, label: p.label, meta: presetTime(p.at, opened) })), [presets, opened]);
  const [note, setNote] = useState('');
  const [cancelIfReply, setCancelIfReply] = useState(false);

  const conversation: ConversationSummary | null = useMemo(() => conversationFor({ items, search, thread }, ids[0]!), [ids, items, search, thread]);
  const who = ids.length > 1 ? `${ids.length.toLocaleString()} conversations` : conversation ? conversation.participant.name || conversation.title : 'this conversation';

  function snoozeAt(choice: TimeChoiceMade): void {
    if (!conversation) return;
    let until: number;
    if ('at' in choice) until = choice.at;
    else until = presetAtNow(presets[choice.preset]!, Date.now());
    close();
    void snooze(ids, { until, note: note.trim() || null, cancelIfReply, description: wakeTime(until, Date.now()) });
  }

  return (
    <TimeChoice
      conversationId={ids[0]!}
      label={`Snooze ${who}`}
      className="snooze-picker"
      title="Snooze until…"
      fieldLabel="Snooze until"
      placeholder="tomorrow 3pm, in 2 hours, fri 9:00…"
      idPrefix="snooze"
      readBack="Until"
      presetsLabel="Snooze presets"
      options={options}
      optionAttribute="data-preset"
      confirmLabel="Snooze"
      onChoose={snoozeAt}
      onClose={close}
    >
      <label className="snooze-field">
        <span>Note (optional)</span>
        <input className="picker-input picker-input--small" type="text" value={note} maxLength={LIMITS.snoozeNote} placeholder="What to do when it is back" onChange={(e) => setNote(e.target.value)} />
      </label>
      <label className="snooze-check">
        <input type="checkbox" checked={cancelIfReply} onChange={(e) => setCancelIfReply(e.target.checked)} />
        Cancel if they reply
      </label>
    </TimeChoice>
  );
}
