/**
 * The core benchmarks' baseline: the same cache as one JSON document in `conf`, the store
 * electron-store 12 is built on (electron-store adds only Electron's app paths and IPC, which
 * plain Node does not have). Conf writes the whole document on every change (atomically: a
 * temporary file, then a rename) and reads the whole document to open it. That is the point:
 * it is what "just keep it in electron-store" costs at 10,000 conversations.
 *
 * The operations are written the way a straightforward app would, and in the baseline's favour
 * where there is a choice: the document stays in memory after opening (no re-read per change),
 * and search lower-cases text as it scans but allocates nothing else.
 */
import { DatabaseSync } from 'node:sqlite';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { DATABASE_FILE } from '../src/main/core/db/database';

export interface JsonMessage {
  id: string;
  senderName: string;
  text: string;
  sentAt: number;
  fromMe: boolean;
}

export interface JsonConversation {
  id: string;
  accountId: string;
  remoteId: string;
  title: string;
  lastMessageAt: number;
  lastMessageText: string;
  lastFromMe: boolean;
  unreadCount: number;
  archived: 'smart' | 'forever' | null;
  archivedAt: number | null;
  snoozedUntil: number | null;
  sortAt: number;
  participant: { name: string; headline: string | null; company: string | null; profileUrl: string | null };
  labels: string[];
  /** Newest first. */
  messages: JsonMessage[];
}

export interface JsonOutboxEntry {
  id: number;
  accountId: string;
  conversationId: string;
  payload: { kind: 'mirror'; remoteConversationId: string; action: { type: 'smart-archive' } };
  status: 'pending';
  createdAt: number;
}

export interface JsonCache {
  conversations: Record<string, JsonConversation>;
  outbox: JsonOutboxEntry[];
}

export type JsonSummary = Omit<JsonConversation, 'messages'>;

const CONFIG_NAME = 'inbox-cache';

/** Reads the seeded SQLite cache into the JSON document's shape (same conversations, people and messages). */
export function cacheFromSqlite(dataDir: string): JsonCache {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  try {
    const conversations: Record<string, JsonConversation> = {};
    const rows = db
      .prepare(
        `SELECT c.id, c.account_id, c.remote_id, c.title, c.last_message_at, c.last_message_text, c.last_from_me, c.unread_count,
                c.archive_mode, c.archived_at, c.snoozed_until, c.sort_at, p.name, p.headline, p.company, p.profile_url
         FROM conversations c LEFT JOIN participants p ON p.conversation_id = c.id AND p.position = 0`,
      )
      .all() as Record<string, string | number | null>[];
    for (const r of rows) {
      conversations[r.id as string] = {
        id: r.id as string,
        accountId: r.account_id as string,
        remoteId: r.remote_id as string,
        title: r.title as string,
        lastMessageAt: r.last_message_at as number,
        lastMessageText: r.last_message_text as string,
        lastFromMe: r.last_from_me === 1,
        unreadCount: r.unread_count as number,
        archived: (r.archive_mode as 'smart' | 'forever' | null) ?? null,
        archivedAt: (r.archived_at as number | null) ?? null,
        snoozedUntil: (r.snoozed_until as number | null) ?? null,
        sortAt: r.sort_at as number,
        participant: { name: (r.name as string) ?? '', headline: r.headline as string | null, company: r.company as string | null, profileUrl: r.profile_url as string | null },
        labels: [],
        messages: [],
      };
    }
    const messages = db.prepare('SELECT id, conversation_id, sender_name, text, sent_at, from_me FROM messages ORDER BY conversation_id, sent_at DESC').all() as Record<string, string | number>[];
    for (const m of messages) {
      conversations[m.conversation_id as string]!.messages.push({ id: m.id as string, senderName: m.sender_name as string, text: m.text as string, sentAt: m.sent_at as number, fromMe: m.from_me === 1 });
    }
    return { conversations, outbox: [] };
  } finally {
    db.close();
  }
}

/** Writes the document once, as electron-store would hold it; returns the file's size in bytes. */
export function writeJsonCache(dir: string, cache: JsonCache): { path: string; bytes: number } {
  const conf = openConf(dir);
  conf.store = cache as unknown as Record<string, unknown>;
  return { path: conf.path, bytes: statSync(conf.path).size };
}

export function openConf(dir: string): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: CONFIG_NAME });
}

/** The inbox view: not archived, not snoozed, newest first. */
export function firstInboxPage(cache: JsonCache, limit: number, now: number): JsonSummary[] {
  const inbox: JsonConversation[] = [];
  for (const c of Object.values(cache.conversations)) {
    if (c.archived === null && (c.snoozedUntil === null || c.snoozedUntil <= now)) inbox.push(c);
  }
  inbox.sort((a, b) => b.sortAt - a.sortAt);
  return inbox.slice(0, limit).map(({ messages: _m, ...summary }) => summary);
}

/** Open: conf reads and parses the whole file; then the first page of the inbox. */
export function openAndFirstPage(dir: string, limit: number): { cache: JsonCache; page: JsonSummary[] } {
  const conf = openConf(dir);
  const cache = conf.store as unknown as JsonCache;
  return { cache, page: firstInboxPage(cache, limit, Date.now()) };
}

let outboxSeq = 0;

/** Archive plus its outbox entry, then conf writes the whole document. */
export function archiveJson(conf: Conf<Record<string, unknown>>, cache: JsonCache, id: string, now: number): void {
  const c = cache.conversations[id];
  if (!c) throw new Error(`json baseline: no conversation ${id}`);
  c.archived = 'smart';
  c.archivedAt = now;
  cache.outbox.push({
    id: ++outboxSeq,
    accountId: c.accountId,
    conversationId: id,
    payload: { kind: 'mirror', remoteConversationId: c.remoteId, action: { type: 'smart-archive' } },
    status: 'pending',
    createdAt: now,
  });
  conf.store = cache as unknown as Record<string, unknown>;
}

export interface JsonHit {
  conversationId: string;
  messageId: string | null;
  at: number;
}

/**
 * A linear scan: every word (and from:<name>, is:unread) must be found, lower-cased, in a
 * message's text or the person's name, headline or company. One hit per conversation (its
 * newest matching message), newest first; `limit` of them, and how many matched in all.
 */
export function searchJson(cache: JsonCache, query: string, limit: number): { hits: JsonHit[]; total: number } {
  const words: string[] = [];
  const from: string[] = [];
  let unread = false;
  for (const token of query.toLowerCase().match(/"[^"]*"|\S+/g) ?? []) {
    if (token.startsWith('from:')) from.push(token.slice(5));
    else if (token === 'is:unread') unread = true;
    else words.push(token.replace(/^"|"$/g, ''));
  }
  const hits: JsonHit[] = [];
  for (const c of Object.values(cache.conversations)) {
    if (unread && c.unreadCount === 0) continue;
    const person = `${c.participant.name} ${c.participant.headline ?? ''} ${c.participant.company ?? ''}`.toLowerCase();
    if (from.length > 0 && !from.some((f) => person.includes(f))) continue;
    const rest = words.filter((w) => !person.includes(w));
    if (rest.length === 0) {
      hits.push({ conversationId: c.id, messageId: null, at: c.lastMessageAt });
      continue;
    }
    for (const m of c.messages) {
      const text = m.text.toLowerCase();
      if (rest.every((w) => text.includes(w))) {
        hits.push({ conversationId: c.id, messageId: m.id, at: m.sentAt });
        break;
      }
    }
  }
  hits.sort((a, b) => b.at - a.at);
  return { hits: hits.slice(0, limit), total: hits.length };
}
