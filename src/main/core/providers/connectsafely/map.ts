/** Maps ConnectSafely's validated wire objects to the app's provider-neutral shapes. */
import { normalizeProfileUrl } from '../normalize';
import { UNKNOWN_PARTICIPANT_NAME } from '../../../../shared/domain';
import type { RemoteConversation, RemoteMessage, RemoteParticipant } from '../types';
import type { WireConversation, WireLatestMessage, WireMessage, WireParticipant } from './schemas';

/**
 * The list's `latestMessage` carries no message id (connectsafely.md §2.1), and nothing in it
 * can be turned into the `messageUrn` the messages endpoint returns. So a conversation's last
 * message gets the `messageUrn` the row carries if a future response adds one, and otherwise a
 * synthetic `latest:<conversationUrn>:<sentAt>` id: stable while nothing changes, different once
 * a newer message arrives, never equal to a stored message id. Sync recognises an unchanged
 * conversation by the last message's time and text instead (sync.ts, knownUnchangedId), which
 * is why `text` and `sentAt` here are derived exactly as for the thread's own messages.
 */
export const SYNTHETIC_LATEST_PREFIX = 'latest:';

export function syntheticLatestId(conversationUrn: string, sentAt: number): string {
  return `${SYNTHETIC_LATEST_PREFIX}${conversationUrn}:${sentAt}`;
}

/** True for a last-message id made up by this adapter rather than given by ConnectSafely. */
export function isSyntheticLatestId(remoteId: string): boolean {
  return remoteId.startsWith(SYNTHETIC_LATEST_PREFIX);
}

const ATTACHMENT_ONLY = '(attachment)';

/** What a person sees for a message without text. */
function bodyText(text: string | null | undefined, hasAttachment: boolean | null | undefined): string {
  if (text) return text;
  return hasAttachment ? ATTACHMENT_ONLY : '';
}

/**
 * A profile URL for a ConnectSafely profile id: a vanity slug ("kai-berg"), an ACoA… member id,
 * its `urn:li:fsd_profile:ACoA…` URN, or a full /in/ URL. Null for anything else.
 */
export function profileUrlFor(profileId: string): string | null {
  const id = profileId.trim();
  const urn = /^urn:li:fsd_profile:(ACo[A-Za-z0-9_-]+)$/.exec(id);
  if (urn) return normalizeProfileUrl(urn[1]);
  if (/^urn:/i.test(id)) return null;
  if (/linkedin\.com\//i.test(id)) return normalizeProfileUrl(id);
  return /^[\p{L}\p{N}][\p{L}\p{N}_.%-]*$/u.test(id) ? normalizeProfileUrl(id) : null;
}

/**
 * The recipient fields of POST /conversations/send for a participant (connectsafely.md §2.3):
 * a vanity slug goes as recipientProfileId; an ACoA member id as both recipientProfileId and
 * its urn:li:fsd_profile URN (the preferred field); a profile URN as recipientProfileUrn.
 */
export function recipientFields(p: RemoteParticipant | null): { recipientProfileId?: string; recipientProfileUrn?: string } {
  if (!p) return {};
  const id = p.remoteId.trim();
  if (/^urn:li:fsd_profile:/.test(id)) return { recipientProfileUrn: id };
  if (/^ACo[A-Za-z0-9_-]+$/.test(id)) return { recipientProfileId: id, recipientProfileUrn: `urn:li:fsd_profile:${id}` };
  if (id && !/^urn:/i.test(id) && profileUrlFor(id)) return { recipientProfileId: id };
  const fromUrl = p.profileUrl ? normalizeProfileUrl(p.profileUrl) : null;
  if (fromUrl) return recipientFields({ ...p, remoteId: decodeURIComponent(fromUrl.slice('https://www.linkedin.com/in/'.length)), profileUrl: null });
  return {};
}

export function toRemoteParticipant(p: WireParticipant): RemoteParticipant | null {
  const remoteId = p.profileId ?? p.profileUrn ?? null;
  if (!remoteId) return null;
  return {
    remoteId,
    name: p.name?.trim() || UNKNOWN_PARTICIPANT_NAME,
    headline: p.headline?.trim() || null,
    // ConnectSafely gives no company field; the headline usually carries it.
    company: null,
    avatarUrl: p.profilePicture || null,
    profileUrl: profileUrlFor(remoteId),
  };
}

export function toRemoteParticipants(ps: readonly WireParticipant[] | null | undefined): RemoteParticipant[] {
  return (ps ?? []).map(toRemoteParticipant).filter((p): p is RemoteParticipant => p !== null);
}

/** One message of a thread as the core sees it; `isSentByOwner` says who wrote it. */
export function toRemoteMessage(m: WireMessage): RemoteMessage {
  return {
    remoteId: m.messageUrn,
    senderRemoteId: m.senderProfileId ?? null,
    text: bodyText(m.text, m.hasAttachment),
    sentAt: m.sentAt,
    fromMe: m.isSentByOwner ?? null,
  };
}

/**
 * Who wrote the list's latest message. The reference documents no "is mine" flag there
 * (connectsafely.md §6), only `senderName`: a participant's name means theirs; anything else is
 * left to the core (it may be ours, or a participant whose display name differs).
 */
function latestAuthor(l: WireLatestMessage, participants: RemoteParticipant[]): { senderRemoteId: string | null; fromMe: boolean | null } {
  const byId = l.senderProfileId ? participants.find((p) => p.remoteId === l.senderProfileId) : undefined;
  const name = l.senderName?.trim().toLowerCase();
  const byName = name ? participants.find((p) => p.name.trim().toLowerCase() === name) : undefined;
  const sender = byId ?? byName;
  if (typeof l.isSentByOwner === 'boolean') return { senderRemoteId: l.senderProfileId ?? sender?.remoteId ?? null, fromMe: l.isSentByOwner };
  if (sender) return { senderRemoteId: sender.remoteId, fromMe: false };
  return { senderRemoteId: l.senderProfileId ?? null, fromMe: null };
}

/** One conversation row; the title is the participants' names. */
export function toRemoteConversation(c: WireConversation): RemoteConversation {
  const participants = toRemoteParticipants(c.participants);
  const title = participants.map((p) => p.name).join(', ') || 'LinkedIn conversation';
  let lastMessage: RemoteMessage | null = null;
  const l = c.latestMessage;
  const sentAt = l ? (l.sentAt ?? c.lastActivityAt ?? null) : null;
  if (l && sentAt !== null) {
    const text = bodyText(l.text, l.hasAttachment);
    const remoteId = l.messageUrn || syntheticLatestId(c.conversationUrn, sentAt);
    lastMessage = { remoteId, text, sentAt, ...latestAuthor(l, participants) };
  }
  return { remoteId: c.conversationUrn, title, participants, lastMessage, unreadCount: c.unreadCount ?? 0, disconnected: false };
}
