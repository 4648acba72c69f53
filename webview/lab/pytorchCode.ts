/**
 * "Copy as PyTorch": code that reproduces what the lab shows, with the kernel written out as a
 * `torch.tensor` literal (float32 values printed so they read back bit-exact). Both spellings are
 * given: the `nn.Conv2d` module with its weights set, and the same computation with `F.conv2d`.
 */
import type { Conv2dParams } from '../conv/types';
import { perChannelConv } from '../conv/filter';
import { activationRepr, inputChannels, magnitudePartner, poolParams } from './pipeline';
import { SAMPLE_IMAGES, type LabState } from './state';

/** Weight literals beyond this many values would make the clipboard unusable. */
const MAX_LITERAL_VALUES = 20_000;

/** The shortest decimal that reads back as the same float32. */
export function float32Literal(v: number): string {
  const f = Math.fround(v);
  if (Number.isInteger(f) && Math.abs(f) < 1e15) return `${f}.`;
  for (let digits = 1; digits <= 9; digits++) {
    const text = f.toPrecision(digits);
    if (Math.fround(Number(text)) === f) return String(Number(text));
  }
  return String(f);
}

/** A nested list literal of `values` in the given shape. */
function nested(values: ArrayLike<number>, shape: readonly number[], offset = 0, depth = 0): string {
  if (shape.length === 0) return float32Literal(values[offset]);
  const [n, ...rest] = shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  const items = Array.from({ length: n }, (_, i) => nested(values, rest, offset + i * stride, depth + 1));
  const indent = ' '.repeat(4 * (depth + 1) + 13);
  return rest.length >= 1 && rest.length <= 2 && n > 1 ? `[${items.join(`,\n${indent}`)}]` : `[${items.join(', ')}]`;
}

function tuple(v: readonly number[]): string {
  return `(${v.join(', ')})`;
}

function imageLines(state: LabState): string[] {
  const file = state.image.kind === 'sample' ? SAMPLE_IMAGES[state.image.id].file : state.image.name;
  const mode = state.channelMode === 'gray' || inputChannels(state) === 1 ? 'gray' : 'rgb';
  const lines = [
    'from PIL import Image',
    'import torchvision.transforms.functional as TF',
    '',
    `img = Image.open(${JSON.stringify(file)}).convert('RGB')`,
  ];
  if (state.inputSize) lines.push(`img = img.resize((${state.inputSize[1]}, ${state.inputSize[0]}))  # the lab resizes in the browser; values differ slightly`);
  if (mode === 'gray') {
    lines.push('x = TF.rgb_to_grayscale(TF.to_tensor(img)).unsqueeze(0)  # [1, 1, H, W], values in [0, 1]');
  } else if (inputChannels(state) === 3) {
    lines.push('x = TF.to_tensor(img).unsqueeze(0)  # [1, 3, H, W], values in [0, 1]');
  } else {
    lines.push('rgb = TF.to_tensor(img)');
    lines.push('maps = [rgb[0], rgb[1], rgb[2], TF.rgb_to_grayscale(rgb)[0]]  # the lab repeats R, G, B, grey');
    lines.push(`x = torch.stack([maps[c % 4] for c in range(${inputChannels(state)})]).unsqueeze(0)`);
  }
  return lines;
}

function paddingArgument(conv: Conv2dParams): string {
  return typeof conv.padding === 'string' ? `'${conv.padding}'` : tuple(conv.padding);
}

/** F.pad's (left, right, top, bottom) for the padding nn.Conv2d applies before a non-zeros mode. */
function explicitPad(conv: Conv2dParams): number[] {
  const [, , kH, kW] = conv.weightShape;
  if (conv.padding === 'valid') return [0, 0, 0, 0];
  if (conv.padding === 'same') {
    const split = (k: number, d: number) => [Math.floor((d * (k - 1)) / 2), d * (k - 1) - Math.floor((d * (k - 1)) / 2)];
    return [...split(kW, conv.dilation[1]), ...split(kH, conv.dilation[0])];
  }
  return [conv.padding[1], conv.padding[1], conv.padding[0], conv.padding[0]];
}

function convLines(state: LabState, conv: Conv2dParams): string[] {
  const [outChannels, , kH, kW] = conv.weightShape;
  const count = conv.weight.length;
  const lines: string[] = [];
  const mode = state.conv.paddingMode;
  const ctorArgs = [
    `${inputChannels(state)}, ${outChannels}, kernel_size=${tuple([kH, kW])}`,
    `stride=${tuple(conv.stride)}`,
    `padding=${paddingArgument(conv)}`,
    `dilation=${tuple(conv.dilation)}`,
    ...(conv.groups !== 1 ? [`groups=${conv.groups}`] : []),
    ...(conv.bias ? [] : ['bias=False']),
    ...(mode !== 'zeros' ? [`padding_mode='${mode}'`] : []),
  ];
  const fnArgs = [`stride=${tuple(conv.stride)}`, `dilation=${tuple(conv.dilation)}`, ...(conv.groups !== 1 ? [`groups=${conv.groups}`] : [])];
  // F.conv2d has no padding_mode: other modes pad with F.pad first, as nn.Conv2d does internally.
  const functional = (weight: string, bias: string) =>
    mode === 'zeros'
      ? `F.conv2d(x, ${weight}, ${bias}, padding=${paddingArgument(conv)}, ${fnArgs.join(', ')})`
      : `F.conv2d(F.pad(x, ${tuple(explicitPad(conv))}, mode='${mode}'), ${weight}, ${bias}, ${fnArgs.join(', ')})`;
  const partner = magnitudePartner(state);
  if (partner) {
    const second = perChannelConv(partner, inputChannels(state), { stride: conv.stride, padding: conv.padding, paddingMode: mode, dilation: conv.dilation });
    lines.push(`weight_x = torch.tensor(${nested(conv.weight, conv.weightShape)})`);
    lines.push(`weight_y = torch.tensor(${nested(second.weight, second.weightShape)})`);
    lines.push(`y = torch.sqrt(${functional('weight_x', 'None')} ** 2 + ${functional('weight_y', 'None')} ** 2)  # gradient magnitude`);
    return lines;
  }
  lines.push(`conv = nn.Conv2d(${ctorArgs.join(', ')})`);
  if (count > MAX_LITERAL_VALUES) {
    lines.push(`# ${count} weights are too many to write out; the lab drew them as nn.Conv2d does (kaiming-uniform, a=√5),`);
    lines.push('# so this conv shows the same kind of maps, not the same values.');
    lines.push('y = conv(x)');
    return lines;
  }
  if (state.channelMode === 'rgb') {
    const kernelLiteral = nested(conv.weight, [kH, kW], 0, 0);
    lines.push(`kernel = torch.tensor(${kernelLiteral})`);
    lines.push('weight = kernel.expand(3, 1, *kernel.shape).contiguous()  # the same kernel on R, G and B (groups=3)');
  } else {
    lines.push(`weight = torch.tensor(${nested(conv.weight, conv.weightShape, 0, 0)})`);
  }
  if (conv.bias) lines.push(`bias = torch.tensor(${nested(conv.bias, [outChannels])})`);
  lines.push('with torch.no_grad():');
  lines.push('    conv.weight.copy_(weight)');
  if (conv.bias) lines.push('    conv.bias.copy_(bias)');
  lines.push('y = conv(x)');
  lines.push('');
  lines.push('# The same with the functional API:');
  lines.push(`y_f = ${functional('weight', conv.bias ? 'bias' : 'None')}`);
  return lines;
}

/** The whole script: imports, the input tensor, then one line (or block) per enabled stage. */
export function pytorchCode(state: LabState, conv: Conv2dParams | undefined): string {
  const lines = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', ...imageLines(state), ''];
  if (conv) lines.push(...convLines(state, conv));
  else lines.push('y = x');
  if (state.activation.enabled) {
    lines.push(`y = nn.${activationRepr(state)}(y)`);
  }
  if (state.pool.enabled) {
    const p = poolParams(state);
    const fn = p.kind === 'max' ? 'max_pool2d' : 'avg_pool2d';
    lines.push(`y = F.${fn}(y, kernel_size=${tuple(p.kernel)}, stride=${tuple(p.stride)}, padding=${tuple(p.padding)}, ceil_mode=${p.ceilMode ? 'True' : 'False'}${p.kind === 'avg' && !p.countIncludePad ? ', count_include_pad=False' : ''})`);
  }
  if (state.upsample.enabled) {
    lines.push(`y = F.interpolate(y, scale_factor=${state.upsample.scale}, mode='${state.upsample.mode}'${state.upsample.mode === 'bilinear' ? ', align_corners=False' : ''})`);
  }
  lines.push('print(y.shape)');
  return lines.join('\n') + '\n';
}
