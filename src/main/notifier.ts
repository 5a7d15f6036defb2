/**
 * The core's Notifier port, shown with Electron's Notification. Clicking a notification
 * brings the window forward and asks the renderer to open the conversation it was about.
 */
import { Notification } from 'electron';
import { OPEN_CONVERSATION_CHANNEL } from '../shared/ipc';
import type { Notifier } from './core';

/** The part of a BrowserWindow a click needs. */
export interface NotifiedWindow {
  webContents: {
    send(channel: string, ...args: unknown[]): void;
    isLoading(): boolean;
    once(event: 'did-finish-load', listener: () => void): unknown;
  };
}

const MAX_BODY = 240;
/** Notifications kept reachable at once; older ones lose their click handler (see below). */
const MAX_TRACKED = 50;

export class DesktopNotifier implements Notifier {
  // A Notification that is garbage-collected loses its 'click' handler while still on screen,
  // so each one is held here until it is clicked or closed.
  private readonly live = new Set<Notification>();

  /** `bringWindowForward` shows, restores and focuses the window (creating it if needed). */
  constructor(private readonly bringWindowForward: () => NotifiedWindow | null) {}

  notify(n: { title: string; body: string; conversationId?: string }): void {
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: n.title, body: shorten(n.body) });
    const forget = () => this.live.delete(note);
    note.on('click', () => {
      forget();
      const win = this.bringWindowForward();
      if (win && n.conversationId) openConversationIn(win, n.conversationId);
    });
    note.on('close', forget);
    note.on('failed', forget);
    this.live.add(note);
    if (this.live.size > MAX_TRACKED) this.live.delete(this.live.values().next().value as Notification);
    note.show();
  }
}

/** Sends the open request once the renderer can hear it (a recreated window is still loading). */
function openConversationIn(win: NotifiedWindow, conversationId: string): void {
  const send = () => win.webContents.send(OPEN_CONVERSATION_CHANNEL, conversationId);
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

function shorten(text: string): string {
  return text.length <= MAX_BODY ? text : `${text.slice(0, MAX_BODY - 1).trimEnd()}…`;
}
