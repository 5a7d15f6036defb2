/**
 * A broken or hostile provider cannot keep a sync running for ever or fill memory (issue 13,
 * item 3): a cursor that comes round again ends the scan with a sentence on the account; list
 * pages, pages of one thread and pages of one sync are capped (and the account says so); a
 * thread's messages are written page by page, so a person sees them while the thread is still
 * arriving. ReactIn's simulator behind the hostile proxy (test/simulators/hostile.ts) plays the
 * provider; the caps are made small here, their real values are in src/main/core/sync-bounds.ts.
 */
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import type { SyncLimits } from '../../src/main/core/sync-bounds';
import { circularCursors, endlessPages, startHostileProxy, type HostileProxy, type PageShape, type ProxiedRequest } from '../simulators/hostile';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { cleanupAfterEach } from '../support/cleanups';
import { VirtualClock } from '../support/clock';
import { sendAtOnce, tempDataDir } from '../support/core';
import { wholeThread } from '../support/thread';

const defer = cleanupAfterEach();
const REACTIN_PAGES: PageShape = { cursorParam: 'cursor', cursorField: 'nextCursor', idField: 'id' };
/** A hostile mode that outlived this many requests shows the app would have gone on for ever: the proxy lets go, and the sync fails. */
const GIVE_UP_AFTER = 60;

interface World {
  sim: ReactInSim;
  proxy: HostileProxy;
  core: InboxCore;
  accountId: string;
  /** Requests the proxy saw, in order. */
  seen: ProxiedRequest[];
  status(): Promise<{ state: string; message: string | null }>;
}

async function world(conversations: number, limits: Partial<SyncLimits> = {}): Promise<World> {
  const dispatcher = new Agent();
  const sim = await startReactInSimulator({ apiKey: 'rk_bounds', organizationId: 'org_bounds', getPerMinute: 1_000_000, conversations });
  const proxy = await startHostileProxy(sim.baseUrl, dispatcher);
  const { dir, cleanup } = tempDataDir();
  const core = await createCore({ dataDir: dir, secrets: new MemorySecretStore(), dispatcher, clock: new VirtualClock(Date.now(), { autoAdvance: true }), settings: sendAtOnce(), syncLimits: limits, allowLoopbackBaseUrls: true });
  defer(cleanup, () => dispatcher.close(), () => sim.close(), () => proxy.close(), () => core.close());
  const seen: ProxiedRequest[] = [];
  proxy.onRequest((req) => void seen.push(req));
  const account = await core.addAccount({ provider: 'reactin', name: 'Sales seat', apiKey: 'rk_bounds', config: { organizationId: 'org_bounds', baseUrl: proxy.baseUrl(sim.baseUrl) } });
  seen.length = 0; // the connection test addAccount made
  return {
    sim,
    proxy,
    core,
    accountId: account.id,
    seen,
    status: async () => (await core.listAccounts()).find((a) => a.id === account.id)!.status,
  };
}

const isList = (r: ProxiedRequest) => /\/conversations(\?|$)/.test(r.url);
const isThread = (remoteId: string) => (r: ProxiedRequest) => r.url.includes(`/conversations/${encodeURIComponent(remoteId)}/messages`);

/** `always` for at most GIVE_UP_AFTER matching requests; returns what ends it sooner. */
function forAWhile(w: World, action: Parameters<HostileProxy['always']>[0], when: (r: ProxiedRequest) => boolean): () => void {
  let left = GIVE_UP_AFTER;
  const stop = w.proxy.always(action, (r) => when(r) && (--left > 0 || (stop(), false)));
  return stop;
}

describe('sync against a provider that pages for ever', () => {
  it('stops at a list cursor that comes round again, keeps what it read, and says so on the account', async () => {
    const w = await world(30);
    forAWhile(w, circularCursors(REACTIN_PAGES), isList);
    await w.core.syncNow(w.accountId);

    // Page one, "loop-a", "loop-b", then "loop-a" again: the third answer's cursor was seen.
    expect(w.seen.filter(isList)).toHaveLength(3);
    expect((await w.core.listConversations({ view: 'all' })).total).toBe(3 * 30);
    const status = await w.status();
    expect(status.state).toBe('ok');
    expect(status.message).toMatch(/ReactIn sent the same page of the conversation list of 'Sales seat' twice.*stopped listing there and kept what it had read/);
  });

  it('stops listing after the cap of pages, with every listed conversation and its thread kept, and says so', async () => {
    const w = await world(30, { listPages: 5 });
    forAWhile(w, endlessPages(REACTIN_PAGES), isList);
    await w.core.syncNow(w.accountId);

    expect(w.seen.filter(isList)).toHaveLength(5);
    const all = await w.core.listConversations({ view: 'all', limit: 1000 });
    expect(all.total).toBe(5 * 30);
    expect(all.items.every((c) => c.lastMessageText)).toBe(true);
    expect((await w.status()).message).toMatch(/ReactIn kept sending more conversations for 'Sales seat' after 5 pages \(150 conversations\); this sync stopped listing there/);
  });

  it('writes a long thread page by page, stops it at the cap with its newest messages kept, and says so', async () => {
    const w = await world(3, { threadPages: 6 });
    const victim = w.sim.conversations[0]!;
    const perPage = victim.messages.length;
    const open = async () => (await wholeThread(w.core, w.core.conversationIdFor(w.accountId, victim.id)!)).length;
    // What a person opening the thread sees while its fourth page is being fetched.
    let shownDuringFourthPage: number | null = null;
    w.proxy.onRequest(async (r) => {
      if (isThread(victim.id)(r) && w.seen.filter(isThread(victim.id)).length === 4) shownDuringFourthPage = await open();
    });
    forAWhile(w, endlessPages(REACTIN_PAGES), isThread(victim.id));
    await w.core.syncNow(w.accountId);

    expect(shownDuringFourthPage).toBe(3 * perPage);
    expect(w.seen.filter(isThread(victim.id))).toHaveLength(6);
    expect(await open()).toBe(6 * perPage);
    const status = await w.status();
    expect(status.state).toBe('ok');
    expect(status.message).toContain(`The conversation with ${victim.name} is longer than this app reads (6 pages of messages); the newest messages are kept, older ones are not fetched.`);

    // The thread counts as synced: the next sync does not read it again.
    const mark = w.seen.length;
    await w.core.syncNow(w.accountId);
    expect(w.seen.slice(mark).filter(isThread(victim.id))).toHaveLength(0);
  });

  it('stops a thread whose message cursor comes round again, and tries it again on the next sync', async () => {
    const w = await world(3);
    const victim = w.sim.conversations[1]!;
    const stop = forAWhile(w, circularCursors(REACTIN_PAGES), isThread(victim.id));
    await w.core.syncNow(w.accountId);

    expect(w.seen.filter(isThread(victim.id))).toHaveLength(3);
    expect((await w.status()).message).toMatch(new RegExp(`ReactIn sent the same page of messages twice in the conversation with ${victim.name}; what arrived is kept`));
    const id = w.core.conversationIdFor(w.accountId, victim.id)!;
    expect(await wholeThread(w.core, id)).toHaveLength(3 * victim.messages.length);

    // The provider is fixed: the next sync reads that thread again and the note is gone.
    stop();
    const mark = w.seen.length;
    await w.core.syncNow(w.accountId);
    expect(w.seen.slice(mark).filter(isThread(victim.id))).toHaveLength(1);
    expect((await w.status()).message).toBeNull();
  });

  it('stops after the cap of pages per sync and fetches the threads it did not reach on the next one', async () => {
    const w = await world(30, { syncPages: 12 });
    await w.core.syncNow(w.accountId);
    expect(w.seen).toHaveLength(12); // one list page, eleven threads
    expect((await w.status()).message).toMatch(/This sync of 'Sales seat' stopped after 12 requests to ReactIn; the 19 conversations not fetched yet will be fetched on the next sync\./);

    await w.core.syncNow(w.accountId);
    await w.core.syncNow(w.accountId);
    expect((await w.status()).message).toBeNull();
    for (const sc of w.sim.conversations) {
      expect(await wholeThread(w.core, w.core.conversationIdFor(w.accountId, sc.id)!)).toHaveLength(sc.messages.length);
    }
  });

  it('a thread cut off after some of its pages on its first fetch gets its older pages on the next sync', async () => {
    const w = await world(1);
    const only = w.sim.conversations[0]!;
    for (let i = 0; i < 250; i++) w.sim.addInboundMessage(only.id, `message ${i}`, only.messages[0]!.timestamp + 1000 + i);
    // The list, two pages of the thread (100 each, newest first), then ReactIn fails on the third.
    w.sim.injectFaultAt(w.sim.requests.length + 4, { status: 500 });
    await expect(w.core.syncNow(w.accountId)).rejects.toMatchObject({ code: 'server' });
    const id = w.core.conversationIdFor(w.accountId, only.id)!;
    expect(await wholeThread(w.core, id)).toHaveLength(200);

    await w.core.syncNow(w.accountId);
    const texts = (await wholeThread(w.core, id)).map((m) => m.text);
    expect(texts).toEqual([...only.messages].reverse().map((m) => m.text));
  });
});
