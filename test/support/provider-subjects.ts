/**
 * The four real adapters, each against its own loopback simulator, behind one shape: what the
 * provider contract suite (test/core/provider-contract.test.ts) needs to hold every adapter to
 * the same promises. Provider-specific facts (how a key travels, how a 429 is injected, which
 * conversations a simulator shows) live here, once.
 */
import { Agent } from 'undici';
import type { AccountConfig, ProviderKind } from '../../src/shared/domain';
import { MemorySecretStore } from '../../src/main/core/ports';
import type { AdapterOptions } from '../../src/main/core/providers/kit/request';
import { normalizeProfileUrl } from '../../src/main/core/providers/normalize';
import type { Provider, ProviderContext, SendTarget } from '../../src/main/core/providers/types';
import { createConnectSafelyProvider } from '../../src/main/core/providers/connectsafely/adapter';
import { createCrispyProvider } from '../../src/main/core/providers/crispy/adapter';
import { createLinkupProvider } from '../../src/main/core/providers/linkup/adapter';
import { createReactInProvider } from '../../src/main/core/providers/reactin/adapter';
import { startConnectSafelySimulator } from '../simulators/connectsafely';
import { startCrispySimulator } from '../simulators/crispy';
import { startLinkupSimulator } from '../simulators/linkup';
import { startReactInSimulator } from '../simulators/reactin';
import { testAccount } from './accounts';
import { VirtualClock } from './clock';

export type ContractProvider = Exclude<ProviderKind, 'demo'>;

/** The account name every subject uses, as the error sentences quote it. */
export const ACCOUNT_NAME = 'Sales seat';
const SECRET_ID = 'acc-contract-1';

/** What every simulator logs per request. */
interface LoggedRequest {
  status: number;
  at: number;
}

/** Faults every simulator understands (test/simulators/common.ts). */
interface CommonFault {
  status?: 500 | 502;
  malformed?: boolean;
  reset?: boolean;
  resetAfterWrite?: boolean;
  hangMs?: number;
}

export interface ContractSubject {
  kind: ContractProvider;
  /** The provider's name in sentences. */
  label: string;
  /** The stored key: characters that break un-encoded URLs and naive string handling. */
  key: string;
  provider: Provider;
  clock: VirtualClock;
  /** Sets the stored key (the adapter must read it for every request). */
  storeKey(key: string): Promise<void>;
  /** The key the last request carried, however the provider carries it. */
  lastKeySent(): string | undefined;
  /** Requests that did work (Crispy's MCP handshake left out). */
  requests(): LoggedRequest[];
  injectFault(fault: CommonFault, times?: number): void;
  /** The next `times` answers are 429 with Retry-After: 1 s. */
  injectRateLimit(times: number): void;
  /** The next answer refuses the request in the provider's own error shape, quoting `text` as its reason. */
  injectRefusal(text: string): void;
  revokeKey(): void;
  /** Conversations with messages, as the adapter names them (remote ids), in no set order. */
  visibleIds(): string[];
  /** A reply target for the i-th visible conversation. */
  target(i: number): SendTarget;
  /** Texts the simulator stored as sent. */
  sentTexts(): string[];
  /** Another adapter for the same account (as after a restart), with another base URL when given. */
  another(baseUrl?: string): Provider;
}

interface Made {
  label: string;
  key: string;
  config: Partial<AccountConfig>;
  create(ctx: ProviderContext, options: AdapterOptions): Provider;
  sim: { baseUrl: string; close(): Promise<void>; revokeKey(): void; injectFault(f: CommonFault, times?: number): void };
  lastKeySent(): string | undefined;
  requests(): LoggedRequest[];
  injectRateLimit(times: number): void;
  injectRefusal(text: string): void;
  visibleIds(): string[];
  target(i: number): SendTarget;
  sentTexts(): string[];
}

const bearer = (auth: string | undefined) => auth?.replace(/^Bearer /, '');

async function make(kind: ContractProvider, conversations: number, clock: VirtualClock): Promise<Made> {
  const now = () => clock.now();
  switch (kind) {
    case 'reactin': {
      const key = 'rk_live_9f3kQ+x/Zz==';
      const sim = await startReactInSimulator({ apiKey: key, organizationId: 'org 7/ä+x', conversations, now });
      const visible = () => sim.conversations.filter((c) => c.messages.length > 0);
      return {
        label: 'ReactIn',
        key,
        config: { organizationId: 'org 7/ä+x' },
        create: createReactInProvider,
        sim,
        lastKeySent: () => bearer(sim.requests.at(-1)?.auth),
        requests: () => sim.requests,
        injectRateLimit: (times) => sim.injectFault({ status: 429 }, times),
        injectRefusal: (text) => sim.injectFault({ refuse: text }),
        visibleIds: () => visible().map((c) => c.id),
        target: (i) => ({ remoteConversationId: visible()[i]!.id, recipient: null }),
        sentTexts: () => sim.sent.map((s) => s.content),
      };
    }
    case 'linkup': {
      const key = 'lk_live_7Hq+x/Zz==';
      const sim = await startLinkupSimulator({ apiKey: key, accountId: 'acc_42', conversations, perMinute: 10_000, now });
      const visible = () => sim.conversations.filter((c) => c.messages.length > 0);
      return {
        label: 'Linkup',
        key,
        config: { accountId: 'acc_42' },
        create: createLinkupProvider,
        sim,
        lastKeySent: () => sim.requests.at(-1)?.apiKey,
        requests: () => sim.requests,
        injectRateLimit: (times) => sim.injectFault({ status: 429 }, times),
        // Linkup's errors may come with HTTP 200, read by their code.
        injectRefusal: (text) => sim.injectFault({ body: { success: false, error: { code: 'INVALID_PARAMS', message: text } } }),
        visibleIds: () => visible().map((c) => c.id),
        target: (i) => {
          const c = visible()[i]!;
          const p = c.participant;
          // Linkup sends by the person's profile URL, never by thread.
          return { remoteConversationId: c.id, recipient: { remoteId: normalizeProfileUrl(p.profileUrl)!, name: p.name, headline: null, company: null, avatarUrl: null, profileUrl: p.profileUrl } };
        },
        sentTexts: () => sim.sent.map((s) => s.text),
      };
    }
    case 'connectsafely': {
      const key = 'cs_live_7Hq+x/Zz==';
      const sim = await startConnectSafelySimulator({ apiKey: key, accountId: 'acc_main', conversations, perMinute: 10_000, burstPer10s: 10_000, now });
      const visible = () => sim.conversations.filter((c) => c.messages.length > 0);
      return {
        label: 'ConnectSafely',
        key,
        config: { accountId: 'acc_main' },
        create: createConnectSafelyProvider,
        sim,
        lastKeySent: () => bearer(sim.requests.at(-1)?.auth),
        requests: () => sim.requests,
        injectRateLimit: (times) => sim.injectFault({ status: 429 }, times),
        injectRefusal: (text) => sim.injectFault({ body: { success: false, error: text } }),
        visibleIds: () => visible().map((c) => c.conversationUrn),
        target: (i) => {
          const c = visible()[i]!;
          const p = c.participants[0]!;
          return {
            remoteConversationId: c.conversationUrn,
            recipient: { remoteId: p.profileId, name: p.name, headline: p.headline, company: null, avatarUrl: p.profilePicture, profileUrl: `https://www.linkedin.com/in/${p.profileId}` },
          };
        },
        sentTexts: () => sim.sent.map((s) => s.message),
      };
    }
    case 'crispy': {
      const key = 'crispy_live_9f3kQ+x/Zz==';
      const sim = await startCrispySimulator({ apiKey: key, conversations, now });
      const visible = () => sim.conversations.filter((c) => c.accountId === 'acc_default' && c.messages.length > 0);
      const work = () => sim.requests.filter((r) => r.path !== '/api/mcp' || (r.body as { method?: string } | undefined)?.method === 'tools/call');
      return {
        label: 'Crispy',
        key,
        config: {},
        create: createCrispyProvider,
        sim,
        lastKeySent: () => bearer(sim.requests.at(-1)?.auth),
        requests: work,
        // Crispy's docs name no short-term limit; its simulator answers what the test asks for.
        injectRateLimit: (times) => sim.injectFault({ status: 429, body: { error: { code: 'too_many_requests', message: 'Slow down' } }, headers: { 'retry-after': '1' } }, times),
        injectRefusal: (text) => sim.injectFault({ status: 400, body: { error: text } }),
        visibleIds: () => visible().map((c) => c.chatId),
        target: (i) => ({ remoteConversationId: visible()[i]!.chatId, recipient: null }),
        sentTexts: () => sim.sent.map((s) => s.text),
      };
    }
  }
}

/**
 * Starts `kind`'s simulator with `conversations` conversations and builds its adapter on a
 * virtual clock (waits take no real time), with a trailing slash on the base URL that must not
 * double up in paths. `dispose` closes both.
 */
export async function startSubject(kind: ContractProvider, conversations: number, options: AdapterOptions = {}): Promise<ContractSubject & { dispose(): Promise<void> }> {
  const clock = new VirtualClock(undefined, { autoAdvance: true });
  const m = await make(kind, conversations, clock);
  const agent = new Agent({ connections: 4 });
  const secrets = new MemorySecretStore();
  await secrets.set(SECRET_ID, m.key);
  const build = (baseUrl = `${m.sim.baseUrl}/`) =>
    m.create(
      {
        account: testAccount(kind, { ...m.config, baseUrl }, ACCOUNT_NAME, SECRET_ID),
        getApiKey: async () => (await secrets.get(SECRET_ID)) ?? '',
        dispatcher: agent,
        clock,
      },
      options,
    );
  return {
    kind,
    label: m.label,
    key: m.key,
    provider: build(),
    clock,
    storeKey: (key) => secrets.set(SECRET_ID, key),
    lastKeySent: m.lastKeySent,
    requests: m.requests,
    injectFault: (f, times) => m.sim.injectFault(f, times),
    injectRateLimit: m.injectRateLimit,
    injectRefusal: m.injectRefusal,
    revokeKey: () => m.sim.revokeKey(),
    visibleIds: m.visibleIds,
    target: m.target,
    sentTexts: m.sentTexts,
    another: build,
    dispose: async () => {
      await m.sim.close();
      await agent.destroy();
    },
  };
}
