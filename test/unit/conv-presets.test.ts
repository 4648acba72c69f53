import { describe, expect, it } from 'vitest';
import { findPreset, kernelPresets, parseKernel } from '../../webview/conv/presets';

const sum = (rows: number[][]) => rows.flat().reduce((a, b) => a + b, 0);

describe('kernel presets', () => {
  it('offers every kernel the lab and the CLI name, each with a distinct id', () => {
    const ids = kernelPresets.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['identity', 'box', 'gaussian3', 'gaussian5', 'gaussian7', 'sharpen', 'unsharp', 'laplacian4', 'laplacian8', 'sobel-x', 'sobel-y', 'gradient', 'prewitt-x', 'prewitt-y', 'scharr-x', 'scharr-y', 'emboss', 'outline']) {
      expect(findPreset(id), id).toBeDefined();
    }
  });

  it('keeps brightness with the blurs, sharpen and unsharp mask (weights sum to 1) and zeroes flat areas with the edge detectors', () => {
    for (const id of ['identity', 'box', 'gaussian3', 'gaussian5', 'gaussian7', 'sharpen', 'unsharp', 'emboss']) expect(sum(findPreset(id)!.kernel), id).toBeCloseTo(1, 12);
    for (const id of ['laplacian4', 'laplacian8', 'sobel-x', 'sobel-y', 'prewitt-x', 'prewitt-y', 'scharr-x', 'scharr-y', 'outline']) expect(sum(findPreset(id)!.kernel), id).toBe(0);
    expect(findPreset('gaussian5')!.kernel[2][2]).toBeCloseTo(36 / 256, 12);
  });

  it('states separable factors whose outer product is the kernel', () => {
    for (const preset of kernelPresets.filter((p) => p.separable)) {
      const { column, row } = preset.separable!;
      expect(preset.kernel, preset.id).toEqual(column.map((c) => row.map((r) => c * r)));
    }
  });

  it('computes gradient magnitude from Sobel x and y', () => {
    const gradient = findPreset('gradient')!;
    expect(gradient.kernel).toEqual(findPreset('sobel-x')!.kernel);
    expect(gradient.magnitudeWith).toEqual(findPreset('sobel-y')!.kernel);
  });
});

describe('parseKernel', () => {
  it('reads a nested list, odd or even sized', () => {
    expect(parseKernel('[[0,-1,0],[-1,5,-1],[0,-1,0]]')).toEqual({ kernel: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] });
    expect(parseKernel(' [[1, 2], [3, 4.5]] ')).toEqual({ kernel: [[1, 2], [3, 4.5]] });
  });

  it('explains what is wrong with anything else', () => {
    expect(parseKernel('[[1,2],[3]]')).toEqual({ error: 'every row of the kernel must have the same length' });
    expect(parseKernel('[[1,"a"]]')).toEqual({ error: 'kernel entries must be finite numbers' });
    expect(parseKernel('[]')).toHaveProperty('error');
    expect(parseKernel('[[1,2],')).toHaveProperty('error');
    expect(parseKernel(JSON.stringify(Array.from({ length: 16 }, () => [1])))).toEqual({ error: 'kernels are at most 15×15, got 16×1' });
  });
});
