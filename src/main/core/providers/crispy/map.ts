/** Maps Crispy's validated wire objects to the app's provider-neutral shapes. */
import { normalizeProfileUrl } from '../normalize';
import { UNKNOWN_PARTICIPANT_NAME } from '../../../../shared/domain';
import type { RemoteConversation, RemoteMessage, RemoteParticipant } from '../types';
import type { WireConversation, WireMessage, WireParticipant } from './schemas';

/** What Crispy itself keeps about a thread (it organizes server-side), beside the neutral shape. */
export interface CrispyConversationState {
  /** Active labels, exact text. */
  labels: string[];
  /** Null when the response did not say. */
  archived: boolean | null;
  smartArchived: boolean | null;
  /** Epoch ms, or null when not snoozed (or not said). */
  snoozedUntil: number | null;
  /** True when the other person wrote last; null when not said. */
  yourTurn: boolean | null;
}

export interface CrispyConversation extends RemoteConversation {
  crispy: CrispyConversationState;
}

/**
 * Who wrote a message: Crispy's own flag when it sends one (ASSUMED field `from_me`); else our
 * own id when the account settings know it; else a participant of the thread means theirs;
 * otherwise null and the core decides from the participants it has stored.
 */
export function classifyFromMe(m: WireMessage, selfUserId: string | undefined, participantIds: ReadonlySet<string> | undefined): boolean | null {
  if (typeof m.fromMe === 'boolean') return m.fromMe;
  const sender = m.senderId ?? null;
  if (sender === null) return null;
  if (selfUserId && sender === selfUserId) return true;
  if (participantIds?.has(sender)) return false;
  return null;
}

export function toRemoteMessage(m: WireMessage, selfUserId: string | undefined, participantIds?: ReadonlySet<string>): RemoteMessage {
  return {
    remoteId: m.id,
    senderRemoteId: m.senderId ?? null,
    text: m.text ?? '',
    sentAt: m.sentAt,
    fromMe: classifyFromMe(m, selfUserId, participantIds),
  };
}

/** The whole name, else first and last name joined; '' when neither is given. */
function personName(p: WireParticipant): string {
  const whole = p.name?.trim();
  if (whole) return whole;
  return [p.firstName, p.lastName].map((s) => s?.trim() ?? '').filter((s) => s !== '').join(' ');
}

/** Null for a participant with neither an id nor a profile URL: nothing to tell them apart by. */
function toRemoteParticipant(p: WireParticipant): RemoteParticipant | null {
  const rawUrl = p.profileUrl?.trim() || null;
  const profileUrl = normalizeProfileUrl(rawUrl) ?? rawUrl;
  const remoteId = p.id ?? profileUrl;
  if (!remoteId) return null;
  return {
    remoteId,
    name: personName(p) || UNKNOWN_PARTICIPANT_NAME,
    headline: p.headline?.trim() || null,
    company: p.company?.trim() || null,
    avatarUrl: p.avatarUrl?.trim() || null,
    profileUrl,
  };
}

/** One conversation row; the title falls back to the participants' names. */
export function toCrispyConversation(c: WireConversation, selfUserId: string | undefined): CrispyConversation {
  const participants = (c.participants ?? []).map(toRemoteParticipant).filter((p): p is RemoteParticipant => p !== null);
  const ids = new Set(participants.map((p) => p.remoteId));
  const title = c.name?.trim() || participants.map((p) => p.name).join(', ') || 'LinkedIn conversation';
  return {
    remoteId: c.id,
    title,
    participants,
    lastMessage: c.lastMessage ? toRemoteMessage(c.lastMessage, selfUserId, ids) : null,
    unreadCount: c.unread ?? 0,
    // Crispy reports a disconnected LinkedIn account per account (webhook), not per thread.
    disconnected: false,
    crispy: {
      labels: c.labels ?? [],
      archived: c.archived ?? null,
      smartArchived: c.smartArchived ?? null,
      snoozedUntil: c.snoozedUntil ?? null,
      yourTurn: c.yourTurn ?? null,
    },
  };
}

/** The neutral shape only (what sync stores). */
export function toRemoteConversation(c: CrispyConversation): RemoteConversation {
  const { crispy: _state, ...rest } = c;
  return rest;
}
