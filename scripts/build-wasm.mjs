// Compiles the Kernel Lab's AssemblyScript SIMD kernels to dist/conv.wasm, which the bundles
// inline (esbuild's binary loader) and the Node tests read from disk. Built, never committed.
import asc from 'assemblyscript/asc';
import { mkdirSync } from 'node:fs';

export const wasmSource = 'webview/conv/wasm/assembly/conv.ts';
export const wasmOutput = 'dist/conv.wasm';

export async function buildWasm() {
  mkdirSync('dist', { recursive: true });
  const { error, stderr } = await asc.main([
    wasmSource, '--outFile', wasmOutput,
    '--runtime', 'stub', '--optimizeLevel', '3', '--shrinkLevel', '0', '--noAssert', '--enable', 'simd',
  ]);
  if (error) throw new Error(`AssemblyScript build failed: ${error.message}\n${stderr.toString()}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWasm();
