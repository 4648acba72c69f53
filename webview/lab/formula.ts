/**
 * The output-size derivations the lab shows next to its controls, worded as the editor's hover
 * words them (one line per spatial dimension, the user's numbers substituted). This is the one
 * place the lab formats them.
 */
import { convOutputSize, poolOutputSize } from '../conv/geometry';
import type { Padding } from './state';

const AXES = ['H', 'W'] as const;

/** `⌊x⌋`/`⌈x⌉` around the numerator over stride; the stride is kept even when it is 1, as torch's docs write it. */
function slidingLine(axis: string, size: number, pad: string, kernel: number, stride: number, dilation: number, ceil: boolean, result: number): string {
  const [open, close] = ceil ? ['⌈', '⌉'] : ['⌊', '⌋'];
  return `${axis}_out = ${open}(${size} + ${pad} − ${dilation}·(${kernel} − 1) − 1) / ${stride}${close} + 1 = ${result}`;
}

/** Conv2d: `H_out = ⌊(28 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 14`; padding='same' shows the split torch uses. */
export function convDerivation(inSize: [number, number], kernel: [number, number], stride: [number, number], padding: Padding, dilation: [number, number]): string[] {
  return AXES.map((axis, i) => {
    if (padding === 'same') {
      const total = dilation[i] * (kernel[i] - 1);
      const before = Math.floor(total / 2);
      return `${axis}_out = ${axis}_in = ${inSize[i]} (padding='same': ${before} before, ${total - before} after)`;
    }
    const pad = padding === 'valid' ? 0 : padding[i];
    const result = convOutputSize(inSize[i], kernel[i], stride[i], 2 * pad, dilation[i]);
    return slidingLine(axis, inSize[i], `2·${pad}`, kernel[i], stride[i], dilation[i], false, result);
  });
}

/** MaxPool2d/AvgPool2d, with ceil_mode's dropped last window reflected in the result. */
export function poolDerivation(inSize: [number, number], kernel: [number, number], stride: [number, number], padding: [number, number], ceilMode: boolean): string[] {
  return AXES.map((axis, i) => {
    const result = poolOutputSize(inSize[i], kernel[i], padding[i], stride[i], 1, ceilMode);
    const line = slidingLine(axis, inSize[i], `2·${padding[i]}`, kernel[i], stride[i], 1, ceilMode, result);
    const unclipped = Math.ceil((inSize[i] + 2 * padding[i] - (kernel[i] - 1) - 1) / stride[i]) + 1;
    // ceil_mode drops a last window that would start inside the right padding; say so, since the arithmetic shown gives one more.
    return ceilMode && unclipped !== result ? `${line.slice(0, line.lastIndexOf('='))}− 1 = ${result} (last window would start in the padding)` : line;
  });
}

/** F.interpolate with an integer scale_factor: `H_out = ⌊14 · 2⌋ = 28`. */
export function upsampleDerivation(inSize: [number, number], scale: number): string[] {
  return AXES.map((axis, i) => `${axis}_out = ⌊${inSize[i]} · ${scale}⌋ = ${Math.floor(inSize[i] * scale)}`);
}
