/**
 * The Kernel Lab's convolution core: one interface, several backends (WebGL2, WASM SIMD, and the
 * TypeScript reference), all with torch's semantics (float32, NCHW without the batch: CHW).
 */

/** A stack of feature maps, channel-major (`data[(c * height + y) * width + x]`), like one torch sample. */
export interface FeatureMap {
  channels: number;
  height: number;
  width: number;
  data: Float32Array;
}

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** `F.conv2d` (cross-correlation) with torch's argument meanings. */
export interface Conv2dParams {
  /** `[C_out, C_in / groups, kH, kW]`, row-major. */
  weight: Float32Array;
  weightShape: [number, number, number, number];
  bias?: Float32Array;
  stride: [number, number];
  /** Numbers are per side (torch's `padding=(pH, pW)`); 'same' pads as torch does for stride 1. */
  padding: [number, number] | 'same' | 'valid';
  paddingMode: PaddingMode;
  dilation: [number, number];
  groups: number;
}

/** `F.max_pool2d` / `F.avg_pool2d`. */
export interface Pool2dParams {
  kind: 'max' | 'avg';
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  /** max pooling only. */
  dilation: [number, number];
  ceilMode: boolean;
  /** avg pooling only. */
  countIncludePad: boolean;
  divisorOverride?: number;
}

/** `F.interpolate` for 4-D input. */
export interface InterpolateParams {
  mode: 'nearest' | 'bilinear';
  size?: [number, number];
  scaleFactor?: [number, number];
  alignCorners?: boolean;
}

export type ActivationKind = 'relu' | 'relu6' | 'leaky_relu' | 'elu' | 'gelu' | 'silu' | 'mish' | 'sigmoid' | 'tanh' | 'hardswish';

export interface ActivationParams {
  kind: ActivationKind;
  /** negative_slope for leaky_relu (default 0.01), alpha for elu (default 1). */
  alpha?: number;
}

export type BackendName = 'webgl2' | 'wasm-simd' | 'typescript';

/**
 * Every op returns a new feature map and never changes its input, so backends may cache what they
 * derived from an input (a padded copy, a GPU texture) by the identity of its `data`.
 *
 * conv2d's optional `into` lets a caller that redraws again and again (the lab's frames, the
 * bench's rounds) skip allocating a fresh result each time: when its length is exactly the
 * output's element count the result is written there and returned as the map's `data` (check
 * `result.data === into`); any other length, or the input's own data, is ignored and a new array
 * is returned. The caller owns the buffer and overwrites, by passing it, whatever an earlier
 * result held in it, so it must not pass one that is still needed. The backend that writes
 * `into` forgets what it had cached for that array; another backend's cache is not told, so a
 * reused buffer belongs to one backend.
 */
export interface ConvBackend {
  readonly name: BackendName;
  conv2d(input: FeatureMap, params: Conv2dParams, into?: Float32Array): FeatureMap;
  pool2d(input: FeatureMap, params: Pool2dParams): FeatureMap;
  interpolate(input: FeatureMap, params: InterpolateParams): FeatureMap;
  activation(input: FeatureMap, params: ActivationParams): FeatureMap;
  dispose?(): void;
}
