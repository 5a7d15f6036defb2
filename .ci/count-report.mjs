// Prints the closing line "N passed, N failed, N skipped" from vitest's JSON report, and exits 1
// when anything failed. A suite that fails outside its tests (an import, a beforeAll) has no
// failed test of its own: it counts as one failure, so a broken file never reads as "0 failed".
import { readFileSync } from 'node:fs';

export function countReport(r) {
  const brokenSuites = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  const failed = r.numFailedTests + brokenSuites;
  return { line: `${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { line, failed } = countReport(JSON.parse(readFileSync(process.argv[2], 'utf8')));
  console.log(line);
  process.exitCode = failed > 0 ? 1 : 0;
}
