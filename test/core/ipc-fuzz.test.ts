/**
 * IPC fuzz: over ten thousand random and malformed payloads, spread evenly over every method of
 * the contract, through the dispatcher main registers (createInboxDispatcher) in front of a real
 * core on a temporary data directory with the demo account, its network switched off.
 *
 * Each payload is structured-cloned first, as Electron's IPC does, and so is each answer (an
 * answer that cannot be cloned would reject in the renderer). Every answer must be a valid one
 * (ok: true) or a typed error with a known code and a sentence; 'internal' means the core threw
 * something untyped, and counts as a failure. Afterwards: no unhandled rejection, nothing added
 * to Object.prototype, the core still lists the inbox, and SQLite finds its file intact.
 *
 * The PRNG is seeded: FUZZ_SEED=<n> npx vitest run test/core/ipc-fuzz.test.ts replays a run,
 * and a failure names the seed and the payload's number.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { createCore, MemorySecretStore, type InboxCore } from '../../src/main/core';
import { DATABASE_FILE } from '../../src/main/core/db/database';
import { createInboxDispatcher } from '../../src/main/ipc/handlers';
import type { AppErrorCode } from '../../src/shared/errors';
import { INBOX_METHODS, type InboxMethod, type IpcResult } from '../../src/shared/ipc';
import { prng } from '../simulators/common';
import { offlineDispatcher, tempDataDir } from '../support/core';
import { validArgs, type SampleIds } from '../support/ipc-samples';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_1e55);
const PAYLOADS = 10_200; // 300 per method
/** A ceiling, not a wait: 10,200 payloads against a live core take far longer than the 30 s default under load. */
const HEAVY_TIMEOUT_MS = 300_000;
const MAX_HUGE = 1_048_576; // 1 MiB of text, the largest string a payload carries

// Every AppErrorCode, at run time; the type below fails to build if one is missing.
const ERROR_CODES = ['invalid-input', 'not-found', 'auth', 'disconnected', 'not-ready', 'rate-limited', 'server', 'network', 'bad-response', 'keychain', 'storage', 'internal'] as const satisfies readonly AppErrorCode[];
type MissingCode = Exclude<AppErrorCode, (typeof ERROR_CODES)[number]>;
const _everyCodeListed: MissingCode extends never ? true : MissingCode = true;
void _everyCodeListed;
/** Codes an answer may carry: 'internal' is the core failing to say what went wrong. */
const TYPED_CODES = new Set<string>(ERROR_CODES.filter((c) => c !== 'internal'));

// ---- payloads ------------------------------------------------------------------------

type Rand = () => number;

/** The building blocks of hostile values, picked by a seeded PRNG. */
class Hostile {
  private readonly hugeCache = new Map<number, string>();
  constructor(private readonly rand: Rand) {}

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Shaped like the ids the core makes, naming nothing; seeded, so a run replays. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  number(): number | bigint {
    return this.pick<() => number | bigint>([
      () => NaN,
      () => Infinity,
      () => -Infinity,
      () => -0,
      () => 0,
      () => -1,
      () => 1.5,
      () => 2 ** 31,
      () => Number.MAX_SAFE_INTEGER + 2,
      () => Number.MAX_VALUE,
      () => Number.MIN_VALUE,
      () => -(2 ** 53),
      () => 8.64e15 + 1, // one past the last valid Date
      () => this.int(1000),
      () => Date.now() + this.int(10 ** 10),
      () => BigInt(this.int(1000)) * 10n ** 30n,
    ])();
  }

  /** A text of up to ~1 MiB, built from a few random characters so it is cheap to make. */
  huge(): string {
    const size = this.pick([4_001, 10_001, 65_536, 262_144, MAX_HUGE]);
    let s = this.hugeCache.get(size);
    if (!s) {
      s = 'ab\ud83d\ude00c '.repeat(Math.ceil(size / 6)).slice(0, size);
      this.hugeCache.set(size, s);
    }
    return s;
  }

  string(): string {
    return this.pick<() => string>([
      () => '',
      () => ' \t\n ',
      () => '\u0000',
      () => '\ud800', // lone high surrogate
      () => '\udfff', // lone low surrogate
      () => `ok\ud83d`, // cut in the middle of an emoji
      () => '\udc00\ud800 reversed pair',
      () => '\u202eevil\u202c', // right-to-left override
      () => 'e\u0301\u0301\u0301\u0301', // stacked combining marks
      () => '\ufeff\u200b\u200d',
      () => "'; DROP TABLE conversations; --",
      () => '" OR 1=1 --',
      () => 'NEAR("a" "b") AND * OR "unterminated',
      () => 'from: label: is: account: before:2024-13-45 after:yesterday',
      () => 'is:unread is:nonsense label:"" from:""',
      () => '../../../../etc/passwd',
      () => '%00%2e%2e%2f',
      () => 'javascript:alert(1)',
      () => 'file:///etc/passwd',
      () => 'data:text/html,<script>alert(1)</script>',
      () => 'http://127.0.0.1:1/',
      () => 'https://user:pw@linkedin.com/',
      () => 'https://xn--lnkedin-1ve.com/',
      () => '<img src=x onerror=alert(1)>',
      () => '%s%n%x{0}${process.exit()}',
      () => '__proto__',
      () => 'constructor',
      () => 'prototype',
      () => 'toString',
      () => 'hasOwnProperty',
      () => 'inbox',
      () => 'label:',
      () => 'account:__proto__',
      () => 'label:' + 'x'.repeat(300),
      () => this.uuid(),
      () => `c_${this.int(1e9)}`,
      () => `m_${this.uuid()}`,
      () => 'x'.repeat(this.pick([199, 200, 201, 1000, 1001, 10_000, 10_001, 20_001])),
      () => this.huge(),
      () => String.fromCharCode(...Array.from({ length: 1 + this.int(40) }, () => this.int(0x10000))),
    ])();
  }

  /** A deeply nested value: arrays or objects inside each other, thousands deep. */
  deep(): unknown {
    const depth = this.pick([100, 1_000, 5_000]);
    const asObject = this.chance(0.5);
    let v: unknown = this.chance(0.5) ? 'bottom' : {};
    for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
    return v;
  }

  /** An object carrying keys that pollute a prototype when merged carelessly. */
  polluting(base: Record<string, unknown> = {}): Record<string, unknown> {
    const poison = this.pick([
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"__proto__":{"toString":"polluted"},"prototype":{"polluted":"yes"}}',
      '{"__proto__":null}',
    ]);
    return addOwn(JSON.parse(poison) as Record<string, unknown>, base);
  }

  object(depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = this.chance(0.1) ? Object.create(null) : {};
    const n = this.int(5);
    for (let i = 0; i < n; i++) {
      const key = this.pick(['view', 'limit', 'offset', 'kind', 'mode', 'until', 'note', 'name', 'provider', 'config', 'apiKey', 'baseUrl', 'color', 'pinned', 'request', 'snippets', '', '0', this.string().slice(0, 30)]);
      setOwn(o, key, this.value(depth - 1));
    }
    return this.chance(0.2) ? this.polluting(o) : o;
  }

  /** Any value structured clone can carry (functions and symbols cannot cross IPC). */
  value(depth = 3): unknown {
    const roll = this.rand();
    if (roll < 0.12) return this.pick([undefined, null, true, false]);
    if (roll < 0.3) return this.number();
    if (roll < 0.6) return this.string();
    if (depth <= 0) return null;
    if (roll < 0.72) return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
    if (roll < 0.88) return this.object(depth);
    if (roll < 0.92) return this.deep();
    return this.pick<() => unknown>([
      () => new Date(NaN),
      () => new Date(8.64e15),
      () => new Map([['view', 'inbox']]),
      () => new Set(['c_1']),
      () => new Uint8Array([1, 2, 3]),
      () => /inbox/g,
      () => Object.assign([1, 2], { view: 'inbox' }),
      () => new Array(5), // sparse
      () => new Error('thrown in'),
    ])();
  }
}

/** Changes valid arguments one to three times, so some still pass validation and reach the core. */
function mutate(h: Hostile, args: unknown[], ids: () => string): unknown[] {
  const out = structuredClone(args);
  const times = 1 + h.int(3);
  for (let t = 0; t < times; t++) {
    const kind = h.int(9);
    if (kind === 0) out.pop(); // a missing argument
    else if (kind === 1) out.push(h.value()); // an extra argument
    else if (kind === 2 && out.length > 0) out[h.int(out.length)] = h.value(); // a wrong type
    else if (kind === 3 && out.length > 0) out[h.int(out.length)] = ids(); // an id of something else, or of nothing
    else {
      // Inside the arguments: change, drop or add one field, or put an array where an object goes.
      const holder = pickContainer(h, out) as Record<string, unknown>;
      const keys = Object.keys(holder);
      const key = keys.length > 0 && h.chance(0.8) ? h.pick(keys) : h.pick(['__proto__', 'constructor', 'extra', 'view', 'until', 'kind']);
      const was = Object.hasOwn(holder, key) ? holder[key] : undefined;
      const op = h.int(6);
      if (op === 0) delete holder[key];
      else if (op === 1) setOwn(holder, key, Array.isArray(was) ? {} : [was]);
      else if (op === 2) setOwn(holder, key, typeof was === 'string' ? ids() : h.number());
      else if (op === 3) addOwn(holder, h.polluting());
      else setOwn(holder, key, h.value(2));
    }
  }
  return out;
}

/**
 * Copies `source`'s own keys onto `target` as own data properties, as JSON.parse makes them;
 * plain assignment of '__proto__' would call its setter instead of adding a key.
 */
function addOwn<T extends object>(target: T, source: object): T {
  for (const key of Object.keys(source)) setOwn(target, key, (source as Record<string, unknown>)[key]);
  return target;
}

function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The argument list itself or an object or array somewhere inside it. */
function pickContainer(h: Hostile, args: unknown[]): object {
  let at: object = args;
  for (let i = 0; i < 3; i++) {
    const inner = Object.values(at).filter((v): v is object => typeof v === 'object' && v !== null && (Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v))));
    if (inner.length === 0 || h.chance(0.3)) break;
    at = h.pick(inner);
  }
  return at;
}

/** A short, safe description of a payload for a failure message (never the 1 MiB string). */
function describePayload(v: unknown, depth = 0): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…(${v.length})` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v !== 'object' || v === null) return Object.is(v, -0) ? '-0' : String(v);
  if (depth > 3) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) {
    // Index by index: a hostile array may carry its own 'constructor', which breaks slice().
    const items: string[] = [];
    for (let i = 0; i < Math.min(v.length, 6); i++) items.push(describePayload(v[i], depth + 1));
    return `[${items.join(', ')}${v.length > 6 ? ', …' : ''}]`;
  }
  const entries = Object.keys(v).slice(0, 8).map((k) => `${JSON.stringify(k)}: ${describePayload((v as Record<string, unknown>)[k], depth + 1)}`);
  return `{${entries.join(', ')}}`;
}

// ---- the run -------------------------------------------------------------------------

interface Pools {
  accounts: string[];
  conversations: string[];
  labels: string[];
  messages: string[];
}

async function refreshPools(core: InboxCore, pools: Pools, primaryAccount: string): Promise<void> {
  pools.accounts = (await core.listAccounts()).map((a) => a.id);
  if (!pools.accounts.includes(primaryAccount)) throw new Error('the demo account was removed; the fuzz keeps it so payloads keep reaching the core');
  pools.conversations = (await core.listConversations({ view: 'all', limit: 1000 })).items.map((c) => c.id);
  pools.labels = (await core.listLabels()).map((l) => l.id);
}

describe('IPC fuzz', () => {
  let cleanup: () => Promise<void> | void = () => {};
  afterEach(async () => {
    await cleanup();
    cleanup = () => {};
  });

  it(`answers ${PAYLOADS.toLocaleString('en')} hostile payloads across every channel with a valid answer or a typed error, and the core survives intact`, async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const tmp = tempDataDir('inbox-fuzz-');
    const network = offlineDispatcher();
    const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: tmp.dir, secrets: new MemorySecretStore(), dispatcher: network, seedDemo: true });
    cleanup = async () => {
      await core.close(); // a second close is a no-op
      await network.close().catch(() => {}); // closed already when the test ran to its end
      process.off('unhandledRejection', onRejection);
      tmp.cleanup();
    };
    core.start(); // as the app runs it: outbox deliveries and syncs happen in the background
    const internal: string[] = [];
    const dispatch = createInboxDispatcher(core, (err, method) => internal.push(`${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    const protoBefore = prototypeKeys();

    const primaryAccount = (await core.listAccounts())[0]!.id;
    const pools: Pools = { accounts: [], conversations: [], labels: [], messages: [] };
    await refreshPools(core, pools, primaryAccount);
    // Some labels and a pending reply exist from the start, so their ids are in the pools.
    for (const name of ['Hot', 'Later']) pools.labels.push((await core.createLabel(name)).id);
    pools.messages.push((await core.sendReply(pools.conversations[0]!, 'A reply still in its undo window')).id);

    const rand = prng(SEED);
    const h = new Hostile(rand);
    const anyId = () =>
      h.pick<() => string>([
        () => h.pick(pools.conversations),
        () => h.pick(pools.accounts.filter((a) => a !== primaryAccount).concat(['acc_gone'])),
        () => (pools.labels.length > 0 ? h.pick(pools.labels) : 'l_gone'),
        () => (pools.messages.length > 0 ? h.pick(pools.messages) : 'm_gone'),
        () => h.uuid(), // looks right, names nothing
        () => `c_${h.uuid()}`,
      ])();
    let demoAccountsAdded = 0;

    const failures: string[] = [];
    let current = '';
    onTestFailed(() => console.error(`IPC fuzz failed with FUZZ_SEED=${SEED}; last payload: ${current}`));
    const counts = { ok: 0, typed: 0, byCode: {} as Record<string, number>, reachedCore: {} as Record<string, number> };
    // The dispatcher's own refusals start like this; any other answer came from the core.
    const refusedAtTheDoor = (message: string) => message === 'Unknown request.' || message.startsWith(`The request '`);
    const started = performance.now();

    for (let i = 0; i < PAYLOADS; i++) {
      if (i % 250 === 0) await refreshPools(core, pools, primaryAccount);
      const method: string = INBOX_METHODS[i % INBOX_METHODS.length]!;
      const ids: SampleIds = {
        accountId: method === 'removeAccount' ? h.pick(pools.accounts.filter((a) => a !== primaryAccount).concat(['acc_gone'])) : h.pick(pools.accounts),
        conversationId: h.pick(pools.conversations),
        otherConversationId: h.pick(pools.conversations),
        labelId: pools.labels.length > 0 ? h.pick(pools.labels) : 'l_gone',
        messageId: pools.messages.length > 0 ? h.pick(pools.messages) : 'm_gone',
      };
      const valid = validArgs(ids) as Record<InboxMethod, unknown[]>;
      // A demo account syncs 240 conversations when added: a couple are enough.
      if (method === 'addAccount' && demoAccountsAdded >= 2) valid.addAccount = [{ provider: 'reactin', name: 'Sales seat', apiKey: 'rk_fuzz', config: { organizationId: 'org_1' } }];

      let name = method;
      let args: unknown;
      const roll = rand();
      if (roll < 0.12) args = valid[method as InboxMethod];
      else if (roll < 0.6) args = mutate(h, valid[method as InboxMethod], anyId);
      else if (roll < 0.8) args = Array.from({ length: h.int(4) }, () => h.value());
      else if (roll < 0.86) args = h.value(); // not an argument list at all
      else if (roll < 0.96) args = [h.pick([() => h.huge(), () => h.deep(), () => h.polluting({ view: 'inbox' })])(), ...valid[method as InboxMethod].slice(1)];
      else {
        name = h.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'close', 'start', 'deliverOutbox', 'outboxEntries', method.toUpperCase(), '']);
        args = [];
      }
      current = `#${i} ${name}(${describePayload(args)})`;

      // Electron structured-clones what the renderer sends, and what main answers. A payload too
      // deep to clone could never cross IPC; it goes to the dispatcher as it is, all the same.
      let sent: unknown;
      try {
        sent = structuredClone(args);
      } catch {
        sent = args;
      }
      const answer = (await dispatch(name, sent as unknown[])) as IpcResult<unknown>;
      let cloned: IpcResult<unknown>;
      try {
        cloned = structuredClone(answer);
      } catch (err) {
        failures.push(`${current} → an answer IPC cannot carry: ${String(err)}`);
        continue;
      }
      if (cloned.ok === true && name === 'testAccount' && (cloned.value as { code?: string }).code === 'internal') {
        failures.push(`${current} → a connection verdict that says nothing: ${describePayload(cloned)}`);
      } else if (cloned.ok === true) {
        counts.ok++;
        counts.reachedCore[name] = (counts.reachedCore[name] ?? 0) + 1;
        if (name === 'sendReply') pools.messages.push((cloned.value as { id: string }).id);
        if (name === 'addAccount' && (cloned.value as { provider: string }).provider === 'demo') demoAccountsAdded++;
      } else if (cloned.ok === false && TYPED_CODES.has(cloned.error?.code) && typeof cloned.error.message === 'string' && /\w.*[.!?)”]$/.test(cloned.error.message.trim())) {
        counts.typed++;
        counts.byCode[cloned.error.code] = (counts.byCode[cloned.error.code] ?? 0) + 1;
        if (!refusedAtTheDoor(cloned.error.message)) counts.reachedCore[name] = (counts.reachedCore[name] ?? 0) + 1;
      } else {
        failures.push(`${current} → ${describePayload(cloned)}`);
      }
      if (failures.length >= 10) break;
    }
    const elapsed = Math.round(performance.now() - started);

    expect(failures, `FUZZ_SEED=${SEED}`).toEqual([]);
    expect(internal, 'untyped errors the core threw').toEqual([]);
    expect(counts.ok + counts.typed).toBeGreaterThanOrEqual(10_000);
    // Enough payloads passed validation to exercise the core itself, on nearly every method.
    expect(counts.ok).toBeGreaterThan(1_000);
    expect(INBOX_METHODS.filter((m) => !counts.reachedCore[m])).toEqual([]);
    expect(counts.byCode['not-found']).toBeGreaterThan(100);

    // Still alive and answering, and nothing leaked into the prototypes of every object.
    expect(await dispatch('listConversations', [{ view: 'inbox' }])).toMatchObject({ ok: true, value: { total: expect.any(Number) } });
    expect(prototypeKeys()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    await core.close();
    await network.close();
    expect(rejections).toEqual([]);

    // The cache file is intact and consistent, read as another process would.
    const db = new DatabaseSync(join(tmp.dir, DATABASE_FILE), { readOnly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    } finally {
      db.close();
    }
    console.info(`IPC fuzz: ${counts.ok + counts.typed} payloads in ${elapsed} ms (seed ${SEED}): ${counts.ok} answered, ${counts.typed} refused ${JSON.stringify(counts.byCode)}`);
  }, HEAVY_TIMEOUT_MS);
});

describe('account settings with half an emoji (found by the fuzz)', () => {
  it.each([
    ['reactin', { organizationId: 'org\udfff' }],
    ['reactin', { organizationId: 'org', linkedinAccountId: '\ud83d' }],
    ['linkup', { accountId: '\ud800acc' }],
    ['connectsafely', { accountId: 'acc\udc00' }],
    ['crispy', { selfProfileUrl: 'https://www.linkedin.com/in/me\ud800' }],
  ] as const)('%s %o: refused with a sentence, through IPC and in the core', async (provider, config) => {
    const tmp = tempDataDir('inbox-fuzz-');
    const network = offlineDispatcher();
    const core = await createCore({ allowLoopbackBaseUrls: true, dataDir: tmp.dir, secrets: new MemorySecretStore(), dispatcher: network });
    try {
      const input = { provider, name: 'Seat', apiKey: 'k_1', config };
      const refusal = { code: 'invalid-input', message: 'An account setting contains a broken character (half of an emoji or symbol) — retype it.' };
      const dispatch = createInboxDispatcher(core);
      expect(await dispatch('addAccount', [input])).toEqual({ ok: false, error: refusal });
      expect(await dispatch('testAccount', [input])).toEqual({ ok: true, value: { ok: false, ...refusal } });
      expect(await core.listAccounts()).toEqual([]);
    } finally {
      await core.close();
      await network.close();
      tmp.cleanup();
    }
  });
});

/** The own keys of the prototypes a polluting payload would reach. */
function prototypeKeys(): Record<string, string[]> {
  return {
    object: Reflect.ownKeys(Object.prototype).map(String).sort(),
    array: Reflect.ownKeys(Array.prototype).map(String).sort(),
    function: Reflect.ownKeys(Function.prototype).map(String).sort(),
  };
}
