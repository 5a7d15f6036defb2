/**
 * The one interface every provider adapter implements. The core syncs, sends and mirrors
 * triage actions through it; where a capability is off the core keeps the action local.
 */
import type { Account, ProviderKind } from '../../../shared/domain';

export interface Capabilities {
  mirrorsArchive: boolean;
  mirrorsSmartArchive: boolean;
  mirrorsLabels: boolean;
  mirrorsSnooze: boolean;
  canMarkSeen: boolean;
  canMarkUnread: boolean;
  canStar: boolean;
  /** 'thread': reply into an existing thread id; 'profile': address the recipient's profile URL. */
  sendsBy: 'thread' | 'profile';
  /** Provider can push events (webhooks); otherwise the core polls. */
  hasPush: boolean;
}

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

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | null;
  limit?: number;
}

export interface Provider {
  readonly kind: ProviderKind;
  readonly capabilities: Capabilities;
  /** Largest page the provider serves. Sync asks for this many. */
  readonly maxPageSize: number;
  /** Conversations, newest first. */
  listConversations(req: PageRequest): Promise<Page<RemoteConversation>>;
  /** Messages of one conversation, newest first. */
  listMessages(remoteConversationId: string, req: PageRequest): Promise<Page<RemoteMessage>>;
  /** Sends a reply into an existing conversation; returns the message as the provider stored it, when it says. */
  sendMessage(remoteConversationId: string, text: string): Promise<RemoteMessage | null>;
  /** Cheapest authenticated call, to verify settings before saving an account. */
  testConnection(): Promise<void>;
}

/** What an adapter factory receives. The key is read from the SecretStore per request, never cached on disk. */
export interface ProviderContext {
  account: Account;
  getApiKey: () => Promise<string>;
  dispatcher: import('undici').Dispatcher;
  clock: import('../ports').Clock;
}
