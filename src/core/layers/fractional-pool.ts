/**
 * `FractionalMaxPool2d/3d` and `F.fractional_max_pool2d/3d`: max pooling onto a chosen output
 * size, given outright (`output_size`) or as a fraction of the input (`output_ratio`, each output
 * size `int(input · ratio)`). The pooling windows are placed pseudo-randomly, but the output size
 * is not random, and torch checks that the windows fit: `output + kernel − 1` may not exceed the
 * input (in 3-d it must stay below it).
 *
 * MACs: 0, as for the other pooling layers.
 */
import { formatDim, type Dim } from '../dims';
import { fail, isTensor, notATensor, ok, pyRepr, sizeList, tensor, toNumber, unknown } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult, ParamSpec } from './types';
import { spatialNames } from './window';

const PARAMS: ParamSpec[] = [
  { name: 'kernel_size' },
  { name: 'output_size', default: null },
  { name: 'output_ratio', default: null },
  { name: 'return_indices', default: false },
  { name: '_random_samples', default: null },
];

/** An int or a tuple of n ints (`_pair`/`_triple`), as numbers where known. */
function perDim(v: ArgValue, n: number): (number | null)[] | undefined {
  const items = Array.isArray(v) ? v : new Array<ArgValue>(n).fill(v);
  if (items.length !== n) return undefined;
  return items.map((x) => {
    const value = toNumber(x);
    return value === undefined ? null : value;
  });
}

function fractionalForward(n: number, args: BoundArgs): OpResult {
  const op = `fractional_max_pool${n}d`;
  const input = args.input;
  if (!isTensor(input)) return notATensor(op, input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (args.output_size === null && args.output_ratio === null) {
    return fail('pool-arguments', `${op} requires specifying either an output_size or an output_ratio`);
  }
  const rank = shape.length;
  // The random window offsets are drawn per batch and channel first: input.size(-(n + 1)).
  if (rank === 0) return ok(unknown(`${op}: a 0-d input`));
  // A ratio first reads the spatial sizes from input.size(-n).
  const firstRead = args.output_size === null && rank < n ? n : n + 1;
  if (rank < n + 1) return fail('dim-out-of-range', `Dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${-firstRead})`);
  if (rank > n + 2) return fail('input-rank', `${n === 2 ? op : `${op}_out`}(): Expected ${n + 1}D or ${n + 2}D tensor, but got: ${sizeList(shape)}`);
  const spatial = shape.slice(rank - n);
  const kernel = perDim(args.kernel_size, n);
  const sizes: Dim[] | undefined =
    args.output_size !== null
      ? perDim(args.output_size, n)
      : perDim(args.output_ratio, n)?.map((r, i) => {
          const d = spatial[i];
          return r === null || typeof d !== 'number' ? null : Math.trunc(d * r);
        });
  if (!kernel || !sizes) return ok(unknown(`${op}: kernel_size or output size of the wrong length`));
  const names = n === 3 ? ['time', 'height', 'width'] : ['height', 'width'];
  // ATen checks 3-d pooling in the order time, width, height.
  for (const i of n === 3 ? [0, 2, 1] : [0, 1]) {
    const [k, out, size] = [kernel[i], sizes[i], spatial[i]];
    if (k === null || typeof out !== 'number' || typeof size !== 'number') continue;
    // 2-d allows the last window to end at the input's edge; 3-d requires it to end before.
    const reach = out + k - 1;
    if (n === 2 ? reach > size : reach >= size) {
      return fail('pool-kernel-too-large', `${n === 2 ? op : `${op}_out`}(): pool ${names[i]} ${k} too large relative to input ${names[i]} ${size}`);
    }
  }
  const output = [...shape.slice(0, rank - n), ...sizes];
  const ratios = args.output_size === null ? perDim(args.output_ratio, n) : undefined;
  const show = (d: Dim) => formatDim(d, 'python');
  const derivation = sizes.map((d, i) => `${spatialNames(n)[i]}_out = ${ratios ? `⌊${show(spatial[i])} · ${String(ratios[i])}⌋ = ` : ''}${show(d)}`);
  const out = tensor(output);
  const facts = { derivation, macs: 0 };
  return ok(args.return_indices === true ? [out, { ...tensor(output), dtype: 'int64' }] : out, facts);
}

function fractionalLayer(n: number): LayerDef {
  const name = `FractionalMaxPool${n}d`;
  return {
    name,
    params: PARAMS,
    build(args) {
      if (args.output_size === null && args.output_ratio === null) return fail('pool-arguments', `${name} requires specifying either an output size, or a pooling ratio`);
      if (args.output_size !== null && args.output_ratio !== null) return fail('pool-arguments', 'only one of output_size and output_ratio may be specified');
      const ratios = args.output_ratio === null ? [] : (perDim(args.output_ratio, n) ?? []);
      if (ratios.some((r) => r !== null && !(r > 0 && r < 1))) {
        return fail('pool-arguments', `output_ratio must be between 0 and 1 (got ${pyRepr(args.output_ratio)})`);
      }
      return {
        ok: true,
        layer: {
          repr: `${name}()`,
          params: 0,
          weights: [],
          forwardParams: [{ name: 'input' }],
          forward: (fwd) => fractionalForward(n, { ...args, input: fwd.input }),
          attributes: { kernel_size: args.kernel_size, output_size: args.output_size, output_ratio: args.output_ratio, return_indices: args.return_indices },
        },
      };
    },
  };
}

export const fractionalPoolLayers: LayerDef[] = [2, 3].map(fractionalLayer);

export const fractionalPoolFunctions: FunctionDef[] = [2, 3].map((n) => ({
  name: `torch.nn.functional.fractional_max_pool${n}d`,
  params: [{ name: 'input' }, ...PARAMS],
  call: (args) => fractionalForward(n, args),
}));
