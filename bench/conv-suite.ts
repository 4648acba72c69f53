/**
 * The convolution bench's workloads and runners, bundled twice by bench/conv.bench.mjs: for Node
 * and for a headless Chromium page. Every runner computes the same convolutions on the same data;
 * timings include what a caller pays (our backends copy the input in and the result out into the
 * caller's buffer from the round before, the peers read their result back).
 */
import { perChannelConv } from '../webview/conv/filter';
import { convGeometry } from '../webview/conv/geometry';
import type { ConvBackend, Conv2dParams, FeatureMap } from '../webview/conv/types';
import { rgbPixels, valueRange } from '../webview/lab/display';
import { onnxConvModel } from './onnx-conv';

export interface Workload {
  id: string;
  label: string;
  input: FeatureMap;
  conv: Conv2dParams;
  /** 2 × multiply-adds of the convolution. */
  flops: number;
}

/** Deterministic pseudo-random floats in [-1, 1) (a 32-bit LCG): the same data in every environment. */
function randomFloats(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function featureMap(channels: number, height: number, width: number, seed: number): FeatureMap {
  return { channels, height, width, data: randomFloats(channels * height * width, seed) };
}

function workload(id: string, label: string, input: FeatureMap, conv: Conv2dParams): Workload {
  const g = convGeometry(input, conv);
  const [, groupIn, kH, kW] = conv.weightShape;
  return { id, label, input, conv, flops: 2 * g.outChannels * g.outHeight * g.outWidth * groupIn * kH * kW };
}

export function workloads(): Workload[] {
  const image = featureMap(3, 1024, 1024, 1);
  const rgb = [3, 5, 11].map((k) => {
    const kernel = Array.from({ length: k }, (_, y) => Array.from(randomFloats(k, 100 + k * 16 + y)));
    return workload(`rgb-k${k}`, `RGB 1024×1024, per-channel ${k}×${k}`, image, perChannelConv(kernel, 3, { stride: 1, padding: Math.floor(k / 2), paddingMode: 'zeros', dilation: 1 }));
  });
  const layer: Conv2dParams = {
    weight: randomFloats(64 * 64 * 9, 7),
    weightShape: [64, 64, 3, 3],
    stride: [1, 1],
    padding: [1, 1],
    paddingMode: 'zeros',
    dilation: [1, 1],
    groups: 1,
  };
  return [...rgb, workload('c64', '64→64 3×3 on 56×56', featureMap(64, 56, 56, 3), layer)];
}

/** Something that can run a workload: `prepare` does the one-off work and returns the timed call. */
export interface Runner {
  name: string;
  ours: boolean;
  prepare(w: Workload): Promise<() => unknown>;
}

/** One of our backends, writing each round's result into the previous round's (conv2d's `into`), as the lab's redraw does. */
export function backendRunner(backend: ConvBackend): Runner {
  return {
    name: backend.name,
    ours: true,
    async prepare(w) {
      let previous: Float32Array | undefined;
      return () => {
        previous = backend.conv2d(w.input, w.conv, previous).data;
      };
    },
  };
}

/** CHW → HWC, the layout tfjs wants. */
function toHwc(map: FeatureMap): Float32Array {
  const { channels: C, height: H, width: W, data } = map;
  const out = new Float32Array(data.length);
  for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) out[i * C + c] = data[c * H * W + i];
  return out;
}

/** The subset of @tensorflow/tfjs-core the bench calls. */
interface TfLike {
  tensor4d(values: Float32Array, shape: [number, number, number, number]): unknown;
  depthwiseConv2d(x: unknown, filter: unknown, strides: number, pad: number[][]): { dataSync(): Float32Array; dispose(): void };
  conv2d(x: unknown, filter: unknown, strides: number, pad: number[][]): { dataSync(): Float32Array; dispose(): void };
}

/** @tensorflow/tfjs-backend-wasm (already initialised on `tf`): NHWC, filters [kH, kW, C_in, multiplier or C_out]. */
export function tfjsRunner(tf: TfLike): Runner {
  return {
    name: 'tfjs-wasm',
    ours: false,
    async prepare(w) {
      const { input, conv } = w;
      const [outC, groupIn, kH, kW] = conv.weightShape;
      const x = tf.tensor4d(toHwc(input), [1, input.height, input.width, input.channels]);
      const pads = conv.padding as [number, number];
      const pad = [[0, 0], [pads[0], pads[0]], [pads[1], pads[1]], [0, 0]];
      // torch [O, I/g, kH, kW] → tfjs [kH, kW, I/g or C, O/g or O].
      const filterData = new Float32Array(conv.weight.length);
      const depthwise = conv.groups === input.channels && groupIn === 1;
      const inDim = depthwise ? outC : groupIn;
      const outDim = depthwise ? 1 : outC;
      for (let o = 0; o < outC; o++) {
        for (let i = 0; i < groupIn; i++) {
          for (let y = 0; y < kH; y++) {
            for (let xk = 0; xk < kW; xk++) {
              const [ti, to] = depthwise ? [o, 0] : [i, o];
              filterData[((y * kW + xk) * inDim + ti) * outDim + to] = conv.weight[((o * groupIn + i) * kH + y) * kW + xk];
            }
          }
        }
      }
      const filter = tf.tensor4d(filterData, [kH, kW, inDim, outDim]);
      const op = depthwise ? tf.depthwiseConv2d.bind(tf) : tf.conv2d.bind(tf);
      return () => {
        const y = op(x, filter, 1, pad);
        y.dataSync();
        y.dispose();
      };
    },
  };
}

/** The subset of onnxruntime-web the bench calls. */
interface OrtLike {
  InferenceSession: { create(model: Uint8Array, options: object): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>> }> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

/** onnxruntime-web's wasm execution provider on a one-Conv model built for the workload. */
export function ortRunner(ort: OrtLike): Runner {
  return {
    name: 'onnxruntime-web',
    ours: false,
    async prepare(w) {
      const { input, conv } = w;
      const g = convGeometry(input, conv);
      const pads = conv.padding as [number, number];
      const model = onnxConvModel({
        inputShape: [1, input.channels, input.height, input.width],
        weight: conv.weight,
        weightShape: conv.weightShape,
        outputShape: [1, g.outChannels, g.outHeight, g.outWidth],
        pads: [pads[0], pads[1], pads[0], pads[1]],
        group: conv.groups,
      });
      const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      return async () => {
        const out = await session.run({ X: new ort.Tensor('float32', input.data, [1, input.channels, input.height, input.width]) });
        return out.Y.data;
      };
    },
  };
}

/**
 * Best (least) milliseconds of `fn` over runs after a warm-up: on a shared machine the other load
 * only ever adds time, so the fastest run is the closest to what the code itself costs.
 */
export async function bestMs(fn: () => unknown, rounds = 7): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

export interface Timing {
  workload: string;
  label: string;
  runner: string;
  ours: boolean;
  ms: number | null;
  gflops: number | null;
  note?: string;
}

/**
 * Times every runner on every workload. Runners take turns round by round (A, B, C, A, B, C…), so
 * a burst of load from elsewhere hits them alike; each keeps its best round. A runner whose single
 * run exceeds 1.5 s is timed once.
 */
export async function timeWorkloads(runners: Runner[], list: Workload[], rounds = 7): Promise<Timing[]> {
  const out: Timing[] = [];
  for (const w of list) {
    const entries: { runner: Runner; run?: () => unknown; best: number; slow: boolean; note?: string }[] = [];
    for (const runner of runners) {
      try {
        const run = await runner.prepare(w);
        const t = performance.now();
        await run(); // warm-up, and the only run of a slow runner
        const first = performance.now() - t;
        entries.push({ runner, run, best: first, slow: first > 1500 });
      } catch (e) {
        entries.push({ runner, best: Infinity, slow: false, note: e instanceof Error ? e.message : String(e) });
      }
    }
    for (const e of entries) if (!e.slow) e.best = Infinity;
    for (let round = 0; round < rounds; round++) {
      for (const e of entries) {
        if (!e.run || e.slow) continue;
        const t = performance.now();
        await e.run();
        e.best = Math.min(e.best, performance.now() - t);
      }
    }
    for (const e of entries) {
      const ms = e.note ? null : e.best;
      out.push({ workload: w.id, label: w.label, runner: e.runner.name, ours: e.runner.ours, ms, gflops: ms ? w.flops / ms / 1e6 : null, note: e.note });
    }
  }
  return out;
}

/**
 * What a slider change costs in the lab: a per-channel 5×5 conv of a 512×512 RGB image with
 * padding 'same', then the display mapping to RGBA (normalised), as one frame.
 */
export async function redrawMs(backend: ConvBackend): Promise<number> {
  const image = featureMap(3, 512, 512, 11);
  const kernel = Array.from({ length: 5 }, (_, y) => Array.from(randomFloats(5, 200 + y)));
  let frame = 0;
  let previous: Float32Array | undefined;
  return bestMs(() => {
    // A slider step changes the kernel a little; the image stays the same; the lab hands the
    // previous frame's conv output back as `into`.
    frame++;
    kernel[2][2] = 1 + frame * 1e-3;
    const out = backend.conv2d(image, perChannelConv(kernel, 3, { stride: 1, padding: 'same', paddingMode: 'zeros', dilation: 1 }), previous);
    previous = out.data;
    return rgbPixels(out, 'normalise', valueRange(out));
  });
}

/** GFLOP/s of conv.wasm's simdPeak, the channel-block conv's inner step alone (best of ten short runs): the ceiling the bench reports shares of. */
export async function simdCeilingGflops(wasmBytes: BufferSource): Promise<number> {
  const { instance } = await WebAssembly.instantiate(wasmBytes, { env: { abort() {} } });
  const peak = instance.exports.simdPeak as (iterations: number, m: number, c: number) => number;
  const iterations = 5_000_000;
  peak(iterations, 0.999, 0.001);
  let best = Infinity;
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    peak(iterations, 0.999, 0.001);
    best = Math.min(best, performance.now() - t);
  }
  return (iterations * 64) / best / 1e6;
}

export interface EnvironmentFigures {
  environment: string;
  ceilingGflops: number;
  timings: Timing[];
  redraw: { runner: string; ms: number }[];
  notes: string[];
}

/** Everything the bench measures in one environment: ceiling, workloads on every runner, redraw on our backends. */
export async function measureEnvironment(environment: string, backends: ConvBackend[], peers: Runner[], wasmBytes: BufferSource, notes: string[]): Promise<EnvironmentFigures> {
  const ceilingBefore = await simdCeilingGflops(wasmBytes);
  const timings = await timeWorkloads([...backends.map(backendRunner), ...peers], workloads());
  // Measured on both sides of the workloads, keeping the better: a burst of load from elsewhere
  // during one short measurement would otherwise lower the ceiling and inflate every share.
  const ceilingGflops = Math.max(ceilingBefore, await simdCeilingGflops(wasmBytes));
  const redraw = [];
  for (const b of backends) redraw.push({ runner: b.name, ms: await redrawMs(b) });
  return { environment, ceilingGflops, timings, redraw, notes };
}
