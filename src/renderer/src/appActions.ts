/**
 * Palette commands about the app rather than a conversation: the theme, the export, the demo
 * account. Each says what happened in the notice bar, and a refusal in the core's own words.
 */
import type { ThemeChoice } from '../../shared/domain';
import { errorSentence } from './api';
import type { InboxStore } from './store';

const THEME_SAID: Record<ThemeChoice, string> = { system: 'Theme: following the system.', light: 'Theme: light.', dark: 'Theme: dark.' };

/** Saves the theme (the page follows it at once through useTheme). */
export async function chooseTheme(s: InboxStore, theme: ThemeChoice): Promise<void> {
  try {
    await s.updateSettings({ theme });
    s.notify(THEME_SAID[theme], 'info');
  } catch (err) {
    s.notify(errorSentence(err), 'error');
  }
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;
}

/** Export all data to the JSON file the person picks (the same as Settings → Export all data…). */
export async function exportAll(s: InboxStore): Promise<void> {
  try {
    const summary = await s.exportData();
    // null: the person closed the file dialog; nothing to say.
    if (summary) s.notify(`Exported ${plural(summary.conversations, 'conversation')} and ${plural(summary.messages, 'message')} to ${summary.path}.`, 'info');
  } catch (err) {
    s.notify(errorSentence(err), 'error');
  }
}

/** The demo account, if it is still there. */
export function demoAccount(s: Pick<InboxStore, 'accounts'>): InboxStore['accounts'][number] | undefined {
  return s.accounts.find((a) => a.provider === 'demo');
}

/** Removes the demo account (the palette asks first). */
export async function removeDemo(s: InboxStore): Promise<void> {
  const demo = demoAccount(s);
  if (!demo) return;
  try {
    await s.removeAccount(demo.id);
    s.notify('Removed the demo account and its conversations.', 'info');
  } catch (err) {
    s.notify(errorSentence(err), 'error');
  }
}
