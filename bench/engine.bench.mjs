// The shape engine on a generated 5,000-line model file: a bare lezer parse (the floor), a cold
// full analysis, a re-analysis after a one-line edit (incremental reparse), the ratio to pyright
// checking the same file, and peak memory. Figures are printed, never asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'convlens-engine-bench-'));

// The core is TypeScript: bundle it once for this process.
const bundle = join(work, 'core.cjs');
await esbuild.build({ entryPoints: [join(repoRoot, 'src/core/analyze.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
const { AnalysisSession } = require(bundle);
const { parser } = require('@lezer/python');

/** One model of about 50 lines: a block with a residual, a network using it, a call at module level. */
function model(i) {
  return `
class Block${i}(nn.Module):
    expansion = 1

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, kernel_size=3, padding=1, bias=False)
        self.pool = nn.MaxPool2d(2)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, kernel_size=1, stride=stride, bias=False))

    def forward(self, x):
        out = self.relu(self.conv1(x))
        out = self.conv2(out)
        out = out + self.shortcut(x)
        return self.relu(out)


class Net${i}(nn.Module):
    def __init__(self, num_classes=10, width=${8 + (i % 8)}):
        super().__init__()
        self.stem = nn.Conv2d(3, width, kernel_size=3, padding=1)
        layers = []
        cin = width
        for stage, cout in enumerate([width, width * 2, width * 4]):
            layers.append(Block${i}(cin, cout, stride=1 if stage == 0 else 2))
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1) if hasattr(nn, 'AdaptiveAvgPool2d') else nn.MaxPool2d(8)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.layers(x)
        x = torch.flatten(x, 1)
        x = x[:, : self.fc.in_features] if x.dim() == 2 else x
        return x


net${i} = Net${i}()
images${i} = torch.randn(2, 3, 32, 32)
features${i} = net${i}(images${i})
print(features${i}.shape)
`;
}

let source = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
for (let i = 0; source.split('\n').length < 5000; i++) source += model(i);
const lineCount = source.split('\n').length;
const file = join(work, 'models.py');
writeFileSync(file, source);

// Best of several runs: on a shared machine the minimum is the figure least disturbed by others.
function best(xs) {
  return Math.min(...xs);
}

let peakRss = 0;
let peakHeap = 0;
function sample() {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

const RUNS = 20;
const options = { file: 'models.py', timeBudgetMs: 60_000 };

// One-line edit: change a width in the middle of the file, reparse incrementally, analyse again.
const session = new AnalysisSession();
const anchor = source.indexOf('width=', Math.floor(source.length / 2));
let current = source;
let edits = 0;
function editAndAnalyze() {
  const digit = String(8 + (edits++ % 2));
  const at = current.indexOf('width=', anchor) + 'width='.length;
  current = session.edit('models.py', [{ from: at, to: at + 1, insert: digit }]);
  return session.analyze(current, options);
}

const measured = {
  parse: { run: () => parser.parse(source), ms: [] },
  cold: { run: () => new AnalysisSession().analyze(source, options), ms: [] },
  // What the editor shows on request (hovers, Kernel Lab previews, summary rows, a model's graph)
  // is built when first read, not by the analysis: this reads all of it, as no editor does at once,
  // to show what deferring it saves.
  coldAllRead: {
    run: () => {
      const r = new AnalysisSession().analyze(source, options);
      void r.hovers.length;
      void r.layerSites.length;
      for (const m of r.modules) void [m.summary, m.macs, m.graph];
      return r;
    },
    ms: [],
  },
  incremental: { run: editAndAnalyze, ms: [] },
};
// Warm the JIT for every side alike: the editor's extension host is a long-running process, and
// "cold" here means a fresh session (no cached parse, no earlier results), not unoptimised code.
session.analyze(source, options);
for (let i = 0; i < 3; i++) for (const m of Object.values(measured)) m.run();
// Rounds interleave the three measurements, so a burst of load from other processes on a shared
// machine disturbs each of them alike instead of one figure and not the other.
let coldResult;
for (let i = 0; i < RUNS; i++) {
  for (const [name, m] of Object.entries(measured)) {
    const t = performance.now();
    const result = m.run();
    m.ms.push(performance.now() - t);
    sample();
    if (name === 'cold') coldResult = result;
  }
}
const parseMs = best(measured.parse.ms);
const coldMs = best(measured.cold.ms);
const editMs = best(measured.incremental.ms);
const allReadMs = best(measured.coldAllRead.ms);

const r = coldResult;
console.log(`Best of ${RUNS} interleaved rounds (pyright: of 3).`);
console.log(`Engine on a generated model file: ${lineCount} lines, ${r.shapes.length} shape entries, ${r.modules.length} modules, ${r.diagnostics.length} diagnostics${r.stats.truncated ? ' (TRUNCATED)' : ''}`);
console.log(`  bare lezer parse                 ${parseMs.toFixed(1)} ms`);
console.log(`  full analysis, cold              ${coldMs.toFixed(1)} ms   (${(coldMs / parseMs).toFixed(2)}× the parse; target ≤ 2×: every shape, diagnostic and module count)`);
console.log(`    … then reading everything shown on request  ${allReadMs.toFixed(1)} ms   (${(allReadMs / parseMs).toFixed(2)}×: hovers, previews, summary rows, graphs)`);
console.log(`  after a one-line edit            ${editMs.toFixed(1)} ms   (${(editMs / parseMs).toFixed(2)}× the bare parse; incremental reparse + full evaluation)`);
console.log(`  peak memory                      rss ${(peakRss / 2 ** 20).toFixed(0)} MiB, heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB`);

const pyright = join(repoRoot, 'node_modules', '.bin', 'pyright');
if (existsSync(pyright)) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const p = spawnSync(pyright, [file], { cwd: work, encoding: 'utf8' });
    runs.push(performance.now() - t);
    if (p.error) break;
  }
  const ms = best(runs);
  console.log(`  pyright on the same file         ${ms.toFixed(0)} ms   (ConvLens cold is ${(ms / coldMs).toFixed(1)}× faster; target ≥ 20×)`);
} else {
  console.log('  pyright                          not installed (npm install -D pyright) — ratio not measured');
}
rmSync(work, { recursive: true, force: true });
