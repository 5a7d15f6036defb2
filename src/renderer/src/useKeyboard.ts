/**
 * Binds the global commands of the keymap to store actions, on the window, once.
 * Single-key commands stay quiet while focus is in a text field (the keymap decides), or on
 * controls marked data-keys-quiet. While a picker (labels, snooze) is open it has the keys;
 * Tab moves between split-inbox tabs only from the list itself (elsewhere it moves the focus,
 * as it always does).
 */
import { useEffect } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { commandFor, isTypingTarget, type Command } from './keymap';
import type { InboxStore } from './store';

function isButtonLike(el: Element | null): boolean {
  return el instanceof HTMLButtonElement || el instanceof HTMLAnchorElement || el?.tagName === 'SUMMARY';
}

/** Focus rests on the page or the conversation list: where Tab means "next tab", not "next control". */
function focusOnList(el: Element | null): boolean {
  return el === null || el === document.body || el.getAttribute('role') === 'listbox';
}

export function useKeyboard(store: StoreApi<InboxStore>): void {
  useEffect(() => {
    function run(command: Command, typing: boolean): boolean {
      const s = store.getState();
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
      switch (command) {
        case 'next':
          s.move(1);
          return true;
        case 'previous':
          s.move(-1);
          return true;
        case 'open':
          void s.open();
          return true;
        case 'back':
          if (typing) (document.activeElement as HTMLElement | null)?.blur();
          else if (s.openId !== null) s.closeThread();
          else return false;
          return true;
        case 'archive':
          void s.archive();
          return true;
        case 'moveToInbox':
          void s.moveToInbox();
          return true;
        case 'snooze':
          s.openPopover('snooze');
          return true;
        case 'label':
          s.openPopover('labels');
          return true;
        case 'toggleRead':
          void s.toggleRead();
          return true;
        case 'undo':
          void s.undo();
          return true;
        case 'nextSplit':
        case 'previousSplit':
          if (!focusOnList(document.activeElement)) return false;
          return s.moveSplit(command === 'nextSplit' ? 1 : -1);
        case 'reply':
          s.reply();
          return true;
        default:
          return false;
      }
    }

    function onKeyDown(e: KeyboardEvent): void {
      if (e.defaultPrevented) return;
      const active = document.activeElement;
      // Controls marked data-keys-quiet (a reply's Retry / Discard and their confirmation) take
      // keys like a text field: single letters stay quiet there, and Esc leaves them first.
      const typing = isTypingTarget(active) || active?.closest('[data-keys-quiet]') != null;
      const command = commandFor(e, 'global', typing);
      if (!command) return;
      // Enter on a focused button presses the button; it does not also open a conversation.
      if (command === 'open' && e.key === 'Enter' && isButtonLike(active)) return;
      // preventDefault also stops the key from typing into a field that takes focus because of it (r).
      if (run(command, typing)) e.preventDefault();
    }

    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
