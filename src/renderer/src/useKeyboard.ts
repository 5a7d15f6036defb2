/**
 * Binds the global commands of the keymap to store actions, on the window, once.
 * Single-key commands stay quiet while focus is in a text field (the keymap decides), or on
 * controls marked data-keys-quiet. Sequences ('g i') wait up to 1.5 s for their second key.
 * While a dialog is open (palette, help, a picker, the accounts screen) it has the keys; Esc
 * closes it. Tab moves between split-inbox tabs only from the list itself (elsewhere it moves
 * the focus, as it always does); from the list without tabs it stays, so Enter still opens.
 */
import { useLayoutEffect } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { runCommand } from './commands';
import { describeChord, describeKeyOf, isTypingTarget, pressFor, resolveKey, type Chord, type Command } from './keymap';
import type { InboxStore } from './store';

const SEQUENCE_TIMEOUT_MS = 1500;

function isButtonLike(el: Element | null): boolean {
  return el instanceof HTMLButtonElement || el instanceof HTMLAnchorElement || el?.tagName === 'SUMMARY';
}

/** Focus rests on the page or the conversation list: where Tab means "next tab", not "next control". */
function focusOnList(el: Element | null): boolean {
  return el === null || el === document.body || el.getAttribute('role') === 'listbox';
}

export function useKeyboard(store: StoreApi<InboxStore>): void {
  // Bound in the commit that draws the window (a layout effect), not after its paint: the rows can
  // be drawn before the first paint, and a key pressed as they appear must not be lost.
  useLayoutEffect(() => {
    let prefix: readonly Chord[] = [];
    let prefixTimer: ReturnType<typeof setTimeout> | undefined;

    function run(command: Command, typing: boolean): boolean {
      const s = store.getState();
      // The palette and help are modal: Esc closes them, their own key toggles them.
      if (s.overlay) {
        if (command === 'back') {
          s.closeOverlay();
          return true;
        }
        if (command === 'palette' || command === 'help') return runCommand(store, command, typing);
        // In Scheduled, z brings back a reply just cancelled there.
        if (s.overlay.kind === 'scheduled' && command === 'undo') return runCommand(store, command, typing);
        return false;
      }
      // An open picker handles its own keys; nothing else runs underneath. Esc closes it even
      // when the cursor is somewhere else.
      if (s.popover) {
        if (command !== 'back') return false;
        s.closePopover();
        return true;
      }
      if (s.settingsOpen) {
        // The accounts panel is modal: only Esc (close it) reaches the inbox.
        if (command !== 'back') return false;
        s.closeSettings();
        return true;
      }
      if (command === 'nextSplit' || command === 'previousSplit') {
        if (!focusOnList(document.activeElement)) return false;
        // Without tabs, Tab would carry the focus off to some button, where the next Enter presses it
        // instead of opening the conversation under the cursor: it stays, and the app says how to get tabs.
        if (!runCommand(store, command, typing)) s.notify(`No split tabs yet: pin a label as a tab (${pressFor('label')}, then ${describeChord('Mod+P')}) or save a search as one (/, then ${describeKeyOf('saveSearchAsSplit') || 'the palette'}) to switch with ${describeKeyOf('nextSplit') || 'the palette'}.`, 'info');
        return true;
      }
      return runCommand(store, command, typing);
    }

    function onKeyDown(e: KeyboardEvent): void {
      if (e.defaultPrevented) return;
      const active = document.activeElement;
      // Controls marked data-keys-quiet (a reply's Retry / Discard and their confirmation) take
      // keys like a text field: single letters stay quiet there, and Esc leaves them first.
      const typing = isTypingTarget(active) || active?.closest('[data-keys-quiet]') != null;
      let outcome = resolveKey(e, 'global', typing, prefix);
      if (!outcome && prefix.length > 0) outcome = resolveKey(e, 'global', typing); // not a sequence after all: read the key alone
      clearTimeout(prefixTimer);
      prefix = [];
      if (!outcome) return;
      if ('pending' in outcome) {
        prefix = outcome.pending;
        prefixTimer = setTimeout(() => (prefix = []), SEQUENCE_TIMEOUT_MS);
        e.preventDefault();
        return;
      }
      const { command } = outcome;
      // Enter on a focused button presses the button; it does not also open a conversation.
      if (command === 'open' && e.key === 'Enter' && isButtonLike(active)) return;
      // preventDefault also stops the key from typing into a field that takes focus because of it (r, /).
      if (run(command, typing)) e.preventDefault();
    }

    window.addEventListener('keydown', onKeyDown);
    return () => {
      clearTimeout(prefixTimer);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [store]);
}
