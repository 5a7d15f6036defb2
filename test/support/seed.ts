/**
 * A large cached inbox, written straight into a real SQLite file: one account with `conversations`
 * generated conversations (the demo generator's people and texts) and about `messages` messages in
 * all. For tests and benchmarks of big inboxes, where syncing 10,000 threads first would only
 * measure sync. The core opens the file afterwards exactly as it opens a user's cache.
 */
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { createCore, MemorySecretStore, systemClock, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { generateDemoThreads } from '../../src/main/core/demo/generator';
import { offlineDispatcher } from './core';

export interface SeedOptions {
  conversations: number;
  /** Total messages wanted (spread over the conversations, at least one each). Default: what the generator makes (~14 each). */
  messages?: number;
  /** The newest message's time (epoch ms). */
  endAt?: number;
  /**
   * The account's provider (default 'reactin'). 'crispy' mirrors archive, labels and snooze, so
   * triage on it also writes an outbox entry (what the benchmarks time); nothing is ever sent.
   */
  provider?: 'reactin' | 'crispy';
}

export interface Seeded {
  accountId: string;
  conversations: number;
  messages: number;
}

/** Creates the schema (through the core's own migrations), then fills it in one transaction. */
export async function seedLargeInbox(dataDir: string, opts: SeedOptions): Promise<Seeded> {
  const first = await createCore({ dataDir, clock: systemClock, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher() });
  await first.close();
  const endAt = opts.endAt ?? Date.now();
  const threads = generateDemoThreads('large-inbox', endAt, opts.conversations);
  const perThread = opts.messages === undefined ? null : Math.max(1, Math.round(opts.messages / opts.conversations));
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  const accountId = randomUUID();
  let messages = 0;
  try {
    // One transaction of up to a million rows and their full-text entries: a page cache large enough
    // (256 MB) that SQLite does not spill and rewrite the same pages over and over before COMMIT.
    db.exec('PRAGMA cache_size = -262144');
    db.exec('BEGIN');
    const provider = opts.provider ?? 'reactin';
    const config = provider === 'crispy' ? { baseUrl: 'http://127.0.0.1:9' } : { organizationId: 'org-large', baseUrl: 'http://127.0.0.1:9' };
    db.prepare("INSERT INTO accounts (id, provider, name, config, created_at, status, last_synced_at) VALUES (?, ?, 'Sales seat', ?, ?, 'ok', ?)").run(
      accountId,
      provider,
      JSON.stringify(config),
      endAt,
      endAt,
    );
    const conv = db.prepare(
      `INSERT INTO conversations (id, account_id, remote_id, title, last_message_at, last_message_text, last_from_me, unread_count, updated_at, sort_at, sync_marker)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const person = db.prepare('INSERT INTO participants (conversation_id, remote_id, position, name, headline, company, avatar_url, profile_url) VALUES (?, ?, 0, ?, ?, ?, NULL, ?)');
    const msg = db.prepare(
      "INSERT INTO messages (id, conversation_id, remote_id, sender_remote_id, sender_name, text, sent_at, from_me, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sent')",
    );
    threads.forEach((t, i) => {
      const id = `large-${i}`;
      const p = t.conversation.participants[0]!;
      let list = t.messages;
      if (perThread !== null) {
        // Repeat the generated texts, further back in time, until the thread has its share.
        const out = [];
        for (let m = 0; m < perThread; m++) {
          const src = list[m % list.length]!;
          out.push({ ...src, remoteId: `${t.conversation.remoteId}-m${m}`, sentAt: src.sentAt - Math.floor(m / list.length) * 86_400_000 });
        }
        list = out;
      }
      const last = list[0]!;
      conv.run(id, accountId, t.conversation.remoteId, t.conversation.title, last.sentAt, last.text, last.fromMe ? 1 : 0, t.conversation.unreadCount, endAt, last.sentAt, 'seeded');
      person.run(id, p.remoteId, p.name, p.headline, p.company, p.profileUrl);
      for (const m of list) {
        msg.run(`${id}-${m.remoteId}`, id, m.remoteId, m.senderRemoteId, m.fromMe ? 'You' : p.name, m.text, m.sentAt, m.fromMe ? 1 : 0);
        messages++;
      }
    });
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  } finally {
    db.close();
  }
  return { accountId, conversations: threads.length, messages };
}

/** A core on a seeded data dir (not started: nothing syncs). */
export async function openSeeded(dataDir: string): Promise<InboxCore> {
  return createCore({ dataDir, clock: systemClock, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher() });
}
