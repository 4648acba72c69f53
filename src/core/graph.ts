/**
 * The layer graph: which op produced each tensor of a model's forward and which tensors it read.
 * The evaluator reports every tensor op it evaluates; a model's graph is the part of that dataflow
 * between the tensors its first known call received and the ones it returned, so residual adds,
 * Inception concatenations and U-Net skips appear as the merges they are. Layers carry their path
 * in the model (`layer1.0.conv1`) and their hyperparameters as torch normalises them.
 */
import type { LayerGraph, LayerGraphNode, PreviewValue } from './api';
import type { ArgValue, BoundArgs } from './layers/types';
import type { CallArgs, ContainerValue, LayerValue, ObjectValue, TensorValue, Value } from './values';

/** Ops kept per analysis: a forward unrolled past this is drawn up to here and marked truncated. */
const MAX_OPS = 20000;
/** Nodes drawn per model. */
const MAX_NODES = 2000;

/**
 * An evaluated op. Its name and settings are worked out only when a graph that holds it is drawn:
 * most ops of a file (helper code, later calls of a block) never are.
 */
interface OpRecord {
  id: number;
  /** The evaluator's label (`Tensor.view`, `torch.cat`, `F.relu`), or the layer's class name. */
  label: string;
  kind: LayerGraphNode['kind'];
  layer?: LayerValue;
  bound?: BoundArgs;
  /** Why an unmodelled module's output is unknown. */
  reason?: string;
  inputs: TensorValue[];
  output: TensorValue;
}

type ModuleNode = LayerValue | ContainerValue | ObjectValue;

/** How deep tensors are looked for in nested lists and tuples (a list may even contain itself). */
const MAX_NESTING = 4;

/** Tensors inside an argument: positionals, keywords and the lists `torch.cat` takes. */
function tensorsIn(values: Iterable<Value>, out: TensorValue[] = [], depth = 0): TensorValue[] {
  for (const v of values) {
    if (v.k === 'tensor') out.push(v);
    else if ((v.k === 'list' || v.k === 'tuple') && depth < MAX_NESTING) tensorsIn(v.items, out, depth + 1);
  }
  return out;
}

function previewValue(a: ArgValue | undefined): PreviewValue | undefined {
  if (a === null || typeof a === 'boolean' || typeof a === 'string') return a;
  if (typeof a === 'number') return a;
  if (Array.isArray(a)) return a.every((x) => typeof x === 'number') ? (a as number[]) : undefined;
  if (a && typeof a === 'object' && 'kind' in a && a.kind === 'float') return a.value;
  return undefined;
}

/** The plain hyperparameters among bound arguments or layer attributes; tensors and unknowns left out. */
function plainConfig(args: BoundArgs): Record<string, PreviewValue> {
  const out: Record<string, PreviewValue> = {};
  for (const [name, a] of Object.entries(args)) {
    const v = previewValue(a);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export class GraphRecorder {
  private readonly producer = new WeakMap<TensorValue, OpRecord>();
  private readonly modules = new Map<number, { inputs: TensorValue[]; outputs: TensorValue[] }>();
  private count = 0;
  truncated = false;

  /** An op the evaluator evaluated: a layer call, a torch function, a tensor method or operator. */
  op(label: string, args: CallArgs, result: Value, layer?: LayerValue, bound?: BoundArgs): void {
    const outputs = tensorsIn([result]);
    if (outputs.length === 0) return;
    if (this.count >= MAX_OPS) {
      this.truncated = true;
      return;
    }
    const inputs = tensorsIn(args.keywords.values(), tensorsIn(args.positional));
    const record: OpRecord = { id: ++this.count, label, kind: layer ? 'layer' : 'function', inputs, output: outputs[0] };
    if (layer) record.layer = layer;
    else if (bound) record.bound = bound;
    for (const t of outputs) if (!this.producer.has(t)) this.producer.set(t, record);
  }

  /** A module the analysis does not model turned a tensor into one of unknown shape. */
  unmodelled(reason: string, input: Value, result: Value): void {
    if (result.k !== 'tensor' || input.k !== 'tensor' || this.producer.has(result)) return;
    this.producer.set(result, { id: ++this.count, label: 'unknown', kind: 'unknown', reason, inputs: [input], output: result });
  }

  /** A module's call; its first call with a known input delimits its graph. */
  moduleCalled(m: ObjectValue | ContainerValue, args: CallArgs, result: Value): void {
    const inputs = tensorsIn(args.positional);
    const known = inputs.length > 0 && inputs.every((t) => t.shape !== null);
    const prev = this.modules.get(m.id);
    if (prev && (prev.inputs.every((t) => t.shape !== null) || !known)) return;
    this.modules.set(m.id, { inputs, outputs: tensorsIn([result]) });
  }

  /** Whether a module has a graph: a call that returned some tensor. */
  hasGraph(root: ModuleNode): boolean {
    return (this.modules.get(root.id)?.outputs.length ?? 0) > 0;
  }

  /** The graph of a module's first known call, layers named by their path under `root`. */
  graphOf(root: ModuleNode, childrenOf: (m: ModuleNode) => [string, Value][]): LayerGraph | undefined {
    const call = this.modules.get(root.id);
    if (!call || call.outputs.length === 0) return undefined;
    const paths = new Map<number, string>();
    const visit = (m: ModuleNode, prefix: string) => {
      for (const [name, child] of childrenOf(m)) {
        if (child.k !== 'layer' && child.k !== 'container' && !(child.k === 'object' && child.cls.isModule)) continue;
        const path = prefix ? `${prefix}.${name}` : name;
        if (!paths.has(child.id)) paths.set(child.id, path);
        visit(child, path);
      }
    };
    visit(root, '');

    const ids = new Map<TensorValue | OpRecord, number>();
    const nodes: LayerGraphNode[] = [];
    let truncated = this.truncated;
    // Depth-first from the outputs back to the inputs, emitting producers before consumers.
    const place = (t: TensorValue): number | undefined => {
      const source = call.inputs.includes(t) ? t : (this.producer.get(t) ?? t);
      const known = ids.get(source);
      if (known !== undefined) return known;
      if (nodes.length >= MAX_NODES) {
        truncated = true;
        return undefined;
      }
      const stack: { record: OpRecord | TensorValue; next: number; inputs: number[] }[] = [{ record: source, next: 0, inputs: [] }];
      ids.set(source, -1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        const record = top.record;
        const pending = 'k' in record ? [] : record.inputs;
        if (top.next < pending.length) {
          const input = pending[top.next++];
          const src = call.inputs.includes(input) ? input : (this.producer.get(input) ?? input);
          const id = ids.get(src);
          if (id !== undefined) {
            if (id >= 0 && !top.inputs.includes(id)) top.inputs.push(id);
            continue;
          }
          if (nodes.length + stack.length >= MAX_NODES) {
            truncated = true;
            continue;
          }
          ids.set(src, -1);
          stack.push({ record: src, next: 0, inputs: [] });
          continue;
        }
        stack.pop();
        const id = nodes.length;
        const node = nodeFor(record, top.inputs, call.inputs.indexOf(record as TensorValue), paths);
        node.id = id;
        nodes.push(node);
        ids.set(record, id);
        const parent = stack[stack.length - 1];
        if (parent && !parent.inputs.includes(id)) parent.inputs.push(id);
      }
      return ids.get(source);
    };
    const outputs = call.outputs.map(place).filter((id): id is number => id !== undefined && id >= 0);
    const graph: LayerGraph = { nodes, outputs };
    if (truncated) graph.truncated = true;
    return graph;
  }
}

function nodeFor(record: OpRecord | TensorValue, inputs: number[], inputIndex: number, paths: Map<number, string>): LayerGraphNode {
  if ('k' in record) {
    // A tensor no recorded op produced: the model's input, or one made where the analysis cannot see.
    const node: LayerGraphNode = { id: 0, op: inputIndex >= 0 ? 'input' : 'tensor', kind: inputIndex >= 0 ? 'input' : 'unknown', inputs: [], shape: record.shape };
    if (record.reason && (record.shape === null || record.shape.includes(null))) node.unknownReason = record.reason;
    return node;
  }
  const layer = record.layer;
  const op = layer ? layer.def.name : record.label.replace(/^(Tensor|torch|F)\./, '');
  const node: LayerGraphNode = { id: 0, op, kind: record.kind, inputs, shape: record.output.shape };
  const path = layer ? paths.get(layer.id) : undefined;
  if (path) node.path = path;
  // A layer's attributes are settled by its first forward (a lazy layer's in_channels), which ran before its op was recorded.
  const config = layer ? { ...plainConfig(layer.instance.attributes), ...layer.instance.preview?.config } : record.bound ? plainConfig(record.bound) : undefined;
  if (config) node.config = config;
  if (record.reason) node.unknownReason = record.reason;
  if (record.output.reason && (record.output.shape === null || record.output.shape.includes(null))) node.unknownReason = record.output.reason;
  return node;
}
