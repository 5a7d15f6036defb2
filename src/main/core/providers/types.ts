/**
 * The one interface every provider adapter implements. The core syncs, sends and mirrors
 * triage actions through it; where a capability is off the core keeps the action local.
 */
import type { Account, Capabilities, ProviderKind } from '../../../shared/domain';

export type { Capabilities };

export interface RemoteParticipant {
  remoteId: string;
  name: string;
  headline: string | null;
  company: string | null;
  avatarUrl: string | null;
  profileUrl: string | null;
}

export interface RemoteMessage {
  remoteId: string;
  senderRemoteId: string | null;
  text: string;
  /** Epoch ms. */
  sentAt: number;
  /** True when the adapter knows this is ours; null when the core must decide from participants. */
  fromMe: boolean | null;
}

export interface RemoteConversation {
  remoteId: string;
  title: string;
  participants: RemoteParticipant[];
  lastMessage: RemoteMessage | null;
  unreadCount: number;
  disconnected: boolean;
}

/** Where a reply goes. Providers that address people rather than threads use the recipient. */
export interface SendTarget {
  remoteConversationId: string;
  /** The other person in the conversation (Linkup needs the profile URL, ConnectSafely the profile id). */
  recipient: RemoteParticipant | null;
}

/** Triage actions a provider may carry out itself (Crispy: organize; ConnectSafely: seen/unread/star). */
export type MirrorAction =
  | { type: 'archive' }
  | { type: 'unarchive' }
  | { type: 'smart-archive' }
  | { type: 'label'; label: string }
  | { type: 'unlabel'; label: string }
  | { type: 'snooze'; until: number; note: string | null }
  | { type: 'mark-seen' }
  | { type: 'mark-unread' }
  | { type: 'star' }
  | { type: 'unstar' };

/** Budget facts an adapter learns from responses, for the core to record and show. */
export type ProviderUsage = { kind: 'credits'; consumed: number };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Items of the page the adapter could not read and left out (providers/wire.ts). */
  skipped?: number;
}

export interface PageRequest {
  cursor?: string | null;
  limit?: number;
}

export interface Provider {
  readonly kind: ProviderKind;
  readonly capabilities: Capabilities;
  /**
   * The page size for polling (reading what changed since the last sync), and for a backfill
   * when there is no backfillPageSize. Never more than the provider serves in one page.
   */
  readonly maxPageSize: number;
  /**
   * The page size for a backfill, reading what is not cached yet (a first scan of the list, a
   * thread never fetched), when it differs from maxPageSize, the polling size: Linkup bills per 10 items returned, so small
   * pages suit polls and large ones cost the same credits in far fewer requests for a backfill.
   */
  readonly backfillPageSize?: number;
  /** Conversations, newest first. */
  listConversations(req: PageRequest): Promise<Page<RemoteConversation>>;
  /** Messages of one conversation, newest first. */
  listMessages(remoteConversationId: string, req: PageRequest): Promise<Page<RemoteMessage>>;
  /** Sends a reply into an existing conversation; returns the message as the provider stored it, when it says. */
  sendMessage(target: SendTarget, text: string): Promise<RemoteMessage | null>;
  /**
   * A send whose answer never arrived was later found delivered: reports what the provider
   * charged for it (Linkup's documented send credit), as the lost answer would have.
   */
  settleUnansweredSend?(): void;
  /**
   * Carries out a triage action on the provider. The core calls it only when the matching
   * capability is on; otherwise the action stays local. Unsupported actions throw 'invalid-input'.
   */
  mirror(remoteConversationId: string, action: MirrorAction): Promise<void>;
  /** Today's daily-cap state per counted action, for the person to see (empty when none). */
  dailyCaps?(): { action: string; limit: number; used: number; resetAt: number }[];
  /** Cheapest authenticated call, to verify settings before saving an account. */
  testConnection(): Promise<void>;
}

/** What an adapter factory receives. The key is read from the SecretStore per request, never cached on disk. */
export interface ProviderContext {
  account: Account;
  getApiKey: () => Promise<string>;
  dispatcher: import('undici').Dispatcher;
  clock: import('../ports').Clock;
  /** The account's request budget (documented rate limits); adapters pass it to sendJson. */
  budget?: import('./budget').RequestBudget;
  /** Reports credits consumed (Linkup) so the core can record them per account. */
  reportUsage?: (usage: ProviderUsage) => void;
  /** Aborted when the core closes: adapters pass it to sendJson, so requests and waits end at once. */
  signal?: AbortSignal;
  /** False when the base URL is a host the person has not saved: error sentences then quote nothing the server wrote. */
  quoteServerText?: boolean;
}
