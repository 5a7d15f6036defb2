/**
 * Incremental sync of one account, newest first:
 *  1. page the conversation list until a page reaches a conversation whose thread is already
 *     cached up to the provider's newest message (its sync marker), caching each new or changed
 *     row at once so the inbox fills while the rest runs;
 *  2. fetch messages only for those conversations, only until a message already cached.
 * A conversation's marker is set only after its messages are in (a cached one listed as changed
 * is flagged pending meanwhile), and a scan stops early only once some scan has reached the end
 * of the list, so a sync cut short by a crash or an error picks up where it stopped: unmarked and
 * pending rows are fetched by the next sync wherever they are, even below where its scan stops.
 * A thread's messages are written page by page as they arrive (memory holds one page), and how
 * far one sync may page is bounded (sync-bounds.ts): a provider that pages for ever cannot keep it
 * running, and what stopped it early is said on the account.
 */
import { randomUUID } from 'node:crypto';
import { PROVIDER_LABELS, type Account } from '../../shared/domain';
import { transaction, type Db } from './db/database';
import type { AccountStore } from './store/accounts';
import { PENDING_MARKER, type ConversationRecord, type ConversationStore } from './store/conversations';
import type { MessageStore } from './store/messages';
import type { Clock, CrashPoint } from './ports';
import { boundsNote, DEFAULT_SYNC_LIMITS, SyncBounds, type SyncLimits, type SyncStop } from './sync-bounds';
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
  /** Conversations and messages the provider sent in a shape the adapter could not read, left out. */
  skipped: number;
  /** Scans that stopped before the provider said it was done (a cap, a looping cursor). */
  stops: SyncStop[];
}

export interface SyncDeps {
  db: Db;
  accounts: AccountStore;
  conversations: ConversationStore;
  messages: MessageStore;
  clock: Clock;
  /** Called as rows land, so the renderer can show them before the whole sync ends. */
  progress?: (conversationIds: string[]) => void;
  /** How far one sync may page (default DEFAULT_SYNC_LIMITS). */
  limits?: SyncLimits;
  /** Aborted when the app closes: the sync stops before its next page. */
  signal?: AbortSignal;
  /** Tests only: called at each named point between two writes (see CrashPoint). */
  crashPoint?: (point: CrashPoint) => void;
}

const PROGRESS_EVERY = 25;
/** Inbound text kept for notifications (they show 140 characters): a sync's memory stays bounded. */
const INBOUND_PREVIEW_CHARS = 200;

/** Syncs one account through its provider. Throws the provider's AppError on failure. */
export async function syncAccount(account: Account, provider: Provider, deps: SyncDeps): Promise<SyncResult> {
  const result: SyncResult = { changedConversationIds: [], inbound: [], listPages: 0, messagePages: 0, skipped: 0, stops: [] };
  const bounds = new SyncBounds(deps.limits ?? DEFAULT_SYNC_LIMITS, deps.signal);
  const changed: { id: string; rc: RemoteConversation }[] = [];
  // Until one scan has reached the end of the list, a cached row says nothing about older ones.
  const mayStopEarly = deps.accounts.listedToEnd(account.id);
  const scan = bounds.scan('list');
  let listed = 0;
  let cursor: string | null = null;
  for (;;) {
    const stop = scan.next();
    if (stop === 'scan-cap') result.stops.push({ kind: 'list-cap', pages: scan.pages, conversations: listed });
    if (stop !== null) break;
    // Until the list was read to its end once, nothing older is cached: read it in backfill pages.
    const page = await provider.listConversations({ cursor, limit: mayStopEarly ? provider.maxPageSize : (provider.backfillPageSize ?? provider.maxPageSize) });
    result.listPages++;
    result.skipped += page.skipped ?? 0;
    listed += page.items.length;
    let reachedKnown = false;
    const landed = transaction(deps.db, () => {
      const ids: string[] = [];
      for (const rc of page.items) {
        const state = deps.conversations.syncState(account.id, rc.remoteId);
        if (state && state.marker === markerOf(rc)) {
          // Already cached; keep its flags current for free (e.g. the account was disconnected).
          deps.conversations.updateFlags(state.id, { title: rc.title, disconnected: rc.disconnected });
          reachedKnown = true;
          continue;
        }
        const id = cacheRow(account, rc, deps);
        changed.push({ id, rc });
        ids.push(id);
      }
      return ids;
    });
    if (landed.length > 0) deps.progress?.(landed);
    if (!page.nextCursor) {
      deps.accounts.setListedToEnd(account.id);
      break;
    }
    if (reachedKnown && mayStopEarly) break;
    if (scan.repeats(page.nextCursor)) {
      result.stops.push({ kind: 'list-loop' });
      break;
    }
    cursor = page.nextCursor;
  }
  // Threads a cut-short sync listed but never fetched, beyond where this scan stopped.
  const seen = new Set(changed.map((c) => c.id));
  for (const p of deps.conversations.pendingSync(account.id)) {
    if (seen.has(p.id)) continue;
    const participants = deps.conversations.participants(p.id);
    changed.push({ id: p.id, rc: { remoteId: p.remoteId, title: p.title, participants, lastMessage: null, unreadCount: p.unreadCount, disconnected: p.disconnected } });
  }

  let sinceProgress: string[] = [];
  for (const [at, { id, rc }] of changed.entries()) {
    const fetched = await syncMessages(account, provider, id, rc, deps, result, bounds);
    if (fetched === 'sync-cap') {
      // The rest stay pending: the next sync fetches them wherever its list scan stops.
      result.stops.push({ kind: 'sync-cap', pages: bounds.pagesRead, threadsLeft: changed.length - at });
      break;
    }
    result.changedConversationIds.push(id);
    sinceProgress.push(id);
    if (sinceProgress.length >= PROGRESS_EVERY) {
      deps.progress?.(sinceProgress);
      sinceProgress = [];
    }
  }
  if (sinceProgress.length > 0) deps.progress?.(sinceProgress);
  return result;
}

/** What an account says after a sync that succeeded: what was left out or stopped early, or null. */
export function syncNote(account: Account, result: SyncResult): string | null {
  return [skippedNote(account, result.skipped), boundsNote(account, result.stops)].filter((n) => n !== null).join(' ') || null;
}

/** The note an account carries after a sync that had to leave unreadable items out, or null. */
export function skippedNote(account: Account, skipped: number): string | null {
  if (skipped <= 0) return null;
  const what = skipped === 1 ? '1 conversation or message' : `${skipped.toLocaleString('en')} conversations or messages`;
  return `${PROVIDER_LABELS[account.provider]} sent ${what} this app could not read for '${account.name}'; ${skipped === 1 ? 'it was' : 'they were'} left out, and everything else synced.`;
}

/** Identifies the provider's newest message of a conversation (id and time: some ids are synthetic). */
function markerOf(rc: RemoteConversation): string {
  return rc.lastMessage ? `${rc.lastMessage.remoteId}@${rc.lastMessage.sentAt}` : 'empty';
}

/**
 * The time of the newest message a sync marker records: -Infinity for an empty thread or one never
 * synced to the end (messages kept from a first fetch cut short say nothing about older ones),
 * Infinity when unreadable.
 */
function markerTime(raw: string | null): number {
  const marker = raw?.startsWith(PENDING_MARKER) ? raw.slice(PENDING_MARKER.length) : raw;
  if (marker === 'empty' || marker === null) return -Infinity;
  const at = marker === null ? Number.NaN : Number(/@(\d+)$/.exec(marker)?.[1]);
  return Number.isFinite(at) ? at : Infinity;
}

/** Caches the row and its participants from the list, with the list's preview until messages arrive. */
function cacheRow(account: Account, rc: RemoteConversation, deps: SyncDeps): string {
  const { conversations } = deps;
  conversations.upsert({ id: `c_${randomUUID()}`, accountId: account.id, remoteId: rc.remoteId, title: rc.title, disconnected: rc.disconnected, now: deps.clock.now() });
  const id = conversations.idByRemote(account.id, rc.remoteId)!;
  conversations.markPending(id); // until its messages are in, whatever cuts this sync short
  conversations.replaceParticipants(id, rc.participants);
  const lm = rc.lastMessage;
  if (lm) {
    const fromMe = lm.fromMe ?? !(lm.senderRemoteId !== null && rc.participants.some((p) => p.remoteId === lm.senderRemoteId));
    conversations.setPreview(id, { at: lm.sentAt, text: lm.text, fromMe });
    conversations.setUnread(id, rc.unreadCount);
  }
  return id;
}

/**
 * Fetches a thread newest first until a message already cached, writing each page as it arrives
 * (a thread's memory is one page). The thread is marked synced only when its scan ended: at a
 * known message, at the provider's last page, or at the thread cap (older messages are then not
 * fetched); a loop or the sync cap leaves it pending for the next sync, which skips what is kept.
 */
async function syncMessages(account: Account, provider: Provider, id: string, rc: RemoteConversation, deps: SyncDeps, result: SyncResult, bounds: SyncBounds): Promise<'done' | 'sync-cap'> {
  const { conversations, messages, clock, db } = deps;
  // A message known only because this app sent it since the thread was last synced says nothing
  // about older ones (they may have written just before it): only a known message at or before
  // the point the last sync reached ends the scan.
  const marker = deps.conversations.syncState(account.id, rc.remoteId)?.marker ?? null;
  const syncedTo = markerTime(marker);
  const participantIds = conversations.participantIds(id);
  const names = new Map(rc.participants.map((p) => [p.remoteId, p.name]));
  const record = conversations.get(id)!;
  const seen = { inboundSinceArchive: false, inboundWhileSnoozed: false };
  const scan = bounds.scan('thread');
  let complete = true;
  let stop: 'scan-cap' | 'sync-cap' | null = null;
  let cursor: string | null = null;
  // A thread never fetched is read in backfill pages; one already cached, in polling pages.
  const limit = marker === null ? (provider.backfillPageSize ?? provider.maxPageSize) : provider.maxPageSize;
  for (;;) {
    stop = scan.next();
    if (stop === 'scan-cap') result.stops.push({ kind: 'thread-cap', title: rc.title, pages: scan.pages });
    if (stop === 'sync-cap') complete = false;
    if (stop !== null) break;
    const page = await provider.listMessages(rc.remoteId, { cursor, limit });
    result.messagePages++;
    result.skipped += page.skipped ?? 0;
    // Newest first until a message we already have.
    const fresh: RemoteMessage[] = [];
    let reachedKnown = false;
    for (const m of page.items) {
      if (messages.hasRemote(id, m.remoteId)) {
        if (m.sentAt <= syncedTo) {
          reachedKnown = true;
          break;
        }
        continue;
      }
      fresh.push(m);
    }
    transaction(db, () => {
      writePage(account, id, rc, fresh.reverse(), { participantIds, names, record, seen }, deps, result);
      deps.crashPoint?.('sync-page-written-not-committed');
    });
    if (reachedKnown || !page.nextCursor) break;
    if (scan.repeats(page.nextCursor)) {
      result.stops.push({ kind: 'thread-loop', title: rc.title });
      complete = false;
      break;
    }
    cursor = page.nextCursor;
  }

  transaction(db, () => {
    conversations.refreshLastMessage(id);
    // Local read state wins until something new arrives from them.
    const newestInbound = messages.newestInboundAt(id);
    const readCoversAll = record.readAt !== null && (newestInbound === null || newestInbound <= record.readAt);
    conversations.setUnread(id, readCoversAll ? 0 : rc.unreadCount);
    // Smart archive: the conversation returns to the inbox when the other person writes, judged by
    // what the cache had when it was archived (read now: the person may have archived meanwhile).
    const arrived = conversations.inboundArrivedSinceArchive(id);
    if (arrived ?? seen.inboundSinceArchive) conversations.setArchived(id, null, clock.now());
    // "Cancel if they reply": their answer ends the snooze early.
    if (seen.inboundWhileSnoozed) conversations.setSnooze(id, null);
    if (complete) conversations.setSyncMarker(id, rc.lastMessage ? markerOf(rc) : (messages.newestMarker(id) ?? 'empty'));
  });
  return stop === 'sync-cap' ? 'sync-cap' : 'done';
}

interface ThreadContext {
  participantIds: Set<string>;
  names: Map<string, string>;
  record: ConversationRecord;
  /** What the thread's pages showed so far, for smart archive and "cancel if they reply". */
  seen: { inboundSinceArchive: boolean; inboundWhileSnoozed: boolean };
}

/** Stores one page's new messages, oldest first, matching my own pending replies to their sent copies. */
function writePage(account: Account, id: string, rc: RemoteConversation, fresh: RemoteMessage[], ctx: ThreadContext, deps: SyncDeps, result: SyncResult): void {
  const { messages } = deps;
  const { record, seen } = ctx;
  for (const m of fresh) {
    if (messages.hasRemote(id, m.remoteId)) continue;
    // Adapters say who wrote a message when they can; otherwise anyone who is not a participant is us.
    const fromMe = m.fromMe ?? !(m.senderRemoteId !== null && ctx.participantIds.has(m.senderRemoteId));
    const pendingMatch = fromMe ? messages.findUnmatchedOwn(id, m.text) : null;
    if (pendingMatch) {
      messages.markSent(pendingMatch, m.remoteId, m.sentAt);
      continue;
    }
    const senderName = fromMe ? 'You' : (ctx.names.get(m.senderRemoteId ?? '') ?? rc.title);
    messages.insert({ id: `m_${randomUUID()}`, conversationId: id, remoteId: m.remoteId, senderRemoteId: m.senderRemoteId, senderName, text: m.text, sentAt: m.sentAt, fromMe, status: 'sent' });
    if (!fromMe) {
      result.inbound.push({ conversationId: id, accountId: account.id, senderName, text: m.text.slice(0, INBOUND_PREVIEW_CHARS), sentAt: m.sentAt });
      // Only for archives made before arrival order was kept (inboundArrivedSinceArchive is null).
      if (record.archived === 'smart' && record.archivedAt !== null && m.sentAt > record.archivedAt) seen.inboundSinceArchive = true;
      if (record.snoozedUntil !== null && record.snoozeCancelIfReply) seen.inboundWhileSnoozed = true;
    }
  }
}
