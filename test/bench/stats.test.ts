/**
 * The bench's verdicts: a figure held to a time and to a ratio over its baseline (search: p95 ≤ 15 ms
 * and at least 10× the scan, at both sizes) misses when either is missed, and says which.
 */
import { expect, it } from 'vitest';
import { renderTable, verdict, type Figure } from '../../bench/stats';

const search = (samples: number[], baseline: number[]): Figure => ({ section: 'core', name: 'Core: search', unit: 'ms', samples, baseline, target: { stat: 'p95', max: 15 }, minRatio: 10 });

it('a search fast enough and 10× the scan passes; slower than the target or under 10× the scan is a miss, named', () => {
  expect(verdict(search([5], [60]))).toBe('✓');
  expect(verdict(search([5], [20]))).toBe('✗ ratio < 10×');
  expect(verdict(search([20], [400]))).toBe('✗ by 33%');
  expect(verdict(search([20], [100]))).toBe('✗ by 33%, ratio < 10×');
  expect(renderTable([search([5], [60])])).toContain('p95 ≤ 15.0 ms, ≥ 10×');
});
