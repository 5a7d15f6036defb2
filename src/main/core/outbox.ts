/**
 * Delivers outbox entries to providers: in id order per account, retried with back-off
 * on transient errors, stopped visibly on permanent ones. A send that may already have
 * reached the provider is looked for in the thread before it is tried again.
 */
import type { Db } from './db/database';
import { transaction } from './db/database';
import { AppError } from './errors';
import type { Clock, CrashPoint } from './ports';
import { capWaitSentence, lateSentence } from './scheduled-send';
import type { Provider } from './providers/types';
import type { ConversationStore } from './store/conversations';
import type { MessageStore } from './store/messages';
import type { OutboxEntry, OutboxStore } from './store/outbox';

export interface OutboxDeps {
  db: Db;
  outbox: OutboxStore;
  messages: MessageStore;
  conversations: ConversationStore;
  clock: Clock;
  providerFor: (accountId: string) => Provider;
  /** Called after an entry changed state, with its conversation; `scheduled`: it is a scheduled reply. */
  changed: (conversationId: string | null, scheduled: boolean) => void;
  /** Tells the person something happened in the background (e.g. a mirror stayed local). */
  notice?: (text: string) => void;
  /** Aborted when the app closes: delivery stops, and what was not sent waits for the next start. */
  signal?: AbortSignal;
  /** Tests only: called at each named point between two writes (see CrashPoint). */
  crashPoint?: (point: CrashPoint) => void;
}

/** A mirror refused for longer than this (a daily cap) is given up: the change stays in this app. */
const MIRROR_GIVE_UP_MS = 10 * 60_000;

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export interface DeliveryReport {
  delivered: number;
  failed: number;
  waiting: number;
  /** Earliest time a waiting entry is due, for the worker's timer. */
  nextDueAt: number | null;
}

/** Delivers every entry that is due now; entries behind a waiting one of the same account wait too. */
export async function deliverDue(deps: OutboxDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, failed: 0, waiting: 0, nextDueAt: null };
  const blocked = new Set<string>();
  for (const entry of deps.outbox.open()) {
    if (deps.signal?.aborted) break;
    if (blocked.has(entry.accountId)) {
      report.waiting++;
      continue;
    }
    // A scheduled reply waiting for its time (or for the next day's budget) holds nothing up:
    // replies written after it go in their turn.
    if (entry.sendAt !== null && entry.status === 'pending' && entry.nextAttemptAt > deps.clock.now()) {
      report.waiting++;
      report.nextDueAt = Math.min(report.nextDueAt ?? Infinity, entry.nextAttemptAt);
      continue;
    }
    if (entry.nextAttemptAt > deps.clock.now()) {
      blocked.add(entry.accountId);
      report.waiting++;
      report.nextDueAt = Math.min(report.nextDueAt ?? Infinity, entry.nextAttemptAt);
      continue;
    }
    const outcome = await deliverOne(entry, deps);
    if (outcome === 'delivered') report.delivered++;
    else if (outcome === 'failed') report.failed++;
    else {
      blocked.add(entry.accountId);
      report.waiting++;
      const due = deps.outbox.get(entry.id)?.nextAttemptAt;
      if (due !== undefined) report.nextDueAt = Math.min(report.nextDueAt ?? Infinity, due);
    }
  }
  return report;
}

async function deliverOne(entry: OutboxEntry, deps: OutboxDeps): Promise<'delivered' | 'failed' | 'retry'> {
  const { outbox, messages, conversations, clock, db } = deps;
  const uncertain = entry.status === 'inflight' || entry.attempts > 0;
  outbox.markInflight(entry.id, clock.now());
  const payload = entry.payload;
  try {
    const provider = deps.providerFor(entry.accountId);
    if (payload.kind === 'send') {
      const { messageId, remoteConversationId, recipient, text } = payload;
      // Never resend blindly: an earlier attempt may have reached the provider. A sync may already
      // have found it in the thread (and matched it to this reply): then it is delivered.
      const synced = uncertain && messages.get(messageId)?.status === 'sent';
      const already = uncertain && !synced ? await findDelivered(provider, remoteConversationId, text, entry.createdAt, deps, entry.conversationId) : null;
      const sent = synced ? null : (already ?? (await provider.sendMessage({ remoteConversationId, recipient }, text)));
      // Found delivered: an earlier try went through and was paid for, though its answer was lost.
      if (synced || already) provider.settleUnansweredSend?.();
      transaction(db, () => {
        messages.markSent(messageId, sent?.remoteId ?? null, sent?.sentAt);
        deps.crashPoint?.('reply-recorded-not-committed');
        outbox.markDone(entry.id, clock.now());
        if (entry.conversationId) {
          conversations.refreshLastMessage(entry.conversationId);
          // It went through, so the account is connected again: turn the composer back on.
          conversations.setDisconnected(entry.conversationId, false);
        }
      });
    } else {
      // Mirrors are idempotent on the provider (archive twice is archived), so a retry is safe.
      await provider.mirror(payload.remoteConversationId, payload.action);
      outbox.markDone(entry.id, clock.now());
    }
    if (entry.sendAt !== null && payload.kind === 'send') {
      const late = lateSentence(who(entry, deps), entry.sendAt, clock.now());
      if (late) deps.notice?.(late);
    }
    deps.changed(entry.conversationId, entry.sendAt !== null);
    return 'delivered';
  } catch (err) {
    const now = clock.now();
    const message = err instanceof AppError ? err.message : 'The app could not deliver this change.';
    const retryable = !(err instanceof AppError) || err.retryable;
    // The app closed before this try left: it does not count against the entry's attempts.
    if (deps.signal?.aborted && err instanceof AppError && !err.mayHaveReachedProvider) {
      outbox.waitForPerson(entry.id, now, message, entry.attempts, now);
      return 'retry';
    }
    // A scheduled reply refused by a daily cap before it left waits for the next day's budget;
    // the refusal does not count as a try (it never reached the provider), and the person is told.
    if (payload.kind === 'send' && entry.sendAt !== null && err instanceof AppError && err.code === 'rate-limited' && !err.mayHaveReachedProvider && err.retryAfterMs !== null) {
      outbox.waitForPerson(entry.id, now + err.retryAfterMs!, message, entry.attempts, now);
      deps.notice?.(capWaitSentence(who(entry, deps), message));
      deps.changed(entry.conversationId, entry.sendAt !== null);
      return 'retry';
    }
    // A triage mirror held back by a daily cap would land hours late (a snooze after its time):
    // the change already holds in this app, so give the mirror up and say so.
    if (payload.kind === 'mirror' && err instanceof AppError && err.code === 'rate-limited' && (err.retryAfterMs ?? 0) > MIRROR_GIVE_UP_MS) {
      outbox.markFailed(entry.id, message, now);
      deps.notice?.(`${message} This change stays in this app only.`);
      deps.changed(entry.conversationId, entry.sendAt !== null);
      return 'failed';
    }
    // A mirror refused for a reason the person fixes (a rejected key, a disconnected LinkedIn
    // account) is never given up: the account says what is wrong, and the change goes once it is
    // fixed (a successful sync wakes it). Mirrors are idempotent, so trying again is safe.
    if (payload.kind === 'mirror' && err instanceof AppError && (err.code === 'auth' || err.code === 'disconnected')) {
      outbox.waitForPerson(entry.id, now + MAX_BACKOFF_MS, message, entry.attempts, now);
      deps.changed(entry.conversationId, entry.sendAt !== null);
      return 'retry';
    }
    if (retryable && entry.attempts + 1 < MAX_ATTEMPTS) {
      const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** entry.attempts);
      const wait = err instanceof AppError && err.retryAfterMs !== null ? Math.max(err.retryAfterMs, backoff) : backoff;
      outbox.retryLater(entry.id, now + wait, message, now);
      deps.changed(entry.conversationId, entry.sendAt !== null);
      return 'retry';
    }
    transaction(db, () => {
      outbox.markFailed(entry.id, message, now);
      if (payload.kind === 'send') messages.markFailed(payload.messageId, message);
      // The composer should say so at once, not after the next sync.
      if (err instanceof AppError && err.code === 'disconnected' && entry.conversationId) {
        conversations.setDisconnected(entry.conversationId, true);
      }
    });
    deps.changed(entry.conversationId, entry.sendAt !== null);
    return 'failed';
  }
}

/** The person a reply goes to, for a sentence. */
function who(entry: OutboxEntry, deps: OutboxDeps): string {
  const c = entry.conversationId ? deps.conversations.get(entry.conversationId) : null;
  return c ? c.participant.name || c.title : 'a conversation';
}

/** Looks in the thread's newest messages for this send, in case an earlier attempt went through. */
async function findDelivered(
  provider: Provider,
  remoteConversationId: string,
  text: string,
  since: number,
  deps: OutboxDeps,
  conversationId: string | null,
) {
  const page = await provider.listMessages(remoteConversationId, { limit: Math.min(20, provider.maxPageSize) });
  return (
    page.items.find(
      (m) =>
        m.fromMe !== false &&
        m.text === text &&
        m.sentAt >= since - 5 * 60_000 &&
        (conversationId === null || !deps.messages.hasRemote(conversationId, m.remoteId)),
    ) ?? null
  );
}
