/**
 * Figures and the table `npm run bench` prints: median and p95 of each figure, its target, a
 * baseline measured in the same run, the ratio baseline / ours, and a verdict.
 */

/** The q-quantile by nearest rank (p95 of 20 samples is the 19th smallest). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]): number => quantile(samples, 0.95);

/** Milliseconds, from a high-resolution start (performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

export type Unit = 'ms' | 'MB' | 'req' | 'min' | 'credits' | 'frames' | 'keys';

/** What a figure is held to: its median or its p95 at most `value`. */
export interface Target {
  stat: 'median' | 'p95' | 'value';
  max: number;
}

export interface Figure {
  section: 'core' | 'ui' | 'sync' | 'triage' | 'scale';
  name: string;
  unit: Unit;
  /** Our samples (a count or a simulated time is one sample). */
  samples: number[];
  target?: Target;
  /** The same measurement on the baseline. */
  baseline?: number[];
  /** The baseline's median must also be at least this many times ours (search: 10× the scan). */
  minRatio?: number;
  /** Shown in the target column when there is no target (the sync floors). */
  reference?: { label: string; value: number };
  /** A short remark printed under the table, keyed to the row. */
  note?: string;
}

export function fmt(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '–';
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;
    case 'MB':
      return `${value.toFixed(1)} MB`;
    case 'min':
      return `${value.toFixed(1)} min`;
    case 'req':
      return `${Math.round(value).toLocaleString('en')} req`;
    case 'credits':
      return `${Math.round(value).toLocaleString('en')} cr`;
    case 'frames':
      return `${value} frame${value === 1 ? '' : 's'}`;
    case 'keys':
      return `${value.toFixed(2)} keys`;
  }
}

function ratio(ours: number, base: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(base)) return '–';
  if (ours === 0) return base === 0 ? '1.0×' : '–';
  const r = base / ours;
  return r >= 100 ? `${Math.round(r).toLocaleString('en')}×` : `${r.toFixed(r >= 10 ? 0 : r >= 1.95 ? 1 : 2)}×`;
}

function statOf(f: Figure, stat: Target['stat']): number {
  return stat === 'p95' ? p95(f.samples) : median(f.samples);
}

/** ✓, or ✗ and by how much the figure is over its target. */
export function verdict(f: Figure): string {
  if (f.target) {
    const v = statOf(f, f.target.stat);
    const misses: string[] = [];
    if (v > f.target.max) misses.push(`by ${Math.round(((v - f.target.max) / f.target.max) * 100)}%`);
    if (f.minRatio !== undefined && f.baseline) {
      const r = median(f.baseline) / median(f.samples);
      if (!(r >= f.minRatio)) misses.push(`ratio < ${f.minRatio}×`);
    }
    return misses.length === 0 ? '✓' : `✗ ${misses.join(', ')}`;
  }
  if (f.reference) {
    const v = median(f.samples);
    if (f.reference.value === 0) return v === 0 ? 'at floor' : `floor + ${fmt(v, f.unit)}`;
    const x = v / f.reference.value;
    return x <= 1.005 ? 'at floor' : `${x.toFixed(2)}× floor`;
  }
  return '';
}

function targetText(f: Figure): string {
  if (f.target) return `${f.target.stat === 'value' ? '' : f.target.stat + ' '}≤ ${fmt(f.target.max, f.unit)}${f.minRatio !== undefined ? `, ≥ ${f.minRatio}×` : ''}`;
  if (f.reference) return `${f.reference.label} ${fmt(f.reference.value, f.unit)}`;
  return '';
}

/** Markdown table: one row per figure. */
export function renderTable(figures: readonly Figure[]): string {
  const head = ['Figure', 'n', 'Median', 'p95', 'Target', 'Baseline median', 'Ratio', 'Verdict'];
  const rows = figures.map((f) => {
    const single = f.samples.length === 1;
    return [
      f.name,
      String(f.samples.length) + (f.baseline && f.baseline.length !== f.samples.length ? ` / ${f.baseline.length}` : ''),
      fmt(median(f.samples), f.unit),
      single ? '' : fmt(p95(f.samples), f.unit),
      targetText(f),
      f.baseline ? fmt(median(f.baseline), f.unit) : '',
      f.baseline ? ratio(median(f.samples), median(f.baseline)) : '',
      verdict(f),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
