/**
 * Turns float feature maps into pixels without hiding their sign or range. Four mappings:
 * - abs: |v|, so a negative edge response is as bright as a positive one;
 * - clamp: v clipped to [0, 1], what a naive viewer shows (negative values turn black);
 * - normalise: (v − min) / (max − min) over the whole tensor, so maps stay comparable;
 * - diverging: blue for negative, white for 0, red for positive, scaled by max |v|.
 * Images enter the lab as values in [0, 1] (torchvision's `to_tensor`), so abs and clamp map 1 to white.
 */
import type { FeatureMap } from '../conv/types';
import type { DisplayMode } from './state';

export interface ValueRange {
  min: number;
  max: number;
}

export function valueRange(map: FeatureMap): ValueRange {
  const { data } = map;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return data.length ? { min, max } : { min: 0, max: 0 };
}

// Endpoints and midpoint of a blue–white–red diverging map (Moreland's "cool to warm").
const COOL: [number, number, number] = [59, 76, 192];
const NEUTRAL: [number, number, number] = [221, 221, 221];
const WARM: [number, number, number] = [180, 4, 38];

function diverging(t: number, out: Uint8ClampedArray, offset: number): void {
  const [from, to, f] = t < 0 ? [NEUTRAL, COOL, -t] : [NEUTRAL, WARM, t];
  const s = Math.min(f, 1);
  out[offset] = from[0] + (to[0] - from[0]) * s;
  out[offset + 1] = from[1] + (to[1] - from[1]) * s;
  out[offset + 2] = from[2] + (to[2] - from[2]) * s;
  out[offset + 3] = 255;
}

/**
 * The grey-level modes as `level = (mapped value) · scale + offset`, in [0, 255] before clipping;
 * abs maps |v|. A linear form keeps the per-pixel loop free of calls (a 512×512 RGB redraw is
 * 786 432 of them). Uint8ClampedArray clips and rounds on assignment.
 */
function greyLevels(mode: Exclude<DisplayMode, 'diverging'>, range: ValueRange): { abs: boolean; scale: number; offset: number } {
  if (mode !== 'normalise') return { abs: mode === 'abs', scale: 255, offset: 0 };
  const span = range.max - range.min;
  return span > 0 ? { abs: false, scale: 255 / span, offset: (-range.min * 255) / span } : { abs: false, scale: 0, offset: 127.5 };
}

/** One channel as RGBA pixels (grey levels, or the diverging colours). */
export function channelPixels(map: FeatureMap, channel: number, mode: DisplayMode, range: ValueRange): Uint8ClampedArray {
  const plane = map.height * map.width;
  const out = new Uint8ClampedArray(plane * 4);
  const base = channel * plane;
  const { data } = map;
  if (mode === 'diverging') {
    const scale = Math.max(Math.abs(range.min), Math.abs(range.max)) || 1;
    for (let i = 0; i < plane; i++) diverging(data[base + i] / scale, out, i * 4);
    return out;
  }
  const { abs, scale, offset } = greyLevels(mode, range);
  for (let i = 0; i < plane; i++) {
    const v = data[base + i];
    const g = (abs ? Math.abs(v) : v) * scale + offset;
    const o = i * 4;
    out[o] = g;
    out[o + 1] = g;
    out[o + 2] = g;
    out[o + 3] = 255;
  }
  return out;
}

/** Three channels as one colour image (not for the diverging mode, which needs one map per channel). */
export function rgbPixels(map: FeatureMap, mode: Exclude<DisplayMode, 'diverging'>, range: ValueRange): Uint8ClampedArray {
  const plane = map.height * map.width;
  const out = new Uint8ClampedArray(plane * 4);
  const { data } = map;
  const { abs, scale, offset } = greyLevels(mode, range);
  for (let i = 0; i < plane; i++) {
    const r = data[i];
    const g = data[plane + i];
    const b = data[2 * plane + i];
    const o = i * 4;
    out[o] = (abs ? Math.abs(r) : r) * scale + offset;
    out[o + 1] = (abs ? Math.abs(g) : g) * scale + offset;
    out[o + 2] = (abs ? Math.abs(b) : b) * scale + offset;
    out[o + 3] = 255;
  }
  return out;
}

/** What the colour bar shows: its colour at 0 and 1 of its length and the values at its ends. */
export function colourBarStops(mode: DisplayMode, range: ValueRange): { colours: string[]; low: number; high: number; note: string } {
  switch (mode) {
    case 'abs':
      return { colours: ['#000', '#fff'], low: 0, high: 1, note: '|value|; above 1 is white' };
    case 'clamp':
      return { colours: ['#000', '#fff'], low: 0, high: 1, note: 'below 0 is black, above 1 is white' };
    case 'normalise':
      return { colours: ['#000', '#fff'], low: range.min, high: range.max, note: 'stretched from the minimum to the maximum' };
    case 'diverging': {
      const m = Math.max(Math.abs(range.min), Math.abs(range.max));
      const rgb = (c: number[]) => `rgb(${c.join(',')})`;
      return { colours: [rgb(COOL), rgb(NEUTRAL), rgb(WARM)], low: -m, high: m, note: 'blue negative, red positive' };
    }
  }
}

/** A value as the lab prints it: enough digits to tell values apart, never a wall of them. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toFixed(a >= 100 ? 1 : a >= 1 ? 3 : 4)));
}
