// `npm test`: build, typecheck, then every test stage (unit, webview, integration), each through its
// own npm script so it can also run alone. Stages after the build run even when an earlier one
// failed, so one report shows everything; the last line is the summary `N passed, N failed` summed
// over all stages. A stage that fails without reporting counts (a crash, a type error) adds one
// failure, so the summary never looks green when something broke.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clearResults, readResults, RESULTS_DIR, summaryLine, writeResults } from './test-results.mjs';

const STAGES = [
  { name: 'build', script: 'build', required: true },
  { name: 'typecheck', script: 'typecheck' },
  { name: 'unit', script: 'test:unit', args: ['--reporter=default', '--reporter=json', `--outputFile.json=${join(RESULTS_DIR, 'unit.json')}`] },
  { name: 'webview', script: 'test:webview' },
  { name: 'integration', script: 'test:integration' },
];

clearResults();
const failedStages = [];
for (const stage of STAGES) {
  console.log(`\n=== ${stage.name} (npm run ${stage.script}) ===`);
  const started = Date.now();
  const args = ['run', stage.script, ...(stage.args ? ['--', ...stage.args] : [])];
  const { status } = spawnSync('npm', args, { stdio: 'inherit' });
  console.log(`=== ${stage.name}: ${status === 0 ? 'ok' : `failed (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (status === 0) continue;
  failedStages.push(stage.name);
  const reported = existsSync(join(RESULTS_DIR, `${stage.name}.json`));
  if (!reported) writeResults(stage.name, { passed: 0, failed: 1 });
  if (stage.required) break;
}

console.log('');
for (const { stage, passed, failed } of readResults()) console.log(`  ${stage}: ${passed} passed, ${failed} failed`);
if (failedStages.length) console.log(`  failed stages: ${failedStages.join(', ')}`);
console.log(summaryLine());
process.exitCode = failedStages.length ? 1 : 0;
