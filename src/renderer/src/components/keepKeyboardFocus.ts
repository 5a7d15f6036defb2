import type { MouseEvent } from 'react';

/**
 * onMouseDown for buttons a person clicks mid-triage: the click still works, but focus
 * stays where it was, so the next Enter opens a conversation instead of pressing the button
 * again. Keyboard users can still Tab to the button.
 */
export function keepKeyboardFocus(e: MouseEvent): void {
  e.preventDefault();
}
