/**
 * The dropout family: `Dropout`, `Dropout1d/2d/3d`, `AlphaDropout`, `FeatureAlphaDropout` and
 * their `F.*` forms. All keep the shape; torch checks `p` at construction (and in the functional
 * call) and Dropout1d's rank. Dropout2d/3d only warn about other ranks in 1.13.
 *
 * MACs: 0.
 */
import { fail, float, isTensor, notATensor, ok, pyRepr, tensor, toBool, toNumber } from './common';
import type { ArgValue, FunctionDef, LayerDef, OpResult, ShapeError } from './types';

function probabilityError(p: ArgValue | undefined): { ok: false; error: ShapeError } | undefined {
  const value = toNumber(p);
  if (value !== undefined && (value < 0 || value > 1)) {
    return fail('dropout-probability', `dropout probability has to be between 0 and 1, but got ${pyRepr(p)}`);
  }
  return undefined;
}

function dropoutForward(op: string, input: ArgValue | undefined, probability: ArgValue | undefined): OpResult {
  if (!isTensor(input)) return notATensor(op, input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (op === 'dropout1d' && shape.length !== 2 && shape.length !== 3) {
    return fail(
      'input-rank',
      `dropout1d: Expected 2D or 3D input, but received a ${shape.length}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`,
    );
  }
  // ATen returns early for p = 0 or p = 1, before the feature-dropout rank check.
  const p = toNumber(probability);
  if ((op === 'dropout2d' || op === 'feature_alpha_dropout') && p !== 0 && p !== 1 && shape.length < 2) {
    return fail('input-rank', 'Feature dropout requires at least 2 dimensions in the input');
  }
  return ok(tensor(shape), { derivation: [], macs: 0 });
}

const FAMILY: [cls: string, op: string][] = [
  ['Dropout', 'dropout'],
  ['Dropout1d', 'dropout1d'],
  ['Dropout2d', 'dropout2d'],
  ['Dropout3d', 'dropout3d'],
  ['AlphaDropout', 'alpha_dropout'],
  ['FeatureAlphaDropout', 'feature_alpha_dropout'],
];

export const dropoutLayers: LayerDef[] = FAMILY.map(([cls, op]) => ({
  name: cls,
  params: [{ name: 'p', default: float(0.5) }, { name: 'inplace', default: false }],
  build(args) {
    const invalid = probabilityError(args.p);
    if (invalid) return invalid;
    const inplace = toBool(args.inplace) ?? false;
    return {
      ok: true,
      layer: {
        repr: `${cls}(p=${pyRepr(args.p)}, inplace=${pyRepr(inplace)})`,
        params: 0,
        weights: [],
        forwardParams: [{ name: 'input' }],
        forward: (fwd) => dropoutForward(op, fwd.input, args.p),
        attributes: { p: args.p, inplace },
      },
    };
  },
}));

export const dropoutFunctions: FunctionDef[] = FAMILY.flatMap(([, op]) =>
  [`torch.nn.functional.${op}`, ...(op === 'dropout' ? ['torch.dropout'] : [])].map((name) => ({
    name,
    params: [{ name: 'input' }, { name: 'p', default: float(0.5) }, { name: 'training', default: op !== 'alpha_dropout' }, { name: 'inplace', default: false }],
    call: (args) => probabilityError(args.p) ?? (toBool(args.training) === false ? dropoutForward('dropout', args.input, 0) : dropoutForward(op, args.input, args.p)),
  })),
);
