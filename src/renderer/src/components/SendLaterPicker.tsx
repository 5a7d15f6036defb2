/**
 * The send-later picker (Ctrl/Cmd+Shift+L in the reply box, or its "Send later" button):
 * type a time in words ("in 2 hours", "tomorrow 9am") — read by the core as you type, as the
 * snooze picker does (TimeChoice) — or pick a preset with ↑/↓. Enter schedules the reply in the
 * box; a time already past is refused with the core's sentence and the reply stays in the box.
 */
import { useMemo } from 'react';
import { presetTime } from '../format';
import { presetAtNow, snoozePresets } from '../snoozeTimes';
import { useInbox } from '../storeContext';
import { TimeChoice, type TimeChoiceMade } from './TimeChoice';

export function SendLaterPicker({ conversationId }: { conversationId: string }) {
  const who = useInbox((s) => (s.thread?.conversation.id === conversationId ? s.thread.conversation.participant.name || s.thread.conversation.title : 'this conversation'));
  const scheduleReply = useInbox((s) => s.scheduleReply);
  const close = useInbox((s) => s.closePopover);
  const opened = useMemo(() => Date.now(), []);
  // The snooze presets fit sending too: later today, tomorrow morning, the weekend, next week.
  const presets = useMemo(() => snoozePresets(opened), [opened]);
  const options = useMemo(() => presets.map((p) => ({ key: p.key, label: p.label, meta: presetTime(p.at, opened) })), [presets, opened]);

  /** Schedules the reply; the core's refusal (a time already past) is the status line's sentence. */
  async function scheduleAt(choice: TimeChoiceMade): Promise<string | null> {
    let at: number;
    if ('at' in choice) at = choice.at;
    else at = presetAtNow(presets[choice.preset]!, Date.now());
    return scheduleReply(conversationId, at);
  }

  return (
    <TimeChoice
      conversationId={conversationId}
      label={`Send the reply to ${who} later`}
      className="snooze-picker send-later-picker"
      title="Send later…"
      fieldLabel="Send at"
      placeholder="in 2 hours, tomorrow 9am, mon 14:00…"
      idPrefix="send-later"
      readBack="Sends"
      presetsLabel="Send-later presets"
      options={options}
      optionAttribute="data-preset"
      confirmLabel="Schedule"
      onChoose={scheduleAt}
      onClose={close}
    />
  );
}
