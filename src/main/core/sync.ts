/**
 * Incremental sync of one account: page conversations newest first until a page that reaches
 * one we already know unchanged, then fetch messages only for the changed ones, only until a known message.
 */
import { randomUUID } from 'node:crypto';
import type { Account } from '../../shared/domain';
import { transaction, type Db } from './db/database';
import type { ConversationStore } from './store/conversations';
import type { MessageStore } from './store/messages';
import type { Clock } from './ports';
import type { Provider, RemoteConversation, RemoteMessage } from './providers/types';

export interface InboundMessage {
  conversationId: string;
  accountId: string;
  senderName: string;
  text: string;
  sentAt: number;
}

export interface SyncResult {
  /** Conversations whose messages changed. */
  changedConversationIds: string[];
  /** New messages from the other person, for notifications and triage rules. */
  inbound: InboundMessage[];
  listPages: number;
  messagePages: number;
}

export interface SyncDeps {
  db: Db;
  conversations: ConversationStore;
  messages: MessageStore;
  clock: Clock;
}

/** Syncs one account through its provider. Throws the provider's AppError on failure. */
export async function syncAccount(account: Account, provider: Provider, deps: SyncDeps): Promise<SyncResult> {
  const result: SyncResult = { changedConversationIds: [], inbound: [], listPages: 0, messagePages: 0 };
  const changed: RemoteConversation[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await provider.listConversations({ cursor, limit: provider.maxPageSize });
    result.listPages++;
    let reachedKnown = false;
    for (const rc of page.items) {
      const knownId = knownUnchangedId(account.id, rc, deps);
      if (knownId === null) {
        changed.push(rc);
        continue;
      }
      // Already fetched, so keep its flags current for free (e.g. the account was disconnected).
      deps.conversations.updateFlags(knownId, { title: rc.title, disconnected: rc.disconnected });
      reachedKnown = true;
    }
    if (reachedKnown || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  for (const rc of changed) {
    const id = await syncConversation(account, provider, rc, deps, result);
    result.changedConversationIds.push(id);
  }
  return result;
}

/**
 * The local id of a conversation whose newest message we already have, else null. Matched by
 * message id, or by time and text where a provider's list gives its newest message no id that
 * its message endpoint shares (ConnectSafely).
 */
function knownUnchangedId(accountId: string, rc: RemoteConversation, deps: SyncDeps): string | null {
  const lm = rc.lastMessage;
  if (!lm) return null;
  const known = deps.conversations.lastKnown(accountId, rc.remoteId);
  if (!known) return null;
  if (deps.messages.hasRemote(known.id, lm.remoteId)) return known.id;
  return known.lastMessageAt === lm.sentAt && known.lastMessageText === lm.text ? known.id : null;
}

async function syncConversation(account: Account, provider: Provider, rc: RemoteConversation, deps: SyncDeps, result: SyncResult): Promise<string> {
  const { conversations, messages, clock, db } = deps;
  const now = clock.now();
  const id = transaction(db, () => {
    conversations.upsert({ id: `c_${randomUUID()}`, accountId: account.id, remoteId: rc.remoteId, title: rc.title, disconnected: rc.disconnected, now });
    const cid = conversations.idByRemote(account.id, rc.remoteId)!;
    conversations.replaceParticipants(cid, rc.participants);
    return cid;
  });

  // Newest first until a message we already have.
  const fresh: RemoteMessage[] = [];
  let cursor: string | null = null;
  fetch: for (;;) {
    const page = await provider.listMessages(rc.remoteId, { cursor, limit: provider.maxPageSize });
    result.messagePages++;
    for (const m of page.items) {
      if (messages.hasRemote(id, m.remoteId)) break fetch;
      fresh.push(m);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }

  transaction(db, () => {
    const participantIds = conversations.participantIds(id);
    const names = new Map(rc.participants.map((p) => [p.remoteId, p.name]));
    const record = conversations.get(id)!;
    let inboundSinceArchive = false;
    for (const m of fresh.reverse()) {
      if (messages.hasRemote(id, m.remoteId)) continue;
      // Adapters say who wrote a message when they can; otherwise anyone who is not a participant is us.
      const fromMe = m.fromMe ?? !(m.senderRemoteId !== null && participantIds.has(m.senderRemoteId));
      const pendingMatch = fromMe ? messages.findUnmatchedOwn(id, m.text) : null;
      if (pendingMatch) {
        messages.markSent(pendingMatch, m.remoteId, m.sentAt);
        continue;
      }
      const senderName = fromMe ? 'You' : (names.get(m.senderRemoteId ?? '') ?? rc.title);
      messages.insert({ id: `m_${randomUUID()}`, conversationId: id, remoteId: m.remoteId, senderRemoteId: m.senderRemoteId, senderName, text: m.text, sentAt: m.sentAt, fromMe, status: 'sent' });
      if (!fromMe) {
        result.inbound.push({ conversationId: id, accountId: account.id, senderName, text: m.text, sentAt: m.sentAt });
        if (record.archived === 'smart' && record.archivedAt !== null && m.sentAt > record.archivedAt) inboundSinceArchive = true;
      }
    }
    conversations.refreshLastMessage(id);
    // Local read state wins until something new arrives from them.
    const newestInbound = messages.newestInboundAt(id);
    const readCoversAll = record.readAt !== null && (newestInbound === null || newestInbound <= record.readAt);
    conversations.setUnread(id, readCoversAll ? 0 : rc.unreadCount);
    // Smart archive: the conversation returns to the inbox when the other person writes.
    if (inboundSinceArchive) conversations.setArchived(id, null, now);
  });
  return id;
}
