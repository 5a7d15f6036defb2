/**
 * The settings that are not about one account: how often every account is checked for new
 * messages. A change is saved at once (no Save button), confirmed quietly, and a refusal
 * puts the select back with the core's sentence.
 */
import { useId, useState } from 'react';
import { DEFAULT_SETTINGS, POLL_INTERVAL_CHOICES } from '../../../shared/domain';
import { intervalLabel } from '../accounts';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';

type Feedback = { tone: 'saved'; text: string } | { tone: 'error'; text: string } | null;

export function GeneralSettings() {
  const settings = useInbox((s) => s.settings);
  const updateSettings = useInbox((s) => s.updateSettings);
  // What the person just picked, until the core has answered.
  const [picked, setPicked] = useState<number | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const id = useId();

  const stored = settings?.pollIntervalMinutes ?? DEFAULT_SETTINGS.pollIntervalMinutes;
  const value = picked ?? stored;
  // A stored value outside the choices (an older version's) still shows truthfully.
  const choices: readonly number[] = (POLL_INTERVAL_CHOICES as readonly number[]).includes(stored) ? POLL_INTERVAL_CHOICES : [...POLL_INTERVAL_CHOICES, stored].sort((a, b) => a - b);

  async function choose(minutes: number): Promise<void> {
    setPicked(minutes);
    setFeedback(null);
    try {
      const saved = await updateSettings({ pollIntervalMinutes: minutes });
      setFeedback({ tone: 'saved', text: `Saved — every ${intervalLabel(saved.pollIntervalMinutes)}.` });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    } finally {
      setPicked(null);
    }
  }

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`} data-section="general">
      <h2 id={`${id}-title`} className="settings-section-title">
        General
      </h2>
      <div className="setting-row">
        <label htmlFor={`${id}-interval`}>Check for new messages every</label>
        <select
          id={`${id}-interval`}
          className="select"
          value={value}
          disabled={settings === null}
          aria-describedby={`${id}-interval-help`}
          onChange={(e) => void choose(Number(e.target.value))}
        >
          {choices.map((n) => (
            <option key={n} value={n}>
              {intervalLabel(n)}
            </option>
          ))}
        </select>
        {feedback && (
          <span className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
            {feedback.text}
          </span>
        )}
      </div>
      <p className="field-help" id={`${id}-interval-help`}>
        The app also checks when its window comes to the front and when the computer wakes up.
      </p>
    </section>
  );
}
