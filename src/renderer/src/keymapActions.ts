/**
 * Choosing a keymap preset from the palette ("Keymap: Gmail"); Settings → Keyboard does the rest.
 * Saved as a setting; the key handler, hints, help and palette follow at once.
 */
import { PRESET_NAMES, type KeymapPreset } from '../../shared/active-keymap';
import { errorSentence } from './api';
import { pressFor } from './keymap';
import type { InboxStore } from './store';

/** Switches to a preset, keeping the person's own rebindings over it; says so in the notice bar. */
export async function chooseKeymapPreset(s: InboxStore, preset: KeymapPreset): Promise<void> {
  const overrides = s.settings?.keymap.overrides ?? {};
  try {
    await s.updateSettings({ keymap: { preset, overrides } });
    s.notify(`Keymap: ${PRESET_NAMES[preset]}. ${pressFor('help', true)} to see its keys.`, 'info');
  } catch (err) {
    s.notify(errorSentence(err), 'error');
  }
}

