// The Kernel Lab convolution bench: our backends against tfjs-backend-wasm, onnxruntime-web and
// torch (1 thread, channels_last) on the same workloads, in Node and in headless Chromium. Prints
// milliseconds, GFLOP/s, WASM SIMD's speed ratio to each peer and its share of the SIMD ceiling,
// and the lab's redraw time. Figures are printed, never asserted. Run by `npm run bench`, or alone
// after `npm run build`: node bench/conv.bench.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repoRoot, 'dist', 'bench');
// The files the peers fetch at run time in the page (onnxruntime-web's default bundle loads its JSEP build).
const peerWasm = [
  'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm',
  'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.mjs',
  'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm',
];
const TARGETS = { redrawMs: 16, torchRatio: 1.5 };

async function buildBundles() {
  mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, target: 'es2022', loader: { '.wasm': 'binary' }, logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'bench/conv-node.ts')], outfile: join(outDir, 'conv-node.mjs'), platform: 'node', format: 'esm', packages: 'external' });
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'bench/conv-page.ts')], outfile: join(outDir, 'conv-page.js'), platform: 'browser', format: 'iife' });
  for (const file of peerWasm) copyFileSync(join(repoRoot, file), join(outDir, file.split('/').pop()));
}

function torchFigures() {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { skipped: `${python} not found` };
  try {
    return JSON.parse(execFileSync(python, [join(repoRoot, 'bench/conv_torch.py')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    return { skipped: `torch not usable from ${python}: ${String(e.stderr ?? e.message).trim().split('\n').pop()}` };
  }
}

async function chromiumFigures() {
  const { startHarness } = await import('../test/webview/harness.mjs');
  const harness = await startHarness();
  try {
    const view = await harness.open({ bundle: 'dist/bench/conv-page.js' });
    await view.page.waitForFunction(() => window.convBench !== undefined);
    const figures = await view.page.evaluate(() => window.convBench.run());
    if (view.errors.length) figures.notes.push(...view.errors.map((e) => `page: ${e}`));
    return figures;
  } finally {
    await harness.close();
  }
}

const fixed = (v, digits = 1) => (v === null || v === undefined ? '—' : v.toFixed(digits));

function printEnvironment(env, torch) {
  console.log(`${env.environment} — WASM SIMD ceiling (conv inner step alone: 6 f32x4 loads from L1, 8 independent mul+add pairs): ${fixed(env.ceilingGflops)} GFLOP/s`);
  for (const note of env.notes) console.log(`  ${note}`);
  const workloadIds = [...new Set(env.timings.map((t) => t.workload))];
  console.log('  workload                                runner              ms   GFLOP/s   wasm-simd speed-up   share of ceiling');
  for (const id of workloadIds) {
    const rows = env.timings.filter((t) => t.workload === id);
    const wasm = rows.find((t) => t.runner === 'wasm-simd');
    const all = [...rows];
    if (torch?.ms?.[id] !== undefined) all.push({ workload: id, label: rows[0].label, runner: `torch ${torch.version} 1 thread`, ms: torch.ms[id], gflops: (wasm.gflops * wasm.ms) / torch.ms[id] });
    for (const t of all) {
      const ratio = t.runner === 'wasm-simd' || !t.ms || !wasm?.ms ? '' : `${(t.ms / wasm.ms).toFixed(2)}×`;
      const share = t.gflops ? `${fixed((100 * t.gflops) / env.ceilingGflops, 0)}%` : '';
      console.log(`  ${rows[0].label.padEnd(39)} ${t.runner.padEnd(16)} ${fixed(t.ms).padStart(8)} ${fixed(t.gflops, 2).padStart(9)} ${ratio.padStart(12)} ${share.padStart(18)}${t.note ? `  (${t.note})` : ''}`);
    }
  }
  console.log('  "wasm-simd speed-up" = that runner\'s time / wasm-simd\'s time (above 1: wasm-simd is faster).');
  console.log('  "share of ceiling" = GFLOP/s / the ceiling above; native torch (AVX2/AVX-512 FMA) is not bound by it.');
  const peers = ['tfjs-wasm', 'onnxruntime-web'];
  for (const id of workloadIds) {
    const rows = env.timings.filter((t) => t.workload === id);
    const wasm = rows.find((t) => t.runner === 'wasm-simd');
    const beaten = peers.filter((p) => { const r = rows.find((t) => t.runner === p); return r?.ms && wasm?.ms && wasm.ms < r.ms; });
    const torchMs = torch?.ms?.[id];
    const torchText = torchMs && id.startsWith('rgb') ? `; vs torch ${(wasm.ms / torchMs).toFixed(2)}× its time (target ≤ ${TARGETS.torchRatio}×)` : '';
    console.log(`  target ${id}: faster than ${beaten.length}/${peers.length} in-browser peers${torchText}`);
  }
  for (const r of env.redraw) console.log(`  slider redraw 512×512 RGB (5×5 conv + display mapping), ${r.runner}: ${fixed(r.ms)} ms (target ≤ ${TARGETS.redrawMs} ms)`);
}

export async function runConvBench() {
  if (!existsSync(join(repoRoot, 'dist', 'conv.wasm'))) throw new Error('dist/conv.wasm is missing: run npm run build first');
  await buildBundles();
  console.log('\nKernel Lab convolution bench (best of 7 interleaved rounds, ms; every runner single-threaded)');
  // Timings from a busy machine mislead; the load is printed so a reader can tell. torch is
  // measured again right before each environment, so its ratios compare like with like.
  const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;
  const { runNodeBench } = await import(pathToFileURL(join(outDir, 'conv-node.mjs')).href);
  const environments = [['Node', runNodeBench], ['Chromium', chromiumFigures]];
  for (const [name, measure] of environments) {
    const torch = torchFigures();
    console.log(`\n${name}: ${load()}; ${torch.skipped ? `torch skipped (${torch.skipped})` : `torch ${torch.version} measured just before: 1 thread, channels_last, via /usr/bin/python3`}`);
    try {
      printEnvironment(await measure(), torch);
    } catch (e) {
      console.log(`${name}: not measured (${e.message})`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runConvBench();
