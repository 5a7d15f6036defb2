/**
 * `npm run bench` keeps working: its harness, on tiny data (`--small`), builds, measures every
 * section against its baseline and prints the one table; `npm run bench -- scale` (ten times the
 * data, run only when named) likewise, at the same tiny size. The numbers at this size mean
 * nothing; what is checked is that every figure the README explains is there, with a value.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

/** The table's rows, as cells. */
function tableRows(out: string): string[][] {
  const rows = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Figure') && !l.startsWith('|--'));
  return rows.map((r) => r.split('|').slice(1, -1).map((c) => c.trim()));
}

function runSmall(...sections: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'cli.mjs'), '--small', ...sections], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

it('prints one table with every core, UI, triage and sync figure, its target and its baseline', async () => {
  const { code, out } = await runSmall();
  expect(code, out).toBe(0);
  const rows = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Figure') && !l.startsWith('|--'));
  const cells = rows.map((r) => r.split('|').slice(1, -1).map((c) => c.trim()));
  const names = cells.map((c) => c[0]!);
  for (const wanted of [
    /^Core: open DB \+ first inbox page/,
    /^Core: archive \+ outbox entry/,
    /^Core: search all messages/,
    /^UI: first render/,
    /^UI: key → painted frame, j$/,
    /^UI: key → painted frame, k$/,
    /^UI: key → painted frame, e/,
    /^UI: search as you type → results painted/,
    /^UI: JS heap after load/,
    /^UI: keys per conversation/,
    /^Sync ReactIn .*first sync .*requests/,
    /^Sync ReactIn .*incremental, \d+ changed, requests/,
    /^Sync Linkup .*first sync .*credits/,
    /^Sync Linkup .*incremental, \d+ changed, requests/,
  ]) {
    const at = names.findIndex((n) => wanted.test(n));
    expect(at, `${wanted} in\n${names.join('\n')}`).toBeGreaterThanOrEqual(0);
    const [, , median, , target, baseline, ratio] = cells[at]!;
    expect(median, names[at]).toMatch(/\d/);
    expect(baseline, names[at]).toMatch(/\d/);
    expect(ratio, names[at]).toMatch(/\d|–/);
    if (!names[at]!.startsWith('UI: first render')) expect(target, names[at]).toMatch(/\d/);
  }
  expect(out).toMatch(/^Machine: .*Node v24/m);
}, 180_000);

it('the scale section: the same core and UI figures on its own cache, the core process RSS after searching, and search held to 10x the scan', async () => {
  const { code, out } = await runSmall('scale');
  expect(code, out).toBe(0);
  const cells = tableRows(out);
  const names = cells.map((c) => c[0]!);
  for (const wanted of [
    /^Core 400: open DB \+ first inbox page \(400 conv \/ 4,000 msg\)/,
    /^Core 400: archive \+ outbox entry/,
    /^Core 400: search all messages/,
    /^Core 400: process RSS after searching/,
    /^UI 400: first render/,
    /^UI 400: key → painted frame, e/,
    /^UI 400: j\/k\/e → frames until painted/,
    /^UI 400: search as you type → results painted/,
  ]) {
    const at = names.findIndex((n) => wanted.test(n));
    expect(at, `${wanted} in\n${names.join('\n')}`).toBeGreaterThanOrEqual(0);
    const [, , median, , target, baseline, ratio] = cells[at]!;
    expect(median, names[at]).toMatch(/\d/);
    expect(target, names[at]).toMatch(/\d/);
    expect(baseline, names[at]).toMatch(/\d/);
    expect(ratio, names[at]).toMatch(/\d/);
  }
  expect(cells.find((c) => c[0]!.startsWith('Core 400: search'))![4]).toMatch(/≥ 10×/);
  expect(names.some((n) => /^(Core|UI): /.test(n)), 'only the scale rows').toBe(false);
}, 420_000); // two variants in Chromium, on a machine that may be busy
