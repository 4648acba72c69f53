/**
 * What the layer definitions give beyond torch's fixtures: symbolic dims kept through the
 * formulas, no error where a check depends on an unknown value, derivation lines in the hover's
 * style, MACs, attributes and Kernel Lab previews, and no exception for any input at all.
 */
import { describe, expect, test } from 'vitest';
import { formatDim, sym, type Dim } from '../../src/core/dims';
import { bindArgs } from '../../src/core/registry';
import { layerDefs, layerFunctionDefs } from '../../src/core/layers/registry';
import type { ArgValue, LayerInstance, OpFacts, OpResult, TensorArg } from '../../src/core/layers/types';

const B = sym('B');
const H = sym('H');
const W = sym('W');
const C = sym('C');

function build(name: string, positional: ArgValue[], keywords: Record<string, ArgValue> = {}): LayerInstance {
  const def = layerDefs.get(name);
  if (!def) throw new Error(`no nn.${name}`);
  const built = def.build(bindArgs(def.params, positional, new Map(Object.entries(keywords))));
  if (!built.ok) throw new Error(built.error.message);
  return built.layer;
}

function input(...shape: Dim[]): TensorArg {
  return { kind: 'tensor', shape };
}

function run(layer: LayerInstance, ...inputs: ArgValue[]): OpResult {
  return layer.forward(bindArgs(layer.forwardParams, inputs, new Map()));
}

function call(name: string, positional: ArgValue[], keywords: Record<string, ArgValue> = {}): OpResult {
  const def = layerFunctionDefs.get(name);
  if (!def) throw new Error(`no ${name}`);
  return def.call(bindArgs(def.params, positional, new Map(Object.entries(keywords))));
}

/** The output shape as the hover prints it, or the error message. */
function shown(result: OpResult): string {
  if (!result.ok) return `error: ${result.error.message}`;
  const v = result.value as TensorArg;
  return v.shape === null ? 'unknown rank' : `[${v.shape.map((d) => formatDim(d)).join(', ')}]`;
}

function facts(result: OpResult): OpFacts {
  if (!result.ok || !result.facts) throw new Error('no facts');
  return result.facts;
}

describe('symbolic dims', () => {
  test('Conv2d keeps B, H and W through its formula, simplified', () => {
    const conv = build('Conv2d', [3, 16, 3], { stride: 2, padding: 1 });
    const out = run(conv, input(B, 3, H, W));
    expect(shown(out)).toBe('[B, 16, ⌊(H - 1)/2⌋ + 1, ⌊(W - 1)/2⌋ + 1]');
    expect(facts(out).derivation[0]).toBe('H_out = ⌊(H + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = ⌊(H − 1)/2⌋ + 1');
  });

  test('padding 1 with a 3×3 kernel gives back H itself', () => {
    expect(shown(run(build('Conv2d', [3, 8, 3], { padding: 1 }), input(B, 3, H, W)))).toBe('[B, 8, H, W]');
  });

  test('checks that depend on a symbolic value report nothing', () => {
    expect(shown(run(build('Conv2d', [3, 8, 5]), input(B, C, H, W)))).toBe('[B, 8, H - 4, W - 4]');
    expect(shown(run(build('Linear', [256, 10]), input(B, sym('F'))))).toBe('[B, 10]');
    expect(shown(run(build('MaxPool2d', [3], { padding: 1 }), input(B, C, H, W)))).toBe('[B, C, ⌊(H - 1)/3⌋ + 1, ⌊(W - 1)/3⌋ + 1]');
    expect(run(build('BatchNorm2d', [16]), input(B, C, H, W)).ok).toBe(true);
    expect(run(build('LayerNorm', [[H, 8]]), input(B, H, 8)).ok).toBe(true);
  });

  test('a known mismatch next to symbolic dims is still an error, worded with them', () => {
    expect(shown(run(build('Linear', [256, 120]), input(B, 400)))).toBe('error: mat1 and mat2 shapes cannot be multiplied (Bx400 and 256x120)');
    expect(shown(run(build('Conv2d', [3, 6, 5]), input(B, 1, H, W)))).toBe(
      'error: Given groups=1, weight of size [6, 3, 5, 5], expected input[B, 1, H, W] to have 3 channels, but got 1 channels instead',
    );
  });

  test('one dim known too small is an error even when another is symbolic', () => {
    expect(shown(run(build('Conv2d', [3, 8, 3]), input(B, 3, 2, W)))).toBe(
      "error: Calculated padded input size per channel: (2 x W). Kernel size: (3 x 3). Kernel size can't be greater than actual input size",
    );
  });

  test('ceil_mode on a symbolic size: exact where the last window can never be dropped, unknown otherwise', () => {
    expect(shown(run(build('MaxPool2d', [2], { ceil_mode: true }), input(B, 3, H, 8)))).toBe('[B, 3, -⌊(-H + 2)/2⌋ + 1, 4]');
    expect(shown(run(build('MaxPool2d', [1], { stride: 3, ceil_mode: true }), input(B, 3, H, 8)))).toBe('[B, 3, ?, 3]');
  });

  test('transposed convolution doubles a symbolic size', () => {
    const up = build('ConvTranspose2d', [8, 4, 4], { stride: 2, padding: 1 });
    expect(shown(run(up, input(B, 8, H, W)))).toBe('[B, 4, 2·H, 2·W]');
  });

  test('interpolate keeps whole-number scales symbolic and leaves fractional ones unknown', () => {
    expect(shown(call('torch.nn.functional.interpolate', [input(B, 3, H, W)], { scale_factor: 2 }))).toBe('[B, 3, 2·H, 2·W]');
    expect(shown(call('torch.nn.functional.interpolate', [input(B, 3, H, 8)], { scale_factor: { kind: 'float', value: 1.5 } }))).toBe('[B, 3, ?, 12]');
  });

  test('a negative pad that would leave a negative size gives an unknown size, never a negative one', () => {
    expect(shown(call('torch.nn.functional.pad', [input(1, 3, 4, 4), [-3, -3]]))).toBe('[1, 3, 4, ?]');
    expect(shown(call('torch.nn.functional.pad', [input(1, 3, 4, 4), [-2, -2]]))).toBe('[1, 3, 4, 0]');
  });

  test('unknown dims stay unknown and an unknown rank stays unknown', () => {
    expect(shown(run(build('Conv2d', [3, 16, 3], { stride: 2, padding: 1 }), input(null, 3, 28, null)))).toBe('[?, 16, 14, ?]');
    expect(shown(run(build('Conv2d', [3, 16, 3]), { kind: 'tensor', shape: null }))).toBe('unknown rank');
    const why = { kind: 'unknown', reason: 'x comes from a file that was not found' } as const;
    expect(run(build('ReLU', []), why)).toEqual({ ok: true, value: why });
  });

  test('an unknown hyperparameter makes the dims it feeds unknown, not wrong', () => {
    const conv = build('Conv2d', [3, { kind: 'unknown', reason: 'from a config file' }, 3]);
    expect(shown(run(conv, input(1, 3, 28, 28)))).toBe('[1, ?, 26, 26]');
    expect(conv.params).toBeNull();
  });
});

describe('derivations in the hover style', () => {
  test('convolution', () => {
    const out = run(build('Conv2d', [1, 3], { kernel_size: 3, stride: 2, padding: 1 }), input(1, 1, 28, 28));
    expect(facts(out).derivation).toEqual(['H_out = ⌊(28 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 14', 'W_out = ⌊(28 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 14']);
  });

  test('1-d and 3-d name their dims L and D, H, W', () => {
    expect(facts(run(build('Conv1d', [1, 1, 3]), input(1, 1, 10))).derivation).toEqual(['L_out = ⌊(10 + 2·0 − 1·(3 − 1) − 1) / 1⌋ + 1 = 8']);
    expect(facts(run(build('MaxPool3d', [2]), input(1, 1, 4, 6, 8))).derivation.map((l) => l.slice(0, 5))).toEqual(['D_out', 'H_out', 'W_out']);
  });

  test('ceil_mode, with and without the dropped window', () => {
    expect(facts(run(build('MaxPool2d', [2], { ceil_mode: true }), input(1, 3, 7, 7))).derivation[0]).toBe('H_out = ⌈(7 + 2·0 − 1·(2 − 1) − 1) / 2⌉ + 1 = 4');
    const dropped = run(build('MaxPool2d', [2], { stride: 2, padding: 1, ceil_mode: true }), input(1, 3, 5, 5));
    expect(shown(dropped)).toBe('[1, 3, 3, 3]');
    expect(facts(dropped).derivation[0]).toBe(
      'H_out = ⌈(5 + 2·1 − 1·(2 − 1) − 1) / 2⌉ + 1 − 1 = 3 (the last window would start in the right padding, so torch drops it)',
    );
  });

  test('transposed convolution', () => {
    const out = run(build('ConvTranspose2d', [3, 6, 4], { stride: 2, padding: 1 }), input(1, 3, 7, 7));
    expect(facts(out).derivation[0]).toBe('H_out = (7 − 1)·2 − 2·1 + 1·(4 − 1) + 0 + 1 = 14');
  });

  test('output_size= picks the output padding', () => {
    const up = build('ConvTranspose2d', [3, 6, 3], { stride: 2, padding: 1 });
    const out = up.forward(bindArgs(up.forwardParams, [input(1, 3, 7, 7)], new Map([['output_size', [14, 14]]])));
    expect(shown(out)).toBe('[1, 6, 14, 14]');
    expect(facts(out).derivation[0]).toBe('H_out = (7 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 14');
  });

  test('interpolate', () => {
    const out = call('torch.nn.functional.interpolate', [input(1, 3, 7, 7)], { scale_factor: { kind: 'float', value: 1.5 } });
    expect(facts(out).derivation[0]).toBe('H_out = ⌊7 · 1.5⌋ = 10');
    expect(facts(call('torch.nn.functional.interpolate', [input(1, 3, 7, 7)], { scale_factor: 3 })).derivation[0]).toBe('H_out = ⌊7 · 3⌋ = 21');
  });

  test("padding='same' with an even kernel pads one more after than before", () => {
    const out = run(build('Conv2d', [3, 6, 4], { padding: 'same' }), input(1, 3, 7, 9));
    expect(shown(out)).toBe('[1, 6, 7, 9]');
    expect(facts(out).derivation[0]).toBe("H_out = 7 (padding='same': 1 before, 2 after, stride 1)");
  });

  test('a reflect-padded convolution shows the padding step first', () => {
    const out = run(build('Conv2d', [3, 6, 3], { padding: 1, padding_mode: 'reflect' }), input(1, 3, 8, 8));
    expect(facts(out).derivation[0]).toBe('H_padded = 8 + 1 + 1 (reflect padding) = 10');
    expect(shown(out)).toBe('[1, 6, 8, 8]');
  });
});

describe('layer facts', () => {
  test('MACs: conv counts out elements × C_in/groups × kernel; linear rows × in × out', () => {
    expect(facts(run(build('Conv2d', [1, 3, 3]), input(1, 1, 28, 28))).macs).toBe(26 * 26 * 3 * 9);
    expect(facts(run(build('Conv2d', [4, 8, 3], { groups: 2, padding: 1 }), input(2, 4, 5, 5))).macs).toBe(2 * 8 * 25 * 2 * 9);
    expect(facts(run(build('Linear', [400, 120]), input(2, 400))).macs).toBe(2 * 400 * 120);
    expect(formatDim(facts(run(build('Linear', [400, 120]), input(B, 400))).macs!)).toBe('48000·B');
  });

  test('receptive-field geometry for conv and pooling', () => {
    expect(facts(run(build('Conv2d', [1, 3, 5], { stride: 2, dilation: 2, padding: 4 }), input(1, 1, 28, 28))).window).toEqual({
      kernel: [5, 5],
      stride: [2, 2],
      dilation: [2, 2],
      padding: [4, 4],
    });
    expect(facts(run(build('MaxPool2d', [2]), input(1, 1, 28, 28))).window?.stride).toEqual([2, 2]);
  });

  test('attributes and weights user code reads back', () => {
    const conv = build('Conv2d', [1, 3], { kernel_size: 3, stride: 2, padding: 1 });
    expect(conv.attributes).toMatchObject({ in_channels: 1, out_channels: 3, kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] });
    expect(conv.weights).toEqual([
      { name: 'weight', shape: [3, 1, 3, 3] },
      { name: 'bias', shape: [3] },
    ]);
    const bn = build('BatchNorm2d', [6]);
    expect(bn.params).toBe(12);
    expect(bn.weights.map((w) => w.name)).toEqual(['weight', 'bias', 'running_mean', 'running_var']);
    expect(build('Linear', [400, 120]).attributes).toEqual({ in_features: 400, out_features: 120 });
  });

  test('Kernel Lab previews carry the normalised hyperparameters', () => {
    expect(build('Conv2d', [1, 3, 3], { stride: 2, padding: 1 }).preview).toEqual({
      op: 'Conv2d',
      config: { in_channels: 1, out_channels: 3, kernel_size: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1, bias: true, padding_mode: 'zeros' },
    });
    expect(build('MaxPool2d', [2]).preview?.config).toMatchObject({ kernel_size: 2, stride: 2, ceil_mode: false });
    expect(build('LeakyReLU', [{ kind: 'float', value: 0.2 }]).preview).toEqual({ op: 'LeakyReLU', config: { kind: 'leaky_relu', alpha: 0.2 } });
    expect(build('Upsample', [], { scale_factor: 2, mode: 'bilinear' }).preview?.config).toMatchObject({ mode: 'bilinear', scale_factor: 2 });
    expect(build('PixelShuffle', [2]).preview).toEqual({ op: 'PixelShuffle', config: { upscale_factor: 2 } });
  });

  test('a batch of one through BatchNorm fails in training mode only', () => {
    const bn = build('BatchNorm1d', [6]);
    expect(shown(run(bn, input(1, 6)))).toBe('error: Expected more than 1 value per channel when training, got input size torch.Size([1, 6])');
    bn.training = false;
    expect(shown(run(bn, input(1, 6)))).toBe('[1, 6]');
  });

  test('avg pooling previews keep count_include_pad', () => {
    expect(build('AvgPool2d', [3], { padding: 1, count_include_pad: false }).preview?.config).toMatchObject({ count_include_pad: false, padding: 1 });
  });

  test('functional calls carry Kernel Lab previews, with the kernel the code writes', () => {
    const sobel: TensorArg = { kind: 'tensor', shape: [1, 1, 3, 3], values: [-1, 0, 1, -2, 0, 2, -1, 0, 1] };
    expect(facts(call('torch.nn.functional.conv2d', [input(1, 1, 28, 28), sobel], { padding: 1 })).preview).toEqual({
      op: 'F.conv2d',
      config: { kernel_size: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, bias: false },
      weight: [-1, 0, 1, -2, 0, 2, -1, 0, 1],
      weightShape: [1, 1, 3, 3],
    });
    expect(facts(call('torch.nn.functional.max_pool2d', [input(1, 3, 8, 8), 2])).preview).toMatchObject({ op: 'F.max_pool2d', config: { kernel_size: 2, stride: 2 } });
    expect(facts(call('torch.nn.functional.interpolate', [input(1, 3, 8, 8)], { scale_factor: 2, mode: 'bilinear' })).preview).toMatchObject({
      op: 'F.interpolate',
      config: { mode: 'bilinear', scale_factor: 2 },
    });
    expect(facts(call('torch.nn.functional.leaky_relu', [input(1, 3, 8, 8), { kind: 'float', value: 0.2 }])).preview).toEqual({ op: 'F.leaky_relu', config: { kind: 'leaky_relu', alpha: 0.2 } });
    expect(facts(call('torch.nn.functional.pixel_shuffle', [input(1, 8, 3, 3), 2])).scale).toEqual([2, 2]);
    expect(facts(call('torch.nn.functional.interpolate', [input(1, 3, 8, 8)], { size: [16, 4] })).scale).toEqual([2, 0.5]);
  });

  test('outputs of layers with parameters are tracked by autograd, and max_pool1d checks them as torch does', () => {
    const conv = run(build('Conv1d', [3, 4, 3]), input(1, 3, 3));
    expect(conv.ok && (conv.value as TensorArg).requiresGrad).toBe(true);
    const relu = run(build('ReLU', []), input(1, 3, 3));
    expect(relu.ok && (relu.value as TensorArg).requiresGrad).toBeUndefined();
    const pool = build('MaxPool1d', [2]);
    expect(shown(run(pool, input(1, 4, 1)))).toBe('[1, 4, 0]');
    expect(shown(run(pool, (conv as { value: TensorArg }).value))).toBe('error: Given input size: (4x1x1). Calculated output size: (4x1x0). Output size is too small');
  });

  test('return_indices gives a pair of tensors', () => {
    const out = run(build('MaxPool2d', [2], { return_indices: true }), input(1, 3, 7, 7));
    expect(out.ok && out.value).toEqual([input(1, 3, 3, 3), input(1, 3, 3, 3)]);
  });

  test('a lazy layer takes its input size at the first call, as torch materialises it', () => {
    const lazy = build('LazyConv2d', [6, 3]);
    expect(lazy.params).toBeNull();
    expect(shown(run(lazy, input(2, 5, 9, 9)))).toBe('[2, 6, 7, 7]');
    expect(lazy.params).toBe(6 * 5 * 9 + 6);
    expect(lazy.repr).toBe('Conv2d(5, 6, kernel_size=(3, 3), stride=(1, 1))');
  });
});

describe('registry', () => {
  test('keys are torch names and definitions agree with them', () => {
    for (const [key, def] of layerDefs) expect(def.name).toBe(key);
    for (const [key, def] of layerFunctionDefs) expect(def.name).toBe(key);
  });

  test('tensor methods bind the receiver as input', () => {
    expect(shown(call('Tensor.softmax', [input(2, 5), 1]))).toBe('[2, 5]');
    expect(shown(call('Tensor.softmax', [input(2, 5), 2]))).toBe('error: Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(shown(call('Tensor.relu', [input(2, 5)]))).toBe('[2, 5]');
    expect(shown(call('torch.sigmoid', [input(2, 5)]))).toBe('[2, 5]');
  });

  test('every layer the issue names is defined', () => {
    const named = [
      'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d', 'LazyConv2d', 'MaxPool1d', 'MaxPool2d', 'MaxPool3d',
      'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'MaxUnpool2d', 'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d', 'AdaptiveMaxPool2d',
      'LPPool2d', 'Upsample', 'UpsamplingNearest2d', 'UpsamplingBilinear2d', 'PixelShuffle', 'PixelUnshuffle', 'BatchNorm1d', 'BatchNorm2d',
      'BatchNorm3d', 'GroupNorm', 'LayerNorm', 'InstanceNorm2d', 'LocalResponseNorm', 'Dropout', 'Dropout2d', 'ReLU', 'LeakyReLU', 'PReLU',
      'ELU', 'GELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh', 'Hardswish', 'ReLU6', 'Softmax', 'LogSoftmax', 'Identity', 'Linear', 'Bilinear',
      'LazyLinear', 'Flatten', 'Unflatten', 'Embedding', 'ZeroPad2d', 'ConstantPad2d', 'ReflectionPad2d', 'ReplicationPad2d',
    ];
    expect(named.filter((n) => !layerDefs.has(n))).toEqual([]);
    const functions = ['conv2d', 'conv_transpose2d', 'max_pool2d', 'avg_pool2d', 'adaptive_avg_pool2d', 'interpolate', 'relu', 'linear', 'pad', 'batch_norm', 'layer_norm', 'dropout', 'softmax'];
    expect(functions.filter((f) => !layerFunctionDefs.has(`torch.nn.functional.${f}`))).toEqual([]);
  });
});

describe('never throws', () => {
  const strange: ArgValue[] = [
    null,
    { kind: 'unknown', reason: 'test' },
    { kind: 'tensor', shape: null },
    input(),
    input(0),
    input(1, 0, 0, 0),
    input(B, C, H, W),
    input(null, null, null, null, null),
    input(1, 2, 3, 4, 5, 6, 7),
    'text',
    -3,
    [1, [2, null]],
    { kind: 'float', value: Number.NaN },
  ];

  test.each([...layerDefs.keys()])('nn.%s, built and called with odd values', (name) => {
    const def = layerDefs.get(name)!;
    for (const value of strange) {
      const args = Object.fromEntries(def.params.map((p) => [p.name, value]));
      const built = def.build(args);
      if (!built.ok) continue;
      const layer = built.layer;
      for (const x of strange) {
        expect(() => layer.forward(Object.fromEntries(layer.forwardParams.map((p) => [p.name, x])))).not.toThrow();
      }
      expect(() => [layer.repr, layer.params, layer.weights, layer.attributes]).not.toThrow();
    }
  });

  test.each([...layerFunctionDefs.keys()])('%s, called with odd values', (name) => {
    const def = layerFunctionDefs.get(name)!;
    for (const value of strange) {
      for (const x of strange) {
        const args = Object.fromEntries(def.params.map((p, i) => [p.name, i === 0 ? x : value]));
        expect(() => def.call(args)).not.toThrow();
      }
    }
  });
});
