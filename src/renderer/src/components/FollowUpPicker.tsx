/**
 * "Send and remind me if no reply" (Ctrl/Cmd+Shift+Enter in the reply box): pick 1, 3 or 7 days
 * with ↑/↓ or type a time in words ("next tuesday 9am", read by the core as the snooze picker's
 * times are: TimeChoice), optionally weekdays only; or "No reminder", which also skips a label's
 * default. Enter sends with the choice; Esc goes back to the reply.
 */
import { useState } from 'react';
import type { FollowUpRequest } from '../../../shared/domain';
import { FOLLOW_UP_PRESETS } from '../followUpTimes';
import { TimeChoice, type TimeChoiceMade } from './TimeChoice';

/** The presets, then "No reminder" (its key is what data-days says). */
const OPTIONS = [...FOLLOW_UP_PRESETS.map((p) => ({ key: String(p.days), label: p.label })), { key: 'none', label: 'No reminder' }];

interface Props {
  conversationId: string;
  /** Who the reply goes to, for the title. */
  name: string;
  /** null: send without a reminder (not even a label's default). */
  onPick(request: FollowUpRequest | null): void;
  onClose(): void;
}

export function FollowUpPicker({ conversationId, name, onPick, onClose }: Props) {
  const [weekdaysOnly, setWeekdaysOnly] = useState(false);

  function pick(choice: TimeChoiceMade): void {
    if ('at' in choice) return onPick({ at: choice.at, weekdaysOnly });
    const preset = FOLLOW_UP_PRESETS[choice.preset];
    onPick(preset ? { days: preset.days, weekdaysOnly } : null);
  }

  return (
    <TimeChoice
      conversationId={conversationId}
      label={`Send to ${name} and remind me if no reply`}
      className="follow-up-picker snooze-picker"
      title="Send, and remind me if no reply…"
      fieldLabel="Remind me at"
      placeholder="next tuesday 9am, in 2 weeks…"
      idPrefix="follow-up"
      readBack="At"
      presetsLabel="Follow-up presets"
      options={OPTIONS}
      optionAttribute="data-days"
      initialActive={1 /* 3 days: the usual choice */}
      confirmLabel="Send"
      onChoose={pick}
      onClose={onClose}
    >
      <label className="snooze-check">
        <input type="checkbox" checked={weekdaysOnly} onChange={(e) => setWeekdaysOnly(e.target.checked)} />
        Weekdays only (a Saturday or Sunday moves to Monday)
      </label>
      <p className="follow-up-hint">If {name} replies first, the reminder clears itself.</p>
    </TimeChoice>
  );
}
