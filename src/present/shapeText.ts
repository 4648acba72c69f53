/**
 * How ConvLens prints shapes and counts. Pure functions (no `vscode`), shared by the editor (hover,
 * inlay hints, code lens, status bar, summary panel, clipboard commands) and the command line.
 */
import { formatDim, formatShapeList, formatTorchSize, type Dim } from '../core/dims';
import type { Shape } from '../core/api';

export type ShapeStyle = 'list' | 'times' | 'torch';

/** `[1, 3, 28, 28]`, `1×3×28×28` or `torch.Size([1, 3, 28, 28])`; `?` when even the rank is unknown. */
export function formatShape(shape: Shape | undefined, style: ShapeStyle = 'list'): string {
  if (!shape) return '?';
  if (style === 'torch') return formatTorchSize(shape);
  if (style === 'times') return shape.length === 0 ? '()' : shape.map((d) => formatDim(d)).join('×');
  return formatShapeList(shape);
}

/**
 * The shapes a statement took each time it ran (a loop): `[1, 3, 16, 16] → [1, 3, 8, 8]`, the middle
 * elided past three (`first → … → last (×5)`) so that a hint stays one glance long.
 */
export function formatShapeHistory(history: readonly Shape[], style: ShapeStyle = 'list'): string {
  const shown = history.map((s) => formatShape(s, style));
  if (shown.length <= 3) return shown.join(' → ');
  return `${shown[0]} → … → ${shown[shown.length - 1]} (×${shown.length})`;
}

/** `61,706`; symbolic counts print as their expression. */
export function formatCount(d: Dim | undefined): string {
  if (d === undefined || d === null) return '?';
  if (typeof d === 'number') return d.toLocaleString('en-US');
  return formatDim(d);
}

/** Multiply-accumulates the way torchinfo totals them: `0.42 M`, `1.82 G`. */
export function formatMacs(d: Dim | undefined): string {
  if (d === undefined || d === null) return '?';
  if (typeof d !== 'number') return formatDim(d);
  if (d >= 1e9) return `${(d / 1e9).toFixed(2)} G`;
  return `${(d / 1e6).toFixed(2)} M`;
}

/** float32 activation bytes as `12.25 KB`, `3.06 MB` (powers of 1024, as torchinfo's sizes). */
export function formatBytes(d: Dim | undefined): string {
  if (d === undefined || d === null) return '?';
  if (typeof d !== 'number') return `${formatDim(d)} B`;
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = d;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(2)} ${units[unit]}`;
}
