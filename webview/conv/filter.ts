/**
 * Running a 2-D kernel over a picture, the way the lab and `convlens kernel` do: the picture as a
 * float feature map in [0, 1], a kernel applied to the grey image (one channel) or to each of R,
 * G, B separately (a depthwise conv, groups = 3), and gradient magnitude as two convs combined.
 */
import type { KernelPreset, KernelRows } from './presets';
import type { ConvBackend, Conv2dParams, FeatureMap, PaddingMode } from './types';

export type ChannelMode = 'gray' | 'rgb';

/** ITU-R BT.601 luma weights, the ones torchvision's rgb_to_grayscale uses. */
const lumaWeights = [0.299, 0.587, 0.114];

/** RGBA bytes → a 1-channel (luma) or 3-channel map with values in [0, 1]; alpha is ignored. */
export function imageToFeatureMap(rgba: ArrayLike<number>, width: number, height: number, mode: ChannelMode): FeatureMap {
  const pixels = width * height;
  const channels = mode === 'gray' ? 1 : 3;
  const data = new Float32Array(channels * pixels);
  for (let i = 0; i < pixels; i++) {
    const r = rgba[4 * i] / 255;
    const g = rgba[4 * i + 1] / 255;
    const b = rgba[4 * i + 2] / 255;
    if (mode === 'gray') {
      data[i] = lumaWeights[0] * r + lumaWeights[1] * g + lumaWeights[2] * b;
    } else {
      data[i] = r;
      data[pixels + i] = g;
      data[2 * pixels + i] = b;
    }
  }
  return { channels, height, width, data };
}

export interface KernelLayout {
  stride: number;
  padding: number | 'same' | 'valid';
  paddingMode: PaddingMode;
  dilation: number;
}

/** The conv that applies one 2-D kernel to every channel of `channels` on its own. */
export function perChannelConv(kernel: KernelRows, channels: number, layout: KernelLayout): Conv2dParams {
  const kH = kernel.length;
  const kW = kernel[0].length;
  const flat = kernel.flat();
  const weight = new Float32Array(channels * flat.length);
  for (let c = 0; c < channels; c++) weight.set(flat, c * flat.length);
  const padding = typeof layout.padding === 'number' ? ([layout.padding, layout.padding] as [number, number]) : layout.padding;
  return {
    weight,
    weightShape: [channels, 1, kH, kW],
    stride: [layout.stride, layout.stride],
    padding,
    paddingMode: layout.paddingMode,
    dilation: [layout.dilation, layout.dilation],
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
