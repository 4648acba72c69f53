/**
 * Edits of the custom kernel (resize, normalise, flip) and weight initialisation as `nn.Conv2d`
 * does it: `kaiming_uniform_(a=√5)`, which bounds weights by gain·√3/√fan_in with gain = √(2/(1+a²))
 * = √(1/3), i.e. U(−1/√fan_in, 1/√fan_in); the bias is U(−1/√fan_in, 1/√fan_in) as well. The
 * numbers come from a seeded generator (not torch's), so "re-roll" is reproducible within the lab;
 * "Copy as PyTorch" writes the drawn values out, so torch reproduces them anyway.
 */
import type { KernelState } from './state';

/** mulberry32: a small, fast, seeded 32-bit generator; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` values in U(−1/√fan_in, 1/√fan_in), rounded to float32 as torch stores them. */
function kaimingUniform(count: number, fanIn: number, random: () => number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = (random() * 2 - 1) * bound;
  return values;
}

/** Conv2d weights and bias as `nn.Conv2d(inChannels, outChannels, (kH, kW), groups=groups)` draws them. */
export function initConvWeights(
  shape: [number, number, number, number],
  bias: boolean,
  seed: number,
): { weight: Float32Array; bias?: Float32Array } {
  const [outChannels, groupIn, kH, kW] = shape;
  const fanIn = groupIn * kH * kW;
  const random = seededRandom(seed);
  const weight = kaimingUniform(outChannels * fanIn, fanIn, random);
  return bias ? { weight, bias: kaimingUniform(outChannels, fanIn, random) } : { weight };
}

/** The kernel at a new size, keeping the values that overlap when both are centred. */
export function resizeKernel(kernel: KernelState, height: number, width: number): KernelState {
  const values = new Array<number>(height * width).fill(0);
  const dy = Math.floor((height - kernel.height) / 2);
  const dx = Math.floor((width - kernel.width) / 2);
  for (let y = 0; y < kernel.height; y++) {
    for (let x = 0; x < kernel.width; x++) {
      const ty = y + dy;
      const tx = x + dx;
      if (ty >= 0 && ty < height && tx >= 0 && tx < width) values[ty * width + tx] = kernel.values[y * kernel.width + x];
    }
  }
  if (height * width === 1 && kernel.values.every((v) => v === 0)) values[0] = 1;
  return { height, width, values, preset: null };
}

/**
 * Scales the kernel so its weights sum to 1 (brightness kept); a zero-sum kernel (an edge detector)
 * is scaled so its absolute weights sum to 1 instead, since dividing by its sum is impossible.
 */
export function normaliseKernel(kernel: KernelState): KernelState {
  const sum = kernel.values.reduce((a, b) => a + b, 0);
  const divisor = Math.abs(sum) > 1e-12 ? sum : kernel.values.reduce((a, b) => a + Math.abs(b), 0);
  if (divisor === 0) return kernel;
  return { ...kernel, values: kernel.values.map((v) => Math.fround(v / divisor)), preset: null };
}

export type FlipAxis = 'horizontal' | 'vertical' | 'both';

/**
 * Mirrors the kernel. Flipping both axes turns torch's cross-correlation into a textbook
 * convolution with the same kernel.
 */
export function flipKernel(kernel: KernelState, axis: FlipAxis): KernelState {
  const { height, width } = kernel;
  const values = kernel.values.map((_, i) => {
    const y = Math.floor(i / width);
    const x = i % width;
    const sy = axis === 'horizontal' ? y : height - 1 - y;
    const sx = axis === 'vertical' ? x : width - 1 - x;
    return kernel.values[sy * width + sx];
  });
  return { ...kernel, values, preset: null };
}

/** One kernel drawn as `nn.Conv2d(1, 1, (h, w))` would draw it. */
export function randomKernel(height: number, width: number, seed: number): KernelState {
  const weight = kaimingUniform(height * width, height * width, seededRandom(seed));
  return { height, width, values: Array.from(weight), preset: null };
}
