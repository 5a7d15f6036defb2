/**
 * Issue 16's house rules for src/: no file over 400 lines (split before one passes it), and every
 * folder says what lives there (a README.md, or its index.ts's opening comment). Read from the tree itself, so a new long file or
 * an undocumented folder fails here; each check first proves it can find an offender.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const SOURCE = /\.(ts|tsx|css|mjs|js)$/;
const MAX_LINES = 400;

function folders(dir: string): string[] {
  return [dir, ...readdirSync(dir).map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory()).flatMap(folders)];
}

function sourceFiles(dir: string): string[] {
  return folders(dir).flatMap((d) => readdirSync(d).filter((n) => SOURCE.test(n)).map((n) => join(d, n)));
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').length - (readFileSync(file, 'utf8').endsWith('\n') ? 1 : 0);
const tooLong = (files: string[]) => files.filter((f) => lines(f) > MAX_LINES).map((f) => `${relative(root, f)}: ${lines(f)} lines`);
/** A folder says what lives there in a README.md, or in the opening comment of its index.ts. */
function documented(dir: string): boolean {
  const names = readdirSync(dir);
  if (names.includes('README.md')) return true;
  const index = names.find((n) => /^index\.tsx?$/.test(n));
  return index !== undefined && readFileSync(join(dir, index), 'utf8').startsWith('/**');
}
const undocumented = (dirs: string[]) => dirs.filter((d) => !documented(d)).map((d) => relative(root, d));

describe('src/ stays legible', () => {
  it(`has no file over ${MAX_LINES} lines`, () => {
    // The check finds a long file when there is one (the test files hold some).
    expect(tooLong(sourceFiles(join(root, 'test', 'core'))).length).toBeGreaterThan(0);
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(100);
    expect(tooLong(files)).toEqual([]);
  });

  it('has a README.md (or an index.ts opening comment) in every folder saying what lives there', () => {
    // The check finds a folder without one when there is one (test/ has such folders).
    expect(undocumented(folders(join(root, 'test'))).length).toBeGreaterThan(0);
    const dirs = folders(join(root, 'src'));
    expect(dirs.length).toBeGreaterThan(20);
    expect(undocumented(dirs)).toEqual([]);
  });
});
