/**
 * The parts every service shares: the open cache and its stores, the clock, the options the host
 * passed, and whether the core has started or is closing. Built once by the facade (core.ts).
 */
import type { Account } from '../../../shared/domain';
import type { CoreOptions } from '../core-options';
import type { Db } from '../db/database';
import { openCache } from '../db/recovery';
import { notFound } from '../errors';
import { silentNotifier, systemClock, type Clock, type Notifier } from '../ports';
import { AccountStore } from '../store/accounts';
import { ConversationStore, type ConversationRecord } from '../store/conversations';
import { DraftStore } from '../store/drafts';
import { FollowUpStore } from '../store/follow-ups';
import { LabelStore } from '../store/labels';
import { MessageStore } from '../store/messages';
import { MetaStore } from '../store/meta';
import { OutboxStore } from '../store/outbox';
import { ViewCountKeeper } from '../store/view-counts';

/** Whether the core is running: start() and close() flip it; services read it before background work. */
export class Lifecycle {
  started = false;
  closed = false;
  /** Aborted by close(): provider requests, rate-limit waits and syncs stop at once. */
  private readonly closing = new AbortController();

  get signal(): AbortSignal {
    return this.closing.signal;
  }

  /** Marks the core closed and aborts everything that listens to the signal. */
  close(): void {
    this.closed = true;
    this.closing.abort();
  }
}

export interface CoreParts {
  readonly opts: CoreOptions;
  readonly db: Db;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly accounts: AccountStore;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly outbox: OutboxStore;
  readonly meta: MetaStore;
  readonly drafts: DraftStore;
  readonly labels: LabelStore;
  /** Every view's count, kept between changes (a triage key does not recount the cache). */
  readonly viewCounts: ViewCountKeeper;
  readonly followUps: FollowUpStore;
  readonly lifecycle: Lifecycle;
  /** What recovering the cache at open did, for the person; null when it opened normally. */
  readonly recovery: string | null;
}

/** Opens (and if need be recovers) the cache in the data directory and builds its stores. */
export function openParts(opts: CoreOptions): CoreParts {
  const opened = openCache(opts.dataDir, { crashPoint: opts.crashPoint, history: opts.cacheHistory });
  const db = opened.db;
  const accounts = new AccountStore(db);
  const conversations = new ConversationStore(db);
  return {
    opts,
    db,
    clock: opts.clock ?? systemClock,
    notifier: opts.notifier ?? silentNotifier,
    accounts,
    conversations,
    messages: new MessageStore(db),
    outbox: new OutboxStore(db),
    meta: new MetaStore(db),
    drafts: new DraftStore(db),
    labels: new LabelStore(db),
    viewCounts: new ViewCountKeeper(db, conversations, () => accounts.list().map((a) => a.id)),
    followUps: new FollowUpStore(db),
    lifecycle: new Lifecycle(),
    recovery: opened.recovery,
  };
}

/** The account, or 'not-found' with a sentence. */
export function requireAccount(parts: CoreParts, id: string): Account {
  const a = parts.accounts.get(id);
  if (!a) throw notFound('That account no longer exists.');
  return a;
}

/** The conversation, or 'not-found' with a sentence. */
export function requireConversation(parts: CoreParts, id: string): ConversationRecord {
  const c = parts.conversations.get(id);
  if (!c) throw notFound('That conversation is no longer in the cache.');
  return c;
}
