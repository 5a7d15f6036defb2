/**
 * How the screen is used: compact or comfortable rows, and the list's width (set by dragging
 * the divider; here it can go back to the default). Saved at once, like every setting.
 */
import { useId, useState } from 'react';
import type { AppSettings, Density } from '../../../shared/domain';
import { DEFAULT_SETTINGS } from '../../../shared/domain';
import { errorSentence } from '../api';
import { useInbox } from '../storeContext';

const DENSITIES: { value: Density; label: string; help: string }[] = [
  { value: 'comfortable', label: 'Comfortable', help: 'two lines per conversation, with their role' },
  { value: 'compact', label: 'Compact', help: 'one line per conversation, twice as many on screen' },
];

type Feedback = { tone: 'saved' | 'error'; text: string } | null;

export function LayoutSettings() {
  const settings = useInbox((s) => s.settings);
  const updateSettings = useInbox((s) => s.updateSettings);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const id = useId();
  const density = settings?.density ?? DEFAULT_SETTINGS.density;
  const listWidth = settings?.listWidth ?? null;

  async function save(patch: Partial<AppSettings>, said: string): Promise<void> {
    setFeedback(null);
    try {
      await updateSettings(patch);
      setFeedback({ tone: 'saved', text: said });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    }
  }

  return (
    <>
      <h3 className="settings-subtitle">Layout</h3>
      <fieldset className="density-picker" data-setting="density" aria-describedby={`${id}-feedback`}>
        <legend>Rows</legend>
        {DENSITIES.map((d) => (
          <label key={d.value} className="density-option">
            <input
              type="radio"
              name={`${id}-density`}
              value={d.value}
              checked={density === d.value}
              disabled={settings === null}
              onChange={() => void save({ density: d.value }, `Saved — ${d.label.toLowerCase()} rows.`)}
            />
            <span>
              <strong>{d.label}</strong> — {d.help}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="setting-row" data-setting="listWidth">
        <span>List width: {listWidth === null ? 'the default' : `${listWidth} px`}</span>
        {listWidth !== null && (
          <button type="button" className="button button--small" onClick={() => void save({ listWidth: null }, 'Saved — the list has its default width.')}>
            Use the default width
          </button>
        )}
      </div>
      <p className="field-help" id={`${id}-feedback`}>
        Drag the divider between the list and the conversation to change the width, or focus it (Tab) and press ← or →.{' '}
        {feedback && (
          <span className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
            {feedback.text}
          </span>
        )}
      </p>
    </>
  );
}
