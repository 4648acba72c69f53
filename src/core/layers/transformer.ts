/**
 * Attention and transformers: `MultiheadAttention`, `TransformerEncoderLayer`,
 * `TransformerDecoderLayer`, and the stacks `TransformerEncoder`, `TransformerDecoder`, which
 * deep-copy the layer they are given `num_layers` times.
 *
 * MultiheadAttention takes (L, N, E) queries (or (N, L, E) with `batch_first`, or an unbatched
 * (L, E)) and keys/values of S positions (kdim, vdim features), and returns (attn_output, attn_weights):
 * the output is shaped as the query, the weights (N, L, S) averaged over heads, (N, H, L, S) per
 * head, or None when `need_weights=False`; `add_bias_kv` and `add_zero_attn` each add a key.
 * The transformer layers keep their input's shape. What torch checks beyond the ranks and the
 * query's features (key/value and batch sizes, masks) is left unknown rather than guessed.
 */
import { dimAdd, dimMul, type Dim } from '../dims';
import { fail, float, isTensor, notATensor, ok, paramCount, pyRepr, sizeList, tensor, toBool, toDim, unknown } from './common';
import type { ArgValue, BoundArgs, LayerDef, LayerInstance, ModuleArg, OpResult, ParamSpec, TensorArg } from './types';

type Weight = { name: string; shape: Dim[] };

const DEVICE: ParamSpec[] = [{ name: 'device', default: null }, { name: 'dtype', default: null }];

/** `forward` of a decoder layer and of a decoder stack: the target, the encoder's memory and their masks. */
const DECODER_FORWARD_PARAMS: ParamSpec[] = [
  { name: 'tgt' },
  { name: 'memory' },
  { name: 'tgt_mask', default: null },
  { name: 'memory_mask', default: null },
  { name: 'tgt_key_padding_mask', default: null },
  { name: 'memory_key_padding_mask', default: null },
];

function isModule(v: ArgValue | undefined): v is ModuleArg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'kind' in v && v.kind === 'module';
}

/** torch's `_addindent`: a child's repr under `(name): `, its later lines indented two spaces. */
function childLines(children: [string, string][]): string {
  return children.map(([n, r]) => `  (${n}): ${r.split('\n').join('\n  ')}`).join('\n');
}

function container(name: string, children: [string, string][]): string {
  return children.length ? `${name}(\n${childLines(children)}\n)` : `${name}()`;
}

function prefixed(prefix: string, weights: Weight[]): Weight[] {
  return weights.map((w) => ({ name: `${prefix}.${w.name}`, shape: w.shape }));
}

interface Attention {
  embed: Dim;
  heads: Dim;
  kdim: Dim;
  vdim: Dim;
  batchFirst: boolean;
  /** Keys added by add_bias_kv and add_zero_attn. */
  extraKeys: number;
}

function linearRepr(inF: Dim, outF: Dim, bias: boolean, cls = 'Linear'): string {
  return `${cls}(in_features=${pyRepr(inF)}, out_features=${pyRepr(outF)}, bias=${bias ? 'True' : 'False'})`;
}

function attentionWeights(embed: Dim, kdim: Dim, vdim: Dim, bias: boolean, biasKv: boolean): Weight[] {
  const same = kdim === embed && vdim === embed;
  return [
    ...(same ? [{ name: 'in_proj_weight', shape: [dimMul(3, embed), embed] }] : [
      { name: 'q_proj_weight', shape: [embed, embed] },
      { name: 'k_proj_weight', shape: [embed, kdim] },
      { name: 'v_proj_weight', shape: [embed, vdim] },
    ]),
    ...(bias ? [{ name: 'in_proj_bias', shape: [dimMul(3, embed)] }] : []),
    ...(biasKv ? [{ name: 'bias_k', shape: [1, 1, embed] }, { name: 'bias_v', shape: [1, 1, embed] }] : []),
    { name: 'out_proj.weight', shape: [embed, embed] },
    ...(bias ? [{ name: 'out_proj.bias', shape: [embed] }] : []),
  ];
}

/** `embed_dim must be divisible by num_heads`, when both are known. */
function headsError(embed: Dim, heads: Dim) {
  if (typeof embed === 'number' && typeof heads === 'number' && heads !== 0 && Math.floor(embed / heads) * heads !== embed) {
    return fail('attention-heads', 'embed_dim must be divisible by num_heads');
  }
  return undefined;
}

interface AttendOptions {
  needWeights: boolean | undefined;
  average: boolean | undefined;
  attnMask?: ArgValue;
  keyPaddingMask?: ArgValue;
}

/** MultiheadAttention.forward and F.multi_head_attention_forward's shape checks. */
function attend(a: Attention, query: ArgValue | undefined, key: ArgValue | undefined, value: ArgValue | undefined, o: AttendOptions): OpResult {
  if (!isTensor(query)) return notATensor('MultiheadAttention', query);
  if (!isTensor(key) || !isTensor(value)) return ok(unknown('MultiheadAttention: key or value is not a tensor the analysis tracks'));
  const q = query.shape;
  const k = key.shape;
  const v = value.shape;
  if (q === null || k === null || v === null) return ok(unknown('MultiheadAttention: input shapes not known'));
  if (q.length === 3) {
    if (k.length !== 3 || v.length !== 3) return fail('input-rank', `For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${k.length}-D and ${v.length}-D tensors respectively`);
  } else if (q.length === 2) {
    if (k.length !== 2 || v.length !== 2) return fail('input-rank', `For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${k.length}-D and ${v.length}-D tensors respectively`);
  } else {
    return fail('input-rank', `query should be unbatched 2D or batched 3D tensor but received ${q.length}-D query tensor`);
  }
  const batched = q.length === 3;
  const e = q[q.length - 1];
  if (typeof e === 'number' && typeof a.embed === 'number' && e !== a.embed) {
    return fail('attention-embed-dim', `was expecting embedding dimension of ${a.embed}, but got ${e}`);
  }
  // Sequence-first views: (L, N, E) / (S, N, kdim).
  const seqFirst = (s: Dim[]) => (batched && a.batchFirst ? [s[1], s[0], s[2]] : s);
  const [qs, ks, vs] = [seqFirst(q), seqFirst(k), seqFirst(v)];
  const L = qs[0];
  const S = ks[0];
  const N: Dim = batched ? qs[1] : 1;
  // Everything else torch checks (key against value, batch sizes, projections, masks) must be
  // plainly consistent; otherwise the outcome is left unknown.
  const same = (x: Dim, y: Dim) => typeof x === 'number' && typeof y === 'number' && x === y;
  const consistent =
    same(ks[0], vs[0]) &&
    (!batched || (same(ks[1], vs[1]) && same(ks[1], qs[1]))) &&
    same(ks[ks.length - 1], a.kdim) &&
    same(vs[vs.length - 1], a.vdim) &&
    typeof a.heads === 'number';
  if (!consistent) return ok(unknown('MultiheadAttention: key, value and query sizes the analysis does not check'));
  const fullS = dimAdd(S, a.extraKeys);
  const masks = [o.attnMask, o.keyPaddingMask].filter((m) => m !== undefined && m !== null);
  if (masks.length) {
    const am = o.attnMask;
    const kpm = o.keyPaddingMask;
    const amOk = am === undefined || am === null || (isTensor(am) && am.shape !== null && am.shape.length === 2 && same(am.shape[0], L) && same(am.shape[1], S));
    const kpmOk = kpm === undefined || kpm === null || (isTensor(kpm) && kpm.shape !== null && (batched ? kpm.shape.length === 2 && same(kpm.shape[0], N) && same(kpm.shape[1], S) : kpm.shape.length === 1 && same(kpm.shape[0], S)));
    if (!amOk || !kpmOk) return ok(unknown('MultiheadAttention: masks the analysis does not check'));
  }
  const out = batched ? (a.batchFirst ? [N, L, a.embed] : [L, N, a.embed]) : [L, a.embed];
  if (o.needWeights === undefined || (o.needWeights && o.average === undefined)) return ok([tensor(out), unknown('MultiheadAttention: need_weights or average_attn_weights not known')]);
  let weights: ArgValue = null;
  if (o.needWeights) {
    const perHead = o.average ? [L, fullS] : [a.heads, L, fullS];
    weights = tensor(batched ? [N, ...perHead] : perHead);
  }
  return ok([tensor(out), weights], { derivation: [`attn_output = ${sizeList(out)}`] });
}

const multiheadAttention: LayerDef = {
  name: 'MultiheadAttention',
  params: [
    { name: 'embed_dim' },
    { name: 'num_heads' },
    { name: 'dropout', default: float(0) },
    { name: 'bias', default: true },
    { name: 'add_bias_kv', default: false },
    { name: 'add_zero_attn', default: false },
    { name: 'kdim', default: null },
    { name: 'vdim', default: null },
    { name: 'batch_first', default: false },
    ...DEVICE,
  ],
  build(args) {
    const embed = toDim(args.embed_dim);
    const heads = toDim(args.num_heads);
    const failed = headsError(embed, heads);
    if (failed) return failed;
    const kdim = args.kdim === null ? embed : toDim(args.kdim);
    const vdim = args.vdim === null ? embed : toDim(args.vdim);
    const bias = toBool(args.bias);
    const biasKv = toBool(args.add_bias_kv);
    const zeroAttn = toBool(args.add_zero_attn);
    const batchFirst = toBool(args.batch_first);
    const known = bias !== undefined && biasKv !== undefined && zeroAttn !== undefined && batchFirst !== undefined;
    const weights = known ? attentionWeights(embed, kdim, vdim, bias, biasKv) : [];
    const a: Attention = { embed, heads, kdim, vdim, batchFirst: batchFirst ?? false, extraKeys: (biasKv ? 1 : 0) + (zeroAttn ? 1 : 0) };
    const layer: LayerInstance = {
      repr: container('MultiheadAttention', [['out_proj', linearRepr(embed, embed, bias ?? true, 'NonDynamicallyQuantizableLinear')]]),
      params: known ? paramCount(weights) : null,
      weights,
      forwardParams: [
        { name: 'query' },
        { name: 'key' },
        { name: 'value' },
        { name: 'key_padding_mask', default: null },
        { name: 'need_weights', default: true },
        { name: 'attn_mask', default: null },
        { name: 'average_attn_weights', default: true },
      ],
      forward: (f) =>
        known
          ? attend(a, f.query, f.key, f.value, { needWeights: toBool(f.need_weights), average: toBool(f.average_attn_weights), attnMask: f.attn_mask, keyPaddingMask: f.key_padding_mask })
          : ok(unknown('MultiheadAttention: its settings are not known')),
      attributes: { embed_dim: embed, num_heads: heads, kdim, vdim, batch_first: args.batch_first, head_dim: typeof embed === 'number' && typeof heads === 'number' && heads !== 0 ? Math.floor(embed / heads) : null },
    };
    return { ok: true, layer };
  },
};

function layerParams(): ParamSpec[] {
  return [
    { name: 'd_model' },
    { name: 'nhead' },
    { name: 'dim_feedforward', default: 2048 },
    { name: 'dropout', default: float(0.1) },
    { name: 'activation', default: 'relu' },
    { name: 'layer_norm_eps', default: float(1e-5) },
    { name: 'batch_first', default: false },
    { name: 'norm_first', default: false },
    ...DEVICE,
  ];
}

/** The first input's features against LayerNorm (norm_first) or the self-attention. */
function firstCheck(d: Dim, normFirst: boolean, x: TensorArg): OpResult | undefined {
  const shape = x.shape!;
  const last = shape[shape.length - 1];
  if (shape.length === 0 || typeof last !== 'number' || typeof d !== 'number' || last === d) return undefined;
  if (normFirst) return fail('norm-features', `Given normalized_shape=${sizeList([d])}, expected input with shape [*, ${d}], but got input of size${sizeList(shape)}`);
  return undefined;
}

function transformerLayerDef(decoder: boolean): LayerDef {
  const name = decoder ? 'TransformerDecoderLayer' : 'TransformerEncoderLayer';
  return {
    name,
    params: layerParams(),
    build(args) {
      const d = toDim(args.d_model);
      const heads = toDim(args.nhead);
      const failed = headsError(d, heads);
      if (failed) return failed;
      const ff = toDim(args.dim_feedforward);
      const batchFirst = toBool(args.batch_first);
      const normFirst = toBool(args.norm_first);
      const activation = args.activation;
      const actModule = isModule(activation) ? activation : undefined;
      const mha = container('MultiheadAttention', [['out_proj', linearRepr(d, d, true, 'NonDynamicallyQuantizableLinear')]]);
      const ln = `LayerNorm((${pyRepr(d)},), eps=${pyRepr(args.layer_norm_eps)}, elementwise_affine=True)`;
      const drop = `Dropout(p=${pyRepr(args.dropout)}, inplace=False)`;
      const norms = decoder ? ['norm1', 'norm2', 'norm3'] : ['norm1', 'norm2'];
      const drops = decoder ? ['dropout1', 'dropout2', 'dropout3'] : ['dropout1', 'dropout2'];
      const children: [string, string][] = [
        ['self_attn', mha],
        ...(decoder ? [['multihead_attn', mha] as [string, string]] : []),
        ['linear1', linearRepr(d, ff, true)],
        ['dropout', drop],
        ['linear2', linearRepr(ff, d, true)],
        ...norms.map((n): [string, string] => [n, ln]),
        ...drops.map((n): [string, string] => [n, drop]),
        ...(actModule ? [['activation', actModule.layer.repr] as [string, string]] : []),
      ];
      const weights: Weight[] = [
        ...prefixed('self_attn', attentionWeights(d, d, d, true, false)),
        ...(decoder ? prefixed('multihead_attn', attentionWeights(d, d, d, true, false)) : []),
        { name: 'linear1.weight', shape: [ff, d] },
        { name: 'linear1.bias', shape: [ff] },
        { name: 'linear2.weight', shape: [d, ff] },
        { name: 'linear2.bias', shape: [d] },
        ...norms.flatMap((n) => [{ name: `${n}.weight`, shape: [d] }, { name: `${n}.bias`, shape: [d] }]),
        ...(actModule ? prefixed('activation', actModule.layer.weights) : []),
      ];
      const a: Attention = { embed: d, heads, kdim: d, vdim: d, batchFirst: batchFirst ?? false, extraKeys: 0 };
      // An activation neither a string nor a layer the analysis knows may hold parameters.
      const actKnown = typeof activation === 'string' || actModule !== undefined;
      const layer: LayerInstance = {
        repr: container(name, children),
        params: actKnown && (actModule === undefined || actModule.layer.params !== null) ? paramCount(weights) : null,
        weights,
        forwardParams: decoder
          ? DECODER_FORWARD_PARAMS
          : [{ name: 'src' }, { name: 'src_mask', default: null }, { name: 'src_key_padding_mask', default: null }],
        forward(f) {
          const x = decoder ? f.tgt : f.src;
          if (!isTensor(x)) return notATensor(name, x);
          if (x.shape === null) return ok(unknown(`${name}: input shape not known`));
          if (batchFirst === undefined || normFirst === undefined) return ok(unknown(`${name}: batch_first or norm_first not known`));
          const early = firstCheck(d, normFirst, x);
          if (early) return early;
          const opts = { needWeights: false, average: true };
          const selfAttn = attend(a, x, x, x, { ...opts, attnMask: decoder ? f.tgt_mask : f.src_mask, keyPaddingMask: decoder ? f.tgt_key_padding_mask : f.src_key_padding_mask });
          if (!selfAttn.ok) return selfAttn;
          const out = Array.isArray(selfAttn.value) ? selfAttn.value[0] : selfAttn.value;
          if (!isTensor(out)) return ok(unknown(`${name}: its self-attention is not known`));
          if (decoder) {
            const mem = f.memory;
            const cross = attend(a, out, mem, mem, { ...opts, attnMask: f.memory_mask, keyPaddingMask: f.memory_key_padding_mask });
            if (!cross.ok) return cross;
            const c = Array.isArray(cross.value) ? cross.value[0] : cross.value;
            if (!isTensor(c)) return ok(unknown(`${name}: its attention over memory is not known`));
          }
          return ok(tensor(x.shape));
        },
        attributes: { batch_first: args.batch_first, norm_first: args.norm_first },
      };
      return { ok: true, layer };
    },
  };
}

/** Calls a module argument's forward with these arguments by name, the rest at their defaults. */
function callModule(m: ModuleArg, named: Record<string, ArgValue>, first: ArgValue): OpResult {
  const params = m.layer.forwardParams;
  const args: BoundArgs = {};
  params.forEach((p, i) => {
    if (i === 0) args[p.name] = first;
    else if (p.name in named) args[p.name] = named[p.name];
    else if (p.default !== undefined) args[p.name] = p.default;
  });
  return m.layer.forward(args);
}

function stackDef(decoder: boolean): LayerDef {
  const name = decoder ? 'TransformerDecoder' : 'TransformerEncoder';
  const layerArg = decoder ? 'decoder_layer' : 'encoder_layer';
  return {
    name,
    params: [
      { name: layerArg },
      { name: 'num_layers' },
      { name: 'norm', default: null },
      ...(decoder ? [] : [{ name: 'enable_nested_tensor', default: true }, { name: 'mask_check', default: true }]),
    ],
    build(args) {
      const inner = args[layerArg];
      const n = toDim(args.num_layers);
      const norm = args.norm;
      const normModule = isModule(norm) ? norm : undefined;
      const normKnown = norm === null || normModule !== undefined;
      const count = isModule(inner) && typeof n === 'number' ? n : undefined;
      const children: [string, string][] = [];
      if (count !== undefined && isModule(inner)) {
        const items = Array.from({ length: count }, (_, i): [string, string] => [String(i), inner.layer.repr]);
        children.push(['layers', container('ModuleList', items)]);
      } else {
        children.push(['layers', 'ModuleList(...)']);
      }
      if (normModule) children.push(['norm', normModule.layer.repr]);
      const weights: Weight[] =
        count !== undefined && isModule(inner)
          ? [...Array.from({ length: count }, (_, i) => prefixed(`layers.${i}`, inner.layer.weights)).flat(), ...(normModule ? prefixed('norm', normModule.layer.weights) : [])]
          : [];
      const innerParams = isModule(inner) ? inner.layer.params : null;
      const params: Dim =
        count !== undefined && normKnown && innerParams !== null && (normModule === undefined || normModule.layer.params !== null)
          ? dimAdd(dimMul(count, innerParams), normModule ? normModule.layer.params : 0)
          : null;
      const layer: LayerInstance = {
        repr: container(name, children),
        params,
        weights,
        forwardParams: decoder
          ? DECODER_FORWARD_PARAMS
          : [{ name: 'src' }, { name: 'mask', default: null }, { name: 'src_key_padding_mask', default: null }],
        forward(f) {
          const x = decoder ? f.tgt : f.src;
          if (!isTensor(x)) return notATensor(name, x);
          if (!isModule(inner) || count === undefined || !normKnown) return ok(unknown(`${name}: its layers are not known`));
          const named: Record<string, ArgValue> = decoder
            ? { memory: f.memory, tgt_mask: f.tgt_mask, memory_mask: f.memory_mask, tgt_key_padding_mask: f.tgt_key_padding_mask, memory_key_padding_mask: f.memory_key_padding_mask }
            : { src_mask: f.mask, src_key_padding_mask: f.src_key_padding_mask };
          let out: ArgValue = x;
          for (let i = 0; i < count; i++) {
            const r = callModule(inner, named, out);
            if (!r.ok || !isTensor(r.value)) return r;
            out = r.value;
          }
          if (normModule) return callModule(normModule, {}, out);
          return ok(out);
        },
        attributes: { num_layers: n },
      };
      return { ok: true, layer };
    },
  };
}

export const transformerLayers: LayerDef[] = [multiheadAttention, transformerLayerDef(false), transformerLayerDef(true), stackDef(false), stackDef(true)];
