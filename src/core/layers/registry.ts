/**
 * Every nn layer family, by the names Python code reaches them under: `layerDefs` by torch.nn class
 * name (`Conv2d`), `layerFunctionDefs` by qualified name (`torch.nn.functional.conv2d`,
 * `torch.relu`, and tensor methods such as `Tensor.relu` whose receiver binds to `input`).
 *
 * Diagnostic codes the families raise, each with torch's own message:
 * - construction: groups-divisible, same-padding-stride, conv-padding, conv-padding-mode,
 *   dropout-probability, embedding-padding-idx, attention-heads;
 * - forward, shape against parameters: conv-channels, conv-bias, linear-in-features, linear-bias,
 *   bilinear-shape, norm-features, prelu-channels, unpool-indices, rnn-input-size, rnn-hidden-size,
 *   attention-embed-dim,
 *   embedding-index (index values written in the code);
 * - losses, target against input: loss-batch-size, loss-target;
 * - forward, sizes: conv-kernel-too-large, conv-output-too-small, output-padding, output-size,
 *   pool-padding, pool-output-too-small, pool-kernel-too-large, interpolate-size, pixel-shuffle,
 *   glu-dim, pad-size, unfold-blocks, fold-blocks, norm-batch-size (training mode only);
 * - forward, arguments and ranks: input-rank, input-empty, dim-out-of-range, conv-arguments,
 *   conv-stride, unfold-arguments, pool-arguments, pool-kernel, pool-stride, pool-dilation, pool-divisor,
 *   interpolate-arguments, pad-length, pad-mode, pad-rank, norm-momentum, embedding-dtype,
 *   embedding-offsets.
 */
import { activationFunctions, activationLayers } from './activation';
import { adaptiveFunctions, adaptiveLayers } from './adaptive';
import { convFunctions, convLayers } from './conv';
import { dropoutFunctions, dropoutLayers } from './dropout';
import { embeddingFunctions, embeddingLayers } from './embedding';
import { foldFunctions, foldLayers } from './fold';
import { fractionalPoolFunctions, fractionalPoolLayers } from './fractional-pool';
import { lazyNormLayers } from './lazy-norm';
import { linearFunctions, linearLayers } from './linear';
import { lossFunctions, lossLayers } from './loss';
import { normFunctions, normLayers } from './norm';
import { padFunctions, paddingLayers } from './padding';
import { poolFunctions, poolLayers } from './pool';
import { reshapeLayers } from './reshape-layers';
import { rnnLayers } from './rnn';
import { transformerLayers } from './transformer';
import { upsampleFunctions, upsampleLayers } from './upsample';
import { isTensor } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult } from './types';

const layers: LayerDef[] = [
  ...convLayers,
  ...poolLayers,
  ...adaptiveLayers,
  ...upsampleLayers,
  ...normLayers,
  ...activationLayers,
  ...linearLayers,
  ...embeddingLayers,
  ...paddingLayers,
  ...dropoutLayers,
  ...reshapeLayers,
  ...foldLayers,
  ...lazyNormLayers,
  ...lossLayers,
  ...rnnLayers,
  ...transformerLayers,
  ...fractionalPoolLayers,
];

const functions: FunctionDef[] = [
  ...convFunctions,
  ...poolFunctions,
  ...adaptiveFunctions,
  ...upsampleFunctions,
  ...normFunctions,
  ...activationFunctions,
  ...linearFunctions,
  ...embeddingFunctions,
  ...padFunctions,
  ...dropoutFunctions,
  ...foldFunctions,
  ...lossFunctions,
  ...fractionalPoolFunctions,
];

/**
 * Autograd tracking, as torch propagates it: a module with parameters tracks its output, and any
 * op tracks its output when an input is tracked. Kernels such as max_pool1d check differently then.
 */
function anyTracked(args: BoundArgs): boolean {
  return Object.values(args).some((v) => isTensor(v) && v.requiresGrad === true);
}

function markTracked(result: OpResult, tracked: boolean, args: BoundArgs): OpResult {
  if (!tracked || !result.ok) return result;
  // Results a rule made are marked in place; an argument handed back as it came (Identity, an
  // item of a list argument) is copied, as callers may share their arguments.
  const inputs = new Set<ArgValue>();
  const collect = (v: ArgValue) => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (isTensor(v)) inputs.add(v);
  };
  Object.values(args).forEach(collect);
  const mark = (v: ArgValue): ArgValue => {
    if (isTensor(v)) {
      if (inputs.has(v)) return { ...v, requiresGrad: true };
      v.requiresGrad = true;
      return v;
    }
    return Array.isArray(v) ? v.map(mark) : v;
  };
  return { ...result, value: mark(result.value) };
}

function tracking(def: LayerDef): LayerDef {
  return {
    ...def,
    build(args) {
      const built = def.build(args);
      if (!built.ok) return built;
      const layer = built.layer;
      const forward = layer.forward.bind(layer);
      // Replaced on the instance itself, so lazy layers' getters keep reading their live state.
      layer.forward = (fwd) => markTracked(forward(fwd), layer.params !== 0 || anyTracked(fwd), fwd);
      return built;
    },
  };
}

export const layerDefs: ReadonlyMap<string, LayerDef> = new Map(layers.map((d) => [d.name, tracking(d)]));

/** `torch.*` and `Tensor.*` spellings whose signatures are those of the functional form. */
const ALIASES: [alias: string, functional: string][] = [
  ...['conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'].map((op): [string, string] => [`torch.${op}`, `torch.nn.functional.${op}`]),
  ...['avg_pool1d', 'adaptive_avg_pool1d', 'layer_norm', 'group_norm', 'prelu', 'bilinear', 'alpha_dropout', 'feature_alpha_dropout', 'rrelu', 'hardshrink'].map(
    (op): [string, string] => [`torch.${op}`, `torch.nn.functional.${op}`],
  ),
  ['Tensor.prelu', 'torch.nn.functional.prelu'],
];

const byName = new Map<string, FunctionDef>(functions.map((f) => [f.name, { ...f, call: (args) => markTracked(f.call(args), anyTracked(args), args) }]));
for (const [alias, functional] of ALIASES) {
  const def = byName.get(functional);
  if (def && !byName.has(alias)) byName.set(alias, { ...def, name: alias });
}

export const layerFunctionDefs: ReadonlyMap<string, FunctionDef> = byName;
