/** The convolution bench in a Chromium page: our three backends, tfjs-backend-wasm and onnxruntime-web. */
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { createReferenceBackend } from '../webview/conv/reference';
import type { ConvBackend } from '../webview/conv/types';
import { createWasmBackend } from '../webview/conv/wasm';
import wasmBytes from '../webview/conv/wasm-bytes';
import { WebGL2Backend } from '../webview/conv/webgl2';
import { measureEnvironment, ortRunner, tfjsRunner, type EnvironmentFigures } from './conv-suite';

// The peers' .wasm files are copied next to this bundle by bench/conv.bench.mjs (read while the script runs).
const base = new URL('.', document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : location.href).href;

async function runPageBench(): Promise<EnvironmentFigures> {
  setWasmPaths(base);
  setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  ort.env.wasm.wasmPaths = base;
  ort.env.wasm.numThreads = 1;
  const backends: ConvBackend[] = [createReferenceBackend(), await createWasmBackend(wasmBytes)];
  const notes: string[] = [];
  const gl = WebGL2Backend.create();
  if (gl) {
    backends.push(gl);
    notes.push(`WebGL2 renderer: ${gl.info.renderer}`);
  } else notes.push('no WebGL2 with float render targets: webgl2 not measured');
  return measureEnvironment(`Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? ''} (headless)`, backends, [tfjsRunner(tf as never), ortRunner(ort as never)], wasmBytes, notes);
}

declare global {
  interface Window {
    convBench: { run: () => Promise<EnvironmentFigures> };
  }
}
window.convBench = { run: runPageBench };
