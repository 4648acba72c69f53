/**
 * What the model walk computes for each op of a model's layer graph, on one sample (the batch's
 * first), with the Kernel Lab's convolution core: convolutions with weights drawn as `nn.Conv2d`
 * draws them (seeded, so a re-roll is reproducible), batch norm with a fresh layer's running
 * statistics, activations, pooling, upsampling, pixel shuffle, adds and channel concatenations.
 * Anything else (Linear, flatten, attention, unknown modules) is shape-only: the walk says why and
 * draws no numbers it did not compute. Every result is checked against the shape the engine got
 * from torch's rules; a disagreement is reported, never drawn.
 */
import type { LayerGraphNode } from '../../src/core/api';
import type { ActivationKind, ConvBackend, FeatureMap, PaddingMode } from '../conv/types';
import { initConvWeights, seededRandom } from '../lab/kernels';

/** The walk's view of a graph node: dims as JSON (numbers, names of symbolic dims, null). */
export interface WalkNode extends Omit<LayerGraphNode, 'shape'> {
  shape: (number | string | null)[] | null;
}

export type StepResult = { map: FeatureMap } | { shapeOnly: string } | { error: string };

const ACTIVATIONS: Record<string, ActivationKind> = {
  relu: 'relu',
  relu6: 'relu6',
  leaky_relu: 'leaky_relu',
  leakyrelu: 'leaky_relu',
  elu: 'elu',
  gelu: 'gelu',
  silu: 'silu',
  mish: 'mish',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  hardswish: 'hardswish',
};

const IDENTITIES = new Set(['Identity', 'Dropout', 'Dropout2d', 'Dropout1d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout', 'dropout', 'dropout2d', 'contiguous', 'clone', 'detach', 'float', 'to']);

/** Mixed into a layer's seed for a bias drawn apart from the weights (transposed convolutions). */
export const BIAS_STREAM = 0xb1a5;

/** The seed of one layer's weights: the walk's seed mixed with the node's place in the graph. */
export function layerSeed(seed: number, nodeId: number): number {
  return (seed ^ Math.imul(nodeId + 1, 0x9e3779b1)) >>> 0;
}

/** The (C, H, W) of one sample when the engine knows them, else undefined. */
export function sampleDims(shape: WalkNode['shape']): [number, number, number] | undefined {
  if (!shape || shape.length < 3 || shape.length > 4) return undefined;
  const chw = shape.slice(-3);
  return chw.every((d) => typeof d === 'number' && d > 0) ? (chw as [number, number, number]) : undefined;
}

function pair(v: unknown, fallback: number): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length >= 2 && typeof v[v.length - 2] === 'number' && typeof v[v.length - 1] === 'number') return [v[v.length - 2], v[v.length - 1]];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return [v[0], v[0]];
  return [fallback, fallback];
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

function sameDims(a: FeatureMap, b: FeatureMap): boolean {
  return a.channels === b.channels && a.height === b.height && a.width === b.width;
}

function activationKind(node: WalkNode): ActivationKind | undefined {
  const kind = node.config?.kind;
  if (typeof kind === 'string' && Object.values(ACTIVATIONS).includes(kind as ActivationKind)) return kind as ActivationKind;
  return ACTIVATIONS[node.op.toLowerCase()];
}

function conv(node: WalkNode, x: FeatureMap, backend: ConvBackend, seed: number): FeatureMap | string {
  const c = node.config ?? {};
  const out = num(c.out_channels, 0);
  const groups = num(c.groups, 1);
  const [kH, kW] = pair(c.kernel_size, 0);
  if (!out || !kH || !kW || x.channels % groups !== 0) return 'its hyperparameters are not all known';
  const shape: [number, number, number, number] = [out, x.channels / groups, kH, kW];
  const { weight, bias } = initConvWeights(shape, c.bias !== false, layerSeed(seed, node.id));
  const padding = c.padding === 'same' || c.padding === 'valid' ? c.padding : pair(c.padding, 0);
  const mode = typeof c.padding_mode === 'string' ? c.padding_mode : 'zeros';
  return backend.conv2d(x, { weight, weightShape: shape, bias, stride: pair(c.stride, 1), padding, paddingMode: mode as PaddingMode, dilation: pair(c.dilation, 1), groups });
}

/**
 * `nn.ConvTranspose2d` (weight `[C_in, C_out / groups, kH, kW]`, drawn with fan_in = its dim 1 as torch
 * computes it) as the scatter it is: each input value adds its weighted kernel into the output.
 */
function convTranspose(node: WalkNode, x: FeatureMap, seed: number, out: [number, number, number]): FeatureMap | string {
  const c = node.config ?? {};
  const groups = num(c.groups, 1);
  const [kH, kW] = pair(c.kernel_size, 0);
  const [sH, sW] = pair(c.stride, 1);
  const [pH, pW] = pair(c.padding, 0);
  const [dH, dW] = pair(c.dilation, 1);
  const [outC, outH, outW] = out;
  if (!kH || !kW || x.channels % groups !== 0 || outC % groups !== 0) return 'its hyperparameters are not all known';
  const groupIn = x.channels / groups;
  const groupOut = outC / groups;
  const { weight } = initConvWeights([x.channels, groupOut, kH, kW], false, layerSeed(seed, node.id));
  // Its C_out biases come from a stream of their own (the weight's stream would give C_in of them).
  const bound = 1 / Math.sqrt(groupOut * kH * kW);
  const biasRandom = seededRandom(layerSeed(seed, node.id) ^ BIAS_STREAM);
  const bias = c.bias !== false ? Float32Array.from({ length: outC }, () => (biasRandom() * 2 - 1) * bound) : undefined;
  const data = new Float32Array(outC * outH * outW);
  if (bias) for (let oc = 0; oc < outC; oc++) data.fill(bias[oc], oc * outH * outW, (oc + 1) * outH * outW);
  for (let ic = 0; ic < x.channels; ic++) {
    const firstOut = Math.floor(ic / groupIn) * groupOut;
    for (let iy = 0; iy < x.height; iy++)
      for (let ix = 0; ix < x.width; ix++) {
        const v = x.data[(ic * x.height + iy) * x.width + ix];
        for (let o = 0; o < groupOut; o++)
          for (let ky = 0; ky < kH; ky++) {
            const oy = iy * sH - pH + ky * dH;
            if (oy < 0 || oy >= outH) continue;
            for (let kx = 0; kx < kW; kx++) {
              const ox = ix * sW - pW + kx * dW;
              if (ox < 0 || ox >= outW) continue;
              data[((firstOut + o) * outH + oy) * outW + ox] += v * weight[((ic * groupOut + o) * kH + ky) * kW + kx];
            }
          }
      }
  }
  return { channels: outC, height: outH, width: outW, data };
}

/** `F.pad` with a constant on the last two dims (negative pads crop, as in torch). */
function padConstant(node: WalkNode, x: FeatureMap, out: [number, number, number]): FeatureMap | string {
  const c = node.config ?? {};
  const pad = Array.isArray(c.pad) ? c.pad : [];
  if ((c.mode ?? 'constant') !== 'constant' || pad.length < 2 || pad.length > 4) return 'the walk pads with a constant on H and W only';
  const [left, , top = 0] = pad;
  const value = typeof c.value === 'number' ? c.value : 0;
  const [, height, width] = out;
  const data = new Float32Array(x.channels * height * width).fill(value);
  for (let ch = 0; ch < x.channels; ch++)
    for (let y = 0; y < height; y++) {
      const sy = y - top;
      if (sy < 0 || sy >= x.height) continue;
      for (let xx = 0; xx < width; xx++) {
        const sx = xx - left;
        if (sx >= 0 && sx < x.width) data[(ch * height + y) * width + xx] = x.data[(ch * x.height + sy) * x.width + sx];
      }
    }
  return { channels: x.channels, height, width, data };
}

/** Batch norm of a freshly built layer in eval mode: mean 0, variance 1, weight 1, bias 0. */
function batchNorm(node: WalkNode, x: FeatureMap): FeatureMap {
  const scale = Math.fround(1 / Math.sqrt(1 + num(node.config?.eps, 1e-5)));
  return { ...x, data: x.data.map((v) => Math.fround(v * scale)) };
}

function pool(node: WalkNode, x: FeatureMap, backend: ConvBackend, kind: 'max' | 'avg'): FeatureMap {
  const c = node.config ?? {};
  const kernel = pair(c.kernel_size, 1);
  const stride = c.stride === null || (Array.isArray(c.stride) && c.stride.length === 0) ? kernel : pair(c.stride, kernel[0]);
  return backend.pool2d(x, {
    kind,
    kernel,
    stride,
    padding: pair(c.padding, 0),
    dilation: pair(c.dilation, 1),
    ceilMode: c.ceil_mode === true,
    countIncludePad: c.count_include_pad !== false,
    divisorOverride: typeof c.divisor_override === 'number' ? c.divisor_override : undefined,
  });
}

/** Adaptive average pooling to the size torch's rule gave: window i spans ⌊iH/Ho⌋ to ⌈(i+1)H/Ho⌉. */
function adaptiveAvg(x: FeatureMap, height: number, width: number): FeatureMap {
  const data = new Float32Array(x.channels * height * width);
  for (let c = 0; c < x.channels; c++) {
    for (let oy = 0; oy < height; oy++) {
      const y0 = Math.floor((oy * x.height) / height);
      const y1 = Math.ceil(((oy + 1) * x.height) / height);
      for (let ox = 0; ox < width; ox++) {
        const x0 = Math.floor((ox * x.width) / width);
        const x1 = Math.ceil(((ox + 1) * x.width) / width);
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) sum += x.data[(c * x.height + y) * x.width + xx];
        data[(c * height + oy) * width + ox] = sum / ((y1 - y0) * (x1 - x0));
      }
    }
  }
  return { channels: x.channels, height, width, data };
}

/** `pixel_shuffle`: channel c·r² + i·r + j of the input lands at (y·r + i, x·r + j) of channel c. */
function pixelShuffle(x: FeatureMap, r: number): FeatureMap | string {
  if (r < 1 || x.channels % (r * r) !== 0) return 'its upscale factor does not divide the channels';
  const channels = x.channels / (r * r);
  const height = x.height * r;
  const width = x.width * r;
  const data = new Float32Array(channels * height * width);
  for (let c = 0; c < channels; c++)
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const plane = (c * r * r + i * r + j) * x.height * x.width;
        for (let y = 0; y < x.height; y++) for (let xx = 0; xx < x.width; xx++) data[(c * height + y * r + i) * width + xx * r + j] = x.data[plane + y * x.width + xx];
      }
  return { channels, height, width, data };
}

function interpolate(node: WalkNode, x: FeatureMap, backend: ConvBackend, out: [number, number, number]): FeatureMap | string {
  const c = node.config ?? {};
  const mode = node.op === 'UpsamplingBilinear2d' ? 'bilinear' : node.op === 'UpsamplingNearest2d' ? 'nearest' : typeof c.mode === 'string' ? c.mode : 'nearest';
  if (mode !== 'nearest' && mode !== 'bilinear') return `the lab draws nearest and bilinear upsampling, not ${mode}`;
  const alignCorners = node.op === 'UpsamplingBilinear2d' ? true : c.align_corners === true;
  // The output size torch's rule gave (floor of input × scale) is exactly what interpolate makes.
  const scale = c.scale_factor !== null && c.scale_factor !== undefined && (c.size === null || c.size === undefined) ? pair(c.scale_factor, 1) : undefined;
  return backend.interpolate(x, scale ? { mode, scaleFactor: scale, alignCorners } : { mode, size: [out[1], out[2]], alignCorners });
}

function add(inputs: FeatureMap[]): FeatureMap | string {
  if (inputs.length !== 2 || !sameDims(inputs[0], inputs[1])) return 'the walk adds maps of the same shape only';
  const data = new Float32Array(inputs[0].data.length);
  for (let i = 0; i < data.length; i++) data[i] = inputs[0].data[i] + inputs[1].data[i];
  return { ...inputs[0], data };
}

function concatChannels(node: WalkNode, inputs: FeatureMap[], rank: number): FeatureMap | string {
  const dim = num(node.config?.dim, 0);
  const channelDim = rank === 4 ? 1 : 0;
  if (dim !== channelDim && dim !== channelDim - rank) return 'the walk concatenates along channels only';
  if (inputs.some((m) => m.height !== inputs[0].height || m.width !== inputs[0].width)) return 'the maps differ in size';
  const channels = inputs.reduce((s, m) => s + m.channels, 0);
  const data = new Float32Array(channels * inputs[0].height * inputs[0].width);
  let offset = 0;
  for (const m of inputs) {
    data.set(m.data, offset);
    offset += m.data.length;
  }
  return { channels, height: inputs[0].height, width: inputs[0].width, data };
}

function shapeOnlyReason(node: WalkNode): string {
  if (!node.shape) return node.unknownReason ?? 'its shape is unknown';
  const named = node.shape.filter((d): d is string => typeof d === 'string');
  if (node.shape.length >= 3 && named.length > 0) return `its size is symbolic (${named.join(', ')}): declare a concrete input shape to walk it`;
  return `${node.op} gives no 2-D feature maps`;
}

/**
 * One op on one sample. `inputs` are the maps of the node's inputs in order (undefined where an
 * input was not computed); `source` is the sample fed to an `input` node.
 */
export function computeStep(node: WalkNode, inputs: (FeatureMap | undefined)[], backend: ConvBackend, seed: number, source?: FeatureMap): StepResult {
  const out = sampleDims(node.shape);
  if (!out) return { shapeOnly: shapeOnlyReason(node) };
  let result: FeatureMap | string;
  try {
    result = apply(node, inputs, backend, seed, out, source);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (typeof result === 'string') return { shapeOnly: result };
  if (result.channels !== out[0] || result.height !== out[1] || result.width !== out[2]) {
    return { error: `computed [${result.channels}, ${result.height}, ${result.width}], torch's rule says [${out.join(', ')}]` };
  }
  return { map: result };
}

function apply(node: WalkNode, inputs: (FeatureMap | undefined)[], backend: ConvBackend, seed: number, out: [number, number, number], source?: FeatureMap): FeatureMap | string {
  if (node.kind === 'input') return source ?? 'no sample image';
  const known = inputs.filter((m): m is FeatureMap => m !== undefined);
  if (known.length === 0 || known.length !== inputs.length) return 'an input of it was not computed';
  const x = known[0];
  const op = node.op;
  if (op === 'Conv2d' || op === 'conv2d') return node.kind === 'layer' ? conv(node, x, backend, seed) : 'F.conv2d takes its weights from the code';
  if (op === 'ConvTranspose2d') return convTranspose(node, x, seed, out);
  if (op === 'pad') return padConstant(node, x, out);
  if (op === 'BatchNorm2d') return batchNorm(node, x);
  if (IDENTITIES.has(op)) return x;
  const activation = activationKind(node);
  if (activation) {
    const alpha = node.config?.alpha ?? node.config?.negative_slope;
    return backend.activation(x, typeof alpha === 'number' ? { kind: activation, alpha } : { kind: activation });
  }
  if (op === 'MaxPool2d' || op === 'max_pool2d') return node.config?.return_indices === true ? 'it returns indices as well' : pool(node, x, backend, 'max');
  if (op === 'AvgPool2d' || op === 'avg_pool2d') return pool(node, x, backend, 'avg');
  if (op === 'AdaptiveAvgPool2d' || op === 'adaptive_avg_pool2d') return adaptiveAvg(x, out[1], out[2]);
  if (op === 'Upsample' || op === 'UpsamplingNearest2d' || op === 'UpsamplingBilinear2d' || op === 'interpolate' || op === 'upsample') return interpolate(node, x, backend, out);
  if (op === 'PixelShuffle' || op === 'pixel_shuffle') return pixelShuffle(x, num(node.config?.upscale_factor, 0));
  if (op === '+' || op === 'add') return add(known);
  if (op === 'cat' || op === 'concat') return concatChannels(node, known, node.shape?.length ?? 0);
  return `the lab does not compute ${op}`;
}

/**
 * The walk in graph order, one op per step, so a caller can yield to the page between steps. A map
 * is let go as soon as the last op that reads it has run: the caller keeps what it draws.
 */
export function* walkSteps(nodes: readonly WalkNode[], source: FeatureMap, backend: ConvBackend, seed: number): Generator<{ node: WalkNode; result: StepResult }> {
  const readers = new Map<number, number>();
  for (const node of nodes) for (const i of node.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  const maps = new Map<number, FeatureMap>();
  for (const node of nodes) {
    const result = computeStep(node, node.inputs.map((i) => maps.get(i)), backend, seed, source);
    for (const i of node.inputs) {
      const left = (readers.get(i) ?? 1) - 1;
      readers.set(i, left);
      if (left === 0) maps.delete(i);
    }
    if ('map' in result && (readers.get(node.id) ?? 0) > 0) maps.set(node.id, result.map);
    yield { node, result };
  }
}
