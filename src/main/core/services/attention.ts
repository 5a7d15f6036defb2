/**
 * What the person is looking at, for notifications: the conversation on screen gets none, but
 * only while the window has focus (a conversation in a hidden window is not being read).
 */
import type { AppSettings } from '../../../shared/domain';
import type { NotificationContext } from '../notification-rules';
import type { Notifier } from '../ports';

export class Attention {
  private activeConversationId: string | null = null;
  private windowFocused = true;
  /** What notification-rules.ts needs to decide whether and how to notify. */
  readonly notify: NotificationContext;

  constructor(notifier: Notifier, settings: () => AppSettings) {
    // The open conversation is "being read" only while the window has focus.
    this.notify = { notifier, settings, activeConversationId: () => (this.windowFocused ? this.activeConversationId : null) };
  }

  /** The conversation on screen (null: none). */
  setActiveConversation(conversationId: string | null): void {
    this.activeConversationId = conversationId;
  }

  /** Whether the window has focus. */
  setWindowFocused(focused: boolean): void {
    this.windowFocused = focused;
  }
}
