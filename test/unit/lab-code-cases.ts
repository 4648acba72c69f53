/**
 * Lab settings whose "Copy as PyTorch" code is checked against real torch: the generator
 * (scripts/gen_lab_fixtures.mjs) writes each case's code, runs it with Debian's torch on the
 * synthetic picture below, and stores torch's output; lab-pytorch-code.test.ts checks that the
 * lab still writes the same code and computes the same numbers.
 */
import { convParams } from '../../webview/lab/pipeline';
import { pytorchCode } from '../../webview/lab/pytorchCode';
import { defaultState, type LabState } from '../../webview/lab/state';

export const PICTURE_WIDTH = 13;
export const PICTURE_HEIGHT = 11;

/** RGBA bytes of a deterministic picture with edges and ramps in every channel (the Python side rebuilds it). */
export function syntheticPicture(): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(PICTURE_WIDTH * PICTURE_HEIGHT * 4);
  for (let y = 0; y < PICTURE_HEIGHT; y++) {
    for (let x = 0; x < PICTURE_WIDTH; x++) {
      const i = (y * PICTURE_WIDTH + x) * 4;
      data[i] = (x * 37 + y * 11) % 256;
      data[i + 1] = x > 6 ? 220 : 30 + y * 9;
      data[i + 2] = (x * y * 13) % 256;
      data[i + 3] = 255;
    }
  }
  return { width: PICTURE_WIDTH, height: PICTURE_HEIGHT, data };
}

function variant(name: string, change: (s: LabState) => LabState): { name: string; state: LabState } {
  const base = defaultState();
  return { name, state: change({ ...base, image: { kind: 'user', name: 'picture.png', uri: 'file:///picture.png' } }) };
}

const kernel = (height: number, width: number, values: number[]): LabState['kernel'] => ({ height, width, values, preset: null });

export function labCodeCases(): { name: string; state: LabState }[] {
  return [
    variant('gray sharpen, valid', (s) => s),
    variant('rgb gaussian 5, stride 2, padding 2', (s) => ({
      ...s,
      channelMode: 'rgb',
      kernel: { height: 5, width: 5, values: [1, 4, 6, 4, 1].flatMap((a) => [1, 4, 6, 4, 1].map((b) => (a * b) / 256)), preset: 'gaussian5' },
      conv: { ...s.conv, stride: [2, 2], padding: [2, 2] },
    })),
    variant('gray even 4x2 kernel, padding same, dilation (2, 1)', (s) => ({
      ...s,
      kernel: kernel(4, 2, [0.5, -1, 0.25, 2, -0.75, 1.5, 0.125, -0.3]),
      conv: { ...s.conv, padding: 'same', dilation: [2, 1] },
    })),
    variant('rgb reflect padding (1, 2), stride (1, 2)', (s) => ({
      ...s,
      channelMode: 'rgb',
      kernel: kernel(3, 3, [-2, -1, 0, -1, 1, 1, 0, 1, 2]),
      conv: { ...s.conv, padding: [1, 2], paddingMode: 'reflect', stride: [1, 2] },
    })),
    variant('gray circular padding through avg pool, count_include_pad=False', (s) => ({
      ...s,
      kernel: kernel(3, 3, [1, 1, 1, 1, -8, 1, 1, 1, 1]),
      conv: { ...s.conv, padding: [2, 1], paddingMode: 'circular' },
      pool: { ...s.pool, enabled: true, kind: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false },
    })),
    variant('gradient magnitude preset', (s) => ({
      ...s,
      kernel: { height: 3, width: 3, values: [-1, 0, 1, -2, 0, 2, -1, 0, 1], preset: 'gradient' },
      conv: { ...s.conv, padding: [1, 1], paddingMode: 'replicate' },
    })),
    variant('full Conv2d 3 -> 4 with bias, seeded', (s) => ({ ...s, channelMode: 'full', full: { ...s.full, inChannels: 3, outChannels: 4, seed: 7 } })),
    variant('full Conv2d 5 -> 6, groups 1, no bias, 2x3 kernel', (s) => ({
      ...s,
      channelMode: 'full',
      kernel: kernel(2, 3, [0, 0, 0, 0, 0, 0]),
      full: { ...s.full, inChannels: 5, outChannels: 6, bias: false, seed: 3 },
    })),
    variant('full Conv2d 3 -> 6, groups 3, weights from code', (s) => ({
      ...s,
      channelMode: 'full',
      full: { ...s.full, inChannels: 3, outChannels: 6, groups: 3, bias: false, given: { shape: [6, 1, 2, 2], values: Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) / 5 - 1) } },
    })),
    variant('conv, LeakyReLU(0.2), max pool ceil_mode, nearest x3', (s) => ({
      ...s,
      activation: { enabled: true, kind: 'leaky_relu', alpha: 0.2 },
      pool: { ...s.pool, enabled: true, kind: 'max', kernel: [2, 2], stride: [2, 2], ceilMode: true },
      upsample: { enabled: true, mode: 'nearest', scale: 3 },
    })),
    variant('rgb GELU then bilinear x2, no conv', (s) => ({
      ...s,
      channelMode: 'rgb',
      conv: { ...s.conv, enabled: false },
      activation: { enabled: true, kind: 'gelu', alpha: null },
      upsample: { enabled: true, mode: 'bilinear', scale: 2 },
    })),
  ];
}

/** The code the lab shows for a state (what "Copy as PyTorch" copies). */
export function codeFor(state: LabState): string {
  return pytorchCode(state, state.conv.enabled ? convParams(state) : undefined);
}
