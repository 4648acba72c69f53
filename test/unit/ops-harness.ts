/** Calls an op definition the way the evaluator does: arguments bound to torch's signature. */
import type { ArgValue, FunctionDef, OpResult } from '../../src/core/layers/types';

export function callOp(def: FunctionDef, positional: readonly ArgValue[], keywords: ReadonlyMap<string, ArgValue> = new Map()): OpResult {
  const bound: Record<string, ArgValue> = {};
  let next = 0;
  for (const p of def.params) {
    if (p.varargs) {
      bound[p.name] = positional.slice(next);
      next = positional.length;
    } else if (!p.keywordOnly && next < positional.length) {
      bound[p.name] = positional[next++];
    } else if (keywords.has(p.name)) {
      bound[p.name] = keywords.get(p.name)!;
    } else if (p.default !== undefined) {
      bound[p.name] = p.default;
    } else {
      bound[p.name] = { kind: 'unknown', reason: `missing argument ${p.name}` };
    }
  }
  return def.call(bound);
}
