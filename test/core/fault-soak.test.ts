/**
 * The fault soak: a seeded random mix of well over a thousand operations across all four
 * providers — syncs, replies, mirrored triage, undo, retries, outbox ticks — while every request
 * may meet one of the simulators' faults (500, 502, a hang past the client's timeout, a slow
 * answer, malformed JSON, a reset before or after the server acted, 429s), keys are revoked in
 * the middle of a sync and replaced, accounts are disconnected and reconnected, and 429 storms
 * with Retry-After pass through. Then everything heals and the app drains. What a person would
 * notice is checked: nothing crashed, every reply arrived exactly once in its own thread, every
 * mirrored change ended as the last local action left it, every account says what state it is
 * in, and the cache agrees with each provider.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Agent, type Dispatcher } from 'undici';
import { AppError, createCore, MemorySecretStore, MemorySettingsStore, type InboxCore } from '../../src/main/core';
import { DEFAULT_SETTINGS, type ConversationSummary, type ProviderKind } from '../../src/shared/domain';
import { prng } from '../simulators/common';
import { startConnectSafelySimulator, type ConnectSafelySim } from '../simulators/connectsafely';
import { startCrispySimulator, type CrispySim } from '../simulators/crispy';
import { startLinkupSimulator, type LinkupSim } from '../simulators/linkup';
import { startReactInSimulator, type ReactInSim } from '../simulators/reactin';
import { DEFAULT_VIRTUAL_START, VirtualClock } from '../support/clock';
import { tempDataDir } from '../support/core';
import { fourProviders, type FourProviders } from '../support/four-providers';
import { localId, reactInWorld, type ReactInWorld } from '../support/reactin-core';

type P = Exclude<ProviderKind, 'demo'>;
const PROVIDERS: readonly P[] = ['reactin', 'linkup', 'connectsafely', 'crispy'];
const NAMES: Record<P, string> = { reactin: 'ReactIn seat', linkup: 'Linkup seat', connectsafely: 'ConnectSafely seat', crispy: 'Crispy seat' };

const SEED = 20_261_121;
const OPS = 1_200;
const CONVERSATIONS = 8;
/** Real milliseconds the client waits for an answer; a hang lasts longer than this. */
const CLIENT_TIMEOUT_MS = 150;
const HANG_MS = 400;
/** Share of requests that meet a random fault while the soak runs. */
const FAULT_RATE = 0.15;
const LABELS = ['soak-a', 'soak-b', 'soak-c'];
const UNDO_SEND_MS = 5_000;

/**
 * 'malformed' answers 200 with a body that is not JSON without carrying the request out: on a write
 * that is a server claiming a success it did not have, which no client can tell (the app takes a 2xx
 * as done), so writes get 'truncated' instead: carried out, then half an answer.
 */
type RequestFault = '500' | '502' | 'hang' | 'slow' | 'malformed' | 'truncated' | 'reset' | 'reset-after-write' | '429';
const REQUEST_FAULTS: readonly RequestFault[] = ['500', '502', 'hang', 'slow', 'malformed', 'reset', 'reset-after-write', '429'];

interface Sims {
  reactin: ReactInSim;
  linkup: LinkupSim;
  connectsafely: ConnectSafelySim;
  crispy: CrispySim;
}

/** One reply the soak wrote, and what should have become of it. */
interface Reply {
  text: string;
  provider: P;
  remoteId: string;
  conversationId: string;
  messageId: string;
  /** Virtual time it was written. */
  at: number;
  /** Undo took it back before it went: it must never arrive. */
  cancelled: boolean;
}

const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
process.on('unhandledRejection', onUnhandled);
process.on('uncaughtException', onUnhandled);

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  for (const c of cleanups.reverse()) await c();
});

function faultFor(p: P, kind: RequestFault): Record<string, unknown> {
  switch (kind) {
    case '500':
      return { status: 500 };
    case '502':
      return { status: 502 };
    case 'hang':
      return { hangMs: HANG_MS };
    case 'slow':
      return { hangMs: 10 };
    case 'malformed':
      return { malformed: true };
    case 'truncated':
      return { truncate: true };
    case 'reset':
      return { reset: true };
    case 'reset-after-write':
      return { resetAfterWrite: true };
    case '429':
      // Crispy's fault takes its headers as given; the others add Retry-After: 1 themselves.
      return p === 'crispy' ? { status: 429, body: { error: { code: 'rate_limited', message: 'Too many requests' } }, headers: { 'retry-after': '1' } } : { status: 429 };
  }
}

it(`survives ${OPS} random operations across four providers under injected faults, then drains to a correct state`, { timeout: 120_000 }, async () => {
  const started = Date.now();
  const clock = new VirtualClock(DEFAULT_VIRTUAL_START, { autoAdvance: true });
  const now = () => clock.now();
  const keys: Record<P, string> = { reactin: 'rk_soak', linkup: 'lk_soak', connectsafely: 'cs_soak', crispy: 'crispy_soak' };
  const [reactin, linkup, connectsafely, crispy] = await Promise.all([
    startReactInSimulator({ apiKey: keys.reactin, organizationId: 'org_soak', conversations: CONVERSATIONS, seed: 31, now }),
    startLinkupSimulator({ apiKey: keys.linkup, accountId: 'acc_soak', conversations: CONVERSATIONS, seed: 32, now }),
    startConnectSafelySimulator({ apiKey: keys.connectsafely, conversations: CONVERSATIONS, seed: 33, now }),
    startCrispySimulator({ apiKey: keys.crispy, conversations: CONVERSATIONS, seed: 34, now, caps: { send: 10_000, organize: 10_000, read: 10_000 } }),
  ]);
  const sims: Sims = { reactin, linkup, connectsafely, crispy };
  cleanups.push(() => Promise.all(PROVIDERS.map((p) => sims[p].close())).then(() => undefined));

  // ---- fault injection, per request, decided as each request leaves the app ----------------
  const byPort = new Map<string, P>(PROVIDERS.map((p) => [new URL(sims[p].baseUrl).port, p]));
  const faultRand = Object.fromEntries(PROVIDERS.map((p, i) => [p, prng(SEED + 100 + i)])) as Record<P, () => number>;
  const plan = Object.fromEntries(PROVIDERS.map((p) => [p, { storm: 0, revokeAt: null as number | null }])) as Record<P, { storm: number; revokeAt: number | null }>;
  const injected = new Map<string, number>();
  const count = (kind: string) => injected.set(kind, (injected.get(kind) ?? 0) + 1);
  const requests: Record<P, number> = { reactin: 0, linkup: 0, connectsafely: 0, crispy: 0 };
  const revoked = new Set<P>();
  let chaos = true;

  const onRequest = (origin: string, method: string, body: unknown) => {
    const p = byPort.get(new URL(origin).port);
    if (!p) return;
    requests[p]++;
    if (plan[p].revokeAt !== null && --plan[p].revokeAt! <= 0) {
      plan[p].revokeAt = null;
      sims[p].revokeKey();
      revoked.add(p);
      count('key revoked mid-sync');
    }
    if (!chaos) return;
    const inject = (kind: RequestFault) => (sims[p].injectFault as (f: Record<string, unknown>) => void)(faultFor(p, kind));
    if (plan[p].storm > 0) {
      plan[p].storm--;
      inject('429');
      count('429 (storm)');
      return;
    }
    const r = faultRand[p]();
    if (r < FAULT_RATE) {
      let kind = REQUEST_FAULTS[Math.floor((r / FAULT_RATE) * REQUEST_FAULTS.length)]!;
      const write = method !== 'GET' && !(p === 'linkup' && typeof body === 'string' && !body.includes('"action":"send"'));
      if (kind === 'malformed' && write) kind = 'truncated';
      inject(kind);
      count(kind);
    }
  };
  const agent = new Agent();
  const dispatcher = agent.compose((dispatch: Dispatcher.Dispatch) => (opts, handler) => {
    onRequest(String(opts.origin), String(opts.method), opts.body);
    return dispatch({ ...opts, headersTimeout: CLIENT_TIMEOUT_MS, bodyTimeout: CLIENT_TIMEOUT_MS }, handler);
  });
  cleanups.push(() => agent.close());

  // ---- the app ---------------------------------------------------------------------------
  const data = tempDataDir('inbox-soak-');
  cleanups.push(data.cleanup);
  const settings = new MemorySettingsStore();
  settings.save({ ...DEFAULT_SETTINGS, undoSendSeconds: UNDO_SEND_MS / 1000 });
  const core: InboxCore = await createCore({ allowLoopbackBaseUrls: true, dataDir: data.dir, secrets: new MemorySecretStore(), dispatcher, settings, clock });
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await core.close();
  });

  chaos = false; // accounts are added and first synced on a calm network
  const accounts: Record<P, string> = {
    reactin: (await core.addAccount({ provider: 'reactin', name: NAMES.reactin, apiKey: keys.reactin, config: { organizationId: 'org_soak', baseUrl: reactin.baseUrl } })).id,
    linkup: (await core.addAccount({ provider: 'linkup', name: NAMES.linkup, apiKey: keys.linkup, config: { accountId: 'acc_soak', baseUrl: linkup.baseUrl } })).id,
    connectsafely: (await core.addAccount({ provider: 'connectsafely', name: NAMES.connectsafely, apiKey: keys.connectsafely, config: { baseUrl: connectsafely.baseUrl } })).id,
    crispy: (await core.addAccount({ provider: 'crispy', name: NAMES.crispy, apiKey: keys.crispy, config: { baseUrl: crispy.baseUrl } })).id,
  };
  await core.syncNow();
  expect((await core.listAccounts()).map((a) => a.status.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
  for (const name of LABELS) await core.createLabel(name);
  const labelIds = new Map((await core.listLabels()).map((l) => [l.name, l.id]));

  const remoteIds = (p: P): string[] =>
    p === 'reactin'
      ? reactin.conversations.filter((c) => c.messages.length > 0).map((c) => c.id)
      : p === 'linkup'
        ? linkup.conversations.filter((c) => c.messages.length > 0).map((c) => c.id)
        : p === 'connectsafely'
          ? connectsafely.conversations.filter((c) => c.messages.length > 0).map((c) => c.conversationUrn)
          : crispy.conversations.filter((c) => c.messages.length > 0).map((c) => c.chatId);
  const local = (p: P, remoteId: string) => core.conversationIdFor(accounts[p], remoteId)!;
  const conversationsOf = Object.fromEntries(PROVIDERS.map((p) => [p, remoteIds(p)])) as Record<P, string[]>;
  for (const p of PROVIDERS) expect(conversationsOf[p].every((r) => local(p, r) !== null)).toBe(true);
  // Crispy: archive and snooze act on separate threads, since Crispy has no "unsnooze" of its own
  // (unarchive stands in for it) and the two would otherwise overlap by design.
  const crispyArchiveSet = conversationsOf.crispy.filter((_, i) => i % 2 === 0);
  const crispySnoozeSet = conversationsOf.crispy.filter((_, i) => i % 2 === 1);

  // ---- the soak --------------------------------------------------------------------------
  const rand = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const replies: Reply[] = [];
  const byText = new Map<string, Reply>();
  const outcomes = new Map<string, number>();
  const note = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
  const crashes: unknown[] = [];
  const touched: Record<P, Set<string>> = { reactin: new Set(), linkup: new Set(), connectsafely: new Set(), crispy: new Set() };
  const newKeyFor: Partial<Record<P, string>> = {};
  let keySeq = 0;
  let linkupInactive = false;
  const reactinDisconnected = new Set<string>();
  let retries = 0;
  let ops = 0;

  /** Runs one operation; an AppError is an outcome the person sees, anything else is a crash. */
  async function attempt(what: string, fn: () => Promise<unknown>): Promise<boolean> {
    ops++;
    try {
      await fn();
      note('ok');
      return true;
    } catch (err) {
      if (err instanceof AppError && err.message.length > 10) {
        note(err.code);
        return false;
      }
      crashes.push({ what, err });
      return false;
    }
  }

  async function failedReplies(): Promise<{ id: string; text: string; error: string | null }[]> {
    const rows = (await core.listConversations({ view: 'all', limit: 1000 })).items.filter((c: ConversationSummary) => c.failedCount > 0);
    const out: { id: string; text: string; error: string | null }[] = [];
    for (const row of rows) {
      for (const m of (await core.openConversation(row.id)).messages) if (m.status === 'failed') out.push({ id: m.id, text: m.text, error: m.error });
    }
    return out;
  }

  /** Someone writes (or I write from my phone, on Crispy, where a reply would move smart-archived threads). */
  function activity(p: P, remoteId: string, text: string): void {
    touched[p].add(remoteId);
    if (p === 'reactin') reactin.addInboundMessage(remoteId, text, clock.now());
    else if (p === 'linkup') linkup.addInboundMessage(remoteId, text, clock.now());
    else if (p === 'connectsafely') connectsafely.addInboundMessage(remoteId, text, clock.now());
    else crispy.addOwnMessage(remoteId, text, clock.now());
  }

  /** z: takes back the last action; a reply taken back in its undo window must never arrive. */
  const undo = () =>
    attempt('undo', async () => {
      const undone = await core.undo();
      if (undone?.draft) {
        const reply = byText.get(undone.draft.text);
        expect(reply, `the undone text "${undone.draft.text}" is a reply this soak sent`).toBeDefined();
        reply!.cancelled = true;
      }
    });

  chaos = true;
  for (let i = 0; ops < OPS; i++) {
    const r = rand();
    const p = pick(PROVIDERS);
    if (r < 0.16) {
      await attempt('sync one', () => core.syncNow(accounts[p]));
    } else if (r < 0.2) {
      await attempt('sync all', () => core.syncNow());
    } else if (r < 0.42) {
      const remoteId = pick(conversationsOf[p]);
      const text = `soak ${i} to ${p} ${remoteId.slice(-6)}`;
      const conversationId = local(p, remoteId);
      await attempt('send', async () => {
        try {
          const m = await core.sendReply(conversationId, text);
          const reply: Reply = { text, provider: p, remoteId, conversationId, messageId: m.id, at: clock.now(), cancelled: false };
          replies.push(reply);
          byText.set(text, reply);
          touched[p].add(remoteId);
        } catch (err) {
          // Refused up front: the composer is off for a disconnected account, and nothing is queued.
          if (err instanceof AppError && err.code === 'disconnected') {
            const row = (await core.listConversations({ view: 'all', limit: 1000 })).items.find((c) => c.id === conversationId)!;
            expect(row.disconnected).toBe(true);
          }
          throw err;
        }
      });
    } else if (r < 0.56) {
      await attempt('deliver', () => core.deliverOutbox());
    } else if (r < 0.68) {
      // Triage that Crispy mirrors.
      const t = rand();
      if (t < 0.45) {
        const id = local('crispy', pick(crispyArchiveSet));
        const row = (await core.listConversations({ view: 'all', limit: 1000 })).items.find((c) => c.id === id)!;
        const u = rand();
        if (row.archived !== null && u < 0.4) await attempt('crispy unarchive', () => core.unarchive(id));
        else await attempt('crispy archive', () => core.archive(id, u < 0.7 ? 'smart' : 'forever'));
      } else if (t < 0.75) {
        const id = local('crispy', pick(conversationsOf.crispy));
        const label = labelIds.get(pick(LABELS))!;
        await attempt('crispy label', () => (rand() < 0.6 ? core.setLabels([id], [label], []) : core.setLabels([id], [], [label])));
      } else {
        const id = local('crispy', pick(crispySnoozeSet));
        if (rand() < 0.65) {
          const until = clock.now() + (2 + Math.floor(rand() * 7)) * 86_400_000;
          await attempt('crispy snooze', () => core.snooze(id, { until, note: rand() < 0.5 ? `soak note ${i}` : null }));
        } else await attempt('crispy unsnooze', () => core.unsnooze(id));
      }
      if (rand() < 0.3) {
        // A change of mind after the change went out to Crispy.
        await attempt('deliver', () => core.deliverOutbox());
        await undo();
      }
    } else if (r < 0.72) {
      // Read state on ConnectSafely: mark-unread is mirrored, mark-read stays here (no read receipts).
      const id = local('connectsafely', pick(conversationsOf.connectsafely));
      if (rand() < 0.6) await attempt('cs mark unread', () => core.markUnread(id));
      else await attempt('cs mark read', () => core.markRead(id));
    } else if (r < 0.77) {
      await undo();
    } else if (r < 0.8) {
      const failed = await failedReplies();
      if (failed.length > 0) {
        const f = pick(failed);
        expect(f.error, 'a failed reply says why').toMatch(/\w+ .*\w+/);
        retries++;
        await attempt('retry send', () => core.retrySend(f.id));
      } else await attempt('deliver', () => core.deliverOutbox());
    } else if (r < 0.86) {
      // Time passes: back-offs and rate windows run out.
      clock.jump(Math.floor(rand() * (rand() < 0.2 ? 6 * 60_000 : 60_000)));
      ops++;
    } else if (r < 0.9) {
      const remoteId = pick(conversationsOf[p]);
      activity(p, remoteId, `soak activity ${i} on ${p}`);
      ops++;
    } else if (r < 0.905) {
      // A key revoked in the middle of a sync: the first requests pass, a later one is refused.
      if (!revoked.has(p)) {
        activity(p, pick(conversationsOf[p]), `soak before revoke ${i}`);
        activity(p, pick(conversationsOf[p]), `soak before revoke ${i}b`);
        plan[p].revokeAt = 2 + Math.floor(rand() * 2);
        await attempt('sync during revoke', () => core.syncNow(accounts[p]));
      } else await attempt('sync one', () => core.syncNow(accounts[p]));
    } else if (r < 0.93) {
      // The person makes a new key at the provider and enters it in Settings.
      const q = revoked.size > 0 ? pick([...revoked]) : null;
      if (q) {
        newKeyFor[q] ??= `${q}_soak_new_${++keySeq}`;
        sims[q].setApiKey(newKeyFor[q]!);
        const ok = await attempt('update key', () => core.updateAccount(accounts[q], { apiKey: newKeyFor[q]! }));
        if (ok) {
          keys[q] = newKeyFor[q]!;
          delete newKeyFor[q];
          revoked.delete(q);
        }
      } else await attempt('deliver', () => core.deliverOutbox());
    } else if (r < 0.96) {
      // Disconnected accounts: Linkup's whole account goes inactive; ReactIn flags one LinkedIn seat's thread.
      if (rand() < 0.5) {
        linkupInactive = !linkupInactive;
        linkup.setInactive(linkupInactive);
        count(linkupInactive ? 'account disconnected (Linkup)' : 'account reconnected (Linkup)');
      } else {
        const remoteId = pick(conversationsOf.reactin);
        const on = !reactinDisconnected.has(remoteId);
        reactin.setDisconnected(remoteId, on);
        if (on) reactinDisconnected.add(remoteId);
        else reactinDisconnected.delete(remoteId);
        count(on ? 'thread disconnected (ReactIn)' : 'thread reconnected (ReactIn)');
      }
      ops++;
    } else if (r < 0.975) {
      // A storm of 429s with Retry-After.
      plan[p].storm = 4 + Math.floor(rand() * 8);
      count('429 storm');
      await attempt('sync in storm', () => core.syncNow(accounts[p]));
    } else {
      await attempt('sync one', () => core.syncNow(accounts[p]));
    }
  }
  const soakOps = ops;

  // ---- heal and drain ----------------------------------------------------------------------
  chaos = false;
  for (const p of PROVIDERS) plan[p] = { storm: 0, revokeAt: null };
  linkup.setInactive(false);
  for (const remoteId of reactinDisconnected) reactin.setDisconnected(remoteId, false);
  for (const p of [...revoked]) {
    const key = newKeyFor[p] ?? `${p}_soak_new_${++keySeq}`;
    sims[p].setApiKey(key);
    await core.updateAccount(accounts[p], { apiKey: key });
    keys[p] = key;
    revoked.delete(p);
  }

  let rounds = 0;
  const retriedOnce = new Set<string>();
  for (; rounds < 30; rounds++) {
    clock.jump(6 * 60_000); // past every back-off and rate window
    await core.syncNow();
    await core.deliverOutbox();
    const failed = await failedReplies();
    for (const f of failed) {
      // Shown as failed, with a sentence, and Retry works.
      expect(f.error, `failed reply '${f.text}' says why`).toMatch(/^[A-Z].{15,}[.!—-]/);
      expect(retriedOnce.has(f.id), `'${f.text}' failed again after a retry on a healthy network`).toBe(false);
      retriedOnce.add(f.id);
      retries++;
      await core.retrySend(f.id);
    }
    const open = core.outboxEntries().filter((e) => e.status === 'pending' || e.status === 'inflight');
    if (open.length === 0 && failed.length === 0) break;
  }
  await core.syncNow();

  // ---- what a person would notice ------------------------------------------------------------
  const summary = {
    ops: soakOps,
    faults: Object.fromEntries([...injected].sort()),
    retries,
    /** Operations that ended in a sentence for the person, by error code. */
    refused: Object.fromEntries([...outcomes].filter(([k]) => k !== 'ok').sort()),
    drainRounds: rounds,
    replies: replies.length,
    cancelled: replies.filter((r) => r.cancelled).length,
    requests,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  console.log(`fault soak: ${JSON.stringify(summary)}`);

  expect(crashes, 'no operation failed with anything but a sentence').toEqual([]);
  expect(unhandled, 'no unhandled rejection or exception').toEqual([]);
  expect(soakOps).toBeGreaterThanOrEqual(1_000);
  for (const kind of [...REQUEST_FAULTS, 'truncated', '429 storm', 'key revoked mid-sync', 'account disconnected (Linkup)', 'thread disconnected (ReactIn)']) {
    expect(injected.get(kind) ?? 0, `fault '${kind}' was injected`).toBeGreaterThan(0);
  }
  expect(rounds, 'the outbox drained').toBeLessThan(30);

  // Every reply arrived exactly once, in its own thread; a cancelled one never did.
  const sentBy: Record<P, [string, string, number][]> = {
    reactin: reactin.sent.map((s) => [s.conversationId, s.content, s.at]),
    linkup: linkup.sent.map((s) => [s.conversationId, s.text, s.at]),
    connectsafely: connectsafely.sent.map((s) => [s.conversationUrn, s.message, s.at]),
    crispy: crispy.sent.map((s) => [s.chatId, s.text, s.at]),
  };
  const duplicates: string[] = [];
  const lost: string[] = [];
  const misplaced: string[] = [];
  const early: string[] = [];
  for (const reply of replies) {
    const arrived = sentBy[reply.provider].filter(([, text]) => text === reply.text);
    if (reply.cancelled) {
      if (arrived.length > 0) duplicates.push(`${reply.text} (cancelled, yet sent)`);
      continue;
    }
    if (arrived.length === 0) lost.push(reply.text);
    if (arrived.length > 1) duplicates.push(`${reply.text} ×${arrived.length}`);
    if (arrived.some(([thread]) => thread !== reply.remoteId)) misplaced.push(reply.text);
    // The undo window (5 s) is honoured: nothing goes out while the person can still take it back.
    if (arrived.some(([, , at]) => at < reply.at + UNDO_SEND_MS)) early.push(reply.text);
  }
  const strays = PROVIDERS.flatMap((p) => sentBy[p].filter(([, text]) => !byText.has(text)).map(([, text]) => `${p}: ${text}`));
  expect({ lost, duplicates, misplaced, early, strays }).toEqual({ lost: [], duplicates: [], misplaced: [], early: [], strays: [] });
  expect(replies.filter((r) => !r.cancelled).length).toBeGreaterThan(150);

  // ...and shows once, as sent, in the app.
  for (const reply of replies) {
    const copies = (await core.openConversation(reply.conversationId)).messages.filter((m) => m.text === reply.text);
    expect(copies.map((m) => m.status), reply.text).toEqual(reply.cancelled ? [] : ['sent']);
  }

  // Nothing is left in the outbox; no mirror was given up.
  expect(core.outboxEntries().filter((e) => e.status !== 'done')).toEqual([]);

  // Crispy ends as the last local action left each thread.
  const rows = new Map((await core.listConversations({ view: 'all', limit: 1000 })).items.map((c) => [c.id, c]));
  for (const chat of crispy.conversations) {
    const row = rows.get(local('crispy', chat.chatId))!;
    const want = { archived: row.archived !== null, smart: row.archived === 'smart', labels: row.labels.map((l) => l.name).sort() };
    const got = { archived: chat.archived, smart: chat.smartArchived, labels: chat.labels.filter((l) => LABELS.includes(l)).sort() };
    expect(got, `Crispy ${chat.chatId}`).toEqual(want);
    if (row.snoozedUntil !== null) expect(chat.snoozedUntil, `Crispy ${chat.chatId} snooze`).toBe(row.snoozedUntil);
  }
  // ConnectSafely carried out each mark-unread that was delivered, and none that was not.
  const unreadDone = new Map<string, number>();
  for (const e of core.outboxEntries()) {
    if (e.payload.kind === 'mirror' && e.payload.action.type === 'mark-unread' && e.status === 'done') {
      unreadDone.set(e.payload.remoteConversationId, (unreadDone.get(e.payload.remoteConversationId) ?? 0) + 1);
    }
  }
  for (const c of connectsafely.conversations) {
    const marks = connectsafely.marks.filter((m) => m.conversationUrn === c.conversationUrn && m.action === 'unread').length;
    if ((unreadDone.get(c.conversationUrn) ?? 0) > 0) {
      expect(marks).toBeGreaterThan(0);
      expect(c.unreadCount).toBeGreaterThan(0);
    } else expect(marks).toBe(0);
  }

  // Every account is in working order again.
  const states = (await core.listAccounts()).map((a) => [a.name, a.status.state, a.status.message]);
  expect(states).toEqual(PROVIDERS.map((p) => [NAMES[p], 'ok', null]));

  // The cache agrees with each provider: the same conversations, and the same messages in every thread touched.
  const simTexts = (p: P, remoteId: string): string[] => {
    if (p === 'reactin') return reactin.conversations.find((c) => c.id === remoteId)!.messages.map((m) => m.text);
    if (p === 'linkup') return linkup.conversations.find((c) => c.id === remoteId)!.messages.filter((m) => !(m.type === 'SYSTEM' && m.text === '')).map((m) => m.text);
    if (p === 'connectsafely') return connectsafely.conversations.find((c) => c.conversationUrn === remoteId)!.messages.map((m) => m.text);
    return crispy.conversations.find((c) => c.chatId === remoteId)!.messages.map((m) => m.text);
  };
  const all = [...rows.values()];
  for (const p of PROVIDERS) {
    const ids = remoteIds(p);
    expect(all.filter((c) => c.accountId === accounts[p]).length, `${p} conversations`).toBe(ids.length);
    for (const remoteId of ids) expect(core.conversationIdFor(accounts[p], remoteId), `${p} ${remoteId}`).not.toBeNull();
    expect(touched[p].size).toBeGreaterThan(0);
    for (const remoteId of touched[p]) {
      const mine = (await core.openConversation(local(p, remoteId))).messages.map((m) => m.text).sort();
      expect(mine, `${p} thread ${remoteId}`).toEqual(simTexts(p, remoteId).sort());
    }
  }

  // ---- left broken on purpose: a key revoked mid-sync, and a disconnected account ----------------
  activity('connectsafely', conversationsOf.connectsafely[0]!, 'soak last words 1');
  activity('connectsafely', conversationsOf.connectsafely[1]!, 'soak last words 2');
  plan.connectsafely.revokeAt = 2;
  await expect(core.syncNow(accounts.connectsafely)).rejects.toMatchObject({ code: 'auth' });
  expect(injected.get('key revoked mid-sync')).toBeGreaterThan(1);
  linkup.setInactive(true);
  await expect(core.syncNow(accounts.linkup)).rejects.toMatchObject({ code: 'disconnected' });
  const broken = new Map((await core.listAccounts()).map((a) => [a.provider, a.status]));
  expect(broken.get('connectsafely')).toMatchObject({ state: 'key-rejected' });
  expect(broken.get('connectsafely')!.message).toContain(NAMES.connectsafely);
  expect(broken.get('connectsafely')!.message).toMatch(/ConnectSafely rejected the API key .* update it in Settings/);
  expect(broken.get('linkup')).toMatchObject({ state: 'disconnected' });
  expect(broken.get('linkup')!.message).toContain(NAMES.linkup);
  expect(broken.get('linkup')!.message).toMatch(/inactive in Linkup — reconnect it/);
  expect(broken.get('reactin')).toMatchObject({ state: 'ok' });
  expect(broken.get('crispy')).toMatchObject({ state: 'ok' });
  // A reply to each waits visibly: failed, with the account's sentence, never sent.
  const lastCs = await core.sendReply(local('connectsafely', conversationsOf.connectsafely[2]!), 'soak after revoke');
  const lastLinkup = await core.sendReply(local('linkup', conversationsOf.linkup[2]!), 'soak while inactive');
  clock.jump(10_000);
  await core.deliverOutbox();
  for (const [m, name] of [
    [lastCs, NAMES.connectsafely],
    [lastLinkup, NAMES.linkup],
  ] as const) {
    const shown = (await core.openConversation(m.conversationId)).messages.find((x) => x.id === m.id)!;
    expect(shown.status).toBe('failed');
    expect(shown.error).toContain(name);
  }
  expect(connectsafely.sent.some((s) => s.message === 'soak after revoke')).toBe(false);
  expect(linkup.sent.some((s) => s.text === 'soak while inactive')).toBe(false);

  // The cache file is sound.
  await core.close();
  closed = true;
  const db = new DatabaseSync(join(data.dir, 'inbox.sqlite'));
  const integrity = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
  db.close();
  expect(integrity).toEqual([{ integrity_check: 'ok' }]);
});

/** Each fault the soak turned up, on its own, as a person would meet it. */
describe('what the soak found', () => {
  let four: FourProviders | undefined;
  let one: ReactInWorld | undefined;
  afterEach(async () => {
    await four?.dispose();
    await one?.dispose();
    four = one = undefined;
  });

  it('does not send a reply twice when its answer was lost and a sync found it before the retry', async () => {
    one = await reactInWorld({ conversations: 3 });
    await one.core.syncNow(one.accountId);
    const sc = one.sim.conversations[0]!;
    await one.core.sendReply(localId(one, sc.id), 'Only once, please');
    one.sim.injectFault({ resetAfterWrite: true });
    await one.core.deliverOutbox(); // ReactIn stored it; the app heard nothing
    await one.core.syncNow(one.accountId); // finds it in the thread
    await one.core.deliverOutbox(); // the retry, woken by the sync
    expect(one.sim.sent.filter((s) => s.content === 'Only once, please')).toHaveLength(1);
    expect(one.core.outboxEntries().map((e) => e.status)).toEqual(['done']);
  });

  it('keeps a message they wrote just before my reply went out', async () => {
    one = await reactInWorld({ conversations: 3 });
    await one.core.syncNow(one.accountId);
    const sc = one.sim.conversations[0]!;
    one.sim.addInboundMessage(sc.id, 'Are you still there?', Date.now() - 1_000);
    await one.core.sendReply(localId(one, sc.id), 'Yes, sorry for the wait');
    await one.core.deliverOutbox(); // the reply is known by its id from here on
    await one.core.syncNow(one.accountId);
    const texts = (await one.core.openConversation(localId(one, sc.id))).messages.map((m) => m.text);
    expect(texts.slice(-2)).toEqual(['Are you still there?', 'Yes, sorry for the wait']);
  });

  it('lets no sync cut the undo window of a reply short', async () => {
    one = await reactInWorld({ conversations: 3 });
    await one.core.syncNow(one.accountId);
    await one.core.updateSettings({ undoSendSeconds: 5 });
    const id = localId(one, one.sim.conversations[0]!.id);
    await one.core.sendReply(id, 'On second thought');
    await one.core.syncNow(one.accountId);
    await one.core.deliverOutbox();
    expect(one.sim.sent).toEqual([]);
    expect(await one.core.undo()).toMatchObject({ draft: { conversationId: id, text: 'On second thought' } });
  });

  it('keeps a Crispy change refused for a revoked key, and carries it out once the new key is in', async () => {
    four = await fourProviders({ conversations: 3 });
    await four.core.syncNow();
    const chat = four.sims.crispy.conversations[0]!;
    await four.core.archive(four.core.conversationIdFor(four.accounts.crispy, chat.chatId)!, 'forever');
    four.sims.crispy.revokeKey();
    await four.core.deliverOutbox();
    const [waiting] = four.core.outboxEntries();
    expect(waiting).toMatchObject({ status: 'pending', lastError: "Crispy rejected the API key for 'Crispy seat' — update it in Settings." });
    four.sims.crispy.setApiKey('crispy_rotated');
    await four.core.updateAccount(four.accounts.crispy, { apiKey: 'crispy_rotated' });
    await four.core.syncNow(four.accounts.crispy);
    await four.core.deliverOutbox();
    expect(four.core.outboxEntries().map((e) => e.status)).toEqual(['done']);
    expect(chat).toMatchObject({ archived: true, smartArchived: false });
  });

  it('undoes on Crispy what it undoes here, after the change went out: archive mode and an earlier snooze', async () => {
    four = await fourProviders({ conversations: 3 });
    await four.core.syncNow(four.accounts.crispy);
    const [a, b] = four.sims.crispy.conversations;
    const idA = four.core.conversationIdFor(four.accounts.crispy, a!.chatId)!;
    const idB = four.core.conversationIdFor(four.accounts.crispy, b!.chatId)!;
    await four.core.archive(idA, 'smart');
    await four.core.deliverOutbox();
    await four.core.archive(idA, 'forever');
    await four.core.deliverOutbox();
    await four.core.undo();
    await four.core.deliverOutbox();
    expect(a).toMatchObject({ archived: true, smartArchived: true });

    const first = Date.now() + 3 * 86_400_000;
    await four.core.snooze(idB, { until: first });
    await four.core.deliverOutbox();
    await four.core.snooze(idB, { until: first + 86_400_000 });
    await four.core.deliverOutbox();
    await four.core.undo();
    await four.core.deliverOutbox();
    const rows = (await four.core.listConversations({ view: 'all' })).items;
    expect(rows.find((r) => r.id === idA)!.archived).toBe('smart');
    expect(rows.find((r) => r.id === idB)!.snoozedUntil).toBe(first);
    expect(b!.snoozedUntil).toBe(first);
  });
});
