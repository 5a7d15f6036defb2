/** Maps Linkup's validated wire objects to the app's provider-neutral shapes. */
import { createHash } from 'node:crypto';
import { normalizeProfileUrl, threadKey } from '../normalize';
import { UNKNOWN_PARTICIPANT_NAME } from '../../../../shared/domain';
import type { RemoteConversation, RemoteMessage, RemoteParticipant } from '../types';
import type { WireConversation, WireLastMessage, WireMessage } from './schemas';

/** What the adapter knows about the other person of one conversation (from list_inbox). */
export interface PeerKnowledge {
  /** The participant's remoteId: their normalized profile URL. */
  participantId: string;
  /** Their display name, when Linkup gave one. */
  name: string | null;
  /** Normalized profile URLs known to be theirs: the participant URL, and last_message senders with is_me false. */
  urls: ReadonlySet<string>;
}

/** What the adapter knows about us: config.selfProfileUrl, plus last_message senders with is_me true. */
export interface SelfKnowledge {
  urls: ReadonlySet<string>;
  /** Comparable names (see comparableName), learned from is_me senders. */
  names: ReadonlySet<string>;
}

/**
 * A stable id derived from what identifies a message when Linkup gives no id: list_inbox's
 * last_message never has one (so its id only serves sync's "did this row change" marker and
 * never equals a get_conversation id), and a get_conversation message might lack entity_urn.
 */
export function derivedMessageId(...parts: (string | number)[]): string {
  return `lkm:${createHash('sha256').update(parts.join('\n'), 'utf8').digest('hex').slice(0, 24)}`;
}

const MSG_CONVERSATION = /^urn:li:msg_conversation:\((urn:li:fsd_profile:[^,()]+),2-[^()]+\)$/;
const MESSAGING_MESSAGE = /^urn:li:messagingMessage:(2-[A-Za-z0-9+/=_-]+)$/;

/**
 * The id get_conversation will show for a message send just created, or null when it cannot be
 * told. get_conversation gives `urn:li:msg_message:(urn:li:fsd_profile:<mailbox>,2-<id>)`; send
 * answers `urn:li:messagingMessage:2-<id>` (linkup.md §2.3). LinkedIn builds both from the same
 * "2-…" message id, and the mailbox owner's fsd_profile is the one in every msg_conversation URN
 * of the account — ASSUMED from LinkedIn's URN scheme (the same one the README's thread-id join
 * rests on), not confirmed by Linkup.
 */
export function sentMessageId(entityUrn: string | null | undefined, conversationUrn: string): string | null {
  const urn = entityUrn?.trim();
  if (!urn) return null;
  if (urn.startsWith('urn:li:msg_message:(')) return urn;
  const message = MESSAGING_MESSAGE.exec(urn);
  const mailbox = MSG_CONVERSATION.exec(conversationUrn.trim());
  return message && mailbox ? `urn:li:msg_message:(${mailbox[1]},${message[1]})` : null;
}

/** A name in a comparable form: trimmed, single-spaced, lower case, composed. */
export function comparableName(name: string | null | undefined): string | null {
  const s = name?.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return s ? s : null;
}

/**
 * Who wrote a get_conversation message, which carries no is_me (linkup.md §5). In order:
 *  1. the sender URL is a known URL of the other person → theirs;
 *  2. the sender URL is one of ours (selfProfileUrl, or a URL list_inbox marked is_me) → mine;
 *  3. the sender's name is the other person's name (and not ours) → theirs. This catches the same
 *     person appearing once as a vanity URL and once as an opaque ACoAA URL, which cannot be matched;
 *  4. the sender's name is ours (learned from is_me) → mine;
 *  5. we know the other person and the sender URL is someone else → mine. Linkup's `participant`
 *     is "the other person only", so in a 1:1 thread anyone else is us. ASSUMED for group threads,
 *     where a third member would be taken for us;
 *  6. otherwise null: the core decides from the participants it has stored.
 */
export function classifyFromMe(sender: { url: string | null; name: string | null }, peer: PeerKnowledge | undefined, self: SelfKnowledge): boolean | null {
  const url = normalizeProfileUrl(sender.url);
  const name = comparableName(sender.name);
  if (url && peer?.urls.has(url)) return false;
  if (url && self.urls.has(url)) return true;
  const peerName = comparableName(peer?.name);
  if (name && peerName === name && !self.names.has(name)) return false;
  if (name && self.names.has(name) && peerName !== name) return true;
  if (url && peer) return true;
  return null;
}

function senderId(fromMe: boolean | null, url: string | null | undefined, peer: PeerKnowledge | undefined): string | null {
  // Their messages carry their canonical id, whichever URL form this answer used.
  if (fromMe === false && peer) return peer.participantId;
  return normalizeProfileUrl(url) ?? (url?.trim() || null);
}

/** SYSTEM events with no text (e.g. "you are now connected") are not messages anyone wrote: skipped. */
export function isEmptySystemEvent(m: WireMessage): boolean {
  return (m.message_type ?? '').toUpperCase() === 'SYSTEM' && (m.text ?? '').trim() === '';
}

/** One get_conversation message as the core sees it. */
export function toRemoteMessage(m: WireMessage, peer: PeerKnowledge | undefined, self: SelfKnowledge): RemoteMessage {
  const text = m.text ?? '';
  const info = m.sender_info;
  const name = m.sender?.trim() || [info?.first_name, info?.last_name].filter(Boolean).join(' ') || null;
  const fromMe = classifyFromMe({ url: info?.profile_url ?? null, name }, peer, self);
  // entity_urn when present; otherwise derived from time, sender and text (stable across pages and syncs).
  const remoteId = m.entity_urn?.trim() || derivedMessageId(m.timestamp, normalizeProfileUrl(info?.profile_url) ?? name ?? '', text);
  return { remoteId, senderRemoteId: senderId(fromMe, info?.profile_url, peer), text, sentAt: m.timestamp, fromMe };
}

/** list_inbox's last_message: is_me says who wrote it; without it, the same rules as messages. */
export function toRemoteLastMessage(m: WireLastMessage, peer: PeerKnowledge | undefined, self: SelfKnowledge): RemoteMessage {
  const text = m.text ?? '';
  const sender = m.sender;
  const fromMe = sender?.is_me ?? classifyFromMe({ url: sender?.profile_url ?? null, name: sender?.name ?? null }, peer, self);
  return { remoteId: derivedMessageId(m.time, text), senderRemoteId: senderId(fromMe, sender?.profile_url, peer), text, sentAt: m.time, fromMe };
}

/** The participant's remoteId: the normalized profile URL (else the raw URL, else one per thread). */
export function participantRemoteId(c: WireConversation): string {
  const raw = c.participant?.profile_url?.trim();
  return normalizeProfileUrl(raw) ?? (raw || `linkup:participant:${threadKey(c.conversation_id)}`);
}

/** What one list_inbox row teaches about the other person. */
export function peerOf(c: WireConversation): PeerKnowledge {
  const urls = new Set<string>();
  const own = normalizeProfileUrl(c.participant?.profile_url);
  if (own) urls.add(own);
  const sender = c.last_message?.sender;
  const senderUrl = normalizeProfileUrl(sender?.profile_url);
  if (senderUrl && sender?.is_me === false) urls.add(senderUrl);
  return { participantId: participantRemoteId(c), name: c.participant?.name?.trim() || null, urls };
}

function toRemoteParticipant(c: WireConversation): RemoteParticipant {
  const p = c.participant!;
  const raw = p.profile_url?.trim() || null;
  return {
    remoteId: participantRemoteId(c),
    name: p.name?.trim() || UNKNOWN_PARTICIPANT_NAME,
    headline: p.headline?.trim() || null,
    company: null,
    avatarUrl: p.profile_picture?.trim() || null,
    profileUrl: normalizeProfileUrl(raw) ?? raw,
  };
}

/** One list_inbox row. The conversation URN is the remoteId; the title is the other person's name. */
export function toRemoteConversation(c: WireConversation, self: SelfKnowledge): RemoteConversation {
  const peer = c.participant ? peerOf(c) : undefined;
  const participants = c.participant ? [toRemoteParticipant(c)] : [];
  return {
    remoteId: c.conversation_id,
    title: participants[0]?.name ?? 'LinkedIn conversation',
    participants,
    lastMessage: c.last_message ? toRemoteLastMessage(c.last_message, peer, self) : null,
    unreadCount: c.unread ?? 0,
    disconnected: false,
  };
}
