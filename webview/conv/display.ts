/**
 * Turning float feature maps into pixels honestly: a conv output is signed and unbounded, so the
 * mapping is a choice the lab and the CLI name. The value range is returned for the colour bar.
 */
import type { FeatureMap } from './types';

export type DisplayMode = 'normalise' | 'abs' | 'clamp' | 'diverging';

export const displayModeDescriptions: Record<DisplayMode, string> = {
  normalise: 'linearly stretched from the minimum (black) to the maximum (white)',
  abs: 'absolute value, clipped to [0, 1]',
  clamp: 'values below 0 shown black, above 1 white',
  diverging: 'negative blue, zero white, positive red, scaled by the largest magnitude',
};

export interface DisplayImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  min: number;
  max: number;
}

export function valueRange(data: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * One channel as grey, three as RGB; diverging colours the mean over channels. Other channel
 * counts show their first channel (the lab draws such maps one channel at a time).
 */
export function toDisplayImage(map: FeatureMap, mode: DisplayMode): DisplayImage {
  const { width, height, channels, data } = map;
  const pixels = width * height;
  const { min, max } = valueRange(data);
  const rgba = new Uint8ClampedArray(pixels * 4);
  const span = max - min;
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  const unit = (v: number): number => {
    switch (mode) {
      case 'normalise':
        return span > 0 ? (v - min) / span : 0;
      case 'abs':
        return Math.abs(v);
      default:
        return v;
    }
  };
  const shown = channels === 3 ? 3 : 1;
  for (let i = 0; i < pixels; i++) {
    if (mode === 'diverging') {
      let mean = 0;
      for (let c = 0; c < shown; c++) mean += data[c * pixels + i];
      const t = magnitude > 0 ? mean / shown / magnitude : 0;
      // White at zero, fading to blue (t = −1) or red (t = +1).
      rgba[4 * i] = 255 * (t < 0 ? 1 + t : 1);
      rgba[4 * i + 1] = 255 * (1 - Math.abs(t));
      rgba[4 * i + 2] = 255 * (t > 0 ? 1 - t : 1);
    } else {
      for (let k = 0; k < 3; k++) rgba[4 * i + k] = Math.round(255 * unit(data[(shown === 3 ? k : 0) * pixels + i]));
    }
    rgba[4 * i + 3] = 255;
  }
  return { width, height, rgba, min, max };
}
