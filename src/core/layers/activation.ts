/**
 * Activations: every `nn` activation module, its `F.*` form, and the `torch.*` / `Tensor.*`
 * spellings torch also has. All keep the input's shape; the few with validity rules (Softmax
 * family and GLU with `dim`, PReLU's per-channel weight, Softmax2d's rank) check them here.
 *
 * MACs: activations count 0 (the convention ignores them).
 */
import { dimFloorDiv, type Dim } from '../dims';
import { fail, float, isTensor, keywordArgs, notATensor, ok, pyRepr, tensor, tensorArg, toBool, toDim, toNumber, withPreview, wrapDim } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult, ParamSpec } from './types';

const inplace: ParamSpec = { name: 'inplace', default: false };
const dimNone: ParamSpec = { name: 'dim', default: null };

interface ActivationSpec {
  /** `nn` class name. */
  cls: string;
  /** Constructor parameters (after self). */
  params: ParamSpec[];
  /** What the class's extra_repr prints. */
  repr: (args: BoundArgs) => string;
  /** Functional spellings taking `(input, *params)`; tensor methods get the receiver as `input`. */
  functions: string[];
  /** Parameters of the functional forms after `input`, when they differ from the class's. */
  functionParams?: ParamSpec[];
  /** A shape rule beyond "same shape", or a validity check. */
  rule?: (input: Dim[], args: BoundArgs) => OpResult | undefined;
}

/** `inplace=True` is printed only when set, by the classes that print it at all. */
const inplaceRepr = (args: BoundArgs) => (toBool(args.inplace) ? 'inplace=True' : '');

const keywords = (...names: string[]) => (args: BoundArgs) => keywordArgs(names.map((n) => [n, args[n]]));

const withInplace = (inner: (args: BoundArgs) => string) => (args: BoundArgs) =>
  [inner(args), inplaceRepr(args)].filter((s) => s.length > 0).join(', ');

const none = () => '';

/** Softmax-style `dim`: None picks a dim (no error); a given dim must be in range. */
function dimRule(input: Dim[], args: BoundArgs): OpResult | undefined {
  const dim = toDim(args.dim);
  if (typeof dim !== 'number') return undefined;
  const wrapped = wrapDim(dim, input.length);
  return wrapped.ok ? undefined : wrapped;
}

/** Softmax, LogSoftmax and Softmin: one optional `dim`; the functional forms add `_stacklevel` and `dtype`. */
function softmaxKind(cls: string, functions: string[]): ActivationSpec {
  const functionParams = [dimNone, { name: '_stacklevel', default: 3 }, { name: 'dtype', default: null }];
  return { cls, params: [dimNone], repr: keywords('dim'), functions, functionParams, rule: dimRule };
}

function gluRule(input: Dim[], args: BoundArgs): OpResult | undefined {
  if (input.length === 0) return fail('glu-dim', 'glu does not support scalars because halving size must be even');
  const dim = toDim(args.dim);
  if (typeof dim !== 'number') return ok(tensor(input.map(() => null)));
  const wrapped = wrapDim(dim, input.length);
  if (!wrapped.ok) return wrapped;
  const size = input[wrapped.dim];
  if (typeof size === 'number' && size % 2 !== 0) {
    return fail('glu-dim', `Halving dimension must be even, but dimension ${wrapped.dim} is size ${size}`);
  }
  const out = input.slice();
  out[wrapped.dim] = dimFloorDiv(size, 2);
  return ok(tensor(out), { derivation: [`dim ${wrapped.dim}: ${size} / 2 = ${out[wrapped.dim]}`], macs: 0 });
}

/** PReLU's weight has one slope, or one per channel (dim 1, or 1 for a 1-d input). */
function preluCheck(input: Dim[], numParameters: Dim): OpResult | undefined {
  if (typeof numParameters !== 'number' || numParameters === 1) return undefined;
  if (input.length === 0) return fail('prelu-channels', 'Not allow zero-dim input tensor.');
  const channels = input.length >= 2 ? input[1] : 1;
  if (typeof channels === 'number' && channels !== numParameters) {
    return fail(
      'prelu-channels',
      `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${numParameters} and channel size = ${channels}.`,
    );
  }
  return undefined;
}

const specs: ActivationSpec[] = [
  { cls: 'ReLU', params: [inplace], repr: inplaceRepr, functions: ['torch.nn.functional.relu', 'torch.relu', 'Tensor.relu', 'torch.nn.functional.relu_', 'torch.relu_', 'Tensor.relu_'] },
  { cls: 'ReLU6', params: [inplace], repr: inplaceRepr, functions: ['torch.nn.functional.relu6'] },
  {
    cls: 'LeakyReLU',
    params: [{ name: 'negative_slope', default: float(0.01) }, inplace],
    repr: withInplace(keywords('negative_slope')),
    functions: ['torch.nn.functional.leaky_relu', 'torch.nn.functional.leaky_relu_'],
  },
  { cls: 'ELU', params: [{ name: 'alpha', default: float(1) }, inplace], repr: withInplace(keywords('alpha')), functions: ['torch.nn.functional.elu', 'torch.nn.functional.elu_'] },
  { cls: 'CELU', params: [{ name: 'alpha', default: float(1) }, inplace], repr: withInplace(keywords('alpha')), functions: ['torch.nn.functional.celu', 'torch.celu'] },
  { cls: 'SELU', params: [inplace], repr: inplaceRepr, functions: ['torch.nn.functional.selu', 'torch.selu'] },
  { cls: 'GELU', params: [{ name: 'approximate', default: 'none' }], repr: keywords('approximate'), functions: ['torch.nn.functional.gelu'], functionParams: [{ name: 'approximate', default: 'none' }] },
  { cls: 'SiLU', params: [inplace], repr: inplaceRepr, functions: ['torch.nn.functional.silu'] },
  { cls: 'Mish', params: [inplace], repr: inplaceRepr, functions: ['torch.nn.functional.mish'] },
  { cls: 'Hardswish', params: [inplace], repr: none, functions: ['torch.nn.functional.hardswish'] },
  { cls: 'Hardsigmoid', params: [inplace], repr: none, functions: ['torch.nn.functional.hardsigmoid'] },
  {
    cls: 'Hardtanh',
    params: [{ name: 'min_val', default: float(-1) }, { name: 'max_val', default: float(1) }, inplace, { name: 'min_value', default: null }, { name: 'max_value', default: null }],
    repr: withInplace(keywords('min_val', 'max_val')),
    functions: ['torch.nn.functional.hardtanh', 'torch.nn.functional.hardtanh_'],
    functionParams: [{ name: 'min_val', default: float(-1) }, { name: 'max_val', default: float(1) }, inplace],
  },
  { cls: 'Sigmoid', params: [], repr: none, functions: ['torch.nn.functional.sigmoid', 'torch.sigmoid', 'Tensor.sigmoid', 'Tensor.sigmoid_'] },
  { cls: 'Tanh', params: [], repr: none, functions: ['torch.nn.functional.tanh', 'torch.tanh', 'Tensor.tanh', 'Tensor.tanh_'] },
  { cls: 'LogSigmoid', params: [], repr: none, functions: ['torch.nn.functional.logsigmoid'] },
  { cls: 'Softsign', params: [], repr: none, functions: ['torch.nn.functional.softsign'] },
  { cls: 'Tanhshrink', params: [], repr: none, functions: ['torch.nn.functional.tanhshrink'] },
  {
    cls: 'Softplus',
    params: [{ name: 'beta', default: 1 }, { name: 'threshold', default: 20 }],
    repr: keywords('beta', 'threshold'),
    functions: ['torch.nn.functional.softplus'],
  },
  { cls: 'Hardshrink', params: [{ name: 'lambd', default: float(0.5) }], repr: (a) => pyRepr(a.lambd), functions: ['torch.nn.functional.hardshrink', 'Tensor.hardshrink'] },
  { cls: 'Softshrink', params: [{ name: 'lambd', default: float(0.5) }], repr: (a) => pyRepr(a.lambd), functions: ['torch.nn.functional.softshrink'] },
  {
    cls: 'Threshold',
    params: [{ name: 'threshold' }, { name: 'value' }, inplace],
    repr: withInplace(keywords('threshold', 'value')),
    functions: ['torch.nn.functional.threshold', 'torch.threshold'],
  },
  {
    cls: 'RReLU',
    params: [{ name: 'lower', default: float(1 / 8) }, { name: 'upper', default: float(1 / 3) }, inplace],
    repr: withInplace(keywords('lower', 'upper')),
    functions: ['torch.nn.functional.rrelu'],
    functionParams: [{ name: 'lower', default: float(1 / 8) }, { name: 'upper', default: float(1 / 3) }, { name: 'training', default: false }, inplace],
  },
  softmaxKind('Softmax', ['torch.nn.functional.softmax', 'torch.softmax', 'Tensor.softmax']),
  softmaxKind('LogSoftmax', ['torch.nn.functional.log_softmax', 'torch.log_softmax', 'Tensor.log_softmax']),
  softmaxKind('Softmin', ['torch.nn.functional.softmin']),
  {
    cls: 'Softmax2d',
    params: [],
    repr: none,
    functions: [],
    rule: (input) => (input.length === 3 || input.length === 4 ? undefined : fail('input-rank', 'Softmax2d requires a 3D or 4D tensor as input')),
  },
  { cls: 'GLU', params: [{ name: 'dim', default: -1 }], repr: keywords('dim'), functions: ['torch.nn.functional.glu'], rule: gluRule },
];

/** Kernel Lab activations and the constructor argument each one draws. */
const PREVIEW_KINDS: Record<string, string> = {
  ReLU: 'relu', ReLU6: 'relu6', LeakyReLU: 'leaky_relu', ELU: 'elu', GELU: 'gelu', SiLU: 'silu', Mish: 'mish', Sigmoid: 'sigmoid', Tanh: 'tanh', Hardswish: 'hardswish',
};

function applyActivation(spec: ActivationSpec, input: ArgValue | undefined, args: BoundArgs): OpResult {
  if (!isTensor(input)) return notATensor(spec.cls, input);
  if (input.shape === null) return ok(tensor(null));
  const ruled = spec.rule?.(input.shape, args);
  if (ruled) return ruled;
  return ok(tensor(input.shape), { derivation: [], macs: 0 });
}

/** The Kernel Lab's view of an activation the lab draws, from its module or functional arguments. */
function activationPreview(spec: ActivationSpec, op: string, args: BoundArgs) {
  const kind = PREVIEW_KINDS[spec.cls];
  if (!kind) return undefined;
  const alpha = toNumber(args.negative_slope ?? args.alpha);
  return { op, config: { kind, ...(alpha !== undefined ? { alpha } : {}) } };
}

function activationLayer(spec: ActivationSpec): LayerDef {
  return {
    name: spec.cls,
    params: spec.params,
    build(args) {
      const preview = activationPreview(spec, spec.cls, args);
      return {
        ok: true,
        layer: {
          repr: `${spec.cls}(${spec.repr(args)})`,
          params: 0,
          weights: [],
          forwardParams: [{ name: 'input' }],
          forward: (fwd) => applyActivation(spec, fwd.input, args),
          attributes: Object.fromEntries(spec.params.map((p) => [p.name, args[p.name] ?? null])),
          ...(preview ? { preview } : {}),
        },
      };
    },
  };
}

function functionsOf(spec: ActivationSpec): FunctionDef[] {
  const params: ParamSpec[] = [{ name: 'input' }, ...(spec.functionParams ?? spec.params)];
  return spec.functions.map((name) => ({
    name,
    params,
    call(args: BoundArgs) {
      const result = applyActivation(spec, args.input, args);
      const preview = activationPreview(spec, name.replace('torch.nn.functional.', 'F.'), args);
      return preview ? withPreview(result, preview) : result;
    },
  }));
}

const prelu: LayerDef = {
  name: 'PReLU',
  params: [{ name: 'num_parameters', default: 1 }, { name: 'init', default: float(0.25) }, { name: 'device', default: null }, { name: 'dtype', default: null }],
  build(args) {
    const count = toDim(args.num_parameters);
    return {
      ok: true,
      layer: {
        repr: `PReLU(num_parameters=${pyRepr(args.num_parameters)})`,
        params: count,
        weights: [{ name: 'weight', shape: [count] }],
        forwardParams: [{ name: 'input' }],
        forward(fwd) {
          if (!isTensor(fwd.input)) return notATensor('PReLU', fwd.input);
          if (fwd.input.shape === null) return ok(tensor(null));
          return preluCheck(fwd.input.shape, count) ?? ok(tensor(fwd.input.shape), { derivation: [], macs: 0 });
        },
        attributes: { num_parameters: count },
      },
    };
  },
};

const preluFunction: FunctionDef = {
  name: 'torch.nn.functional.prelu',
  params: [{ name: 'input' }, { name: 'weight' }],
  call(args) {
    const input = args.input;
    if (!isTensor(input)) return notATensor('prelu', input);
    if (input.shape === null) return ok(tensor(null));
    const weight = tensorArg(args, 'weight');
    const count = weight?.shape?.length === 1 ? weight.shape[0] : null;
    return preluCheck(input.shape, count) ?? ok(tensor(input.shape), { derivation: [], macs: 0 });
  },
};

export const activationLayers: LayerDef[] = [...specs.map(activationLayer), prelu];
export const activationFunctions: FunctionDef[] = [...specs.flatMap(functionsOf), preluFunction];
