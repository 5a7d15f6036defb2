/**
 * `npm run bench [-- core ui triage sync scale splits] [--small]`: generates the data, runs each
 * measurement and prints one table (median and p95 per figure, its target, a baseline measured in
 * the same run, the ratio baseline / ours, and a verdict). Without a section named, every section
 * but `scale` and `splits` runs (scale is ten times the data and takes far longer; splits, the cost of
 * saved split tabs, is kept apart: both run only when named).
 * `--small` runs the sections at a tiny scale, to check the harness itself; its numbers mean nothing.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchCore, FULL_CORE } from './core';
import { benchSplitTabs, FULL_SPLITS } from './split-tabs';
import { benchScale, FULL_SCALE } from './scale';
import { renderTable, type Figure } from './stats';
import { benchSync, FULL_SYNC } from './sync';
import { benchTriage, FULL_TRIAGE } from './triage';
import { benchUi, FULL_UI } from './ui';

/** `scale-core` / `scale-ui`: one half of `scale` (on the same kept cache). */
const SECTIONS = ['core', 'ui', 'triage', 'sync', 'scale', 'scale-core', 'scale-ui', 'splits'] as const;
type Section = (typeof SECTIONS)[number];
/** What runs when no section is named. */
const DEFAULT_SECTIONS: readonly Section[] = ['core', 'ui', 'triage', 'sync'];

function chromiumVersion(): string {
  try {
    return execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'chromium: not found';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const small = args.includes('--small');
  const unknown = args.filter((a) => a !== '--small' && !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}. Sections: ${SECTIONS.join(', ')}; option: --small.`);
    process.exit(2);
  }
  const wanted = SECTIONS.filter((s) => args.includes(s));
  const sections: Section[] = wanted.length > 0 ? wanted : [...DEFAULT_SECTIONS];
  const log = (line: string) => console.error(`  · ${line}`);

  const started = performance.now();
  const cpu = cpus();
  const machine = [
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GB RAM`,
    `Node ${process.version}`,
    sections.some((s) => s === 'ui' || s === 'triage' || s === 'scale' || s === 'scale-ui') ? chromiumVersion() : null,
    `load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ].filter(Boolean);
  console.error(`Benchmarks (${sections.join(', ')})${small ? ' — SMALL scale, harness check only' : ''}`);
  console.error(`  ${machine.join(' · ')}`);

  const figures: Figure[] = [];
  for (const section of sections) {
    const t = performance.now();
    if (section === 'core') {
      figures.push(...(await benchCore(small ? { conversations: 300, messages: 3000, opens: [3, 2], archives: [20, 3], searchRepeats: [2, 1], log } : { ...FULL_CORE, log })));
    } else if (section === 'splits') {
      figures.push(...(await benchSplitTabs(small ? { conversations: 300, messages: 3000, repeats: 3, log } : { ...FULL_SPLITS, log })));
    } else if (section === 'ui') {
      figures.push(...(await benchUi(small ? { conversations: 600, messages: 3000, loads: [2, 1], presses: [20, 10], log } : { ...FULL_UI, log })));
    } else if (section === 'triage') {
      figures.push(...(await benchTriage(small ? { conversations: 8, log } : { ...FULL_TRIAGE, log })));
    } else if (section.startsWith('scale')) {
      const parts = section === 'scale-core' ? (['core'] as const) : section === 'scale-ui' ? (['ui'] as const) : (['core', 'ui'] as const);
      figures.push(
        ...(await benchScale(
          small
            ? { conversations: 400, messages: 4000, core: { opens: [3, 2], archives: [20, 3], searchRepeats: [2, 1], rss: { ours: 1, baseline: 1 } }, ui: { loads: [1, 1], presses: [5, 2] }, keep: false, parts, log }
            : { ...FULL_SCALE, parts, log },
        )),
      );
    } else {
      figures.push(...(await benchSync(small ? { firstSync: 120, changed: 5, log } : { ...FULL_SYNC, log })));
    }
    log(`${section} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  console.log('');
  console.log(`Machine: ${machine.join(' · ')}`);
  console.log('');
  console.log(renderTable(figures));
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`);
  if (notes.length > 0) console.log(['', ...notes].join('\n'));
  console.log('');
  console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
