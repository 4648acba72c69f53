/**
 * The sliding-window arithmetic convolution and pooling share: torch's output-size formula
 * (`floor((in + 2·p − d·(k − 1) − 1) / s) + 1`, or ceil with the dropped last window), the
 * transposed-convolution inverse, and the derivation lines the hover prints.
 */
import { dimAdd, dimCeilDiv, dimEquals, dimFloorDiv, dimMul, dimSub, type Dim } from '../dims';
import { showDim } from './common';

/** Names of the spatial dims as torch's docs write them: L; H, W; D, H, W. */
export function spatialNames(n: number): string[] {
  return n === 1 ? ['L'] : n === 2 ? ['H', 'W'] : n === 3 ? ['D', 'H', 'W'] : Array.from({ length: n }, (_, i) => `S${i}`);
}

export interface Window {
  kernel: Dim;
  stride: Dim;
  padding: Dim;
  dilation: Dim;
  ceilMode: boolean;
}

/** Output size along one dim and its derivation line. */
export interface WindowOutput {
  size: Dim;
  derivation: string;
}

/**
 * In ceil mode torch drops the last window when it would start in the right padding:
 * `if (out − 1)·s ≥ in + p then out −= 1`. On symbolic sizes the drop is decided only where it
 * cannot happen for any input (the last start is at most `in + 2p − d(k−1) − 1 + s − 1`);
 * otherwise the size is unknown rather than guessed.
 */
export function windowOutput(name: string, input: Dim, w: Window): WindowOutput {
  const span = dimSub(dimAdd(input, dimMul(2, w.padding)), dimAdd(dimMul(w.dilation, dimSub(w.kernel, 1)), 1));
  const floorSize = dimAdd(dimFloorDiv(span, w.stride), 1);
  const open = w.ceilMode ? '⌈' : '⌊';
  const close = w.ceilMode ? '⌉' : '⌋';
  const formula =
    `${name}_out = ${open}(${showDim(input)} + 2·${showDim(w.padding)} − ${showDim(w.dilation)}·(${showDim(w.kernel)} − 1) − 1)` +
    ` / ${showDim(w.stride)}${close} + 1`;
  if (!w.ceilMode) return { size: floorSize, derivation: `${formula} = ${showDim(floorSize)}` };

  const ceilSize = dimAdd(dimCeilDiv(span, w.stride), 1);
  let size: Dim = ceilSize;
  let dropped = false;
  if (typeof ceilSize === 'number' && typeof input === 'number' && typeof w.stride === 'number' && typeof w.padding === 'number') {
    dropped = (ceilSize - 1) * w.stride >= input + w.padding;
  } else if (dimEquals(ceilSize, floorSize) !== true) {
    const k = w.kernel, s = w.stride, p = w.padding, d = w.dilation;
    const neverDrops = typeof k === 'number' && typeof s === 'number' && typeof p === 'number' && typeof d === 'number' && p + s < d * (k - 1) + 2;
    if (!neverDrops) size = null;
  }
  if (dropped && typeof ceilSize === 'number') {
    size = ceilSize - 1;
    return { size, derivation: `${formula} − 1 = ${size} (the last window would start in the right padding, so torch drops it)` };
  }
  return { size, derivation: `${formula} = ${showDim(size)}` };
}

export interface TransposedWindow {
  kernel: Dim;
  stride: Dim;
  padding: Dim;
  dilation: Dim;
  outputPadding: Dim;
}

/** `(in − 1)·s − 2·p + d·(k − 1) + output_padding + 1`. */
export function transposedWindowOutput(name: string, input: Dim, w: TransposedWindow): WindowOutput {
  const size = dimAdd(
    dimAdd(dimSub(dimMul(dimSub(input, 1), w.stride), dimMul(2, w.padding)), dimMul(w.dilation, dimSub(w.kernel, 1))),
    dimAdd(w.outputPadding, 1),
  );
  const derivation =
    `${name}_out = (${showDim(input)} − 1)·${showDim(w.stride)} − 2·${showDim(w.padding)} + ` +
    `${showDim(w.dilation)}·(${showDim(w.kernel)} − 1) + ${showDim(w.outputPadding)} + 1 = ${showDim(size)}`;
  return { size, derivation };
}
