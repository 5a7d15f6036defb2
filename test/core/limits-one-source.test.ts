/**
 * One source of truth for limits (issue 16 item 5): what the renderer's forms let a person type,
 * what main's IPC validation accepts and what the core keeps must be the same numbers. Each limit
 * is probed in every layer (the longest text each accepts), so a layer that drifts from the others
 * fails here even if nobody imported the wrong constant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore } from '../../src/main/core';
import { MAX_SEARCH_LIMIT } from '../../src/main/core/search';
import { CONNECTSAFELY_DEFAULT_BASE_URL } from '../../src/main/core/providers/connectsafely/adapter';
import { CRISPY_DEFAULT_BASE_URL } from '../../src/main/core/providers/crispy/adapter';
import { LINKUP_DEFAULT_BASE_URL } from '../../src/main/core/providers/linkup/adapter';
import { REACTIN_DEFAULT_BASE_URL } from '../../src/main/core/providers/reactin/adapter';
import { ARG_SCHEMAS } from '../../src/main/ipc/schemas';
import { DEFAULT_BASE_URLS, LIMITS } from '../../src/shared/limits';
import type { AppSettings } from '../../src/shared/domain';
import { cleanupAfterEach } from '../support/cleanups';
import { offlineDispatcher, tempDataDir } from '../support/core';

const defer = cleanupAfterEach();
const ROOT = join(__dirname, '..', '..');

/** The longest length in 1..cap for which `accepts` holds (each layer accepts every shorter text too). */
function longestAccepted(accepts: (length: number) => boolean, cap = 20_000): number {
  let lo = 0;
  let hi = cap;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (accepts(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const ipcAccepts = (method: keyof typeof ARG_SCHEMAS, args: unknown[]) => ARG_SCHEMAS[method].safeParse(args).success;
const text = (n: number) => 'a'.repeat(n);

async function demoCore() {
  const data = tempDataDir();
  const core = await createCore({ dataDir: data.dir, secrets: new MemorySecretStore(), dispatcher: offlineDispatcher(), seedDemo: true, pollIntervalMs: 86_400_000 });
  defer(() => core.close(), data.cleanup);
  return core;
}

describe('one source of truth for limits', () => {
  it('a label name main accepts is one the core keeps whole, and is the form’s limit', async () => {
    const ipcMax = longestAccepted((n) => ipcAccepts('createLabel', [text(n)]));
    const core = await demoCore();
    const label = await core.createLabel(text(ipcMax));
    expect(label.name).toHaveLength(ipcMax);
    await expect(core.createLabel(text(ipcMax + 1))).rejects.toThrow(/at most/);
    expect(ipcMax).toBe(LIMITS.labelName);
  });

  it('a snooze note main accepts is kept whole by the core (not cut short), and is the form’s limit', async () => {
    const until = Date.now() + 86_400_000;
    const ipcMax = longestAccepted((n) => ipcAccepts('snooze', ['c1', { until, note: text(n) }]));
    const core = await demoCore();
    const [first] = (await core.listConversations({ view: 'inbox', limit: 1 })).items;
    await core.snooze(first!.id, { until, note: text(ipcMax) });
    const [snoozed] = (await core.listConversations({ view: 'snoozed', limit: 1 })).items;
    expect(snoozed!.snoozeNote).toHaveLength(ipcMax);
    expect(ipcMax).toBe(LIMITS.snoozeNote);
  });

  it('the account form stops where main stops (name, ids, addresses, key)', () => {
    const account = (name: string, config: Record<string, string> = {}, apiKey = 'k') => ({ provider: 'linkup', name, config, apiKey });
    expect(longestAccepted((n) => ipcAccepts('addAccount', [account(text(n))]))).toBe(LIMITS.accountName);
    expect(longestAccepted((n) => ipcAccepts('addAccount', [account('A', { accountId: text(n) })]))).toBe(LIMITS.accountSetting);
    expect(longestAccepted((n) => ipcAccepts('addAccount', [account('A', { baseUrl: text(n) })]))).toBe(LIMITS.url);
    expect(longestAccepted((n) => ipcAccepts('addAccount', [account('A', {}, text(n))]))).toBe(LIMITS.apiKey);
    // test/renderer/form-limits.test.ts holds the form to the same LIMITS.
  });

  it('no form hard-codes a length: every maxLength in the renderer names a shared limit', () => {
    const dir = join(ROOT, 'src', 'renderer', 'src', 'components');
    const literal = readdirSync(dir)
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/maxLength=\{\s*\d[\d_]*\s*\}/g)].map((m) => `${f}: ${m[0]}`));
    expect(literal).toEqual([]);
  });

  it('search and page sizes: main accepts exactly what the core serves', () => {
    expect(longestAccepted((n) => ipcAccepts('search', ['x', n]), 100_000)).toBe(MAX_SEARCH_LIMIT);
    expect(MAX_SEARCH_LIMIT).toBe(LIMITS.searchResults);
    expect(longestAccepted((n) => ipcAccepts('listConversations', [{ view: 'inbox', limit: n }]), 100_000)).toBe(LIMITS.listPage);
  });

  it('each provider’s default address in its adapter is the shared one (the form’s: test/renderer/form-limits.test.ts)', () => {
    expect(DEFAULT_BASE_URLS.reactin).toBe(REACTIN_DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URLS.linkup).toBe(LINKUP_DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URLS.connectsafely).toBe(CONNECTSAFELY_DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URLS.crispy).toBe(CRISPY_DEFAULT_BASE_URL);
  });

  it('a setting main accepts is one the core accepts, and the other way round', async () => {
    const core = await demoCore();
    const cases: [keyof AppSettings, unknown][] = [
      ...Array.from({ length: 61 }, (_, i) => ['pollIntervalMinutes', i] as [keyof AppSettings, unknown]),
      ...Array.from({ length: 61 }, (_, i) => ['undoSendSeconds', i] as [keyof AppSettings, unknown]),
      ['listWidth', 279], ['listWidth', 280], ['listWidth', 900], ['listWidth', 901], ['listWidth', null],
      ['theme', 'dark'], ['theme', 'sepia'], ['density', 'compact'], ['afterTriage', 'list'],
    ];
    const disagreements: string[] = [];
    for (const [key, value] of cases) {
      const byIpc = ipcAccepts('updateSettings', [{ [key]: value }]);
      const byCore = await core.updateSettings({ [key]: value }).then(() => true, () => false);
      if (byIpc !== byCore) disagreements.push(`${key}=${String(value)}: main ${byIpc ? 'accepts' : 'refuses'}, the core ${byCore ? 'accepts' : 'refuses'}`);
    }
    expect(disagreements).toEqual([]);
  });
});
