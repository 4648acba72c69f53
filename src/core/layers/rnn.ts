/**
 * Recurrent layers: `RNN`, `LSTM`, `GRU` and their single-step cells `RNNCell`, `LSTMCell`,
 * `GRUCell`. A gate count G (1, 4, 3) sizes every weight: per layer and direction `weight_ih`
 * is [G·H, in], `weight_hh` [G·H, H_out] and each bias [G·H]; an LSTM with `proj_size` P also has
 * `weight_hr` [P, H] and outputs P features instead of H.
 *
 * Sequence layers take (T, N, in) (or (N, T, in) with `batch_first`) or an unbatched (T, in) and
 * return (output, h_n), an LSTM (output, (h_n, c_n)); torch checks the input's last dim against
 * `input_size` and each given hidden state against the size it expects, in that order.
 *
 * MACs: G·H·(in + H_out) per layer, direction and time step.
 */
import { dimAdd, dimMul, type Dim } from '../dims';
import { fail, float, isTensor, notATensor, ok, paramCount, pyRepr, sizeList, tensor, toBool, toDim, toNumber, unknown } from './common';
import type { ArgValue, BoundArgs, LayerDef, OpResult, ParamSpec } from './types';

type Mode = 'RNN' | 'LSTM' | 'GRU';

const GATES: Record<Mode, number> = { RNN: 1, LSTM: 4, GRU: 3 };

const DEVICE: ParamSpec[] = [{ name: 'device', default: null }, { name: 'dtype', default: null }];

/** The weights of one layer-direction (suffix `_l0`, `_l0_reverse`) or of a cell (no suffix). */
function gateWeights(gates: number, inSize: Dim, hidden: Dim, hiddenOut: Dim, bias: boolean, suffix: string, projected: boolean) {
  const rows = dimMul(gates, hidden);
  return [
    { name: `weight_ih${suffix}`, shape: [rows, inSize] },
    { name: `weight_hh${suffix}`, shape: [rows, hiddenOut] },
    ...(bias ? [{ name: `bias_ih${suffix}`, shape: [rows] }, { name: `bias_hh${suffix}`, shape: [rows] }] : []),
    ...(projected ? [{ name: `weight_hr${suffix}`, shape: [hiddenOut, hidden] }] : []),
  ];
}

/** `(2, 3, 32)`: how torch prints the hidden size it expected. */
function pyTuple(dims: Dim[]): string {
  return pyRepr(dims as ArgValue[]);
}

interface SequenceConfig {
  mode: Mode;
  inputSize: Dim;
  hidden: Dim;
  /** proj_size, or hidden when there is no projection. */
  hiddenOut: Dim;
  layers: Dim;
  directions: number;
  batchFirst: boolean;
}

/** torch's `check_hidden_size` for one hidden state (`hidden[0]` of an LSTM is h_0, `hidden[1]` c_0). */
function hiddenCheck(given: ArgValue | undefined, expected: Dim[], label: string): OpResult | undefined {
  if (!isTensor(given) || given.shape === null) return undefined;
  const got = given.shape;
  const differs = got.length !== expected.length || got.some((d, i) => typeof d === 'number' && typeof expected[i] === 'number' && d !== expected[i]);
  if (!differs) return undefined;
  if (!got.every((d) => typeof d === 'number') || !expected.every((d) => typeof d === 'number')) return undefined;
  return fail('rnn-hidden-size', `Expected ${label} size ${pyTuple(expected)}, got ${sizeList(got)}`);
}

function sequenceForward(c: SequenceConfig, input: ArgValue | undefined, hx: ArgValue | undefined): OpResult {
  if (!isTensor(input)) return notATensor(c.mode, input);
  const shape = input.shape;
  if (shape === null) return ok(unknown(`${c.mode}: input shape not known`));
  const batched = shape.length === 3;
  const states = c.mode === 'LSTM' ? (Array.isArray(hx) ? hx : hx === null || hx === undefined ? [] : undefined) : hx === null || hx === undefined ? [] : [hx];
  if (states === undefined) return ok(unknown(`${c.mode}: hx is not the (h_0, c_0) tuple the analysis follows`));
  // torch checks that the given hidden states have the input's batchedness before anything else.
  const ranks = states.map((s) => (isTensor(s) ? (s.shape?.length ?? null) : null));
  if (shape.length === 2 || shape.length === 3) {
    const want = shape.length;
    const wrong = ranks.some((r) => r !== null && r !== want);
    if (wrong && ranks.every((r) => r !== null)) {
      const which = batched ? 'batched 3-D' : 'unbatched 2-D';
      if (c.mode === 'LSTM') return fail('rnn-hidden-size', `For ${which} input, hx and cx should also be ${want}-D but got (${ranks[0]}-D, ${ranks[1]}-D) tensors`);
      return fail('rnn-hidden-size', `For ${which} input, hx should also be ${want}-D but got ${ranks[0]}-D tensor`);
    }
    if (wrong) return ok(unknown(`${c.mode}: hidden state rank not known`));
  }
  // An unbatched input is unsqueezed at the batch dim, so any rank but 2 and 3 fails torch's 3-D check.
  if (!batched && shape.length !== 2) return fail('input-rank', `input must have 3 dimensions, got ${shape.length + 1}`);
  const last = shape[shape.length - 1];
  if (typeof last === 'number' && typeof c.inputSize === 'number' && last !== c.inputSize) {
    return fail('rnn-input-size', `input.size(-1) must be equal to input_size. Expected ${c.inputSize}, got ${last}`);
  }
  const batch: Dim = batched ? shape[c.batchFirst ? 0 : 1] : 1;
  const steps: Dim = batched ? shape[c.batchFirst ? 1 : 0] : shape[0];
  const stack = dimMul(c.layers, c.directions);
  const hShape = [stack, batch, c.hiddenOut];
  const cShape = [stack, batch, c.hidden];
  const unsqueezed = (s: ArgValue) => (isTensor(s) && s.shape && !batched ? { ...s, shape: [s.shape[0], 1, ...s.shape.slice(1)] } : s);
  if (c.mode === 'LSTM') {
    const failed = (states[0] !== undefined ? hiddenCheck(unsqueezed(states[0]), hShape, 'hidden[0]') : undefined) ?? (states[1] !== undefined ? hiddenCheck(unsqueezed(states[1]), cShape, 'hidden[1]') : undefined);
    if (failed) return failed;
  } else if (states[0] !== undefined) {
    const failed = hiddenCheck(unsqueezed(states[0]), hShape, 'hidden');
    if (failed) return failed;
  }
  const features = dimMul(c.directions, c.hiddenOut);
  const output = batched ? (c.batchFirst ? [batch, steps, features] : [steps, batch, features]) : [steps, features];
  const squeeze = (s: Dim[]) => (batched ? s : [s[0], s[2]]);
  const hN = tensor(squeeze(hShape));
  const macs = dimMul(dimMul(steps, batch), dimMul(stack, dimMul(GATES[c.mode], dimMul(c.hidden, dimAdd(c.inputSize, c.hiddenOut)))));
  const facts = { derivation: [`output = ${sizeList(output)}, h_n = ${sizeList(squeeze(hShape))}`], macs };
  return ok(c.mode === 'LSTM' ? [tensor(output), [hN, tensor(squeeze(cShape))]] : [tensor(output), hN], facts);
}

function sequenceRepr(mode: Mode, args: BoundArgs): string {
  const parts = [`${pyRepr(args.input_size)}, ${pyRepr(args.hidden_size)}`];
  if (mode === 'LSTM' && toNumber(args.proj_size) !== 0) parts.push(`proj_size=${pyRepr(args.proj_size)}`);
  if (toNumber(args.num_layers) !== 1) parts.push(`num_layers=${pyRepr(args.num_layers)}`);
  if (args.bias !== true) parts.push(`bias=${pyRepr(args.bias)}`);
  if (args.batch_first !== false) parts.push(`batch_first=${pyRepr(args.batch_first)}`);
  if (toNumber(args.dropout) !== 0) parts.push(`dropout=${pyRepr(args.dropout)}`);
  if (args.bidirectional !== false) parts.push(`bidirectional=${pyRepr(args.bidirectional)}`);
  return `${mode}(${parts.join(', ')})`;
}

function sequenceDef(mode: Mode): LayerDef {
  const params: ParamSpec[] = [
    { name: 'input_size' },
    { name: 'hidden_size' },
    { name: 'num_layers', default: 1 },
    { name: 'bias', default: true },
    { name: 'batch_first', default: false },
    { name: 'dropout', default: float(0) },
    { name: 'bidirectional', default: false },
    ...(mode === 'LSTM' ? [{ name: 'proj_size', default: 0 }] : []),
    ...(mode === 'RNN' ? [{ name: 'nonlinearity', default: 'tanh', keywordOnly: true }] : []),
    ...DEVICE.map((p) => ({ ...p, keywordOnly: true })),
  ];
  return {
    name: mode,
    params,
    build(args) {
      const hidden = toDim(args.hidden_size);
      const proj = mode === 'LSTM' ? toDim(args.proj_size) : 0;
      const hiddenOut = proj === 0 ? hidden : proj;
      const layers = toDim(args.num_layers);
      const directions = toBool(args.bidirectional) ? 2 : 1;
      const bias = toBool(args.bias) ?? true;
      const batchFirst = toBool(args.batch_first);
      const config: SequenceConfig = { mode, inputSize: toDim(args.input_size), hidden, hiddenOut, layers, directions, batchFirst: batchFirst ?? false };
      const weights =
        typeof layers === 'number' && toBool(args.bidirectional) !== undefined
          ? Array.from({ length: layers }, (_, l) =>
              Array.from({ length: directions }, (_, d) =>
                gateWeights(GATES[mode], l === 0 ? config.inputSize : dimMul(directions, hiddenOut), hidden, hiddenOut, bias, `_l${l}${d === 1 ? '_reverse' : ''}`, proj !== 0),
              ),
            ).flat(2)
          : undefined;
      return {
        ok: true,
        layer: {
          repr: sequenceRepr(mode, args),
          params: weights ? paramCount(weights) : null,
          weights: weights ?? [],
          forwardParams: [{ name: 'input' }, { name: 'hx', default: null }],
          forward: (fwd) =>
            batchFirst === undefined || toBool(args.bidirectional) === undefined
              ? ok(unknown(`${mode}: batch_first or bidirectional not known`))
              : sequenceForward(config, fwd.input, fwd.hx),
          attributes: { input_size: config.inputSize, hidden_size: hidden, num_layers: layers, bias, batch_first: args.batch_first, bidirectional: args.bidirectional, proj_size: proj },
        },
      };
    },
  };
}

interface CellConfig {
  mode: Mode;
  inputSize: Dim;
  hidden: Dim;
}

/** ATen's `check_rnn_cell_forward_hidden` for hidden state `index` (h is 0, an LSTM's c is 1). */
function cellHiddenCheck(input: Dim[], state: ArgValue | undefined, hidden: Dim, index: number): OpResult | undefined {
  if (!isTensor(state) || state.shape === null || state.shape.length !== 2) return undefined;
  const [n, h] = state.shape;
  if (typeof n === 'number' && typeof input[0] === 'number' && n !== input[0]) return fail('rnn-hidden-size', `Input batch size ${input[0]} doesn't match hidden${index} batch size ${n}`);
  if (typeof h === 'number' && typeof hidden === 'number' && h !== hidden) return fail('rnn-hidden-size', `hidden${index} has inconsistent hidden_size: got ${h}, expected ${hidden}`);
  return undefined;
}

function cellForward(c: CellConfig, input: ArgValue | undefined, hx: ArgValue | undefined): OpResult {
  const name = `${c.mode}Cell`;
  if (!isTensor(input)) return notATensor(name, input);
  const shape = input.shape;
  if (shape === null) return ok(unknown(`${name}: input shape not known`));
  if (shape.length !== 1 && shape.length !== 2) return fail('input-rank', `${name}: Expected input to be 1-D or 2-D but received ${shape.length}-D tensor`);
  const states = c.mode === 'LSTM' ? (Array.isArray(hx) ? hx : hx === null || hx === undefined ? [] : undefined) : hx === null || hx === undefined ? [] : [hx];
  if (states === undefined) return ok(unknown(`${name}: hx is not the (h_0, c_0) tuple the analysis follows`));
  // An unbatched cell unsqueezes input and hidden states to a batch of one.
  const batched = shape.length === 2;
  const asBatch = (s: ArgValue) => (!batched && isTensor(s) && s.shape?.length === 1 ? { ...s, shape: [1, s.shape[0]] } : s);
  const rows = batched ? shape : [1, shape[0]];
  const last = rows[1];
  if (typeof last === 'number' && typeof c.inputSize === 'number' && last !== c.inputSize) {
    return fail('rnn-input-size', `input has inconsistent input_size: got ${last} expected ${c.inputSize}`);
  }
  for (let i = 0; i < states.length; i++) {
    const failed = cellHiddenCheck(rows, asBatch(states[i]), c.hidden, i);
    if (failed) return failed;
  }
  const out = tensor(batched ? [shape[0], c.hidden] : [c.hidden]);
  const macs = dimMul(rows[0], dimMul(GATES[c.mode], dimMul(c.hidden, dimAdd(c.inputSize, c.hidden))));
  return ok(c.mode === 'LSTM' ? [out, tensor(out.shape)] : out, { derivation: [], macs });
}

function cellDef(mode: Mode): LayerDef {
  return {
    name: `${mode}Cell`,
    params: [{ name: 'input_size' }, { name: 'hidden_size' }, { name: 'bias', default: true }, ...(mode === 'RNN' ? [{ name: 'nonlinearity', default: 'tanh' }] : []), ...DEVICE],
    build(args) {
      const config: CellConfig = { mode, inputSize: toDim(args.input_size), hidden: toDim(args.hidden_size) };
      const bias = toBool(args.bias) ?? true;
      const weights = gateWeights(GATES[mode], config.inputSize, config.hidden, config.hidden, bias, '', false);
      const extra = [...(args.bias !== true ? [`bias=${pyRepr(args.bias)}`] : []), ...(mode === 'RNN' && args.nonlinearity !== 'tanh' ? [`nonlinearity=${String(args.nonlinearity)}`] : [])];
      return {
        ok: true,
        layer: {
          repr: `${mode}Cell(${[`${pyRepr(args.input_size)}, ${pyRepr(args.hidden_size)}`, ...extra].join(', ')})`,
          params: paramCount(weights),
          weights,
          forwardParams: [{ name: 'input' }, { name: 'hx', default: null }],
          forward: (fwd) => cellForward(config, fwd.input, fwd.hx),
          attributes: { input_size: config.inputSize, hidden_size: config.hidden, bias },
        },
      };
    },
  };
}

export const rnnLayers: LayerDef[] = (['RNN', 'LSTM', 'GRU'] as const).flatMap((mode) => [sequenceDef(mode), cellDef(mode)]);
