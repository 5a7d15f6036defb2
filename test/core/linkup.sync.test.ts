/**
 * The Linkup adapter under the core's own sync, on a real cache: what a person sees (who wrote
 * what, no duplicates after a reply) and what it costs (credits on every poll).
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { Agent } from 'undici';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { systemClock } from '../../src/main/core/ports';
import { createLinkupProvider, type LinkupProvider } from '../../src/main/core/providers/linkup/adapter';
import { normalizeProfileUrl } from '../../src/main/core/providers/normalize';
import type { ProviderUsage } from '../../src/main/core/providers/types';
import { AccountStore } from '../../src/main/core/store/accounts';
import { ConversationStore } from '../../src/main/core/store/conversations';
import { MessageStore } from '../../src/main/core/store/messages';
import { syncAccount, type SyncDeps } from '../../src/main/core/sync';
import { startLinkupSimulator, type LinkupSim } from '../simulators/linkup';
import { tempDataDir } from '../support/core';

const KEY = 'lk_test_31';
const ACCOUNT_ID = 'acc-linkup-1';

interface World {
  sim: LinkupSim;
  provider: LinkupProvider;
  deps: SyncDeps & { db: Db };
  usage: ProviderUsage[];
  sync: () => ReturnType<typeof syncAccount>;
  localId: (remoteId: string) => string;
}

const defer = cleanupAfterEach();

async function world(conversations: number): Promise<World> {
  const sim = await startLinkupSimulator({ apiKey: KEY, accountId: 'acc_42', conversations, perMinute: 100_000 });
  const agent = new Agent();
  const { dir, cleanup } = tempDataDir('linkup-sync-');
  const db = openDatabase(dir);
  defer(async () => {
    db.close();
    cleanup();
    await sim.close();
    await agent.close();
  });
  const accounts = new AccountStore(db);
  accounts.insert({ id: ACCOUNT_ID, provider: 'linkup', name: 'Sales seat', config: { accountId: 'acc_42', baseUrl: sim.baseUrl }, createdAt: 0 });
  const account = accounts.get(ACCOUNT_ID)!;
  const usage: ProviderUsage[] = [];
  const provider = createLinkupProvider({ account, getApiKey: async () => KEY, dispatcher: agent, clock: systemClock, reportUsage: (u) => usage.push(u) });
  const deps = { db, accounts, conversations: new ConversationStore(db), messages: new MessageStore(db), clock: systemClock };
  return {
    sim,
    provider,
    deps,
    usage,
    sync: () => syncAccount(account, provider, deps),
    localId: (remoteId) => deps.conversations.idByRemote(ACCOUNT_ID, remoteId)!,
  };
}

const actions = (sim: LinkupSim, from = 0) => sim.requests.slice(from).map((r) => r.action);
const spent = (usage: ProviderUsage[]) => usage.reduce((n, u) => n + u.consumed, 0);

describe('sync against the Linkup simulator', () => {
  it('caches every thread with who wrote each message, and reports every credit it spent', async () => {
    const w = await world(24);
    const result = await w.sync();
    expect(result.changedConversationIds).toHaveLength(24);
    for (const sc of w.sim.conversations) {
      const id = w.localId(sc.id);
      const stored = w.deps.messages.listForConversation(id);
      const expected = [...sc.messages].reverse().filter((m) => m.type === 'TEXT');
      expect(stored.map((m) => [m.text, m.fromMe])).toEqual(expected.map((m) => [m.text, m.fromMe]));
      expect(expected.every((m) => w.deps.messages.hasRemote(id, m.entityUrn))).toBe(true);
      expect(stored.filter((m) => !m.fromMe).every((m) => m.senderName === sc.participant.name)).toBe(true);
      expect(w.deps.conversations.participants(id).map((p) => p.profileUrl)).toEqual([normalizeProfileUrl(sc.participant.profileUrl)]);
    }
    // Inbound messages are what notifications and smart archive see.
    const inbound = w.sim.conversations.flatMap((c) => c.messages.filter((m) => m.type === 'TEXT' && !m.fromMe));
    expect(result.inbound).toHaveLength(inbound.length);
    expect(spent(w.usage)).toBe(w.sim.creditsUsed);
  });

  it('reads the first sync in pages of 100 (same credits, a tenth of the requests), then polls in pages of 10', async () => {
    const w = await world(250);
    await w.sync();
    const lists = w.sim.requests.filter((r) => r.action === 'list_inbox');
    expect(lists.map((r) => Number(r.params.count))).toEqual([100, 100, 100]);
    // Every request of a first sync paid for the items it returned, none wasted on small pages.
    expect(w.sim.requests).toHaveLength(3 + 250);
    const mark = w.sim.requests.length;
    w.sim.addInboundMessage(w.sim.conversations[3]!.id, 'A poll reads small pages.');
    await w.sync();
    expect(w.sim.requests.slice(mark).map((r) => [r.action, Number(r.params.count)])).toEqual([
      ['list_inbox', 10],
      ['get_conversation', 10],
    ]);
    expect(spent(w.usage)).toBe(w.sim.creditsUsed);
  });

  it('polls for one credit when nothing changed, and reads only the thread that did', async () => {
    const w = await world(45);
    await w.sync();
    const mark = w.sim.requests.length;
    const before = w.sim.creditsUsed;
    await w.sync();
    expect(actions(w.sim, mark)).toEqual(['list_inbox']);
    expect(w.sim.creditsUsed - before).toBe(1);

    const target = w.sim.conversations[30]!;
    w.sim.addInboundMessage(target.id, 'Any update on the proposal?');
    const mark2 = w.sim.requests.length;
    const result = await w.sync();
    expect(actions(w.sim, mark2)).toEqual(['list_inbox', 'get_conversation']);
    expect(w.sim.requests.at(-1)!.params.conversation_id).toBe(target.id);
    expect(result.inbound.map((m) => [m.senderName, m.text])).toEqual([[target.participant.name, 'Any update on the proposal?']]);
    expect(spent(w.usage)).toBe(w.sim.creditsUsed);
  });

  it('shows a reply once: the sent message and the synced one are the same row', async () => {
    const w = await world(6);
    await w.sync();
    const sc = w.sim.conversations[4]!;
    const id = w.localId(sc.id);
    const recipient = w.deps.conversations.participants(id)[0]!;
    // What the outbox does: a pending row, the send, then the row marked sent.
    const pending = `m_${randomUUID()}`;
    w.deps.messages.insert({ id: pending, conversationId: id, remoteId: null, senderRemoteId: null, senderName: 'You', text: 'Thursday at 10 then.', sentAt: Date.now(), fromMe: true, status: 'pending' });
    const sent = await w.provider.sendMessage({ remoteConversationId: sc.id, recipient: { ...recipient, remoteId: recipient.profileUrl!, company: null } }, 'Thursday at 10 then.');
    w.deps.messages.markSent(pending, sent?.remoteId ?? null, sent?.sentAt);

    const inbound = await w.sync();
    const rows = w.deps.messages.listForConversation(id).filter((m) => m.text === 'Thursday at 10 then.');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: pending, fromMe: true, status: 'sent' });
    expect(w.deps.messages.hasRemote(id, sc.messages[0]!.entityUrn)).toBe(true);
    expect(sent?.remoteId).toBe(sc.messages[0]!.entityUrn);
    expect(inbound.inbound).toHaveLength(0);
  });
});
