// Test counts shared between the runners and the summary line that `npm test` and `.ci/run` end
// with. Each runner writes out/test-results/<stage>.json as `{ "passed": N, "failed": N }`; vitest
// writes its own JSON report there (unit.json), which is read through its totals.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'out', 'test-results');

export function writeResults(stage, { passed, failed }) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${stage}.json`), JSON.stringify({ passed, failed }) + '\n');
}

export function clearResults() {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
}

/** Counts of one stage's file, whichever of the two formats it is in. */
function countsOf(report) {
  if (typeof report.numPassedTests === 'number') return { passed: report.numPassedTests, failed: report.numFailedTests };
  return { passed: report.passed, failed: report.failed };
}

/** Per-stage counts found in out/test-results/, in file name order. */
export function readResults() {
  let files = [];
  try {
    files = readdirSync(RESULTS_DIR).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((file) => ({ stage: file.replace(/\.json$/, ''), ...countsOf(JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8'))) }));
}

/** The summary line: `N passed, N failed`, summed over every stage that reported. */
export function summaryLine(stages = readResults()) {
  const passed = stages.reduce((sum, s) => sum + s.passed, 0);
  const failed = stages.reduce((sum, s) => sum + s.failed, 0);
  return `${passed} passed, ${failed} failed`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(summaryLine());
}
