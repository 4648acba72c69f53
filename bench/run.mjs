// `npm run bench`: runs every bench/*.bench.mjs in turn, each in its own Node process so one
// bench's memory and warm caches do not colour another's figures. Figures are printed, never
// asserted; the exit status says only whether every bench ran.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(benchDir, file)], { stdio: 'inherit', cwd: join(benchDir, '..') });
  if (r.status !== 0) {
    failed++;
    console.log(`${file} failed (exit ${r.status ?? r.signal})`);
  }
}
console.log(`\n${benches.length - failed}/${benches.length} benches ran`);
process.exitCode = failed ? 1 : 0;
