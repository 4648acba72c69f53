/** Calls an op definition the way the evaluator does: arguments bound to torch's signature. */
import type { ArgValue, FunctionDef, OpResult } from '../../src/core/layers/types';
import { bindArgs } from '../../src/core/registry';

export function callOp(def: FunctionDef, positional: readonly ArgValue[], keywords: ReadonlyMap<string, ArgValue> = new Map()): OpResult {
  return def.call(bindArgs(def.params, positional, keywords));
}
