/** The keymap in force, for components that show keys: they draw again when a preset or a rebinding changes it. */
import { activeKeymap } from '../../shared/active-keymap';
import type { KeyBinding } from '../../shared/keymap';
import { useInbox } from './storeContext';

export function useKeymap(): readonly KeyBinding[] {
  const keymap = useInbox((s) => s.settings?.keymap);
  // activeKeymap keeps one result per setting object, so this is the key handler's keymap too.
  return activeKeymap(keymap ? { keymap } : null);
}
