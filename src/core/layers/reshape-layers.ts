/**
 * `nn.Flatten` and `nn.Unflatten`: modules around `torch.flatten` / `Tensor.unflatten`, whose
 * shape rules live with the tensor ops (src/core/ops/view.ts) and are called from here.
 * torch 1.13's Flatten defaults to `start_dim=1`, so a 1-d or 0-d input is out of range.
 *
 * MACs: 0.
 */
import { opFunctionDefs } from '../ops/registry';
import { keywordArgs, ok, pyRepr, toDim, unknown } from './common';
import type { ArgValue, LayerDef, OpResult } from './types';

function viewOp(name: string, args: Record<string, ArgValue>): OpResult {
  const def = opFunctionDefs.get(name);
  if (!def) return ok(unknown(`${name} is not modelled`));
  return def.call(args);
}

const flatten: LayerDef = {
  name: 'Flatten',
  params: [{ name: 'start_dim', default: 1 }, { name: 'end_dim', default: -1 }],
  build(args) {
    return {
      ok: true,
      layer: {
        repr: `Flatten(${keywordArgs([['start_dim', args.start_dim], ['end_dim', args.end_dim]])})`,
        params: 0,
        weights: [],
        forwardParams: [{ name: 'input' }],
        forward: (fwd) => withNoMacs(viewOp('torch.flatten', { input: fwd.input, start_dim: args.start_dim, end_dim: args.end_dim })),
        attributes: { start_dim: toDim(args.start_dim), end_dim: toDim(args.end_dim) },
      },
    };
  },
};

const unflatten: LayerDef = {
  name: 'Unflatten',
  params: [{ name: 'dim' }, { name: 'unflattened_size' }],
  build(args) {
    return {
      ok: true,
      layer: {
        repr: `Unflatten(dim=${pyRepr(args.dim)}, unflattened_size=${pyRepr(args.unflattened_size)})`,
        params: 0,
        weights: [],
        forwardParams: [{ name: 'input' }],
        // A named dim (`Unflatten('features', ...)`) belongs to named tensors, which are not tracked.
        forward: (fwd) =>
          typeof args.dim === 'string'
            ? ok(unknown('Unflatten over a named dim is not tracked'))
            : withNoMacs(viewOp('torch.unflatten', { input: fwd.input, dim: args.dim, sizes: args.unflattened_size })),
        attributes: { dim: args.dim, unflattened_size: args.unflattened_size },
      },
    };
  },
};

function withNoMacs(result: OpResult): OpResult {
  return result.ok ? { ...result, facts: { derivation: result.facts?.derivation ?? [], macs: 0 } } : result;
}

export const reshapeLayers: LayerDef[] = [flatten, unflatten];
