/**
 * Split tabs bench (`npm run bench -- splits`): what saved searches add to every change event.
 * Every view's counts are sent with each triage change (and read again after every other change
 * event); each saved split tab adds one counting search. Measured on the core bench's data
 * (10,000 conversations, 100,000 messages), with the most tabs that show (7) holding searches of
 * each plan: operators only, words, a phrase, a person, a label, a date, and mixes.
 * Baseline: the same counts without any saved tab, so the difference is the tabs' cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSeeded, seedLargeInbox } from '../test/support/seed';
import { p95, since, type Figure } from './stats';

export interface SplitBenchOptions {
  conversations: number;
  messages: number;
  /** Timed reads of every view's counts (with the tabs / without). */
  repeats: number;
  log: (line: string) => void;
}

export const FULL_SPLITS: Omit<SplitBenchOptions, 'log'> = { conversations: 10_000, messages: 100_000, repeats: 40 };

/** The seven saved searches: one per tab that shows. */
function tabQueries(now: number): string[] {
  const monthAgo = new Date(now - 30 * 86_400_000).toISOString().slice(0, 10);
  return ['is:unread', 'pricing', '"case study"', 'from:sofia', 'label:Hot', `after:${monthAgo} from:me`, 'deck account:crispy -is:unread'];
}

export async function benchSplitTabs(opts: SplitBenchOptions): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-bench-splits-'));
  try {
    const t = performance.now();
    const seeded = await seedLargeInbox(dir, { conversations: opts.conversations, messages: opts.messages, provider: 'crispy' });
    opts.log(`splits: seeded ${seeded.conversations.toLocaleString('en')} conversations, ${seeded.messages.toLocaleString('en')} messages in ${Math.round(since(t))} ms`);
    const core = await openSeeded(dir);
    const hot = await core.createLabel('Hot');
    const some = (await core.listConversations({ view: 'inbox', limit: 1000 })).items.filter((_, i) => i % 3 === 0).map((c) => c.id);
    await core.setLabels(some, [hot.id], []);

    const timeCounts = async (): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = -3; i < opts.repeats; i++) {
        const start = performance.now();
        await core.viewCounts();
        if (i >= 0) samples.push(since(start));
      }
      return samples;
    };
    const without = await timeCounts();
    const timeArchives = async (): Promise<number[]> => {
      const ids = (await core.listConversations({ view: 'inbox', limit: opts.repeats + 3 })).items.map((c) => c.id);
      const samples: number[] = [];
      for (const [i, id] of ids.entries()) {
        const start = performance.now();
        await core.archive(id);
        if (i >= 3) samples.push(since(start));
      }
      return samples;
    };
    const archiveWithout = await timeArchives();
    const queries = tabQueries(Date.now());
    await core.updateSettings({ savedSplits: queries.map((query, i) => ({ id: `tab${i}`, name: query, query })) });
    const counts = await core.viewCounts();
    opts.log(`splits: tab counts ${queries.map((q, i) => `${q} = ${counts[`search:tab${i}`]}`).join('; ')}`);
    const withTabs = await timeCounts();

    // Each tab alone, so a slow plan is seen by name.
    const perTab: string[] = [];
    for (const [i, query] of queries.entries()) {
      await core.updateSettings({ savedSplits: [{ id: `tab${i}`, name: query, query }] });
      const one = await timeCounts();
      perTab.push(`${query}: p95 ${(p95(one) - p95(without)).toFixed(1)} ms`);
    }
    opts.log(`splits: per tab (p95 minus the counts without tabs) — ${perTab.join('; ')}`);

    // An archive carries every count in its change event: the whole key press.
    await core.updateSettings({ savedSplits: queries.map((query, i) => ({ id: `tab${i}`, name: query, query })) });
    const archive = await timeArchives();
    await core.close();
    const scale = `${seeded.conversations.toLocaleString('en')} conv / ${seeded.messages.toLocaleString('en')} msg`;
    return [
      {
        section: 'core',
        name: `Core: every view's counts with 7 split tabs (${scale})`,
        unit: 'ms',
        samples: withTabs,
        target: { stat: 'p95', max: 50 },
        baseline: without,
        note: `core.viewCounts() with 7 saved searches (${queries.join(', ')}), one counting search each, up to 1,000. Baseline: the same counts without saved tabs.`,
      },
      {
        section: 'core',
        name: 'Core: archive with 7 split tabs (counts in its change event)',
        unit: 'ms',
        samples: archive,
        target: { stat: 'p95', max: 60 },
        baseline: archiveWithout,
        note: 'core.archive() on a Crispy account (its outbox entry too), which computes every view\'s counts, the 7 tabs included, for its change event. Baseline: the same archives before any tab was saved.',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
