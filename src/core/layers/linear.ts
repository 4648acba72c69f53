/**
 * `Linear`, `LazyLinear`, `Bilinear`, `Identity`, `F.linear` and `F.bilinear`.
 *
 * MACs: multiply-accumulates of the matrix product, bias ignored: rows × in × out for Linear
 * (rows = the product of the leading dims), rows × in1 × in2 × out for Bilinear.
 */
import { dimAdd, dimMul, dimProduct, type Dim } from '../dims';
import { fail, isTensor, notATensor, ok, paramCount, pyRepr, sizeList, showDim, tensor, tensorArg, toBool, toDim } from './common';
import type { ArgValue, FunctionDef, LayerDef, LayerInstance, OpResult } from './types';

/** `input @ weight.T (+ bias)` for weight `[out, in]`, or a 1-d weight `[in]` that drops the last dim. */
function linearForward(input: ArgValue | undefined, weightShape: Dim[], biasShape?: Dim[] | null): OpResult {
  if (!isTensor(input)) return notATensor('linear', input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (shape.length === 0) return fail('input-rank', `both arguments to matmul need to be at least 1D, but they are 0D and ${weightShape.length}D`);
  const inFeatures = weightShape.length === 2 ? weightShape[1] : weightShape[0];
  const outFeatures = weightShape.length === 2 ? weightShape[0] : undefined;
  const last = shape[shape.length - 1];
  const leading = shape.slice(0, -1);
  const rows = dimProduct(leading);
  if (typeof last === 'number' && typeof inFeatures === 'number' && last !== inFeatures) {
    const mat2 = outFeatures === undefined ? `${inFeatures}x1` : `${inFeatures}x${showDim(outFeatures)}`;
    return fail('linear-in-features', `mat1 and mat2 shapes cannot be multiplied (${showDim(rows)}x${last} and ${mat2})`);
  }
  const out = outFeatures === undefined ? leading : [...leading, outFeatures];
  if (biasShape && biasShape.length === 1 && typeof biasShape[0] === 'number' && biasShape[0] !== 1 && typeof outFeatures === 'number' && biasShape[0] !== outFeatures) {
    return fail(
      'linear-bias',
      `The expanded size of the tensor (${outFeatures}) must match the existing size (${biasShape[0]}) at non-singleton dimension ${out.length - 1}.  Target sizes: ${sizeList(out)}.  Tensor sizes: ${sizeList(biasShape)}`,
    );
  }
  const derivation = [`out = ${sizeList(shape)} @ Wᵀ${sizeList(outFeatures === undefined ? [inFeatures] : [inFeatures, outFeatures])} = ${sizeList(out)}`];
  return ok(tensor(out), { derivation, macs: dimMul(rows, dimMul(inFeatures, outFeatures ?? 1)) });
}

function linearInstance(className: string, inFeatures: Dim, outFeatures: Dim, hasBias: boolean, lazy: boolean): LayerInstance {
  const state = { inFeatures };
  const materialized = () => !lazy || state.inFeatures !== null;
  const weights = () => [{ name: 'weight', shape: [outFeatures, state.inFeatures] }, ...(hasBias ? [{ name: 'bias', shape: [outFeatures] }] : [])];
  return {
    get repr() {
      const cls = lazy && materialized() ? 'Linear' : className;
      return `${cls}(in_features=${pyRepr(state.inFeatures ?? 0)}, out_features=${pyRepr(outFeatures)}, bias=${pyRepr(hasBias)})`;
    },
    get params() {
      return materialized() ? paramCount(weights()) : null;
    },
    get weights() {
      return materialized() ? weights() : [];
    },
    forwardParams: [{ name: 'input' }],
    forward(fwd) {
      const input = fwd.input;
      // LazyLinear takes in_features from the last dim of the first input it sees.
      if (lazy && state.inFeatures === null && isTensor(input) && input.shape && input.shape.length > 0) {
        state.inFeatures = input.shape[input.shape.length - 1];
      }
      return linearForward(input, [outFeatures, state.inFeatures]);
    },
    get attributes(): Record<string, ArgValue> {
      return { in_features: state.inFeatures, out_features: outFeatures };
    },
  };
}

const linear: LayerDef = {
  name: 'Linear',
  params: [{ name: 'in_features' }, { name: 'out_features' }, { name: 'bias', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null }],
  build: (args) => ({ ok: true, layer: linearInstance('Linear', toDim(args.in_features), toDim(args.out_features), toBool(args.bias) ?? true, false) }),
};

const lazyLinear: LayerDef = {
  name: 'LazyLinear',
  params: [{ name: 'out_features' }, { name: 'bias', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null }],
  build: (args) => ({ ok: true, layer: linearInstance('LazyLinear', null, toDim(args.out_features), toBool(args.bias) ?? true, true) }),
};

function bilinearForward(input1: ArgValue | undefined, input2: ArgValue | undefined, weightShape: Dim[], biasShape?: Dim[] | null): OpResult {
  if (!isTensor(input1)) return notATensor('bilinear', input1);
  if (!isTensor(input2)) return notATensor('bilinear', input2);
  const a = input1.shape, b = input2.shape;
  if (a === null || b === null) return ok(tensor(null));
  if (a.length !== b.length) return fail('bilinear-shape', `bilinear(): input dimensions do not match: got ${a.length} and ${b.length}`);
  for (let i = 0; i < a.length - 1; i++) {
    if (typeof a[i] === 'number' && typeof b[i] === 'number' && a[i] !== b[i]) {
      return fail('bilinear-shape', `bilinear(): input batch dimensions do not match at dim ${i}: got ${a[i]} and ${b[i]}`);
    }
  }
  const [out, in1, in2] = weightShape;
  const last1 = a[a.length - 1], last2 = b[b.length - 1];
  if (typeof last1 === 'number' && typeof in1 === 'number' && last1 !== in1) {
    return fail('linear-in-features', `bilinear(): input1 size does not match weight size: got ${last1} but expected ${in1}`);
  }
  if (typeof last2 === 'number' && typeof in2 === 'number' && last2 !== in2) {
    return fail('linear-in-features', `bilinear(): input2 size does not match weight size: got ${last2} but expected ${in2}`);
  }
  if (biasShape && typeof biasShape[0] === 'number' && typeof out === 'number' && biasShape[0] !== out) {
    return fail('linear-bias', `bilinear(): bias size does not match weight size: got ${biasShape[0]} but expected ${out}`);
  }
  const rows = dimProduct(a.slice(0, -1));
  return ok(tensor([...a.slice(0, -1), out]), { derivation: [], macs: dimMul(rows, dimProduct(weightShape)) });
}

const bilinear: LayerDef = {
  name: 'Bilinear',
  params: [
    { name: 'in1_features' },
    { name: 'in2_features' },
    { name: 'out_features' },
    { name: 'bias', default: true },
    { name: 'device', default: null },
    { name: 'dtype', default: null },
  ],
  build(args) {
    const in1 = toDim(args.in1_features), in2 = toDim(args.in2_features), out = toDim(args.out_features);
    const hasBias = toBool(args.bias) ?? true;
    const weights = [{ name: 'weight', shape: [out, in1, in2] }, ...(hasBias ? [{ name: 'bias', shape: [out] }] : [])];
    return {
      ok: true,
      layer: {
        repr: `Bilinear(in1_features=${pyRepr(in1)}, in2_features=${pyRepr(in2)}, out_features=${pyRepr(out)}, bias=${pyRepr(hasBias)})`,
        params: paramCount(weights),
        weights,
        forwardParams: [{ name: 'input1' }, { name: 'input2' }],
        forward: (fwd) => bilinearForward(fwd.input1, fwd.input2, [out, in1, in2]),
        attributes: { in1_features: in1, in2_features: in2, out_features: out },
      },
    };
  },
};

const identity: LayerDef = {
  name: 'Identity',
  params: [{ name: 'args', varargs: true }],
  build: () => ({
    ok: true,
    layer: { repr: 'Identity()', params: 0, weights: [], forwardParams: [{ name: 'input' }], forward: (fwd) => ok(fwd.input ?? null, { derivation: [], macs: 0 }), attributes: {} },
  }),
};

export const linearLayers: LayerDef[] = [linear, lazyLinear, bilinear, identity];

export const linearFunctions: FunctionDef[] = [
  {
    name: 'torch.nn.functional.linear',
    params: [{ name: 'input' }, { name: 'weight' }, { name: 'bias', default: null }],
    call(args) {
      const weight = tensorArg(args, 'weight');
      if (!weight?.shape || weight.shape.length === 0 || weight.shape.length > 2) return isTensor(args.input) ? ok(tensor(null)) : notATensor('linear', args.input);
      return linearForward(args.input, weight.shape, tensorArg(args, 'bias')?.shape);
    },
  },
  {
    name: 'torch.nn.functional.bilinear',
    params: [{ name: 'input1' }, { name: 'input2' }, { name: 'weight' }, { name: 'bias', default: null }],
    call(args) {
      const weight = tensorArg(args, 'weight');
      if (weight?.shape?.length !== 3) return ok(tensor(null));
      return bilinearForward(args.input1, args.input2, weight.shape, tensorArg(args, 'bias')?.shape);
    },
  },
];
