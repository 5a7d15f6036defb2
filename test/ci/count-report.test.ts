import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../support/cleanups';

const defer = cleanupAfterEach();

/** Runs the real vitest on files written here, with the JSON reporter, and counts its report. */
function countOf(files: Record<string, string>): { line: string; code: number } {
  // Inside the project so the files can import vitest; under test/.generated (ignored by git and
  // by the main run's globs, which skip dot folders).
  mkdirSync(join(process.cwd(), 'test', '.generated'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), 'test', '.generated', 'ci-'));
  defer(() => execFileSync('rm', ['-rf', dir]));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const report = join(dir, 'report.json');
  try {
    execFileSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', dir, '--reporter=json', `--outputFile.json=${report}`], { stdio: 'ignore' });
  } catch {
    // vitest exits 1 when something failed; the report is what is counted.
  }
  try {
    return { line: execFileSync(process.execPath, ['.ci/count-report.mjs', report], { encoding: 'utf8' }).trim(), code: 0 };
  } catch (err) {
    const e = err as { stdout: string; status: number };
    return { line: e.stdout.trim(), code: e.status };
  }
}

describe("CI's closing line", () => {
  it('counts a suite whose beforeAll fails, and one that cannot import, as failed, and skipped tests as skipped', () => {
    const { line, code } = countOf({
      'ok.test.ts': "import { it, expect } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n",
      'hook.test.ts': "import { it, beforeAll } from 'vitest';\nbeforeAll(() => { throw new Error('no'); });\nit('never runs', () => {});\n",
      'import.test.ts': "import './missing-module';\nimport { it } from 'vitest';\nit('never runs', () => {});\n",
      'skip.test.ts': "import { it } from 'vitest';\nit.todo('later');\n",
    });
    expect(line).toBe('1 passed, 2 failed, 2 skipped'); // the hook's test is skipped, and the todo
    expect(code).toBe(1);
  }, 60_000);

  it('ends 0 when everything passed', () => {
    const { line, code } = countOf({ 'ok.test.ts': "import { it, expect } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n" });
    expect(line).toBe('1 passed, 0 failed, 0 skipped');
    expect(code).toBe(0);
  }, 60_000);
});
