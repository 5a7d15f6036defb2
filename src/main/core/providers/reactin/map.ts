/** Maps ReactIn's validated wire objects to the app's provider-neutral shapes. */
import { UNKNOWN_PARTICIPANT_NAME } from '../../../../shared/domain';
import type { RemoteConversation, RemoteMessage, RemoteParticipant } from '../types';
import type { WireConversation, WireMessage, WireParticipant } from './schemas';

/**
 * Who wrote a message (reactin.md §6). ReactIn has no "from me" flag, so:
 *  - ours: `metadata.campaignEvent` set (a campaign step sent it) or any `sentFromInboxByUser*`
 *    set (a teammate sent it from ReactIn's inbox). Documented meaning of those fields (seed docs).
 *  - ours: `userId` equals the account's own LinkedIn user id (config `selfUserId`). Documented
 *    that our messages carry our id; the id itself must come from the person or a known thread.
 *  - theirs: `userId` is one of the conversation's `participantsToDisplay[].id`. ASSUMED — it is
 *    unconfirmed that message user ids and participant ids share one id space.
 *  - otherwise null: the core decides from the participants it has stored.
 */
export function classifyFromMe(m: WireMessage, selfUserId: string | undefined, participantIds: ReadonlySet<string> | undefined): boolean | null {
  const meta = m.metadata;
  if (meta && [meta.campaignEvent, meta.sentFromInboxByUserId, meta.sentFromInboxByUserName, meta.sentFromInboxByUserEmail].some(isSet)) return true;
  const sender = m.userId ?? null;
  if (sender === null) return null;
  if (selfUserId && sender === selfUserId) return true;
  if (participantIds?.has(sender)) return false;
  return null;
}

function isSet(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '' && v !== false;
}

/** One message as the core sees it. */
export function toRemoteMessage(m: WireMessage, selfUserId: string | undefined, participantIds?: ReadonlySet<string>): RemoteMessage {
  return {
    remoteId: m.id,
    senderRemoteId: m.userId ?? null,
    text: m.text ?? '',
    sentAt: m.timestamp,
    fromMe: classifyFromMe(m, selfUserId, participantIds),
  };
}

function toRemoteParticipant(p: WireParticipant): RemoteParticipant {
  return {
    remoteId: p.id,
    name: p.name?.trim() || UNKNOWN_PARTICIPANT_NAME,
    headline: p.headline ?? null,
    company: p.company ?? null,
    avatarUrl: p.avatarUrl ?? null,
    profileUrl: p.linkedinUrl ?? null,
  };
}

/** One conversation row; the title falls back to the participants' names. */
export function toRemoteConversation(c: WireConversation, selfUserId: string | undefined): RemoteConversation {
  const participants = (c.participantsToDisplay ?? []).map(toRemoteParticipant);
  const ids = new Set(participants.map((p) => p.remoteId));
  const title = c.name?.trim() || participants.map((p) => p.name).join(', ') || 'LinkedIn conversation';
  return {
    remoteId: c.id,
    title,
    participants,
    lastMessage: c.lastMessage ? toRemoteMessage(c.lastMessage, selfUserId, ids) : null,
    unreadCount: c.unreadCount ?? 0,
    disconnected: c.isDisconnected ?? false,
  };
}
