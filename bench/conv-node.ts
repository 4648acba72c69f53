/** The convolution bench in Node: our TypeScript and WASM SIMD backends, tfjs-backend-wasm and onnxruntime-web. */
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { createReferenceBackend } from '../webview/conv/reference';
import { createWasmBackend } from '../webview/conv/wasm';
import wasmBytes from '../webview/conv/wasm-bytes';
import { measureEnvironment, ortRunner, tfjsRunner, type EnvironmentFigures } from './conv-suite';

export async function runNodeBench(): Promise<EnvironmentFigures> {
  // Every runner single-threaded, as our backends are.
  setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  ort.env.wasm.numThreads = 1;
  const backends = [createReferenceBackend(), await createWasmBackend(wasmBytes)];
  return measureEnvironment(`Node ${process.versions.node}`, backends, [tfjsRunner(tf as never), ortRunner(ort as never)], wasmBytes, []);
}
