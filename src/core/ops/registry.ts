/**
 * Every tensor op the analysis models, keyed by the qualified names code reaches them under:
 * `torch.cat`, `torch.flatten`, and tensor methods as `Tensor.view`, `Tensor.flatten`.
 *
 * Conventions for the evaluator:
 * - A tensor method's receiver is bound as its first parameter, named `input` (`x.view(4, -1)`
 *   calls `Tensor.view` with `input = x, shape = [4, -1]`). Functions that torch also offers as
 *   methods (`torch.flatten` / `x.flatten`) share one definition under both names.
 * - Entries in `tensorProperties` are attributes, not methods: `x.T`, `x.shape`, `x.ndim` call
 *   them with only `input` bound.
 * - Python operators on tensors are `operator.add`, `operator.matmul`, … with parameters
 *   `input, other` (`x @ w` is `operator.matmul(x, w)`); `broadcastShapes` is exported for
 *   callers that only need the broadcast shape.
 * - `x[i]` is `operator.getitem(x, index)`; a tuple index is an array of its items, with slices
 *   as `{ kind: 'slice' }`, `...` as `{ kind: 'ellipsis' }` and None as null.
 * - Results may carry `dtype`, `reason` (why a dim is unknown) and `layout` (strides of a view
 *   that is not contiguous); passing them back on the next call lets `view` see a permute.
 * - A call never throws: an internal failure becomes an unknown value with the reason.
 */
import { ok, unknown } from '../layers/common';
import type { FunctionDef } from '../layers/types';
import { broadcastDefs } from './broadcast';
import { combineDefs } from './combine';
import { creationDefs } from './creation';
import { indexingDefs } from './indexing';
import { linalgDefs } from './linalg';
import { queryDefs } from './queries';
import { reduceDefs } from './reduce';
import { selectDefs } from './select';
import { viewDefs } from './view';

export { broadcastShapes } from './broadcast';

/** `torch.X` functions that tensors also have as methods `x.X(...)` with the same parameters after `input`. */
const alsoTensorMethods = [
  'flatten',
  'unflatten',
  'transpose',
  'swapdims',
  'swapaxes',
  't',
  'movedim',
  'moveaxis',
  'unsqueeze',
  'squeeze',
  'chunk',
  'unbind',
  ...reduceDefs.map((def) => def.name.slice('torch.'.length)),
  'matmul',
  'mm',
  'bmm',
  'mv',
  'dot',
  'outer',
  'ger',
  'addmm',
  'baddbmm',
  'select',
  'multinomial',
  'narrow',
  'index_select',
  'gather',
  'masked_fill',
  'masked_select',
  'nonzero',
  'tril',
  'triu',
  'repeat_interleave',
  'flip',
  'roll',
  'broadcast_to',
];

/** Attributes of a tensor that the evaluator reads as properties. */
export const tensorProperties: ReadonlySet<string> = new Set(['Tensor.T', 'Tensor.mT', 'Tensor.shape', 'Tensor.ndim']);

function guarded(def: FunctionDef, name = def.name): FunctionDef {
  return {
    name,
    params: def.params,
    call: (args) => {
      try {
        return def.call(args);
      } catch (e) {
        return ok(unknown(`${name}: internal error (${e instanceof Error ? e.message : String(e)})`));
      }
    },
  };
}

function buildRegistry(defs: readonly FunctionDef[]): Map<string, FunctionDef> {
  const table = new Map<string, FunctionDef>();
  for (const def of defs) {
    table.set(def.name, guarded(def));
    const short = def.name.slice('torch.'.length);
    if (def.name.startsWith('torch.') && alsoTensorMethods.includes(short)) table.set(`Tensor.${short}`, guarded(def, `Tensor.${short}`));
  }
  return table;
}

export const opFunctionDefs: ReadonlyMap<string, FunctionDef> = buildRegistry([
  ...creationDefs,
  ...viewDefs,
  ...combineDefs,
  ...reduceDefs,
  ...linalgDefs,
  ...broadcastDefs,
  ...queryDefs,
  ...indexingDefs,
  ...selectDefs,
]);
