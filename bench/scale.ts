/**
 * `npm run bench -- scale`: ten times the data. 100,000 conversations and 1,000,000 messages in a
 * real cache file, then the core and UI figures of the 10,000-conversation bench on it, with the
 * same baselines (conf's JSON document; the unvirtualized list), plus the core process's RSS after
 * searching. Generating a million messages (full-text indexed) takes minutes, so the seeded data
 * dir is kept under the bench folder, keyed by generator and schema version and size: a re-run
 * copies it instead of generating it again. INBOX_BENCH_DIR moves that folder; delete it to regenerate.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../src/main/core/db/migrations';
import { seedLargeInbox, type Seeded } from '../test/support/seed';
import { benchCore, type CoreBenchOptions } from './core';
import { renderTable, since, type Figure } from './stats';
import { benchUi, type UiBenchOptions } from './ui';

/** Bump when the generated data changes (seed.ts, the demo generator): kept caches are then made anew. */
export const SCALE_GENERATOR_VERSION = 1;

export interface ScaleBenchOptions {
  conversations: number;
  messages: number;
  core: Pick<CoreBenchOptions, 'opens' | 'archives' | 'searchRepeats' | 'rss'>;
  ui: Pick<UiBenchOptions, 'loads' | 'presses'>;
  /** Keep the generated data dir for later runs (the full size); else it is generated into a temporary folder and removed. */
  keep: boolean;
  /** Which halves to run (default both): the lead can rerun one without the other's minutes. */
  parts?: readonly ('core' | 'ui')[];
  log: (line: string) => void;
}

/**
 * Baseline samples are few at this size: conf rewrites a document of a few hundred MB per archive,
 * and the unvirtualized list renders 100,000 rows per load and per key.
 */
export const FULL_SCALE: Omit<ScaleBenchOptions, 'log'> = {
  conversations: 100_000,
  messages: 1_000_000,
  core: { opens: [30, 3], archives: [300, 3], searchRepeats: [20, 1], rss: { ours: 3, baseline: 1 } },
  ui: { loads: [16, 1], presses: [300, 5] },
  keep: true,
};

/** Where kept caches live: one folder per generator version, schema version and size. */
export function scaleCacheDir(conversations: number, messages: number): string {
  const root = process.env.INBOX_BENCH_DIR ?? join(tmpdir(), 'inbox-bench-scale');
  const schema = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
  return join(root, `g${SCALE_GENERATOR_VERSION}-schema${schema}-${conversations}c-${messages}m`);
}

const READY = 'seeded.json';

/** The seeded data dir for this size: the kept one, or generated now (into a temporary folder, renamed when complete). */
export async function seededScaleInbox(conversations: number, messages: number, log: (line: string) => void): Promise<{ dir: string; seeded: Seeded }> {
  const dir = scaleCacheDir(conversations, messages);
  const ready = join(dir, READY);
  if (existsSync(ready)) {
    log(`scale: reusing the cache generated before in ${dir}`);
    return { dir, seeded: JSON.parse(readFileSync(ready, 'utf8')) as Seeded };
  }
  const partial = `${dir}.partial-${process.pid}`; // a run cut short leaves only this behind, never a half-filled `dir`
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const t = performance.now();
  const seeded = await seedLargeInbox(partial, { conversations, messages, provider: 'crispy' });
  writeFileSync(join(partial, READY), JSON.stringify(seeded));
  rmSync(dir, { recursive: true, force: true }); // one without its READY file: unfinished
  renameSync(partial, dir);
  log(`scale: generated ${seeded.conversations.toLocaleString('en')} conversations, ${seeded.messages.toLocaleString('en')} messages in ${(since(t) / 1000).toFixed(1)} s, kept in ${dir}`);
  return { dir, seeded };
}

/** Prefixes the figures' names with the size, so both sizes can share one table. */
function atScale(figures: Figure[], prefix: string): Figure[] {
  return figures.map((f) => ({ ...f, section: 'scale', name: f.name.replace(/^(Core|UI): /, `$1 ${prefix}: `) }));
}

export async function benchScale(opts: ScaleBenchOptions): Promise<Figure[]> {
  const temp = opts.keep ? null : mkdtempSync(join(tmpdir(), 'inbox-bench-scale-'));
  try {
    return await measure(opts, temp === null ? await seededScaleInbox(opts.conversations, opts.messages, opts.log) : await seedTemporary(temp, opts));
  } finally {
    if (temp !== null) rmSync(temp, { recursive: true, force: true });
  }
}

async function seedTemporary(dir: string, opts: ScaleBenchOptions): Promise<{ dir: string; seeded: Seeded }> {
  return { dir, seeded: await seedLargeInbox(dir, { conversations: opts.conversations, messages: opts.messages, provider: 'crispy' }) };
}

async function measure(opts: ScaleBenchOptions, seeded: { dir: string; seeded: Seeded }): Promise<Figure[]> {
  const prefix = opts.conversations >= 1000 ? `${Math.round(opts.conversations / 1000)}k` : String(opts.conversations);
  const log = (line: string) => opts.log(`scale ${line}`);
  const parts = opts.parts ?? ['core', 'ui'];
  const core = parts.includes('core') ? await benchCore({ conversations: opts.conversations, messages: opts.messages, ...opts.core, seededFrom: seeded, log }) : [];
  // The UI part takes far longer at this size: the core's rows are shown as soon as they are known.
  if (core.length > 0 && parts.includes('ui')) log(`core figures so far:\n${renderTable(atScale(core, prefix))}`);
  if (!parts.includes('ui')) return atScale(core, prefix);
  const ui = await benchUi({
    conversations: opts.conversations,
    messages: opts.messages,
    ...opts.ui,
    seededFrom: seeded,
    label: 'UI',
    baselineMayFail: true,
    firstRenderTarget: 300,
    log,
  });
  return atScale([...core, ...ui], prefix);
}
