/**
 * Losses: `CrossEntropyLoss`/`NLLLoss` (class indices or probabilities), `BCELoss`,
 * `BCEWithLogitsLoss` and the elementwise regression losses (`MSELoss`, `L1Loss`, `SmoothL1Loss`,
 * `HuberLoss`), as modules and as `F.*`. `reduction='mean'` or `'sum'` gives a 0-d tensor;
 * `'none'` the per-element (or per-sample) shape.
 *
 * What torch checks is how target and input line up; each rule below is only applied where the
 * shapes involved are known, so an unknown never turns into an error.
 *
 * Modules: no parameters (a class `weight` is a buffer). MACs: 0.
 */
import { broadcastShapes } from '../ops/broadcast';
import { dimEquals, type Dim } from '../dims';
import { allKnown, fail, float, isTensor, notATensor, ok, sizeList, tensor, unknown } from './common';
import type { BoundArgs, FunctionDef, LayerDef, OpResult, ParamSpec } from './types';

type Reduced = (elementwise: Dim[]) => OpResult;

/** The result shape `reduction` asks for, given the per-element shape. */
function reducer(args: BoundArgs): Reduced {
  const reduction = args.reduction;
  return (elementwise) => {
    // The deprecated size_average/reduce override reduction; left unknown rather than decoded.
    if ((args.size_average ?? null) !== null || (args.reduce ?? null) !== null) return ok(unknown('loss: size_average/reduce are not modelled'));
    if (reduction === 'mean' || reduction === 'sum') return ok(tensor([]), { derivation: [], macs: 0 });
    if (reduction === 'none') return ok(tensor(elementwise), { derivation: [], macs: 0 });
    return ok(unknown(`loss: reduction ${String(reduction)} is not one the analysis knows`));
  };
}

/** Whether two shapes are equal: undefined when an unknown dim leaves it open. */
function sameShape(a: Dim[], b: Dim[]): boolean | undefined {
  if (a.length !== b.length) return false;
  if (a.every((d, i) => dimEquals(d, b[i]) === true)) return true;
  return a.some((d, i) => typeof d === 'number' && typeof b[i] === 'number' && d !== b[i]) ? false : undefined;
}

/** ATen's scalar type names of the integral dtypes, as its messages print them. */
const INTEGRAL: Record<string, string> = { int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool' };

/** Input and target shapes, or the unknown result when either is not a tensor of known rank. */
function operandShapes(op: string, args: BoundArgs): [Dim[], Dim[]] | OpResult {
  const { input, target } = args;
  if (!isTensor(input)) return notATensor(op, input);
  if (!isTensor(target)) return notATensor(op, target);
  if (input.shape === null || target.shape === null) return ok(unknown(`${op}: an operand shape is not known`));
  return [input.shape, target.shape];
}

/**
 * cross_entropy and nll_loss (ATen's `nll_loss_nd`): a target of the input's size holds class
 * probabilities; otherwise it holds one class index per sample, with the class dim (dim 1, or dim 0
 * of an unbatched input) dropped from the input's shape.
 */
function classLoss(op: string, probabilities: boolean, args: BoundArgs): OpResult {
  const shapes = operandShapes(op, args);
  if (!Array.isArray(shapes)) return shapes;
  const [x, y] = shapes;
  const reduce = reducer(args);
  const same = sameShape(x, y);
  if (same === undefined) return ok(unknown(`${op}: cannot tell whether the target holds class indices or probabilities`));
  const withoutClasses = x.length <= 1 ? [] : [x[0], ...x.slice(2)];
  if (same && probabilities) {
    const dtype = isTensor(args.target) ? args.target.dtype : undefined;
    if (dtype === undefined) return ok(unknown(`${op}: the target's dtype is not known`));
    if (INTEGRAL[dtype]) return fail('loss-target', `Expected floating point type for target with class probabilities, got ${INTEGRAL[dtype]}`);
    return x.length === 0 ? ok(unknown(`${op}: a 0-d input has no class dim`)) : reduce(withoutClasses);
  }
  if (x.length === 0) return fail('input-rank', 'Expected 1 or more dimensions (got 0)');
  if (x.length !== 1 && y.length > 0 && typeof x[0] === 'number' && typeof y[0] === 'number' && x[0] !== y[0]) {
    return fail('loss-batch-size', `Expected input batch_size (${x[0]}) to match target batch_size (${y[0]}).`);
  }
  if (x.length <= 2) {
    if (y.length > 1) return fail('loss-target', '0D or 1D target tensor expected, multi-target not supported');
    return reduce(y);
  }
  // Spatial inputs: the target must be the input without its class dim.
  if (x.length === 3 && sameShape(y, withoutClasses) === false && allKnown(x) && allKnown(y)) {
    return fail('loss-target', `Expected target size ${sizeList(withoutClasses)}, got ${sizeList(y)}`);
  }
  return sameShape(y, withoutClasses) === true ? reduce(y) : ok(unknown(`${op}: the target's spatial size is not known to match the input`));
}

/** The regression losses: target and input broadcast (torch warns when their sizes differ). */
function elementwiseLoss(op: string, args: BoundArgs): OpResult {
  const { input, target } = args;
  if (!isTensor(input)) return notATensor(op, input);
  if (!isTensor(target)) return notATensor(op, target);
  const broadcast = broadcastShapes(input.shape, target.shape);
  if (!broadcast.ok) return broadcast;
  const shape = isTensor(broadcast.value) ? broadcast.value.shape : null;
  if (shape === null || shape.includes(null)) return ok(unknown(`${op}: the broadcast shape of input and target is not known`));
  return reducer(args)(shape);
}

/** binary_cross_entropy(_with_logits) refuse a target whose size differs from the input's. */
function binaryLoss(op: string, logits: boolean, args: BoundArgs): OpResult {
  const shapes = operandShapes(op, args);
  if (!Array.isArray(shapes)) return shapes;
  const [x, y] = shapes;
  const same = sameShape(x, y);
  if (same === false && allKnown(x) && allKnown(y)) {
    const [got, want] = [`torch.Size(${sizeList(y)})`, `torch.Size(${sizeList(x)})`];
    return logits
      ? fail('loss-target', `Target size (${got}) must be the same as input size (${want})`)
      : fail('loss-target', `Using a target size (${got}) that is different to the input size (${want}) is deprecated. Please ensure they have the same size.`);
  }
  return same ? reducer(args)(x) : ok(unknown(`${op}: target and input sizes are not known to match`));
}

const LEGACY: ParamSpec[] = [{ name: 'size_average', default: null }, { name: 'reduce', default: null }];
const REDUCTION: ParamSpec = { name: 'reduction', default: 'mean' };
const CLASS_EXTRAS: ParamSpec[] = [{ name: 'ignore_index', default: -100 }, { name: 'reduce', default: null }, REDUCTION];

interface LossSpec {
  module: string;
  functional: string;
  /** Constructor parameters; the functional form takes `input, target` and then these. */
  params: ParamSpec[];
  rule(op: string, args: BoundArgs): OpResult;
}

const SPECS: LossSpec[] = [
  {
    module: 'CrossEntropyLoss',
    functional: 'cross_entropy',
    params: [{ name: 'weight', default: null }, { name: 'size_average', default: null }, ...CLASS_EXTRAS, { name: 'label_smoothing', default: float(0) }],
    rule: (op, args) => classLoss(op, true, args),
  },
  {
    module: 'NLLLoss',
    functional: 'nll_loss',
    params: [{ name: 'weight', default: null }, { name: 'size_average', default: null }, ...CLASS_EXTRAS],
    rule: (op, args) => classLoss(op, false, args),
  },
  { module: 'BCELoss', functional: 'binary_cross_entropy', params: [{ name: 'weight', default: null }, ...LEGACY, REDUCTION], rule: (op, args) => binaryLoss(op, false, args) },
  {
    module: 'BCEWithLogitsLoss',
    functional: 'binary_cross_entropy_with_logits',
    params: [{ name: 'weight', default: null }, ...LEGACY, REDUCTION, { name: 'pos_weight', default: null }],
    rule: (op, args) => binaryLoss(op, true, args),
  },
  { module: 'MSELoss', functional: 'mse_loss', params: [...LEGACY, REDUCTION], rule: elementwiseLoss },
  { module: 'L1Loss', functional: 'l1_loss', params: [...LEGACY, REDUCTION], rule: elementwiseLoss },
  { module: 'SmoothL1Loss', functional: 'smooth_l1_loss', params: [...LEGACY, REDUCTION, { name: 'beta', default: float(1) }], rule: elementwiseLoss },
  { module: 'HuberLoss', functional: 'huber_loss', params: [REDUCTION, { name: 'delta', default: float(1) }], rule: elementwiseLoss },
];

export const lossLayers: LayerDef[] = SPECS.map((spec) => ({
  name: spec.module,
  params: spec.params,
  build: (args) => ({
    ok: true,
    layer: {
      repr: `${spec.module}()`,
      params: 0,
      weights: [],
      forwardParams: [{ name: 'input' }, { name: 'target' }],
      forward: (fwd) => spec.rule(spec.functional, { ...args, ...fwd }),
      attributes: { reduction: args.reduction },
    },
  }),
}));

export const lossFunctions: FunctionDef[] = SPECS.map((spec) => ({
  name: `torch.nn.functional.${spec.functional}`,
  params: [{ name: 'input' }, { name: 'target' }, ...spec.params],
  call: (args) => spec.rule(spec.functional, args),
}));
