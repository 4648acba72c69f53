/**
 * Picks the convolution backend the lab runs on. Automatic choice: WebGL2 when a real GPU renders
 * it; WASM SIMD when the WebGL2 renderer is software (SwiftShader, llvmpipe: slower than SIMD on
 * the CPU) or WebGL2 is missing; the TypeScript reference when the browser lacks wasm SIMD too.
 * A forced choice that this browser cannot run falls back the same way and says so.
 */
import { createReferenceBackend } from './reference';
import type { BackendName, ConvBackend } from './types';
import { createWasmBackend } from './wasm';
import wasmBytes from './wasm-bytes';
import { WebGL2Backend } from './webgl2';

export type BackendPreference = 'auto' | BackendName;

export interface BackendChoice {
  backend: ConvBackend;
  /** Why this one, in a sentence the lab can show next to its name. */
  reason: string;
  /** The WebGL2 renderer string, when WebGL2 was probed. */
  renderer?: string;
}

const softwareRenderers = /swiftshader|llvmpipe|softpipe|software|basic render driver|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return softwareRenderers.test(renderer);
}

/** The kernels' module validates only where the engine implements wasm SIMD. */
export function wasmSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(wasmBytes);
}

export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  let renderer: string | undefined;
  if (preference === 'auto' || preference === 'webgl2') {
    const gl = typeof OffscreenCanvas === 'function' ? WebGL2Backend.create() : null;
    renderer = gl?.info.renderer;
    if (gl && (preference === 'webgl2' || !isSoftwareRenderer(gl.info.renderer))) {
      return { backend: gl, reason: preference === 'webgl2' ? 'chosen by you' : `GPU: ${gl.info.renderer}`, renderer };
    }
    gl?.dispose();
  }
  const unavailable = preference === 'webgl2' ? 'WebGL2 with float render targets is not available here; ' : '';
  const software = preference === 'auto' && renderer ? `WebGL2 renders in software (${renderer}); ` : preference === 'auto' ? 'no WebGL2; ' : '';
  let wasmProblem = 'this browser lacks WebAssembly SIMD';
  if (preference !== 'typescript' && wasmSimdSupported()) {
    try {
      const reason = preference === 'wasm-simd' ? 'chosen by you' : `${unavailable}${software}WASM SIMD is faster on the CPU`;
      return { backend: await createWasmBackend(wasmBytes), reason, renderer };
    } catch (e) {
      // e.g. a Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling it.
      wasmProblem = `WebAssembly could not start (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  const reason = preference === 'typescript' ? 'chosen by you' : `${unavailable}${software}${wasmProblem}`;
  return { backend: createReferenceBackend(), reason, renderer };
}

/** Times whole redraws (every stage of one frame) for the lab's "last frame" readout. */
export class FrameTimer {
  last = 0;
  /** Exponential moving average, steadier than the last frame alone. */
  average = 0;

  measure<T>(frame: () => T): T {
    const started = performance.now();
    try {
      return frame();
    } finally {
      this.last = performance.now() - started;
      this.average = this.average === 0 ? this.last : 0.8 * this.average + 0.2 * this.last;
    }
  }
}
