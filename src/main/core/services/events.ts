/**
 * The core's two kinds of events: data changes (the renderer and tray refresh on them) and new
 * messages from other people (notifications and triage rules react to them).
 */
import type { ChangeEvent } from '../../../shared/domain';
import type { InboundMessage } from '../sync';

export class CoreEvents {
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private readonly inboundListeners = new Set<(messages: InboundMessage[]) => void>();

  /** Subscribes to data changes; returns an unsubscribe function. */
  onChanged(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes to new messages from other people; returns an unsubscribe function. */
  onInbound(listener: (messages: InboundMessage[]) => void): () => void {
    this.inboundListeners.add(listener);
    return () => this.inboundListeners.delete(listener);
  }

  /** Tells every change listener; a broken listener must not break the core. */
  emit(e: ChangeEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A broken listener must not break the core.
      }
    }
  }

  /** Tells every inbound listener; a broken listener must not break sync. */
  emitInbound(messages: InboundMessage[]): void {
    for (const l of this.inboundListeners) {
      try {
        l(messages);
      } catch {
        // A broken listener must not break sync.
      }
    }
  }

  /** Drops every listener (at close). */
  clear(): void {
    this.listeners.clear();
    this.inboundListeners.clear();
  }
}
