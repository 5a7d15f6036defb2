/** A command's first key in the keymap in force as a <kbd>, or nothing when it has none (a rebinding can leave it palette-only). */
import { describeKeyOf, type Command } from '../keymap';
import { useKeymap } from '../useKeymap';

export function KeyLabel({ command }: { command: Command }) {
  useKeymap();
  const text = describeKeyOf(command);
  return text ? <kbd>{text}</kbd> : null;
}
