/**
 * What each command of the keymap does. The key handler and the command palette both run
 * commands through here, so a shortcut and its palette entry can never drift apart.
 */
import type { StoreApi } from 'zustand/vanilla';
import { chooseTheme, exportAll } from './appActions';
import { chooseKeymapPreset } from './keymapActions';
import { bindingFor, describeKeyOf, type Command } from './keymap';
import type { InboxStore } from './store';
import { errorSentence } from './api';

/** Runs a command; false when it does not apply right now (the key then does what it normally does). */
export function runCommand(store: StoreApi<InboxStore>, command: Command, typing = false): boolean {
  const s = store.getState();
  switch (command) {
    case 'next':
      s.move(1);
      return true;
    case 'previous':
      s.move(-1);
      return true;
    case 'open': {
      // A search result opens at the message that matched.
      const hit = s.search?.hits.find((h) => h.conversation.id === s.selectedId);
      if (hit) void s.openSearchHit(hit);
      else void s.open();
      return true;
    }
    case 'back':
      return back(s, typing);
    case 'archive':
      void s.archive();
      return true;
    case 'archiveForever':
      void s.archive(null, 'forever');
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
      return s.moveSplit(command === 'nextSplit' ? 1 : -1);
    case 'reply':
      s.reply();
      return true;
    case 'toggleSelect':
      s.toggleSelect();
      return true;
    case 'extendDown':
    case 'extendUp':
      s.extendSelection(command === 'extendDown' ? 1 : -1);
      return true;
    case 'selectAll':
      void s.selectAll();
      return true;
    case 'clearSelection':
      s.clearSelection();
      return true;
    case 'search':
      s.startSearch();
      return true;
    case 'palette':
      if (s.overlay?.kind === 'palette') s.closeOverlay();
      else s.openOverlay({ kind: 'palette', mode: 'all' });
      return true;
    case 'help':
      if (s.overlay?.kind === 'help') s.closeOverlay();
      else s.openOverlay({ kind: 'help' });
      return true;
    case 'profile':
      void s.openProfile();
      return true;
    case 'editNote':
      void s.editNote();
      return true;
    case 'goInbox':
      s.selectView('inbox');
      return true;
    case 'goSnoozed':
      s.selectView('snoozed');
      return true;
    case 'goArchived':
      s.selectView('archived');
      return true;
    case 'goScheduled':
      s.openOverlay({ kind: 'scheduled' });
      return true;
    case 'sendLater':
      return s.openSendLater();
    case 'goLabel':
      s.openOverlay({ kind: 'palette', mode: 'labels' });
      return true;
    case 'syncNow':
      void s.syncAll();
      return true;
    case 'settings':
      s.openSettings();
      return true;
    case 'toggleDensity':
      toggleDensity(s);
      return true;
    case 'addAccount':
      s.openSettings('add');
      return true;
    case 'exportData':
      void exportAll(s);
      return true;
    case 'removeDemo':
      // The palette asks first and removes it itself; from anywhere else, Settings, where its card asks.
      s.openSettings();
      return true;
    case 'themeSystem':
    case 'themeLight':
    case 'themeDark':
      void chooseTheme(s, command === 'themeSystem' ? 'system' : command === 'themeLight' ? 'light' : 'dark');
      return true;
    case 'clearFollowUp':
      void s.clearFollowUp();
      return true;
    case 'keymapSuperhuman':
    case 'keymapKondo':
    case 'keymapGmail':
      void chooseKeymapPreset(s, command === 'keymapGmail' ? 'gmail' : command === 'keymapKondo' ? 'kondo' : 'superhuman');
      return true;
    case 'saveSearchAsSplit':
      offerSaveSplit(s);
      return true;
    case 'send':
    case 'sendWithFollowUp': // composer keys: the reply box handles them
      return false;
  }
}

/** Ctrl/Cmd+S in search: asks for the new tab's name; a search that cannot run says why instead, in search's own words. */
function offerSaveSplit(s: InboxStore): void {
  const query = s.search?.query.trim() ?? '';
  if (query === '') {
    const keys = (c: Command) => describeKeyOf(c) || `“${bindingFor(c).description}” in the palette`;
    s.notify(`Search first (${keys('search')}), then ${keys('saveSearchAsSplit')} keeps that search as a split tab.`, 'info');
    return;
  }
  if (s.search && s.search.problems.length > 0 && !s.search.loading) {
    s.notify(`This search cannot be saved as a tab: ${s.search.problems.join(' ')}`);
    return;
  }
  s.openOverlay({ kind: 'saveSplit', query });
}

/** Esc: one step back — out of a field, then the selection, then the thread, then search. */
function back(s: InboxStore, typing: boolean): boolean {
  if (typing) {
    (document.activeElement as HTMLElement | null)?.blur();
    // Out of the search field, the cursor goes to the results, so j/k work at once.
    if (s.search) document.querySelector<HTMLElement>('[role="listbox"]')?.focus();
    return true;
  }
  if (Object.keys(s.checked).length > 0) s.clearSelection();
  else if (s.openId !== null) s.closeThread();
  else if (s.search) s.closeSearch();
  else return false;
  return true;
}

/** Compact rows (one line each) or comfortable ones (two lines and the role); saved as a setting. */
function toggleDensity(s: InboxStore): void {
  const density = s.settings?.density === 'compact' ? 'comfortable' : 'compact';
  s.updateSettings({ density }).catch((err: unknown) => s.notify(errorSentence(err)));
}
