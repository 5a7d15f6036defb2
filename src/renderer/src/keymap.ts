/**
 * The keymap (src/shared/keymap.ts: one definition for the key handler, the hints, the help and
 * the palette), plus what only a page can know: whether focus is in a text field.
 */
export * from '../../shared/keymap';

/** True when the element takes typed text, so single-key shortcuts must stay quiet. */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}
