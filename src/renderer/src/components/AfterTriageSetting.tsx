/**
 * Settings → General: where an open thread goes after an action takes its conversation out of
 * the view (the triage loop): the next conversation (Superhuman's default), the previous one,
 * or back to the list. Saved at once, confirmed beside it; a refusal shows the core's sentence.
 */
import { useId, useState } from 'react';
import type { AfterTriage } from '../../../shared/domain';
import { AFTER_TRIAGE_CHOICES, DEFAULT_SETTINGS } from '../../../shared/domain';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';

const CHOICE_LABELS: Record<AfterTriage, string> = {
  next: 'Open the next one',
  previous: 'Open the previous one',
  list: 'Go back to the list',
};

const SAVED: Record<AfterTriage, string> = {
  next: 'Saved — the next conversation opens.',
  previous: 'Saved — the previous conversation opens.',
  list: 'Saved — the list shows again.',
};

export function AfterTriageSetting() {
  const settings = useInbox((s) => s.settings);
  const updateSettings = useInbox((s) => s.updateSettings);
  const [picked, setPicked] = useState<AfterTriage | null>(null);
  const [feedback, setFeedback] = useState<{ tone: 'saved' | 'error'; text: string } | null>(null);
  const id = useId();
  const value = picked ?? settings?.afterTriage ?? DEFAULT_SETTINGS.afterTriage;

  async function save(choice: AfterTriage): Promise<void> {
    setPicked(choice);
    setFeedback(null);
    try {
      const saved = await updateSettings({ afterTriage: choice });
      setFeedback({ tone: 'saved', text: SAVED[saved.afterTriage] });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    } finally {
      setPicked(null);
    }
  }

  return (
    <div className="setting-choices" data-setting="afterTriage">
      <span id={`${id}-label`} className="setting-choices-label">
        After archiving or moving an open conversation
      </span>
      <div role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`} className="setting-choices-options">
        {AFTER_TRIAGE_CHOICES.map((choice) => (
          <label key={choice} className="setting-choice">
            <input type="radio" name={`${id}-after-triage`} value={choice} checked={value === choice} disabled={settings === null} onChange={() => void save(choice)} />
            {CHOICE_LABELS[choice]}
          </label>
        ))}
      </div>
      {feedback && (
        <span className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
          {feedback.text}
        </span>
      )}
      <p className="field-help" id={`${id}-help`}>
        Archive (e), move to the inbox (Shift+E), snooze (h), a label that takes it out of the view, or a bulk action: with the next one opening, one key deals with each conversation.
      </p>
    </div>
  );
}
