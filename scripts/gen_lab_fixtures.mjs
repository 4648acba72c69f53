// Writes test/fixtures/lab/pytorch-code.json: for each case of test/unit/lab-code-cases.ts, the
// Kernel Lab's "Copy as PyTorch" code and what Debian's torch computes when that code runs on the
// cases' synthetic picture. Needs /usr/bin/python3 with torch and torchvision.
//   node scripts/gen_lab_fixtures.mjs
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await esbuild.build({
  stdin: {
    contents: `import { labCodeCases, codeFor, syntheticPicture } from './test/unit/lab-code-cases';
      const picture = syntheticPicture();
      console.log(JSON.stringify({
        picture: { width: picture.width, height: picture.height, rgba: Array.from(picture.data) },
        cases: labCodeCases().map(({ name, state }) => ({ name, state, code: codeFor(state) })),
      }));`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  loader: { '.wasm': 'binary' },
});
const script = bundle.outputFiles[0].text;
const cases = execFileSync(process.execPath, ['-e', script], { cwd: root, maxBuffer: 1 << 28 }).toString();
const output = execFileSync('/usr/bin/python3', [join(root, 'scripts', 'gen_lab_fixtures.py')], { input: cases, cwd: root, maxBuffer: 1 << 28 }).toString();
mkdirSync(join(root, 'test', 'fixtures', 'lab'), { recursive: true });
writeFileSync(join(root, 'test', 'fixtures', 'lab', 'pytorch-code.json'), output);
console.log(`wrote test/fixtures/lab/pytorch-code.json (${JSON.parse(output).cases.length} cases)`);
