/**
 * The person's settings: read (repaired) at open, checked and saved on change, and applied at
 * once through `applied` (the polling interval, a change event).
 */
import type { AppSettings } from '../../../shared/domain';
import { AFTER_TRIAGE_CHOICES, DENSITY_CHOICES, LIST_WIDTH_MAX, LIST_WIDTH_MIN, POLL_INTERVAL_CHOICES, THEME_CHOICES, UNDO_SEND_CHOICES } from '../../../shared/domain';
import { invalidInput } from '../errors';
import { checkSavedSplits } from '../saved-splits';
import { checkKeymapSetting, checkSnippets, isListWidth, readSettings } from '../settings-rules';
import type { SettingsStore } from '../ports';
import type { AccountStore } from '../store/accounts';

export class SettingsService {
  private settings: AppSettings;

  constructor(
    private readonly store: SettingsStore,
    private readonly accounts: AccountStore,
    private readonly applied: (next: AppSettings) => void,
    /** Search's sentences about a query saved as a split tab (none: it can be saved). */
    private readonly splitQueryProblems: (query: string) => string[] = () => [],
  ) {
    this.settings = readSettings(store.load());
  }

  /** The settings in force (the object itself: callers that hand it out copy it). */
  current(): AppSettings {
    return this.settings;
  }

  /** Changes settings and applies them at once (e.g. the polling interval). */
  update(patch: Partial<AppSettings>): AppSettings {
    const next = { ...this.settings, ...patch };
    if (!(POLL_INTERVAL_CHOICES as readonly number[]).includes(next.pollIntervalMinutes)) {
      throw invalidInput(`Check for new messages every ${POLL_INTERVAL_CHOICES.join(', ')} minutes.`);
    }
    if (!(UNDO_SEND_CHOICES as readonly number[]).includes(next.undoSendSeconds)) {
      throw invalidInput(`The undo window for sending can be ${UNDO_SEND_CHOICES.join(', ')} seconds.`);
    }
    if (patch.snippets !== undefined) next.snippets = checkSnippets(patch.snippets);
    if (patch.keymap !== undefined) next.keymap = checkKeymapSetting(patch.keymap);
    if (patch.savedSplits !== undefined) next.savedSplits = checkSavedSplits(patch.savedSplits, this.settings.savedSplits, this.splitQueryProblems);
    if (!(AFTER_TRIAGE_CHOICES as readonly unknown[]).includes(next.afterTriage)) throw invalidInput('After archiving in a thread, open the next one, the previous one, or go back to the list.');
    if (!(DENSITY_CHOICES as readonly unknown[]).includes(next.density)) throw invalidInput('Rows can be comfortable or compact.');
    if (!(THEME_CHOICES as readonly unknown[]).includes(next.theme)) throw invalidInput('The theme can follow the system, or be light or dark.');
    if (!isListWidth(next.listWidth)) throw invalidInput(`The list can be ${LIST_WIDTH_MIN} to ${LIST_WIDTH_MAX} pixels wide.`);
    const known = new Set(this.accounts.list().map((a) => a.id));
    next.mutedAccountIds = [...new Set(next.mutedAccountIds)].filter((id) => known.has(id));
    this.settings = next;
    this.store.save(next);
    this.applied(next);
    return { ...next };
  }
}
