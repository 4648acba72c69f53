/**
 * Convolutions: `Conv1d/2d/3d`, `ConvTranspose1d/2d/3d`, their lazy forms and `F.conv*` /
 * `F.conv_transpose*`, with torch 1.13's validity rules and messages (`_ConvNd.__init__`,
 * `ConvTranspose*._output_padding`, ATen's `check_shape_forward` and the transposed-conv shape
 * checks).
 *
 * MACs follow the convention of common profilers: multiply-accumulates of the convolution itself
 * (bias and activation ignored). Forward: out elements × C_in/groups × prod(kernel); transposed:
 * input elements × C_out/groups × prod(kernel) (every input value scatters through the kernel).
 */
import { dimAdd, dimFloorDiv, dimMul, dimProduct, dimSub, formatDim, type Dim } from '../dims';
import {
  allKnown,
  expandParam,
  fail,
  isTensor,
  notATensor,
  ntuple,
  ok,
  paramCount,
  previewNumbers,
  pyStr,
  showDim,
  sliceSequence,
  sizeList,
  tensor,
  tensorArg,
  toBool,
  toDim,
  withPreview,
  wrapDim,
} from './common';
import { padShape } from './padding';
import type { LayerPreview } from '../api';
import type { ArgValue, BoundArgs, BuildResult, FunctionDef, LayerDef, LayerInstance, OpFacts, OpResult, ParamSpec, ShapeError } from './types';
import { spatialNames, transposedWindowOutput, windowOutput } from './window';

type ConvPadding = Dim[] | 'same' | 'valid';

interface ConvGeometry {
  /** Spatial rank: 1, 2 or 3. */
  n: number;
  transposed: boolean;
  stride: Dim[];
  padding: ConvPadding;
  dilation: Dim[];
  outputPadding: Dim[];
  groups: Dim;
}

/** Python prints this set in hash order; this is the order under PYTHONHASHSEED=0. */
const PADDING_MODES = "{'replicate', 'reflect', 'zeros', 'circular'}";

function opName(g: Pick<ConvGeometry, 'n' | 'transposed'>): string {
  return `conv${g.transposed ? '_transpose' : ''}${g.n}d`;
}

/** `'same'` splits `d·(k − 1)` as torch does: the smaller half on the left. */
function samePadding(kernel: Dim[], dilation: Dim[]): { left: Dim[]; right: Dim[] } {
  const total = kernel.map((k, i) => dimMul(dilation[i], dimSub(k, 1)));
  const left = total.map((t) => dimFloorDiv(t, 2));
  return { left, right: total.map((t, i) => dimSub(t, left[i])) };
}

/**
 * The forward rule shared by modules and functional forms. `weightShape` is the weight as torch
 * holds it (`[C_out, C_in/groups, *k]`, or `[C_in, C_out/groups, *k]` when transposed).
 */
function convForward(input: ArgValue | undefined, weightShape: Dim[], biasShape: Dim[] | undefined, g: ConvGeometry): OpResult {
  const op = opName(g);
  if (!isTensor(input)) return notATensor(op, input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (shape.length !== g.n + 1 && shape.length !== g.n + 2) {
    return fail('input-rank', `Expected ${g.n + 1}D (unbatched) or ${g.n + 2}D (batched) input to ${op}, but got input of size: ${sizeList(shape)}`);
  }
  const batched = shape.length === g.n + 2;
  // torch unsqueezes an unbatched input before every check, so its messages show the batch of 1.
  const full = batched ? shape : [1, ...shape];
  const kernel = weightShape.slice(2);
  if (weightShape.length !== g.n + 2) return ok(tensor(null));
  const expanded = expandGeometry(g);
  if (!('n' in expanded)) return expanded;
  g = expanded;

  const explicitPadding = Array.isArray(g.padding) ? g.padding : kernel.map(() => 0);
  if (explicitPadding.some((p) => typeof p === 'number' && p < 0)) return fail('conv-padding', 'negative padding is not supported');
  if (g.outputPadding.some((p) => typeof p === 'number' && p < 0)) return fail('output-padding', 'negative output_padding is not supported');
  if (g.stride.some((s) => typeof s === 'number' && s <= 0)) return fail('conv-stride', 'non-positive stride is not supported');
  const groups = g.groups;
  const w0 = weightShape[0];
  if (typeof w0 === 'number' && typeof groups === 'number' && groups > 0) {
    if (w0 < groups) {
      return fail('groups-divisible', `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${sizeList(weightShape)} instead`);
    }
    if (w0 % groups !== 0) {
      return fail('groups-divisible', `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${sizeList(weightShape)}] instead`);
    }
  }
  const channelsIn = full[1];
  const expectedChannels = g.transposed ? w0 : dimMul(weightShape[1], groups);
  if (typeof channelsIn === 'number' && typeof expectedChannels === 'number' && channelsIn !== expectedChannels) {
    const given = g.transposed ? 'transposed=1' : `groups=${formatDim(groups, 'python')}`;
    return fail(
      'conv-channels',
      `Given ${given}, weight of size ${sizeList(weightShape)}, expected input${sizeList(full)} to have ${expectedChannels} channels, but got ${channelsIn} channels instead`,
    );
  }
  const channelsOut = g.transposed ? dimMul(weightShape[1], groups) : w0;
  if (biasShape !== undefined && allKnown(biasShape) && typeof channelsOut === 'number' && (biasShape.length !== 1 || biasShape[0] !== channelsOut)) {
    const given = g.transposed ? `transposed=1, weight of size ${sizeList(weightShape)}` : `weight of size ${sizeList(weightShape)}`;
    return fail('conv-bias', `Given ${given}, expected bias to be 1-dimensional with ${channelsOut} elements, but got bias of size ${sizeList(biasShape)} instead`);
  }

  const spatial = full.slice(2);
  const padding = explicitPadding;
  const names = spatialNames(g.n);
  const derivation: string[] = [];
  if (g.padding === 'same') {
    const same = samePadding(kernel, g.dilation);
    spatial.forEach((d, i) => {
      derivation.push(`${names[i]}_out = ${showDim(d)} (padding='same': ${showDim(same.left[i])} before, ${showDim(same.right[i])} after, stride 1)`);
    });
    return convResult(batched, channelsOut, spatial, derivation, weightShape, g, full);
  }

  if (!g.transposed) {
    const paddedSizes = spatial.map((d, i) => dimAdd(d, dimMul(2, padding[i])));
    const effective = kernel.map((k, i) => dimAdd(dimMul(g.dilation[i], dimSub(k, 1)), 1));
    // One dim known too small is enough for torch to raise; dims the analysis cannot know print as ?.
    const tooSmall = paddedSizes.some((p, i) => {
      const e = effective[i];
      return typeof p === 'number' && typeof e === 'number' && p < e;
    });
    if (tooSmall) {
      return fail(
        'conv-kernel-too-large',
        `Calculated padded input size per channel: (${paddedSizes.map(shownInMessage).join(' x ')}). Kernel size: (${effective.map(shownInMessage).join(' x ')}). Kernel size can't be greater than actual input size`,
      );
    }
    const sizes = spatial.map((d, i) => {
      const out = windowOutput(names[i], d, { kernel: kernel[i], stride: g.stride[i], padding: padding[i], dilation: g.dilation[i], ceilMode: false });
      derivation.push(out.derivation);
      return out.size;
    });
    return convResult(batched, channelsOut, sizes, derivation, weightShape, g, full);
  }

  const outputPadding = g.outputPadding;
  // Each output_padding must be smaller than its stride or its dilation.
  if (allKnown(outputPadding) && allKnown(g.stride) && allKnown(g.dilation)) {
    const { stride, dilation } = g;
    if (outputPadding.some((p, i) => p >= stride[i] && p >= dilation[i])) {
      return fail('output-padding', outputPaddingMessage(g.n, outputPadding, stride, dilation));
    }
  }
  const sizes = spatial.map((d, i) => {
    const out = transposedWindowOutput(names[i], d, { kernel: kernel[i], stride: g.stride[i], padding: padding[i], dilation: g.dilation[i], outputPadding: outputPadding[i] });
    derivation.push(out.derivation);
    return out.size;
  });
  if (sizes.some((s) => typeof s === 'number' && s <= 0)) {
    const height = g.n === 1 ? [1] : [];
    return fail(
      'conv-output-too-small',
      `Given input size per channel: (${[...height, ...spatial].map(shownInMessage).join(' x ')}). Calculated output size per channel: (${[...height, ...sizes].map(shownInMessage).join(' x ')}). Output size is too small`,
    );
  }
  return convResult(batched, channelsOut, sizes, derivation, weightShape, g, full);
}

/** A size inside torch's message: its number, a symbolic expression, or ? where unknown. */
function shownInMessage(d: Dim): string {
  return formatDim(d, 'python');
}

/** `expand_param_if_needed`: a one-element list serves every spatial dim; other lengths are errors. */
function expandGeometry(g: ConvGeometry): ConvGeometry | { ok: false; error: ShapeError } {
  const lists: [keyof ConvGeometry & ('stride' | 'padding' | 'dilation' | 'outputPadding'), string][] = [
    ['stride', 'stride'],
    ['padding', 'padding'],
    ['dilation', 'dilation'],
    ['outputPadding', 'output_padding'],
  ];
  const out: ConvGeometry = { ...g };
  for (const [key, name] of lists) {
    const values = g[key];
    if (!Array.isArray(values)) continue;
    const full = expandParam(values, g.n);
    if (!full) {
      return fail(
        'conv-arguments',
        `expected ${name} to be a single integer value or a list of ${g.n} values to match the convolution dimensions, but got ${name}=${sizeList(values)}`,
      );
    }
    out[key] = full;
  }
  return out;
}

/** conv_transpose1d runs the 2-d kernel on a height-1 view, so its messages show that height. */
function outputPaddingMessage(n: number, op: number[], stride: number[], dilation: number[]): string {
  if (n === 1) return outputPaddingMessage(2, [0, ...op], [1, ...stride], [1, ...dilation]);
  const axes = n === 3 ? ['depth', 'height', 'width'] : ['height', 'width'];
  const part = (label: string, v: number[]) => axes.map((a, i) => `${label}_${a}: ${v[i]}`).join(' ');
  return `output padding must be smaller than either stride or dilation, but got ${part('output_padding', op)} ${part('stride', stride)} ${part('dilation', dilation)}`;
}

/**
 * A non-zero padding_mode: `_conv_forward` pads the input as given (before any batching) with
 * F.pad, last dim first, then convolves without padding.
 */
function paddedModeForward(input: ArgValue | undefined, weightShape: Dim[], g: ConvGeometry, mode: string): OpResult {
  if (!isTensor(input)) return notATensor(opName(g), input);
  if (input.shape === null) return ok(tensor(null));
  const expanded = expandGeometry(g);
  if (!('n' in expanded)) return expanded;
  g = expanded;
  const kernel = weightShape.slice(2);
  const same = g.padding === 'same' ? samePadding(kernel, g.dilation) : undefined;
  const explicit = Array.isArray(g.padding) ? g.padding : kernel.map(() => 0);
  const pads: Dim[] = [];
  for (let i = g.n - 1; i >= 0; i--) pads.push(same ? same.left[i] : explicit[i], same ? same.right[i] : explicit[i]);
  const padded = padShape(input.shape, pads, mode);
  if (!padded.ok) return padded;
  const result = convForward(tensor(padded.shape), weightShape, undefined, { ...g, padding: kernel.map(() => 0) });
  if (!result.ok || !result.facts) return result;
  const names = spatialNames(g.n);
  const padLines = input.shape.slice(-g.n).map((d, i) => `${names[i]}_padded = ${showDim(d)} + ${showDim(pads[2 * (g.n - 1 - i)])} + ${showDim(pads[2 * (g.n - 1 - i) + 1])} (${mode} padding) = ${showDim(padded.shape[padded.shape.length - g.n + i])}`);
  return { ...result, facts: { ...result.facts, derivation: [...padLines, ...result.facts.derivation] } };
}

function convResult(
  batched: boolean,
  channelsOut: Dim,
  sizes: Dim[],
  derivation: string[],
  weightShape: Dim[],
  g: ConvGeometry,
  full: Dim[],
): OpResult {
  const outFull = [full[0], channelsOut, ...sizes];
  const out = batched ? outFull : outFull.slice(1);
  const kernel = weightShape.slice(2);
  const macs = g.transposed
    ? dimMul(dimProduct(full), dimMul(weightShape[1], dimProduct(kernel)))
    : dimMul(dimProduct(outFull), dimMul(weightShape[1], dimProduct(kernel)));
  const facts: OpFacts = { derivation, macs };
  const padding = Array.isArray(g.padding) ? g.padding : g.padding === 'same' ? samePadding(kernel, g.dilation).left : kernel.map(() => 0);
  if (!g.transposed && allKnown(kernel) && allKnown(g.stride) && allKnown(g.dilation) && allKnown(padding)) {
    facts.window = { kernel, stride: g.stride, dilation: g.dilation, padding };
  }
  if (g.transposed && allKnown(g.stride)) facts.scale = g.stride;
  return ok(tensor(out), facts);
}

// ---------------------------------------------------------------------------------------------
// Modules

const convParams = (n: number, transposed: boolean, lazy: boolean): ParamSpec[] => [
  ...(lazy ? [] : [{ name: 'in_channels' }]),
  { name: 'out_channels' },
  { name: 'kernel_size' },
  { name: 'stride', default: 1 },
  { name: 'padding', default: 0 },
  ...(transposed
    ? [{ name: 'output_padding', default: 0 }, { name: 'groups', default: 1 }, { name: 'bias', default: true }, { name: 'dilation', default: 1 }]
    : [{ name: 'dilation', default: 1 }, { name: 'groups', default: 1 }, { name: 'bias', default: true }]),
  { name: 'padding_mode', default: 'zeros' },
  { name: 'device', default: null },
  { name: 'dtype', default: null },
];

function buildConv(n: number, transposed: boolean, lazy: boolean, className: string, args: BoundArgs): BuildResult {
  const groups = toDim(args.groups);
  const inChannels: Dim = lazy ? null : toDim(args.in_channels);
  const outChannels = toDim(args.out_channels);
  const kernel = ntuple(args.kernel_size, n);
  const stride = ntuple(args.stride, n);
  const dilation = ntuple(args.dilation, n);
  const outputPadding = transposed ? ntuple(args.output_padding, n) : kernel.map(() => 0);
  const paddingArg = args.padding;
  const padding: ConvPadding = typeof paddingArg === 'string' ? (paddingArg as 'same' | 'valid') : ntuple(paddingArg, n);
  const paddingMode = typeof args.padding_mode === 'string' ? args.padding_mode : 'zeros';
  const hasBias = toBool(args.bias) ?? true;

  if (typeof groups === 'number' && groups <= 0) return fail('groups-divisible', 'groups must be a positive integer');
  if (typeof groups === 'number' && typeof inChannels === 'number' && inChannels % groups !== 0) {
    return fail('groups-divisible', 'in_channels must be divisible by groups');
  }
  if (typeof groups === 'number' && typeof outChannels === 'number' && outChannels % groups !== 0) {
    return fail('groups-divisible', 'out_channels must be divisible by groups');
  }
  if (typeof padding === 'string' && !transposed) {
    if (padding !== 'same' && padding !== 'valid') {
      return fail('conv-padding', `Invalid padding string '${padding}', should be one of {'same', 'valid'}`);
    }
    if (padding === 'same' && stride.some((s) => typeof s === 'number' && s !== 1)) {
      return fail('same-padding-stride', "padding='same' is not supported for strided convolutions");
    }
  }
  if (!['zeros', 'reflect', 'replicate', 'circular'].includes(paddingMode)) {
    return fail('conv-padding-mode', `padding_mode must be one of ${PADDING_MODES}, but got padding_mode='${paddingMode}'`);
  }
  if (transposed && paddingMode !== 'zeros') {
    return fail('conv-padding-mode', `Only "zeros" padding mode is supported for ${className.replace('Lazy', '')}`);
  }

  const geometry: ConvGeometry = {
    n,
    transposed,
    stride,
    // ConvTranspose takes no padding string; torch fails on one in ways not worth imitating, so its dims go unknown.
    padding: padding === 'valid' && !transposed ? kernel.map(() => 0) : typeof padding === 'string' && transposed ? kernel.map(() => null) : padding,
    dilation,
    outputPadding,
    groups,
  };
  const state = { inChannels };
  const weightShape = (): Dim[] =>
    transposed ? [state.inChannels, dimFloorDiv(outChannels, groups), ...kernel] : [outChannels, dimFloorDiv(state.inChannels, groups), ...kernel];
  const weights = (): { name: string; shape: Dim[] }[] => [
    { name: 'weight', shape: weightShape() },
    ...(hasBias ? [{ name: 'bias', shape: [outChannels] }] : []),
  ];
  const params = (): Dim => paramCount(weights());
  const repr = (): string => {
    const shownClass = lazy && state.inChannels !== null ? className.replace('Lazy', '') : className;
    const parts = [
      `${formatDim(state.inChannels ?? 0, 'python')}, ${formatDim(outChannels, 'python')}`,
      `kernel_size=${pyStr(kernel)}`,
      `stride=${pyStr(stride)}`,
    ];
    if (typeof padding === 'string' || !padding.every((p) => p === 0)) parts.push(`padding=${pyStr(padding)}`);
    if (!dilation.every((d) => d === 1)) parts.push(`dilation=${pyStr(dilation)}`);
    if (!outputPadding.every((p) => p === 0)) parts.push(`output_padding=${pyStr(outputPadding)}`);
    if (groups !== 1) parts.push(`groups=${pyStr(groups)}`);
    if (!hasBias) parts.push('bias=False');
    if (paddingMode !== 'zeros') parts.push(`padding_mode=${paddingMode}`);
    return `${shownClass}(${parts.join(', ')})`;
  };

  // Repr and parameter count are read at every hover and summary row of the layer (the count at
  // every call too); only a lazy layer's in_channels can change them, so they are kept until it does.
  let described: { inChannels: Dim | null; repr: string } | undefined;
  let counted: { inChannels: Dim | null; params: Dim } | undefined;
  let attributes: Record<string, ArgValue> | undefined;
  const layer: LayerInstance = {
    get repr() {
      if (described?.inChannels !== state.inChannels) described = { inChannels: state.inChannels, repr: repr() };
      return described.repr;
    },
    get params() {
      if (counted?.inChannels !== state.inChannels) counted = { inChannels: state.inChannels, params: lazy && state.inChannels === null ? null : params() };
      return counted.params;
    },
    get weights() {
      return lazy && state.inChannels === null ? [] : weights();
    },
    forwardParams: transposed ? [{ name: 'input' }, { name: 'output_size', default: null }] : [{ name: 'input' }],
    forward(fwd: BoundArgs): OpResult {
      const input = fwd.input;
      if (lazy && state.inChannels === null && isTensor(input) && input.shape !== null) {
        // A lazy module takes its in_channels from the first input it sees (dim 1, or 0 unbatched).
        const batched = input.shape.length === n + 2;
        if (input.shape.length === n + 1 || batched) state.inChannels = input.shape[batched ? 1 : 0];
      }
      if (paddingMode !== 'zeros' && !transposed) return paddedModeForward(input, weightShape(), geometry, paddingMode);
      if (transposed) {
        const requested = fwd.output_size;
        if (requested !== null && requested !== undefined) {
          const resolved = outputPaddingFor(className.replace('Lazy', ''), input, requested, geometry, kernel);
          if (!resolved.ok) return resolved;
          return convForward(input, weightShape(), undefined, { ...geometry, outputPadding: resolved.outputPadding });
        }
      }
      return convForward(input, weightShape(), undefined, geometry);
    },
    get attributes(): Record<string, ArgValue> {
      if (attributes?.in_channels === state.inChannels) return attributes;
      return (attributes = {
        in_channels: state.inChannels,
        out_channels: outChannels,
        kernel_size: kernel,
        stride,
        padding,
        dilation,
        groups,
        padding_mode: paddingMode,
        ...(transposed ? { output_padding: outputPadding } : {}),
      });
    },
    // Read when a hover, a preview lens or a graph shows the layer: built then, once.
    get preview() {
      const config: LayerPreview['config'] = {
        in_channels: typeof inChannels === 'number' ? inChannels : null,
        out_channels: typeof outChannels === 'number' ? outChannels : null,
        kernel_size: previewNumbers(kernel),
        stride: previewNumbers(stride),
        padding: typeof padding === 'string' ? padding : previewNumbers(padding),
        dilation: previewNumbers(dilation),
        groups: typeof groups === 'number' ? groups : null,
        bias: hasBias,
        padding_mode: paddingMode,
      };
      if (transposed) config.output_padding = previewNumbers(outputPadding);
      const preview = { op: className.replace('Lazy', ''), config };
      Object.defineProperty(layer, 'preview', { value: preview, enumerable: true, configurable: true, writable: true });
      return preview;
    },
  };
  return { ok: true, layer };
}

/** `ConvTranspose*._output_padding`: the output_padding that makes the output `output_size`. */
function outputPaddingFor(
  className: string,
  input: ArgValue | undefined,
  requested: ArgValue,
  g: ConvGeometry,
  kernel: Dim[],
): { ok: true; outputPadding: Dim[] } | { ok: false; error: { code: string; message: string } } {
  const unknownPadding = { ok: true as const, outputPadding: kernel.map(() => null) };
  const expanded = expandGeometry(g);
  if (!isTensor(input) || input.shape === null || !Array.isArray(requested) || !('n' in expanded) || kernel.length !== g.n) return unknownPadding;
  g = expanded;
  const rank = input.shape.length;
  const nonSpatial = rank === g.n + 2 ? 2 : 1;
  // Python reads input.size(d + non-spatial dims) for every spatial d before the conv checks the rank.
  if (rank < nonSpatial + g.n) {
    const outOfRange = wrapDim(rank, rank);
    return outOfRange.ok ? unknownPadding : outOfRange;
  }
  const given = requested.length === nonSpatial + g.n ? sliceSequence(requested, nonSpatial) : requested;
  const sizes = given.map(toDim);
  if (sizes.length !== g.n) {
    return fail(
      'output-size',
      `${className.slice(0, -1)}D: for ${rank}D input, output_size must have ${g.n} or ${nonSpatial + g.n} elements (got ${requested.length})`,
    );
  }
  const spatial = input.shape.slice(nonSpatial, nonSpatial + g.n);
  const padding = Array.isArray(g.padding) ? g.padding : kernel.map(() => 0);
  const minSizes = spatial.map((d, i) => transposedWindowOutput('', d, { kernel: kernel[i], stride: g.stride[i], padding: padding[i], dilation: g.dilation[i], outputPadding: 0 }).size);
  const maxSizes = minSizes.map((m, i) => dimSub(dimAdd(m, g.stride[i]), 1));
  if (allKnown(sizes) && allKnown(minSizes) && allKnown(maxSizes)) {
    if (sizes.some((s, i) => s < minSizes[i] || s > maxSizes[i])) {
      return fail(
        'output-size',
        `requested an output size of ${pyStr(given)}, but valid sizes range from ${sizeList(minSizes)} to ${sizeList(maxSizes)} (for an input of torch.Size(${sizeList(input.shape.slice(2))}))`,
      );
    }
  }
  return { ok: true, outputPadding: sizes.map((s, i) => dimSub(s, minSizes[i])) };
}

function convDef(n: number, transposed: boolean, lazy: boolean): LayerDef {
  const name = `${lazy ? 'Lazy' : ''}Conv${transposed ? 'Transpose' : ''}${n}d`;
  return { name, params: convParams(n, transposed, lazy), build: (args) => buildConv(n, transposed, lazy, name, args) };
}

export const convLayers: LayerDef[] = [1, 2, 3].flatMap((n) => [
  convDef(n, false, false),
  convDef(n, true, false),
  convDef(n, false, true),
  convDef(n, true, true),
]);

// ---------------------------------------------------------------------------------------------
// Functional forms: F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)

function convFunction(n: number, transposed: boolean): FunctionDef {
  const op = opName({ n, transposed });
  const params: ParamSpec[] = transposed
    ? [
        { name: 'input' },
        { name: 'weight' },
        { name: 'bias', default: null },
        { name: 'stride', default: 1 },
        { name: 'padding', default: 0 },
        { name: 'output_padding', default: 0 },
        { name: 'groups', default: 1 },
        { name: 'dilation', default: 1 },
      ]
    : [
        { name: 'input' },
        { name: 'weight' },
        { name: 'bias', default: null },
        { name: 'stride', default: 1 },
        { name: 'padding', default: 0 },
        { name: 'dilation', default: 1 },
        { name: 'groups', default: 1 },
      ];
  return {
    name: `torch.nn.functional.${op}`,
    params,
    call(args) {
      const weight = tensorArg(args, 'weight');
      if (!weight || weight.shape === null) return isTensor(args.input) ? ok(tensor(null)) : notATensor(op, args.input);
      const paddingArg = args.padding;
      const stride = ntuple(args.stride, n);
      if (typeof paddingArg === 'string') {
        if (paddingArg !== 'same' && paddingArg !== 'valid') {
          return fail('conv-padding', `Invalid padding string: '${paddingArg}'`);
        }
        if (paddingArg === 'same' && stride.some((s) => typeof s === 'number' && s !== 1)) {
          return fail('same-padding-stride', "padding='same' is not supported for strided convolutions");
        }
      }
      const kernel = weight.shape.slice(2);
      const geometry: ConvGeometry = {
        n,
        transposed,
        stride,
        padding: paddingArg === 'valid' ? kernel.map(() => 0) : typeof paddingArg === 'string' ? 'same' : ntuple(paddingArg, n),
        dilation: ntuple(args.dilation, n),
        outputPadding: transposed ? ntuple(args.output_padding, n) : kernel.map(() => 0),
        groups: toDim(args.groups),
      };
      const bias = tensorArg(args, 'bias');
      const known = allKnown(weight.shape) ? weight.shape : undefined;
      return withPreview(convForward(args.input, weight.shape, bias?.shape ?? undefined, geometry), {
        op: `F.${op}`,
        config: {
          kernel_size: previewNumbers(kernel),
          stride: previewNumbers(geometry.stride),
          padding: typeof paddingArg === 'string' ? paddingArg : previewNumbers(geometry.padding as Dim[]),
          dilation: previewNumbers(geometry.dilation),
          groups: previewNumbers(geometry.groups),
          bias: bias !== undefined,
          ...(transposed ? { output_padding: previewNumbers(geometry.outputPadding) } : {}),
        },
        // The kernel written in the code (torch.tensor([[...]])) is what the lab should apply.
        ...(known && weight.values?.length === dimProduct(known) ? { weight: weight.values, weightShape: known } : {}),
      });
    },
  };
}

export const convFunctions: FunctionDef[] = [1, 2, 3].flatMap((n) => [convFunction(n, false), convFunction(n, true)]);
