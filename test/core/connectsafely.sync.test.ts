/**
 * The core's incremental sync through the ConnectSafely adapter and simulator. ConnectSafely's
 * list gives the latest message no id, so the adapter's stable synthetic id is what lets a
 * second sync recognise unchanged conversations and ask only for what changed.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';
import { Agent } from 'undici';
import { openDatabase, type Db } from '../../src/main/core/db/database';
import { systemClock } from '../../src/main/core/ports';
import { createConnectSafelyProvider } from '../../src/main/core/providers/connectsafely/adapter';
import { AccountStore } from '../../src/main/core/store/accounts';
import { ConversationStore } from '../../src/main/core/store/conversations';
import { MessageStore } from '../../src/main/core/store/messages';
import { syncAccount } from '../../src/main/core/sync';
import { startConnectSafelySimulator, type ConnectSafelySim } from '../simulators/connectsafely';
import { tempDataDir } from '../support/core';

const KEY = 'cs_sync_key';
const defer = cleanupAfterEach();

async function world(conversations: number) {
  const sim = await startConnectSafelySimulator({ apiKey: KEY, conversations, perMinute: 100_000, burstPer10s: 100_000 });
  const agent = new Agent({ connections: 4 });
  const { dir, cleanup } = tempDataDir('cs-sync-');
  const db: Db = openDatabase(dir);
  defer(async () => {
    db.close();
    cleanup();
    await sim.close();
    await agent.destroy();
  });
  const accounts = new AccountStore(db);
  accounts.insert({ id: 'acc-cs', provider: 'connectsafely', name: 'Sales seat', config: { baseUrl: sim.baseUrl }, createdAt: 0 });
  const account = accounts.get('acc-cs')!;
  const provider = createConnectSafelyProvider({ account, getApiKey: async () => KEY, dispatcher: agent, clock: systemClock });
  const deps = { db, accounts, conversations: new ConversationStore(db), messages: new MessageStore(db), clock: systemClock };
  return { sim, deps, sync: () => syncAccount(account, provider, deps) };
}

const asked = (sim: ConnectSafelySim, from: number) => sim.requests.slice(from).map((r) => (r.path.endsWith('/messages') ? 'messages' : `${r.method} ${r.path}`));

describe('sync through ConnectSafely', () => {
  it('caches every thread once, then asks only for what changed', async () => {
    const { sim, deps, sync } = await world(120);
    const first = await sync();
    expect(first.listPages).toBe(2);
    expect(first.changedConversationIds).toHaveLength(120);
    for (const sc of sim.conversations.slice(0, 10)) {
      const id = deps.conversations.idByRemote('acc-cs', sc.conversationUrn)!;
      expect(deps.messages.listForConversation(id).map((m) => [m.text, m.fromMe])).toEqual([...sc.messages].reverse().map((m) => [m.text, m.isSentByOwner]));
    }

    // Nothing changed: one list page, no thread is fetched again.
    let mark = sim.requests.length;
    const second = await sync();
    expect(second.changedConversationIds).toEqual([]);
    expect(asked(sim, mark)).toEqual(['GET /linkedin/conversations']);

    const [a, b] = [sim.conversations[30]!, sim.conversations[95]!];
    sim.addInboundMessage(a.conversationUrn, 'Any update?');
    sim.addInboundMessage(b.conversationUrn, 'Ping');
    mark = sim.requests.length;
    const third = await sync();
    expect(asked(sim, mark)).toEqual(['GET /linkedin/conversations', 'messages', 'messages']);
    expect(third.inbound.map((m) => m.text).sort()).toEqual(['Any update?', 'Ping']);
    expect(third.inbound.find((m) => m.text === 'Ping')!.senderName).toBe(b.participants[0]!.name);
  });
});
