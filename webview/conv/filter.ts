/**
 * Running a 2-D kernel over a picture, the way the lab and `convlens kernel` do: the same kernel
 * applied to each channel on its own (a depthwise conv, groups = C), and gradient magnitude as two
 * such convs combined.
 */
import type { KernelPreset, KernelRows } from './presets';
import type { ConvBackend, Conv2dParams, FeatureMap, PaddingMode } from './types';

/** Scalars apply to both axes, as torch's `_pair` reads them; pairs are (H, W). */
export interface KernelLayout {
  stride: number | [number, number];
  padding: number | [number, number] | 'same' | 'valid';
  paddingMode: PaddingMode;
  dilation: number | [number, number];
}

function pairOf(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

/** The conv that applies one 2-D kernel to every channel of `channels` on its own. */
export function perChannelConv(kernel: KernelRows, channels: number, layout: KernelLayout): Conv2dParams {
  const kH = kernel.length;
  const kW = kernel[0].length;
  const flat = kernel.flat();
  const weight = new Float32Array(channels * flat.length);
  for (let c = 0; c < channels; c++) weight.set(flat, c * flat.length);
  const padding = typeof layout.padding === 'string' ? layout.padding : pairOf(layout.padding);
  return {
    weight,
    weightShape: [channels, 1, kH, kW],
    stride: pairOf(layout.stride),
    padding,
    paddingMode: layout.paddingMode,
    dilation: pairOf(layout.dilation),
    groups: channels,
  };
}

/** A preset (or a custom kernel) applied per channel; gradient magnitude combines its two convs. */
export function applyKernel(backend: ConvBackend, image: FeatureMap, preset: Pick<KernelPreset, 'kernel' | 'magnitudeWith'>, layout: KernelLayout): FeatureMap {
  const first = backend.conv2d(image, perChannelConv(preset.kernel, image.channels, layout));
  if (!preset.magnitudeWith) return first;
  const second = backend.conv2d(image, perChannelConv(preset.magnitudeWith, image.channels, layout));
  const data = new Float32Array(first.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.hypot(first.data[i], second.data[i]);
  return { ...first, data };
}
