/**
 * Settings → Keyboard: choose a preset (today's Superhuman keys, Kondo's, Gmail's), and give any
 * command a key of its own: "Change" records the keys pressed — one key then Enter, or two in a
 * row for a sequence like g then x (Esc cancels, Backspace leaves the command without a key). A key another command has is named first, with the choice to take
 * it over; "Restore" puts a command's preset keys back, "Restore all defaults" every command's.
 * A keymap without a key for the palette or without Esc on Back is refused with a sentence.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import {
  activeKeymap,
  checkKeymap,
  chordFromEvent,
  DEFAULT_KEYMAP_SETTING,
  keyConflicts,
  KEYMAP_PRESETS,
  PRESET_NAMES,
  rebind,
  restoreDefaults,
  type KeyConflict,
  type KeymapPreset,
  type KeymapSetting,
} from '../../../shared/active-keymap';
import { errorSentence } from '../api';
import { describeChord, SECTIONS, type Command, type KeyBinding } from '../keymap';
import { useInbox } from '../storeContext';
import { useKeymap } from '../useKeymap';

type Feedback = { tone: 'saved' | 'error'; text: string } | null;
/** A key waiting for the person's word because another command has it. */
type Pending = { command: Command; keys: string[]; conflicts: KeyConflict[] };

const describeKeys = (keys: readonly string[]): string => (keys.length === 0 ? 'no key' : keys.map(describeChord).join(' or '));

function Keys({ keys }: { keys: readonly string[] }) {
  if (keys.length === 0) return <span className="keymap-none">no key (palette only)</span>;
  return (
    <>
      {keys.map((k, i) => (
        <span key={k}>
          {i > 0 && <span className="help-or"> or </span>}
          <kbd>{describeChord(k)}</kbd>
        </span>
      ))}
    </>
  );
}

export function KeyboardSettings() {
  const setting = useInbox((s) => s.settings?.keymap) ?? DEFAULT_KEYMAP_SETTING;
  const loaded = useInbox((s) => s.settings !== null);
  const updateSettings = useInbox((s) => s.updateSettings);
  const keymap = useKeymap();
  /** The command whose key is being recorded, and the first key of it once pressed. */
  const [recording, setRecording] = useState<{ command: Command; first: string | null } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const id = useId();
  const describe = (command: Command): string => keymap.find((b) => b.command === command)?.description ?? command;

  async function save(next: KeymapSetting, said: string): Promise<void> {
    // Refused here with the same sentence the core would give, before anything moves.
    const problem = checkKeymap(next);
    if (problem) {
      setFeedback({ tone: 'error', text: problem });
      return;
    }
    try {
      await updateSettings({ keymap: next });
      setFeedback({ tone: 'saved', text: said });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    }
  }

  function assign(command: Command, keys: string[], takeOver: boolean): void {
    const conflicts = keyConflicts(setting, command, keys);
    if (conflicts.length > 0 && !takeOver) {
      setPending({ command, keys, conflicts });
      setFeedback(null);
      return;
    }
    setPending(null);
    const losers = [...new Set(conflicts.map((c) => c.command))];
    const next = rebind(setting, command, keys);
    const left = losers.filter((c) => (activeKeysAfter(next, c)?.length ?? 0) === 0);
    const tail = left.length > 0 ? ` “${describe(left[0]!)}” has no key now; it is still in the palette.` : '';
    void save(next, `Saved — ${describe(command)}: ${describeKeys(keys)}.${tail}`);
  }

  function onRecordKey(command: Command, e: KeyboardEvent<HTMLButtonElement>): void {
    // The key is the person's answer, not a command for the inbox or the dialog around it.
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape') {
      setRecording(null);
      setFeedback({ tone: 'saved', text: 'Nothing changed.' });
      return;
    }
    const first = recording?.first ?? null;
    if (e.key === 'Backspace' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Backspace takes back the first key pressed; with none, it leaves the command without a key.
      if (first) return setRecording({ command, first: null });
      setRecording(null);
      assign(command, [], false);
      return;
    }
    const chord = chordFromEvent(e);
    if (!chord) return; // a modifier on its way to a chord
    if (!first) return setRecording({ command, first: chord });
    setRecording(null);
    assign(command, [chord === 'Enter' ? first : `${first} ${chord}`], false);
  }

  const presetSelect = `${id}-preset`;
  const rebound = Object.keys(setting.overrides).length;
  return (
    <section className="settings-section keymap-settings" aria-labelledby={`${id}-title`} data-setting="keymap">
      <h2 className="settings-section-title" id={`${id}-title`}>
        Keyboard
      </h2>
      <div className="setting-row">
        <label htmlFor={presetSelect}>Keymap</label>
        <select
          id={presetSelect}
          className="select"
          value={setting.preset}
          disabled={!loaded}
          onChange={(e) => {
            const preset = e.target.value as KeymapPreset;
            void save({ preset, overrides: setting.overrides }, `Saved — ${PRESET_NAMES[preset]} keys.`);
          }}
        >
          {KEYMAP_PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_NAMES[p]}
            </option>
          ))}
        </select>
        <button type="button" className="button button--small" disabled={rebound === 0} onClick={() => void save(restoreDefaults(setting), `Saved — every command has its ${PRESET_NAMES[setting.preset]} keys again.`)}>
          Restore all defaults
        </button>
      </div>
      <p className="field-help" id={`${id}-feedback`}>
        Your own keys stay when you switch presets. Change one: press Change, then the new key and Enter, or two keys in a row for a sequence (Esc cancels, Backspace leaves the command without a key).{' '}
        {feedback && (
          <span className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
            {feedback.text}
          </span>
        )}
      </p>
      {pending && (
        <div className="keymap-conflict" role="alert">
          <p>
            {pending.conflicts.map((c) => `${describeChord(c.theirs)} is already the key for “${describe(c.command)}”.`).filter((t, i, all) => all.indexOf(t) === i).join(' ')} Give {describeKeys(pending.keys)} to “{describe(pending.command)}” instead?
          </p>
          <button type="button" className="button button--small" onClick={() => assign(pending.command, pending.keys, true)}>
            Take it over
          </button>{' '}
          <button type="button" className="button button--small" onClick={() => setPending(null)}>
            Keep it there
          </button>
        </div>
      )}
      {SECTIONS.map((section) => (
        <div key={section} className="keymap-section">
          <h3 className="settings-subtitle">{section}</h3>
          <ul className="keymap-list" aria-label={`${section} keys`}>
            {keymap
              .filter((b) => b.section === section)
              .map((b) => (
                <KeyRow key={b.command} binding={b} own={setting.overrides[b.command] !== undefined} recording={recording?.command === b.command ? { first: recording.first } : null} onRecord={() => (setPending(null), setFeedback(null), setRecording({ command: b.command, first: null }))} onKey={(e) => onRecordKey(b.command, e)} onStop={() => setRecording(null)} onRestore={() => void save(restoreDefaults(setting, b.command), `Saved — “${b.description}” has its ${PRESET_NAMES[setting.preset]} keys again.`)} />
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function KeyRow({ binding: b, own, recording, onRecord, onKey, onStop, onRestore }: { binding: KeyBinding; own: boolean; recording: { first: string | null } | null; onRecord(): void; onKey(e: KeyboardEvent<HTMLButtonElement>): void; onStop(): void; onRestore(): void }) {
  return (
    <li className="keymap-row" data-command={b.command}>
      <span className="keymap-what">{b.description}</span>
      <span className="keymap-keys">
        <Keys keys={b.keys} />
      </span>
      {recording ? (
        <button type="button" className="button button--small keymap-recording" aria-label={`Press the new key for ${b.description}`} autoFocus onKeyDown={onKey} onBlur={onStop}>
          {recording.first ? `${describeChord(recording.first)} — Enter keeps it, or press the next key` : 'Press a key… (Esc cancels)'}
        </button>
      ) : (
        <button type="button" className="button button--small" aria-label={`Change the key for ${b.description}`} onClick={onRecord}>
          Change
        </button>
      )}
      {own && (
        <button type="button" className="link-button" aria-label={`Restore the default key for ${b.description}`} onClick={onRestore}>
          Restore
        </button>
      )}
    </li>
  );
}

/** The keys a command will have once `next` is saved. */
function activeKeysAfter(next: KeymapSetting, command: Command): readonly string[] | undefined {
  return activeKeymap({ keymap: next }).find((b) => b.command === command)?.keys;
}
