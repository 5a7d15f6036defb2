/**
 * Core benchmarks: 10,000 conversations and 100,000 messages cached in a real SQLite file
 * (test/support/seed.ts), one Crispy account (Crispy mirrors archive, so each archive also
 * writes an outbox entry). Timed in this process with performance.now(); the OS file cache is
 * warm (the file was just written), so "open" is a warm open, not a cold process start.
 * Baseline: the same operations on the same data held in conf (electron-store's JSON store).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DATABASE_FILE } from '../src/main/core/db/database';
import { LIMITS } from '../src/shared/limits';
import { openSeeded, seedLargeInbox, type Seeded } from '../test/support/seed';
import { archiveJson, cacheFromSqlite, openAndFirstPage, openConf, searchJson, writeJsonCache } from './json-baseline';
import { p95, since, type Figure } from './stats';

export interface CoreBenchOptions {
  conversations: number;
  messages: number;
  /** Repeats of open + first page (ours / baseline). */
  opens: [number, number];
  /** Archives timed (ours / baseline). */
  archives: [number, number];
  /** Repeats of each search query (ours / baseline). */
  searchRepeats: [number, number];
  /** A data dir seeded before (the scale bench keeps one between runs): copied, not generated again. */
  seededFrom?: { dir: string; seeded: Seeded };
  /** Also measure the RSS of a process that opened the cache and ran the searches (and of the baseline's). */
  rss?: { ours: number; baseline: number };
  log: (line: string) => void;
}

export const FULL_CORE: Omit<CoreBenchOptions, 'log'> = {
  conversations: 10_000,
  messages: 100_000,
  opens: [30, 10],
  archives: [300, 20],
  searchRepeats: [20, 3],
};

/**
 * Realistic queries over the seeded data (the demo generator's people, companies and texts):
 * words, a word still being typed (prefix), phrases, names, a company, and operators.
 */
export const SEARCH_QUERIES = [
  'pricing',
  'deck',
  'calendar invite',
  'tues', // prefix: still typing "tuesday"
  'onboard', // prefix
  '"case study"',
  'Priya',
  'Marcus Johnson',
  'Helix Bio',
  'from:sofia deck',
  'is:unread thanks',
  'async hiring',
];

export const FIRST_PAGE = 50;
const CONF_VERSION = '16';
/** What the renderer asks for per keystroke (its first page of results: SEARCH_PAGE). */
export const SEARCH_LIMIT = LIMITS.searchResultsDefault;

export async function benchCore(opts: CoreBenchOptions): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-bench-core-'));
  const jsonDir = mkdtempSync(join(tmpdir(), 'inbox-bench-json-'));
  try {
    let t = performance.now();
    let seeded: Seeded;
    if (opts.seededFrom) {
      cpSync(opts.seededFrom.dir, dir, { recursive: true });
      seeded = opts.seededFrom.seeded;
      opts.log(`core: copied the seeded cache (${seeded.conversations.toLocaleString('en')} conversations, ${seeded.messages.toLocaleString('en')} messages) in ${Math.round(since(t))} ms`);
    } else {
      seeded = await seedLargeInbox(dir, { conversations: opts.conversations, messages: opts.messages, provider: 'crispy' });
      opts.log(`core: seeded ${seeded.conversations.toLocaleString('en')} conversations, ${seeded.messages.toLocaleString('en')} messages in ${Math.round(since(t))} ms`);
    }
    t = performance.now();
    const json = writeJsonCache(jsonDir, cacheFromSqlite(dir));
    opts.log(`core: JSON baseline written (${(json.bytes / 1e6).toFixed(1)} MB) in ${Math.round(since(t))} ms`);

    // ---- open + first inbox page ----------------------------------------------------
    const open: number[] = [];
    for (let i = -2; i < opts.opens[0]; i++) {
      const start = performance.now();
      const core = await openSeeded(dir);
      const page = await core.listConversations({ view: 'inbox', limit: FIRST_PAGE });
      const ms = since(start);
      if (page.items.length !== Math.min(FIRST_PAGE, seeded.conversations)) throw new Error(`first page has ${page.items.length} rows`);
      await core.close();
      if (i >= 0) open.push(ms); // two warm-up rounds are not counted
    }
    const openJson: number[] = [];
    for (let i = -1; i < opts.opens[1]; i++) {
      const start = performance.now();
      const { page } = openAndFirstPage(jsonDir, FIRST_PAGE);
      const ms = since(start);
      if (page.length !== Math.min(FIRST_PAGE, seeded.conversations)) throw new Error(`JSON first page has ${page.length} rows`);
      if (i >= 0) openJson.push(ms);
    }
    opts.log(`core: open measured`);

    // ---- archive + its outbox entry --------------------------------------------------
    const core = await openSeeded(dir);
    const reader = new DatabaseSync(join(dir, DATABASE_FILE), { readOnly: true });
    const outboxCount = () => (reader.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const warm = 10;
    const ids = (await core.listConversations({ view: 'inbox', limit: Math.min(1000, opts.archives[0] + warm) })).items.map((c) => c.id);
    if (ids.length < opts.archives[0] + warm) throw new Error('not enough conversations to archive');
    const archive: number[] = [];
    let before = outboxCount();
    for (let i = 0; i < ids.length; i++) {
      const start = performance.now();
      await core.archive(ids[i]!);
      const ms = since(start);
      const after = outboxCount();
      if (after !== before + 1) throw new Error(`archive ${i} wrote ${after - before} outbox entries, not 1`);
      before = after;
      if (i >= warm) archive.push(ms);
    }
    reader.close();

    const conf = openConf(jsonDir);
    const { cache } = openAndFirstPage(jsonDir, FIRST_PAGE);
    const jsonIds = Object.keys(cache.conversations).slice(0, opts.archives[1] + 1);
    const archiveJsonMs: number[] = [];
    for (let i = 0; i < jsonIds.length; i++) {
      const start = performance.now();
      archiveJson(conf, cache, jsonIds[i]!, Date.now());
      const ms = since(start);
      if (i >= 1) archiveJsonMs.push(ms);
    }
    if (cache.outbox.length !== jsonIds.length) throw new Error('JSON baseline outbox mismatch');
    opts.log(`core: archive measured`);

    // ---- search --------------------------------------------------------------------
    const search: number[] = [];
    const perQuery: string[] = [];
    for (const q of SEARCH_QUERIES) {
      const first = await core.search(q, SEARCH_LIMIT); // warm-up, and a sanity check
      if (first.total === 0 && opts.conversations >= 10_000) throw new Error(`search '${q}' finds nothing in the seeded data`);
      const mine: number[] = [];
      for (let r = 0; r < opts.searchRepeats[0]; r++) {
        const start = performance.now();
        await core.search(q, SEARCH_LIMIT);
        mine.push(since(start));
      }
      search.push(...mine);
      perQuery.push(`${q} (${first.total} hits): p95 ${p95(mine).toFixed(1)} ms`);
    }
    await core.close();
    const searchJsonMs: number[] = [];
    for (const q of SEARCH_QUERIES) {
      searchJson(cache, q, SEARCH_LIMIT);
      for (let r = 0; r < opts.searchRepeats[1]; r++) {
        const start = performance.now();
        searchJson(cache, q, SEARCH_LIMIT);
        searchJsonMs.push(since(start));
      }
    }
    opts.log(`core: search measured — ${perQuery.join('; ')}`);

    const rss = opts.rss ? await measureRss(dir, jsonDir, opts.rss, opts.log) : null;

    const mb = (json.bytes / 1e6).toFixed(0);
    const scale = `${seeded.conversations.toLocaleString('en')} conv / ${seeded.messages.toLocaleString('en')} msg`;
    return [
      {
        section: 'core',
        name: `Core: open DB + first inbox page (${scale})`,
        unit: 'ms',
        samples: open,
        target: { stat: 'median', max: 50 },
        baseline: openJson,
        note: `a fresh createCore on the file (warm OS cache, same process) + listConversations(inbox, 50). Baseline: new Conf() (conf ${CONF_VERSION}, the JSON store inside electron-store 12) reads and parses the ${mb} MB document, then the inbox's first 50 (filter, sort).`,
      },
      {
        section: 'core',
        name: 'Core: archive + outbox entry',
        unit: 'ms',
        samples: archive,
        target: { stat: 'p95', max: 2 },
        baseline: archiveJsonMs,
        note: `core.archive() on a Crispy account: one SQLite transaction, the conversation and its outbox entry (checked after every sample). Baseline: the same change in memory, then conf writes the whole ${mb} MB document (atomically).`,
      },
      {
        section: 'core',
        name: `Core: search all messages (${SEARCH_QUERIES.length} queries)`,
        unit: 'ms',
        samples: search,
        target: { stat: 'p95', max: 15 },
        minRatio: 10,
        baseline: searchJsonMs,
        note: `core.search(q, ${SEARCH_LIMIT}) for ${SEARCH_QUERIES.map((q) => `'${q}'`).join(', ')}; ${opts.searchRepeats[0]} times each (${opts.searchRepeats[1]} for the baseline). Baseline: a linear scan of every message and name, lower-cased substring match.`,
      },
      ...(rss
        ? [
            {
              section: 'core' as const,
              name: 'Core: process RSS after searching',
              unit: 'MB' as const,
              samples: rss.ours,
              target: { stat: 'median' as const, max: 250 },
              baseline: rss.baseline,
              note: `a fresh Node process (bench/rss-probe.ts: the core and its dependencies only) opens the cache, reads the first inbox page and runs the ${SEARCH_QUERIES.length} searches, then reports process.memoryUsage().rss. Baseline: the same in a process that opens the ${mb} MB conf document and scans it.`,
            },
          ]
        : []),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(jsonDir, { recursive: true, force: true });
  }
}

/**
 * Runs the RSS probe (bench/rss-probe.ts, bundled beside run.mjs; it loads the core and conf, not
 * the bench's browser driver) in fresh processes of this Node, `n.ours` / `n.baseline` times.
 */
async function measureRss(dir: string, jsonDir: string, n: { ours: number; baseline: number }, log: (line: string) => void): Promise<{ ours: number[]; baseline: number[] }> {
  const run = (kind: 'ours' | 'baseline', at: string): number => {
    const out = execFileSync(process.execPath, [...process.execArgv, join(dirname(process.argv[1]!), 'rss-probe.mjs'), kind, at], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const mb = Number(/rss-mb (\d+(?:\.\d+)?)/.exec(out)?.[1]);
    if (!Number.isFinite(mb)) throw new Error(`the RSS probe (${kind}) printed no figure: ${out.slice(0, 300)}`);
    return mb;
  };
  const ours = Array.from({ length: n.ours }, () => run('ours', dir));
  const baseline = Array.from({ length: n.baseline }, () => run('baseline', jsonDir));
  log(`core: RSS after searching ${ours.map((m) => m.toFixed(0)).join(', ')} MB (baseline ${baseline.map((m) => m.toFixed(0)).join(', ')} MB)`);
  return { ours, baseline };
}
