// `npm test`: installs npm dependencies when missing, then runs build, typecheck, the README check,
// every test stage (unit, webview, integration) and the .vsix checks, each through its own npm
// script or command so it can also run alone. Stages after the build run even when an earlier one
// failed, so one report shows everything. The last line is the summary `N passed, N failed` summed
// over all stages; a stage that fails without reporting counts (a crash, a type error) adds one
// failure, so the summary never looks green when something broke.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDependencies } from './setup-vscode.mjs';
import { clearResults, readResults, RESULTS_DIR, summaryLine, writeResults } from './test-results.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const STAGES = [
  { name: 'build', command: ['npm', 'run', 'build'], required: true },
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'] },
  { name: 'readme', command: ['node', 'scripts/sync-readme.mjs', '--check'] },
  {
    name: 'unit',
    command: ['npm', 'run', 'test:unit', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${join(RESULTS_DIR, 'unit.json')}`],
  },
  { name: 'webview', command: ['npm', 'run', 'test:webview'] },
  { name: 'integration', command: ['npm', 'run', 'test:integration'] },
  // Last: it rebuilds dist/ in production mode for the .vsix.
  { name: 'package', command: ['node', 'scripts/check-package.mjs'] },
];

ensureNpmDependencies(repoRoot);
clearResults();
const failedStages = [];
for (const stage of STAGES) {
  console.log(`\n=== ${stage.name} (${stage.command.slice(0, 4).join(' ')}) ===`);
  const started = Date.now();
  const [command, ...args] = stage.command;
  const { status } = spawnSync(command, args, { stdio: 'inherit', cwd: repoRoot });
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
