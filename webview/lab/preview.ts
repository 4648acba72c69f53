/**
 * Translation between a layer in the code (`LayerPreview`, from the analysis) and the lab's state:
 * `stateFromPreview` sets the lab to the layer's hyperparameters and an input that follows the
 * layer's inferred input shape; `previewFromState` gives back the hyperparameters as the lab now has
 * them, for "Apply to code". Anything the lab cannot show is reported as a note, never approximated.
 */
import type { LayerPreview } from '../../src/core/api';
import type { ActivationKind } from '../conv/types';
import { ACTIVATION_KINDS, MAX_CHANNELS, MAX_KERNEL, type LabState, type Padding } from './state';

type Config = LayerPreview['config'];

const CONV_OPS = new Set(['Conv2d', 'F.conv2d', 'conv2d']);
const POOL_OPS: Record<string, 'max' | 'avg'> = { MaxPool2d: 'max', 'F.max_pool2d': 'max', max_pool2d: 'max', AvgPool2d: 'avg', 'F.avg_pool2d': 'avg', avg_pool2d: 'avg' };
const UPSAMPLE_OPS = new Set(['Upsample', 'UpsamplingNearest2d', 'UpsamplingBilinear2d', 'F.interpolate', 'interpolate', 'F.upsample']);
/** The engine names an activation's kind in its config (`{ kind: 'leaky_relu', alpha: 0.2 }`), whatever the op's spelling. */
function activationKind(preview: LayerPreview): ActivationKind | null {
  const kind = preview.config.kind;
  return typeof kind === 'string' && (ACTIVATION_KINDS as readonly string[]).includes(kind) ? (kind as ActivationKind) : null;
}

export interface PreviewOutcome {
  state: LabState;
  /** What the lab could not reproduce, in words for the user. */
  notes: string[];
}

/** An (H, W) argument: `fallback` when the config omits it, null when the analysis could not know it. */
function pairOf(value: Config[string] | undefined, fallback: [number, number]): [number, number] | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every(Number.isInteger)) return [value[0], value[1]];
  if (Array.isArray(value) && value.length === 1 && Number.isInteger(value[0])) return [value[0], value[0]];
  return null;
}

function positive(v: [number, number] | null, max: number): v is [number, number] {
  return v !== null && v[0] >= 1 && v[1] >= 1 && v[0] <= max && v[1] <= max;
}

/** C, H, W of the layer's input when the analysis knows them (batched or not). */
function inputDims(preview: LayerPreview): { channels: number | null; size: [number, number] | null } {
  const shape = preview.inputShape;
  if (!shape || shape.length < 3) return { channels: null, size: null };
  const [c, h, w] = shape.slice(-3);
  const known = (d: unknown): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0;
  return { channels: known(c) ? c : null, size: known(h) && known(w) && h <= 1024 && w <= 1024 ? [h, w] : null };
}

/** The picture for an input of `channels` channels: the digit for one, a photo otherwise. */
function inputFor(state: LabState, channels: number | null, size: [number, number] | null): LabState {
  const image = state.image.kind === 'user' ? state.image : channels === 1 ? ({ kind: 'sample', id: 'digit' } as const) : ({ kind: 'sample', id: 'astronaut' } as const);
  return { ...state, image, inputSize: size };
}

function applyConv(state: LabState, preview: LayerPreview, notes: string[]): LabState {
  const c = preview.config;
  const weightShape = preview.weightShape;
  const kernel = pairOf(c.kernel_size, weightShape && weightShape.length === 4 ? [weightShape[2], weightShape[3]] : [3, 3]);
  if (!positive(kernel, MAX_KERNEL)) {
    notes.push(`kernel_size ${JSON.stringify(c.kernel_size)} is not one the lab can draw (1 to ${MAX_KERNEL} per side).`);
    return state;
  }
  const stride = pairOf(c.stride, [1, 1]);
  const dilation = pairOf(c.dilation, [1, 1]);
  const padding: Padding | null = c.padding === 'same' || c.padding === 'valid' ? c.padding : pairOf(c.padding, [0, 0]);
  if (!positive(stride, 16) || !positive(dilation, 8) || padding === null) {
    notes.push('stride, padding or dilation is not known at this line, so the lab keeps its own.');
    return state;
  }
  const { channels, size } = inputDims(preview);
  const inChannels = typeof c.in_channels === 'number' ? c.in_channels : weightShape && channels !== null ? channels : (channels ?? 1);
  const outChannels = typeof c.out_channels === 'number' ? c.out_channels : weightShape?.[0] ?? 1;
  const groups = typeof c.groups === 'number' ? c.groups : 1;
  if (inChannels > MAX_CHANNELS || outChannels > MAX_CHANNELS) {
    notes.push(`${inChannels} → ${outChannels} channels is beyond the lab's ${MAX_CHANNELS}.`);
    return state;
  }
  const mode = typeof c.padding_mode === 'string' && ['zeros', 'reflect', 'replicate', 'circular'].includes(c.padding_mode) ? (c.padding_mode as LabState['conv']['paddingMode']) : 'zeros';
  const givenShape = weightShape?.length === 4 ? (weightShape as [number, number, number, number]) : weightShape?.length === 2 ? ([1, 1, weightShape[0], weightShape[1]] as [number, number, number, number]) : null;
  const given = preview.weight && givenShape && preview.weight.length === givenShape.reduce((a, b) => a * b, 1) ? { values: preview.weight, shape: givenShape } : null;
  if (preview.weight && !given) notes.push('The weights in the code do not match the layer\'s shape; random weights are shown instead.');
  const next = inputFor(state, inChannels, size);
  return {
    ...next,
    channelMode: 'full',
    kernel: { ...state.kernel, ...(kernel[0] === state.kernel.height && kernel[1] === state.kernel.width ? {} : { height: kernel[0], width: kernel[1], values: new Array(kernel[0] * kernel[1]).fill(0), preset: null }) },
    full: { ...state.full, inChannels: given ? given.shape[1] * groups : inChannels, outChannels: given ? given.shape[0] : outChannels, groups, bias: c.bias !== false, given },
    conv: { enabled: true, stride, padding, paddingMode: mode, dilation },
    activation: { ...state.activation, enabled: false },
    pool: { ...state.pool, enabled: false },
    upsample: { ...state.upsample, enabled: false },
  };
}

/** Which channel mode shows a layer without its own weights on an input of `channels` channels. */
function passThrough(state: LabState, preview: LayerPreview): LabState {
  const { channels, size } = inputDims(preview);
  const next = inputFor(state, channels, size);
  const channelMode = channels === 1 ? 'gray' : channels === 3 || channels === null ? 'rgb' : 'full';
  return { ...next, channelMode, full: channelMode === 'full' ? { ...state.full, inChannels: Math.min(channels!, MAX_CHANNELS), given: null } : state.full, conv: { ...state.conv, enabled: false } };
}

/** The lab set to `preview`'s layer, keeping everything the layer does not determine. */
export function stateFromPreview(current: LabState, preview: LayerPreview): PreviewOutcome {
  const notes: string[] = [];
  const op = preview.op;
  let state: LabState;
  if (CONV_OPS.has(op)) {
    state = applyConv(current, preview, notes);
    if (state === current) return { state, notes };
  } else if (op in POOL_OPS) {
    const c = preview.config;
    const kernel = pairOf(c.kernel_size, [2, 2]);
    const stride = c.stride === null || c.stride === undefined ? kernel : pairOf(c.stride, [2, 2]);
    const padding = pairOf(c.padding, [0, 0]);
    if (!positive(kernel, 8) || !positive(stride, 8) || padding === null) {
      notes.push('The pooling window is not known at this line (or is larger than the lab\'s 8×8).');
      return { state: current, notes };
    }
    const base = passThrough(current, preview);
    state = {
      ...base,
      activation: { ...base.activation, enabled: false },
      pool: { enabled: true, kind: POOL_OPS[op], kernel, stride, padding, ceilMode: c.ceil_mode === true, countIncludePad: c.count_include_pad !== false },
      upsample: { ...base.upsample, enabled: false },
    };
  } else if (UPSAMPLE_OPS.has(op)) {
    const c = preview.config;
    const factor = c.scale_factor;
    const scale = typeof factor === 'number' ? factor : Array.isArray(factor) && factor.length > 0 && factor.every((v) => v === factor[0]) ? factor[0] : null;
    const mode = op === 'UpsamplingBilinear2d' ? 'bilinear' : c.mode === 'bilinear' ? 'bilinear' : c.mode === 'nearest' || c.mode === undefined || c.mode === null ? 'nearest' : null;
    // UpsamplingBilinear2d and align_corners=True sample on corner-aligned grids, which the lab's upsample stage does not offer.
    if (scale === null || !Number.isInteger(scale) || scale < 1 || scale > 8 || mode === null || op === 'UpsamplingBilinear2d' || c.align_corners === true) {
      notes.push('The lab draws nearest and bilinear (align_corners=False) upsampling by an integer scale_factor from 1 to 8; this call is not one of those.');
      return { state: current, notes };
    }
    const base = passThrough(current, preview);
    state = { ...base, activation: { ...base.activation, enabled: false }, pool: { ...base.pool, enabled: false }, upsample: { enabled: true, mode, scale } };
  } else if (activationKind(preview)) {
    const base = passThrough(current, preview);
    const alpha = typeof preview.config.alpha === 'number' ? preview.config.alpha : null;
    state = { ...base, activation: { enabled: true, kind: activationKind(preview)!, alpha }, pool: { ...base.pool, enabled: false }, upsample: { ...base.upsample, enabled: false } };
  } else {
    notes.push(`The lab cannot draw ${op} yet.`);
    return { state: current, notes };
  }
  return { state: { ...state, linkedOp: op, explainer: { ...state.explainer, step: 0 } }, notes };
}

/** The layer as the lab now has it, in LayerPreview's terms, for "Apply to code". */
export function previewFromState(state: LabState): LayerPreview {
  const op = state.linkedOp ?? 'Conv2d';
  if (op in POOL_OPS) {
    const p = state.pool;
    return { op, config: { kernel_size: p.kernel, stride: p.stride, padding: p.padding, ceil_mode: p.ceilMode, ...(p.kind === 'avg' ? { count_include_pad: p.countIncludePad } : {}) } };
  }
  if (UPSAMPLE_OPS.has(op)) return { op, config: { scale_factor: state.upsample.scale, mode: state.upsample.mode } };
  if (!CONV_OPS.has(op)) {
    // Only an activation links the lab to any other op (stateFromPreview sets nothing else).
    const { kind, alpha } = state.activation;
    return { op, config: { kind, ...(alpha === null ? {} : { alpha }) } };
  }
  const { conv, kernel, full } = state;
  const kernelSize = full.given ? [full.given.shape[2], full.given.shape[3]] : [kernel.height, kernel.width];
  return {
    op,
    config: {
      in_channels: full.inChannels,
      out_channels: full.given ? full.given.shape[0] : full.outChannels,
      kernel_size: kernelSize,
      stride: conv.stride,
      padding: conv.padding,
      dilation: conv.dilation,
      groups: full.groups,
      bias: full.bias,
      padding_mode: conv.paddingMode,
    },
  };
}
