// Compiles the integration suite (test/integration/suite/) into out/integration/, the form VS Code's
// extension host loads: one CommonJS bundle per test file plus the index, with `vscode` and mocha
// left to the host and node_modules. Shared by both runners.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(repoRoot, 'test', 'integration', 'suite');
const compiledDir = join(repoRoot, 'out', 'integration');

/** Compiles the suite and returns the absolute path of its index (the extensionTestsPath). */
export async function compileSuite() {
  rmSync(compiledDir, { recursive: true, force: true });
  const entryPoints = readdirSync(suiteDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => join(suiteDir, name));
  await esbuild.build({
    entryPoints,
    outdir: compiledDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(compiledDir, 'index.js');
}
