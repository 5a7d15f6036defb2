/**
 * The settings that are not about one account: how often every account is checked, the undo
 * window for sending, read receipts, the tray, and notifications (do not disturb, and per
 * account), then the labels. Every change is saved at once (no Save button), confirmed
 * quietly beside it, and a refusal puts the control back with the core's sentence.
 */
import { useId, useState, type ReactNode } from 'react';
import type { AppSettings } from '../../../shared/domain';
import { DEFAULT_SETTINGS, POLL_INTERVAL_CHOICES, PROVIDER_LABELS, THEME_CHOICES, UNDO_SEND_CHOICES, type ThemeChoice } from '../../../shared/domain';
import { intervalLabel } from '../accounts';
import { errorSentence } from '../api';
import { pressFor } from '../keymap';
import { useInbox } from '../storeContext';
import { AfterTriageSetting } from './AfterTriageSetting';
import { LabelSettings } from './LabelSettings';
import { LayoutSettings } from './LayoutSettings';
import { LogsFolderSetting } from './LogsFolderSetting';
import { SnippetSettings } from './SnippetSettings';
import { SplitTabSettings } from './SplitTabSettings';

type Feedback = { tone: 'saved'; text: string } | { tone: 'error'; text: string } | null;

function FeedbackText({ feedback }: { feedback: Feedback }) {
  if (!feedback) return null;
  return (
    <span className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
      {feedback.text}
    </span>
  );
}

/** Saves one change, remembering what was picked until the core answers and what it said. */
function useSave<T>() {
  const updateSettings = useInbox((s) => s.updateSettings);
  const [picked, setPicked] = useState<T | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  async function save(value: T, patch: Partial<AppSettings>, saidWhenSaved: (saved: AppSettings) => string): Promise<void> {
    setPicked(value);
    setFeedback(null);
    try {
      const saved = await updateSettings(patch);
      setFeedback({ tone: 'saved', text: saidWhenSaved(saved) });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    } finally {
      setPicked(null);
    }
  }
  return { picked, feedback, save };
}

/** A switch (a checkbox that says on/off to assistive tech) with its help line and feedback. */
function SettingSwitch({ label, help, checked, disabled, onChange, feedback, dataSetting }: {
  label: ReactNode;
  help?: string;
  checked: boolean;
  disabled: boolean;
  onChange(next: boolean): void;
  feedback: Feedback;
  dataSetting: string;
}) {
  const id = useId();
  return (
    <div className="setting-switch" data-setting={dataSetting}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <div className="setting-switch-text">
        <label htmlFor={id}>{label}</label>
        {help && (
          <p className="field-help" id={`${id}-help`}>
            {help}
          </p>
        )}
      </div>
      <FeedbackText feedback={feedback} />
    </div>
  );
}

function BooleanSetting({ name, label, help, on, off }: { name: 'sendReadReceipts' | 'doNotDisturb' | 'closeToTray'; label: string; help?: string; on: string; off: string }) {
  const settings = useInbox((s) => s.settings);
  const { picked, feedback, save } = useSave<boolean>();
  const value = picked ?? settings?.[name] ?? DEFAULT_SETTINGS[name];
  return (
    <SettingSwitch
      dataSetting={name}
      label={label}
      help={help}
      checked={value}
      disabled={settings === null}
      feedback={feedback}
      onChange={(next) => void save(next, { [name]: next }, (saved) => (saved[name] ? on : off))}
    />
  );
}

function AccountNotifications() {
  const accounts = useInbox((s) => s.accounts);
  const settings = useInbox((s) => s.settings);
  const { picked, feedback, save } = useSave<{ id: string; on: boolean }>();
  const [which, setWhich] = useState<string | null>(null);
  const muted = settings?.mutedAccountIds ?? DEFAULT_SETTINGS.mutedAccountIds;
  if (accounts.length === 0) return null;
  return (
    <>
      {accounts.map((a) => {
        const on = picked?.id === a.id ? picked.on : !muted.includes(a.id);
        return (
          <SettingSwitch
            key={a.id}
            dataSetting={`notify:${a.id}`}
            label={
              <>
                Notify me of new messages in <strong>{a.name}</strong> <span className="setting-provider">{PROVIDER_LABELS[a.provider]}</span>
              </>
            }
            checked={on}
            disabled={settings === null}
            feedback={which === a.id ? feedback : null}
            onChange={(next) => {
              setWhich(a.id);
              const list = next ? muted.filter((id) => id !== a.id) : [...muted, a.id];
              void save({ id: a.id, on: next }, { mutedAccountIds: list }, (saved) =>
                saved.mutedAccountIds.includes(a.id) ? `Muted — reminders still notify.` : 'Saved — new messages notify.',
              );
            }}
          />
        );
      })}
    </>
  );
}

function count(n: number, one: string): string {
  return `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;
}

/** "Export all data…": every conversation, message, label, snooze, draft and setting to a JSON file (never a key). */
function ExportData() {
  const exportData = useInbox((s) => s.exportData);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const id = useId();
  async function run(): Promise<void> {
    setBusy(true);
    setFeedback(null);
    try {
      const summary = await exportData();
      if (summary) setFeedback({ tone: 'saved', text: `Exported ${count(summary.conversations, 'conversation')} and ${count(summary.messages, 'message')} to ${summary.path}.` });
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <h3 className="settings-subtitle">Your data</h3>
      <div className="setting-row" data-setting="export">
        <button type="button" className="button" disabled={busy} aria-describedby={`${id}-help`} onClick={() => void run()}>
          {busy ? 'Exporting…' : 'Export all data…'}
        </button>
        <FeedbackText feedback={feedback} />
      </div>
      <p className="field-help" id={`${id}-help`}>
        Every conversation and message, with labels, snoozes and their notes, drafts and settings, as one JSON file. API keys are never included.
      </p>
    </>
  );
}

const THEME_NAMES: Record<ThemeChoice, string> = { system: 'System (follow the computer)', light: 'Light', dark: 'Dark' };

/** System / Light / Dark: the page follows at once (theme.ts). */
function ThemeSetting() {
  const settings = useInbox((s) => s.settings);
  const { picked, feedback, save } = useSave<ThemeChoice>();
  const id = useId();
  const value = picked ?? settings?.theme ?? DEFAULT_SETTINGS.theme;
  return (
    <div className="setting-row" data-setting="theme">
      <label htmlFor={`${id}-theme`}>Theme</label>
      <select
        id={`${id}-theme`}
        className="select"
        value={value}
        disabled={settings === null}
        onChange={(e) => {
          const theme = e.target.value as ThemeChoice;
          void save(theme, { theme }, (saved) => `Saved — ${saved.theme === 'system' ? 'following the computer' : saved.theme}.`);
        }}
      >
        {THEME_CHOICES.map((t) => (
          <option key={t} value={t}>
            {THEME_NAMES[t]}
          </option>
        ))}
      </select>
      <FeedbackText feedback={feedback} />
    </div>
  );
}

export function GeneralSettings() {
  const settings = useInbox((s) => s.settings);
  const interval = useSave<number>();
  const undo = useSave<number>();
  const id = useId();

  const stored = settings?.pollIntervalMinutes ?? DEFAULT_SETTINGS.pollIntervalMinutes;
  const value = interval.picked ?? stored;
  // A stored value outside the choices (an older version's) still shows truthfully.
  const choices: readonly number[] = (POLL_INTERVAL_CHOICES as readonly number[]).includes(stored) ? POLL_INTERVAL_CHOICES : [...POLL_INTERVAL_CHOICES, stored].sort((a, b) => a - b);

  const storedUndo = settings?.undoSendSeconds ?? DEFAULT_SETTINGS.undoSendSeconds;
  const undoValue = undo.picked ?? storedUndo;
  const undoChoices: readonly number[] = (UNDO_SEND_CHOICES as readonly number[]).includes(storedUndo) ? UNDO_SEND_CHOICES : [...UNDO_SEND_CHOICES, storedUndo].sort((a, b) => a - b);
  const undoLabel = (n: number) => (n === 0 ? 'Off — send at once' : `${n} seconds`);

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
          onChange={(e) => {
            const minutes = Number(e.target.value);
            void interval.save(minutes, { pollIntervalMinutes: minutes }, (saved) => `Saved — every ${intervalLabel(saved.pollIntervalMinutes)}.`);
          }}
        >
          {choices.map((n) => (
            <option key={n} value={n}>
              {intervalLabel(n)}
            </option>
          ))}
        </select>
        <FeedbackText feedback={interval.feedback} />
      </div>
      <p className="field-help" id={`${id}-interval-help`}>
        The app also checks when its window comes to the front and when the computer wakes up.
      </p>

      <div className="setting-row">
        <label htmlFor={`${id}-undo`}>Undo send window</label>
        <select
          id={`${id}-undo`}
          className="select"
          value={undoValue}
          disabled={settings === null}
          aria-describedby={`${id}-undo-help`}
          onChange={(e) => {
            const seconds = Number(e.target.value);
            void undo.save(seconds, { undoSendSeconds: seconds }, (saved) =>
              saved.undoSendSeconds === 0 ? 'Saved — replies go out at once.' : `Saved — ${saved.undoSendSeconds} seconds to undo.`,
            );
          }}
        >
          {undoChoices.map((n) => (
            <option key={n} value={n}>
              {undoLabel(n)}
            </option>
          ))}
        </select>
        <FeedbackText feedback={undo.feedback} />
      </div>
      <p className="field-help" id={`${id}-undo-help`}>
        A reply waits this long before it is sent; {pressFor('undo')} meanwhile to take it back into the reply box.
      </p>

      <AfterTriageSetting />

      <BooleanSetting
        name="sendReadReceipts"
        label="Send read receipts"
        help="ConnectSafely shows the contact that you read it. Off: opening a conversation marks it read in this app only."
        on="Saved — read receipts are sent where the provider supports them."
        off="Saved — nobody is told when you read."
      />
      <BooleanSetting
        name="closeToTray"
        label="Keep running in the tray when the window is closed"
        help="New messages and reminders still arrive; quit from the tray menu."
        on="Saved — closing the window keeps the app in the tray."
        off="Saved — closing the window quits the app."
      />

      <ThemeSetting />

      <LayoutSettings />

      <h3 className="settings-subtitle">Notifications</h3>
      <BooleanSetting
        name="doNotDisturb"
        label="Do not disturb"
        help="No notifications at all, not even snooze reminders, until you switch this off."
        on="Saved — notifications are paused."
        off="Saved — notifications are on."
      />
      <AccountNotifications />

      <LabelSettings />
      <SplitTabSettings />
      <SnippetSettings />
      <ExportData />
      <LogsFolderSetting />
    </section>
  );
}
