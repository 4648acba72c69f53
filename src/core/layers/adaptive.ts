/**
 * Adaptive pooling: `AdaptiveAvgPool1/2/3d`, `AdaptiveMaxPool1/2/3d` and `F.adaptive_*_pool*`.
 * The output's spatial dims are the requested sizes (None keeps the input's), whatever the input
 * size, larger or smaller. torch 1.13's checks: Python's `_list_with_default`, then ATen's length,
 * sign, rank and empty-dim checks; the 1-d forms run the 2-d kernel on a height-1 view; an
 * all-ones average pool is a mean over the spatial dims and takes any rank.
 *
 * MACs: 0, as for the other parameter-free window ops.
 */
import type { Dim } from '../dims';
import { fail, isTensor, notATensor, ok, previewNumbers, pyRepr, sizeList, tensor, toBool, toDim, wrapDim } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult } from './types';
import { spatialNames } from './window';

type Kind = 'avg' | 'max';

function adaptiveForward(kind: Kind, n: number, input: ArgValue | undefined, outputSize: ArgValue, returnIndices: boolean): OpResult {
  const op = `adaptive_${kind}_pool${n}d`;
  if (!isTensor(input)) return notATensor(op, input);
  const shape = input.shape;
  const result = (out: Dim[] | null) => ok(returnIndices ? [tensor(out), tensor(out)] : tensor(out), out ? derivationFacts(shape ?? [], out, n) : undefined);
  if (shape === null) return result(null);
  const rank = shape.length;

  let requested: Dim[];
  if (Array.isArray(outputSize)) {
    // _list_with_default (2-d and 3-d only): None takes the input's size at that position.
    if (n > 1 && rank <= outputSize.length) return fail('input-rank', `Input dimension should be at least ${outputSize.length + 1}`);
    if (n === 1 && outputSize.some((v) => v === null)) return result(null);
    requested = outputSize.map((v, i) => (v === null ? shape[rank - outputSize.length + i] : toDim(v)));
  } else if (outputSize === null) {
    return result(null);
  } else {
    requested = Array.from({ length: n }, () => toDim(outputSize));
  }

  if (n === 1) {
    if (rank !== 2 && rank !== 3) {
      return fail('input-rank', `Expected 2 to 3 dimensions, but got ${rank}-dimensional tensor for argument #1 'self' (while checking arguments for ${op})`);
    }
    if (requested.length !== 1) return fail('output-size', `${op}() argument 'output_size' should contain one int (got ${requested.length})`);
    // The 1-d forms pool a height-1 view with output (1, L_out).
    const lifted = checkKernel(kind, 2, [...shape.slice(0, -1), 1, shape[rank - 1]], [1, requested[0]]);
    if (lifted) return lifted;
    return result([...shape.slice(0, -1), requested[0]]);
  }
  const lengthError =
    kind === 'avg' ? `adaptive_avg_pool${n}d: output_size must be ${n}` : `adaptive_max_pool${n}d(): internal error: output_size.size() must be ${n}`;
  if (requested.length !== n) return fail('output-size', lengthError);
  const error = checkKernel(kind, n, shape, requested);
  if (error) return error;
  const meanPath = kind === 'avg' && requested.every((d) => d === 1);
  if (meanPath) {
    // ATen turns an all-ones average pool into input.mean(spatial dims, keepdim=True).
    const wrapped = wrapDim(-n, rank);
    if (!wrapped.ok) return wrapped;
  }
  return result([...shape.slice(0, -n), ...requested]);
}

/** ATen's checks of the 2-d / 3-d kernels on the (possibly height-1) input. */
function checkKernel(kind: Kind, n: number, shape: Dim[], requested: Dim[]): OpResult | undefined {
  const op = `adaptive_${kind}_pool${n}d`;
  const rank = shape.length;
  if (kind === 'avg' && requested.some((d) => typeof d === 'number' && d < 0)) {
    // torch's text names the 2-d op for 3-d too, and omits a space before the last value.
    const listed = n === 2 ? `${requested[0]}, ${requested[1]}` : `${requested[0]}, ${requested[1]},${requested[2]}`;
    return fail('output-size', `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${listed}}`);
  }
  if (kind === 'avg' && requested.every((d) => d === 1)) return undefined;
  if (rank !== n + 1 && rank !== n + 2) {
    const got = kind === 'max' ? `: ${sizeList(shape)}` : ` ${sizeList(shape)}`;
    return fail('input-rank', `${op}(): Expected ${n + 1}D or ${n + 2}D tensor, but got${got}`);
  }
  // 2-d avg checks the spatial dims; the others every dim after the first.
  const first = kind === 'avg' && n === 2 ? rank - n : 1;
  for (let i = first; i < rank; i++) {
    if (shape[i] === 0) {
      return fail('input-empty', `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${sizeList(shape)} with dimension ${i} being empty`);
    }
  }
  const negative = requested.find((d) => typeof d === 'number' && d < 0);
  if (kind === 'max' && negative !== undefined) {
    return fail('output-size', `Trying to create tensor with negative dimension ${negative}: ${sizeList([...shape.slice(0, -n), ...requested])}`);
  }
  return undefined;
}

function derivationFacts(shape: Dim[], out: Dim[], n: number) {
  const names = spatialNames(n);
  const inSpatial = shape.slice(-n);
  return {
    derivation: out.slice(-n).map((d, i) => `${names[i]}_out = ${pyRepr(d)} (adaptive: ${pyRepr(inSpatial[i] ?? null)} split into ${pyRepr(d)} windows)`),
    macs: 0,
  };
}

function adaptiveDef(kind: Kind, n: number): LayerDef {
  const name = `Adaptive${kind === 'avg' ? 'Avg' : 'Max'}Pool${n}d`;
  return {
    name,
    params: kind === 'avg' ? [{ name: 'output_size' }] : [{ name: 'output_size' }, { name: 'return_indices', default: false }],
    build(args: BoundArgs) {
      const returnIndices = toBool(args.return_indices) ?? false;
      return {
        ok: true,
        layer: {
          repr: `${name}(output_size=${pyRepr(args.output_size)})`,
          params: 0,
          weights: [],
          forwardParams: [{ name: 'input' }],
          forward: (fwd) => adaptiveForward(kind, n, fwd.input, args.output_size, returnIndices),
          attributes: { output_size: args.output_size, ...(kind === 'max' ? { return_indices: returnIndices } : {}) },
          preview: { op: name, config: { output_size: previewNumbers(args.output_size) } },
        },
      };
    },
  };
}

function adaptiveFunction(kind: Kind, n: number): FunctionDef {
  return {
    name: `torch.nn.functional.adaptive_${kind}_pool${n}d`,
    params: kind === 'avg' ? [{ name: 'input' }, { name: 'output_size' }] : [{ name: 'input' }, { name: 'output_size' }, { name: 'return_indices', default: false }],
    call: (args) => adaptiveForward(kind, n, args.input, args.output_size, toBool(args.return_indices) ?? false),
  };
}

export const adaptiveLayers: LayerDef[] = [1, 2, 3].flatMap((n) => [adaptiveDef('avg', n), adaptiveDef('max', n)]);

export const adaptiveFunctions: FunctionDef[] = [1, 2, 3].flatMap((n) => [adaptiveFunction('avg', n), adaptiveFunction('max', n)]);
