/**
 * The evaluator's single door into the layer and op families: looks definitions up by the names
 * Python code reaches them under, and binds a call's arguments to a definition's signature.
 */
import { layerDefs, layerFunctionDefs } from './layers/registry';
import { opFunctionDefs, tensorProperties } from './ops/registry';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, ParamSpec } from './layers/types';

export { tensorProperties };

type Table<T> = Record<string, T> | ReadonlyMap<string, T>;

function lookup<T>(table: Table<T>, key: string): T | undefined {
  if (table instanceof Map) return table.get(key);
  const record = table as Record<string, T>;
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** An `nn` class by name (`Conv2d`). */
export function findLayerDef(name: string): LayerDef | undefined {
  return lookup(layerDefs as Table<LayerDef>, name);
}

/** A function by qualified name: `torch.nn.functional.relu`, `torch.cat`, `Tensor.view`. */
export function findFunctionDef(qualname: string): FunctionDef | undefined {
  return lookup(opFunctionDefs as Table<FunctionDef>, qualname) ?? lookup(layerFunctionDefs as Table<FunctionDef>, qualname);
}

/**
 * Binds positional and keyword arguments to a signature as Python would. Arguments the code does
 * not give take torch's defaults; a required one that is missing is unknown (torch would raise a
 * TypeError, which is not a shape error and not ours to report).
 */
export function bindArgs(params: readonly ParamSpec[], positional: readonly ArgValue[], keywords: ReadonlyMap<string, ArgValue>): BoundArgs {
  const bound: BoundArgs = {};
  let next = 0;
  for (const p of params) {
    if (p.varargs) {
      // torch's `*size` may also come by keyword: `torch.zeros(size=(2, 3))`.
      const kw = keywords.get(p.name);
      bound[p.name] = next >= positional.length && kw !== undefined ? [kw] : positional.slice(next);
      next = positional.length;
      continue;
    }
    if (!p.keywordOnly && next < positional.length) {
      bound[p.name] = positional[next++];
      continue;
    }
    const kw = keywords.get(p.name);
    if (kw !== undefined) bound[p.name] = kw;
    else if (p.default !== undefined) bound[p.name] = p.default;
    else bound[p.name] = { kind: 'unknown', reason: `missing argument ${p.name}` };
  }
  return bound;
}
