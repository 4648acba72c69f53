/**
 * Module entries: for each instantiated `nn.Module` subclass of the analysed file (and each
 * module-level `nn.Sequential`), the parameter count `sum(p.numel() for p in m.parameters())`
 * would give (shared modules and parameters counted once), MACs of its first known call, and a
 * torchinfo-style row per submodule with its path (`features.0`, `layer1.0.conv1`).
 */
import type { ModuleEntry, SummaryRow } from './api';
import { dimAdd, dimProduct, type Dim } from './dims';
import { defineLazy } from './lazy';
import type { Recorder } from './recorder';
import { activationBytes } from './torchsem';
import type { ClassValue, ContainerValue, LayerValue, ObjectValue, Value } from './values';

type ModuleNode = LayerValue | ContainerValue | ObjectValue;

/** Named children in registration order. */
export function childrenOf(m: ModuleNode): [string, Value][] {
  const out: [string, Value][] = [];
  if (m.k === 'container') for (let i = 0; i < m.names.length; i++) out.push([m.names[i], m.items[i]]);
  else if (m.k === 'object') {
    for (const name of m.children) {
      const v = m.attrs.get(name);
      if (v !== undefined) out.push([name, v]);
    }
  }
  return out;
}

/** Calls `visit` with each named child in registration order, without building the list. */
function forEachChild(m: ModuleNode, visit: (name: string, child: Value) => void): void {
  if (m.k === 'container') for (let i = 0; i < m.names.length; i++) visit(m.names[i], m.items[i]);
  else if (m.k === 'object') {
    for (const name of m.children) {
      const v = m.attrs.get(name);
      if (v !== undefined) visit(name, v);
    }
  }
}

function isModule(v: Value): v is ModuleNode {
  return v.k === 'layer' || v.k === 'container' || (v.k === 'object' && v.cls.isModule);
}

/** `parameters()` of a module tree: each module and each parameter tensor once. */
function countParams(root: ModuleNode, cache: Map<number, Dim>): Dim {
  const cached = cache.get(root.id);
  if (cached !== undefined) return cached;
  const total = countTreeParams(root);
  cache.set(root.id, total);
  return total;
}

function countTreeParams(root: ModuleNode): Dim {
  const seen = new Set<number | object>();
  let total: Dim = 0;
  const visit = (m: ModuleNode) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    if (m.k === 'layer') total = dimAdd(total, m.instance.params);
    if (m.k !== 'layer' && m.incomplete) total = null;
    if (m.k === 'object' && m.layerBase) total = dimAdd(total, m.layerBase.instance.params);
    forEachChild(m, (_, child) => {
      if (isModule(child)) visit(child);
      else if (child.k === 'unknown' && child.module) total = null;
      else if (child.k === 'tensor' && child.parameter && !seen.has(child)) {
        seen.add(child);
        total = dimAdd(total, child.shape ? dimProduct(child.shape) : null);
      }
    });
  };
  visit(root);
  return total;
}

function typeName(m: ModuleNode): string {
  return m.k === 'layer' ? m.def.name : m.k === 'container' ? m.kind : m.cls.name;
}

function tupleAttr(v: unknown): number[] | undefined {
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  if (typeof v === 'number') return [v];
  return undefined;
}

function rows(rec: Recorder, root: ModuleNode, cache: Map<number, Dim>): { rows: SummaryRow[]; macs: Dim } {
  const out: SummaryRow[] = [];
  let macs: Dim = 0;
  const seen = new Set<number>();
  // Returns the sum of the MACs of the rows it adds at `depth` (its direct submodules).
  const visit = (m: ModuleNode, path: string, depth: number): Dim => {
    let directMacs: Dim = 0;
    forEachChild(m, (name, child) => {
      if (!isModule(child)) return;
      const childPath = path ? `${path}.${name}` : name;
      const call = child.k === 'layer' ? rec.layerCalls.get(child.id) : rec.moduleCalls.get(child.id);
      const row: SummaryRow = {
        path: childPath,
        depth,
        type: typeName(child),
        outputShape: call?.output ?? null,
        params: countParams(child, cache),
        macs: 0,
        activationBytes: activationBytes(call?.output ?? null),
      };
      if (child.k === 'layer') {
        const a = child.instance.attributes;
        const kernel = tupleAttr(a.kernel_size);
        if (kernel) row.kernel = kernel;
        const stride = tupleAttr(a.stride);
        if (stride) row.stride = stride;
        const padding = typeof a.padding === 'string' ? [a.padding] : tupleAttr(a.padding);
        if (padding) row.padding = padding;
        const dilation = tupleAttr(a.dilation);
        if (dilation) row.dilation = dilation;
        row.macs = call?.macs ?? (call ? 0 : null);
        if (call?.receptiveField) row.receptiveField = call.receptiveField;
        if (child.file === rec.file) row.range = child.site;
        if (!seen.has(child.id)) macs = dimAdd(macs, row.macs);
        seen.add(child.id);
      }
      out.push(row);
      const childMacs = visit(child, childPath, depth + 1);
      if (child.k !== 'layer') row.macs = childMacs;
      directMacs = dimAdd(directMacs, row.macs);
    });
    return directMacs;
  };
  visit(root, '', 0);
  return { rows: out, macs };
}

function entryFor(rec: Recorder, name: string, root: ModuleNode, line: number, range: ModuleEntry['range'], sequential: boolean, cache: Map<number, Dim>): ModuleEntry {
  const call = rec.moduleCalls.get(root.id);
  const entry: ModuleEntry = { name, line, range, params: countParams(root, cache), summary: [] };
  // Rows (and the MACs they add up to) are read by the summary panel, code lens and inlay hints:
  // built on first read.
  let table: ReturnType<typeof rows> | undefined;
  const summary = () => (table ??= rows(rec, root, cache));
  defineLazy(entry, 'summary', () => summary().rows, []);
  if (call) {
    defineLazy(entry, 'macs', () => summary().macs, null);
    if (call.input !== undefined) entry.inputShape = call.input;
    if (call.output !== undefined) entry.outputShape = call.output;
  }
  if (sequential) entry.sequential = true;
  // The graph is drawn on request (the diagram, the model walk).
  if (rec.graph.hasGraph(root)) defineLazy(entry, 'graph', () => rec.graph.graphOf(root, childrenOf), undefined);
  return entry;
}

/** The instance a class's entry describes: the last one built, as the parameter count of the
 * class is most naturally read for the model the file ends up with. */
function representative(rec: Recorder, cls: ClassValue): ObjectValue | undefined {
  const instances = rec.instancesOf(cls);
  return instances[instances.length - 1];
}

export function moduleEntries(rec: Recorder): ModuleEntry[] {
  const out: ModuleEntry[] = [];
  // Parameter counts of subtrees, by module: rows of nested models share their submodules.
  const paramCache = new Map<number, Dim>();
  for (const cls of rec.classes) {
    if (!cls.isModule) continue;
    const obj = representative(rec, cls);
    if (!obj) continue;
    const nameNode = cls.node.getChild('VariableName');
    const lines = cls.module.parsed.lines;
    const range = nameNode ? lines.range(nameNode.from, nameNode.to) : lines.range(cls.node.from, cls.node.from);
    out.push(entryFor(rec, cls.name, obj, range.line, range, false, paramCache));
  }
  for (const [name, { container, range }] of rec.sequentials) out.push(entryFor(rec, name, container, range.line, range, true, paramCache));
  return out.sort((a, b) => a.line - b.line);
}
