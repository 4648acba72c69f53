// `npm run test:webview`: runs every test/webview/*.test.mjs (node:test, one file at a time since
// each drives its own Chromium), prints the spec report, and records the counts for the summary.
// Expects `npm run build` to have produced dist/ (npm test does).
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { writeResults } from '../../scripts/test-results.mjs';
import { repoRoot } from './harness.mjs';

const testDir = join(repoRoot, 'test', 'webview');
const files = readdirSync(testDir)
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => join(testDir, name));

const counts = { passed: 0, failed: 0 };
// Suites report too; only tests count. A file that fails to load reports as one failed test.
const isSuite = (data) => data.details?.type === 'suite';
const stream = run({ files, concurrency: 1, timeout: 120_000 });
stream.on('test:pass', (data) => {
  if (!isSuite(data) && !data.skip && !data.todo) counts.passed++;
});
stream.on('test:fail', (data) => {
  if (!isSuite(data)) counts.failed++;
});
const report = stream.compose(spec);
report.pipe(process.stdout);
await once(report, 'end');
writeResults('webview', counts);
console.log(`webview tests: ${counts.passed} passed, ${counts.failed} failed`);
process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
