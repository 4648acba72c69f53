// Editor latency through the real providers inside a real VS Code: runs the integration harness with
// only test/integration/suite/editor-bench.test.ts enabled and prints its figures (milliseconds).
// Needs `npm run build` first (npm run bench does it).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = /CONVLENS_BENCH (\{.*\})/;

async function runEditorBench() {
  const figures = [];
  const child = spawn(process.execPath, [join(repoRoot, 'test', 'integration', 'run-code-server.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, CONVLENS_EDITOR_BENCH: '1', CONVLENS_TEST_GREP: 'editor bench', CONVLENS_IT_TIMEOUT_S: process.env.CONVLENS_IT_TIMEOUT_S ?? '600' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  child.stdout.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const m = MARKER.exec(line);
      if (m) figures.push(JSON.parse(m[1]));
      else if (/failing|Error|✔|\d+\)/.test(line)) console.error(line);
    }
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the editor bench run failed (exit ${code})`);
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await runEditorBench();
  console.log('\nEditor latency through the real providers (VS Code server + headless Chromium), ms');
  console.log('figure'.padEnd(46) + 'lines'.padStart(6) + 'n'.padStart(5) + 'p50'.padStart(9) + 'p95'.padStart(9) + 'max'.padStart(9));
  for (const f of figures) {
    console.log(f.name.padEnd(46) + String(f.lines).padStart(6) + String(f.samples).padStart(5) + f.p50.toFixed(1).padStart(9) + f.p95.toFixed(1).padStart(9) + f.max.toFixed(1).padStart(9));
  }
}
