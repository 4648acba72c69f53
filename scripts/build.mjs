// Builds every bundle ConvLens ships: the extension for Node and for the browser (VS Code for the
// Web), the Kernel Lab webview app, and the `convlens` command-line tool.
import * as esbuild from 'esbuild';
import { buildWasm } from './build-wasm.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  target: 'es2022',
  // The Kernel Lab's SIMD kernels travel inside the bundles (webview/conv/wasm-bytes.ts).
  loader: { '.wasm': 'binary' },
};

const builds = [
  { ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', external: ['vscode'], define: { 'process.env.NODE_ENV': '"production"' } },
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview/lab.js', platform: 'browser', format: 'iife' },
  { ...common, entryPoints: ['webview/summary/main.ts'], outfile: 'dist/webview/summary.js', platform: 'browser', format: 'iife' },
  { ...common, entryPoints: ['webview/walk/main.ts'], outfile: 'dist/webview/walk.js', platform: 'browser', format: 'iife' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs' },
];

await buildWasm();

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
