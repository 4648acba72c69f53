/**
 * The lab's chain, conv → activation → pool → upsample, run on a backend. Each enabled stage
 * reports its output, its shape and the derivation of its size; an invalid stage reports torch's
 * error text and the stages after it are not run (as in torch, where the exception stops forward).
 */
import type { ActivationParams, Conv2dParams, ConvBackend, FeatureMap, InterpolateParams, Pool2dParams } from '../conv/types';
import { applyKernel, perChannelConv, type KernelLayout } from '../conv/filter';
import { findPreset } from '../conv/presets';
import { convText, poolText, upsampleText, type LayerText } from './formula';
import { initConvWeights } from './kernels';
import type { LabState } from './state';

export type StageId = 'conv' | 'activation' | 'pool' | 'upsample';

export interface StageResult {
  id: StageId;
  /** `Conv2d(1, 7, kernel_size=(3, 3))`, `ReLU()`, … as torch's repr would say. */
  title: string;
  derivation: string[];
  output?: FeatureMap;
  error?: string;
}

export interface PipelineResult {
  input: FeatureMap;
  stages: StageResult[];
  /** The parameters the conv stage ran with, for the explainer, hovering and "Copy as PyTorch". */
  conv?: Conv2dParams;
  /** Whether a conv output pixel is one dot product with `conv` (not so for gradient magnitude's two). */
  convExplainable: boolean;
  millis: number;
}

/** How many channels the input tensor has in this channel mode. */
export function inputChannels(state: LabState): number {
  switch (state.channelMode) {
    case 'gray':
      return 1;
    case 'rgb':
      return 3;
    case 'full':
      return state.full.inChannels;
  }
}

/** The kernel as rows, as the presets and `applyKernel` take it. */
function kernelRows(state: LabState): number[][] {
  const { height, width, values } = state.kernel;
  return Array.from({ length: height }, (_, y) => values.slice(y * width, (y + 1) * width));
}

function layout(state: LabState): KernelLayout {
  const { stride, padding, paddingMode, dilation } = state.conv;
  return { stride, padding, paddingMode, dilation };
}

/**
 * The F.conv2d arguments the current state means. Grayscale: one kernel on one channel. RGB: the
 * same kernel on each channel separately (groups=3). Full: nn.Conv2d's weights, seeded kaiming-
 * uniform or the ones the code gave.
 */
export function convParams(state: LabState): Conv2dParams {
  if (state.channelMode !== 'full') return perChannelConv(kernelRows(state), inputChannels(state), layout(state));
  const { full, kernel } = state;
  const common = { ...perChannelConv([[0]], 1, layout(state)), groups: full.groups };
  if (full.given) return { ...common, weight: Float32Array.from(full.given.values), weightShape: full.given.shape };
  const shape: [number, number, number, number] = [full.outChannels, Math.max(1, Math.floor(full.inChannels / full.groups)), kernel.height, kernel.width];
  const drawn = initConvWeights(shape, full.bias, full.seed);
  return { ...common, weight: drawn.weight, weightShape: shape, bias: drawn.bias };
}

/** The gradient-magnitude preset's second kernel, while the kernel is still that preset. */
export function magnitudePartner(state: LabState): number[][] | undefined {
  return state.channelMode !== 'full' && state.kernel.preset ? findPreset(state.kernel.preset)?.magnitudeWith : undefined;
}

function runConv(backend: ConvBackend, x: FeatureMap, state: LabState, params: Conv2dParams, into: Float32Array | undefined): FeatureMap {
  const magnitudeWith = magnitudePartner(state);
  return magnitudeWith ? applyKernel(backend, x, { kernel: kernelRows(state), magnitudeWith }, layout(state)) : backend.conv2d(x, params, into);
}

export function poolParams(state: LabState): Pool2dParams {
  const { pool } = state;
  return { kind: pool.kind, kernel: pool.kernel, stride: pool.stride, padding: pool.padding, dilation: [1, 1], ceilMode: pool.ceilMode, countIncludePad: pool.countIncludePad };
}

export function upsampleParams(state: LabState): InterpolateParams {
  const { upsample } = state;
  return { mode: upsample.mode, scaleFactor: [upsample.scale, upsample.scale], alignCorners: upsample.mode === 'bilinear' ? false : undefined };
}

function activationParams(state: LabState): ActivationParams {
  const { kind, alpha } = state.activation;
  return alpha === null ? { kind } : { kind, alpha };
}

/** torch's repr of the activation module: `ReLU()`, `LeakyReLU(negative_slope=0.2)`, `ELU(alpha=0.5)`. */
export function activationRepr(state: LabState): string {
  const { kind, alpha } = state.activation;
  const argument = alpha === null ? '' : kind === 'leaky_relu' ? `negative_slope=${alpha}` : kind === 'elu' ? `alpha=${alpha}` : '';
  return `${activationClass(kind)}(${argument})`;
}

const ACTIVATION_CLASS: Record<ActivationParams['kind'], string> = {
  relu: 'ReLU', relu6: 'ReLU6', leaky_relu: 'LeakyReLU', elu: 'ELU', gelu: 'GELU', silu: 'SiLU', mish: 'Mish', sigmoid: 'Sigmoid', tanh: 'Tanh', hardswish: 'Hardswish',
};

export function activationClass(kind: ActivationParams['kind']): string {
  return ACTIVATION_CLASS[kind];
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs every enabled stage on `input`; never throws for invalid settings (they become stage errors).
 * `convInto` is a buffer the conv stage may write its result into (conv2d's `into`): the previous
 * frame's conv output, which nothing reads once this frame replaces it.
 */
export function runPipeline(backend: ConvBackend, input: FeatureMap, state: LabState, convInto?: Float32Array): PipelineResult {
  const started = performance.now();
  const stages: StageResult[] = [];
  let current: FeatureMap | undefined = input;
  let conv: Conv2dParams | undefined;
  const dims = (): [number, number, number] => [current!.channels, current!.height, current!.width];
  /** Runs one stage; its title and derivation are the shape engine's words for the same nn module. */
  const run = (id: StageId, describe: () => LayerText, fallbackTitle: string, compute: (x: FeatureMap) => FeatureMap): void => {
    if (!current) {
      stages.push({ id, title: fallbackTitle, derivation: [], error: 'Not run: an earlier stage failed.' });
      return;
    }
    const text = describe();
    const title = text.repr ?? fallbackTitle;
    try {
      current = compute(current);
      stages.push({ id, title, derivation: text.derivation, output: current });
    } catch (err) {
      stages.push({ id, title, derivation: text.derivation, error: errorText(err) });
      current = undefined;
    }
  };
  if (state.conv.enabled) {
    const params = convParams(state);
    conv = params;
    const [outChannels, , kH, kW] = params.weightShape;
    const describe = (): LayerText => {
      const text = convText(dims(), { inChannels: input.channels, outChannels, kernel: [kH, kW], stride: params.stride, padding: params.padding, dilation: params.dilation, groups: params.groups, bias: params.bias !== undefined, paddingMode: state.conv.paddingMode });
      return magnitudePartner(state) && text.repr ? { ...text, repr: `√(x² + y²) of two ${text.repr}: Sobel x and Sobel y` } : text;
    };
    run('conv', describe, 'Conv2d', (x) => runConv(backend, x, state, params, convInto));
  }
  if (state.activation.enabled) {
    run('activation', () => ({ repr: activationRepr(state), derivation: [] }), activationClass(state.activation.kind), (x) => backend.activation(x, activationParams(state)));
  }
  if (state.pool.enabled) {
    const p = poolParams(state);
    run('pool', () => poolText(p.kind, dims(), p.kernel, p.stride, p.padding, p.ceilMode, p.countIncludePad), p.kind === 'max' ? 'MaxPool2d' : 'AvgPool2d', (x) => backend.pool2d(x, p));
  }
  if (state.upsample.enabled) {
    const { scale, mode } = state.upsample;
    run('upsample', () => upsampleText(dims(), scale, mode), 'Upsample', (x) => backend.interpolate(x, upsampleParams(state)));
  }
  return { input, stages, conv, convExplainable: !magnitudePartner(state), millis: performance.now() - started };
}
