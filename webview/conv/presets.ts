/**
 * The classic image kernels the Kernel Lab and `convlens kernel` offer by name. Values are the
 * textbook ones (Gaussians as binomial approximations, normalised to sum 1). Kernels that are an
 * outer product carry their factors so a backend may run them as two 1-D passes.
 */

/** A kernel as rows of numbers, `kernel[y][x]`, applied by cross-correlation as F.conv2d does. */
export type KernelRows = number[][];

export interface SeparableFactors {
  /** Vertical factor (one entry per row). */
  column: number[];
  /** Horizontal factor (one entry per column). */
  row: number[];
}

export interface KernelPreset {
  id: string;
  label: string;
  description: string;
  kernel: KernelRows;
  separable?: SeparableFactors;
  /**
   * Set for gradient magnitude: the result is sqrt(a² + b²) of the image filtered by `kernel`
   * and by this second kernel.
   */
  magnitudeWith?: KernelRows;
}

function outer(column: number[], row: number[]): KernelRows {
  return column.map((c) => row.map((r) => c * r));
}

function scaled(values: number[], factor: number): number[] {
  return values.map((v) => v * factor);
}

function separablePreset(id: string, label: string, description: string, column: number[], row: number[]): KernelPreset {
  return { id, label, description, kernel: outer(column, row), separable: { column, row } };
}

const binomial3 = scaled([1, 2, 1], 1 / 4);
const binomial5 = scaled([1, 4, 6, 4, 1], 1 / 16);
const binomial7 = scaled([1, 6, 15, 20, 15, 6, 1], 1 / 64);
const derivative = [-1, 0, 1];
const sobelX = outer([1, 2, 1], derivative);
const sobelY = outer(derivative, [1, 2, 1]);

export const kernelPresets: readonly KernelPreset[] = [
  { id: 'identity', label: 'Identity', description: 'Copies the image: the centre weight is 1, all others 0.', kernel: [[0, 0, 0], [0, 1, 0], [0, 0, 0]] },
  separablePreset('box', 'Box blur', 'Each pixel becomes the mean of its 3×3 neighbourhood.', scaled([1, 1, 1], 1 / 3), scaled([1, 1, 1], 1 / 3)),
  separablePreset('gaussian3', 'Gaussian 3×3', 'Weighted blur, nearer pixels count more (binomial 1-2-1).', binomial3, binomial3),
  separablePreset('gaussian5', 'Gaussian 5×5', 'Wider weighted blur (binomial 1-4-6-4-1).', binomial5, binomial5),
  separablePreset('gaussian7', 'Gaussian 7×7', 'Widest weighted blur (binomial 1-6-15-20-15-6-1).', binomial7, binomial7),
  { id: 'sharpen', label: 'Sharpen', description: 'Adds the difference to the 4 neighbours back to the centre.', kernel: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] },
  {
    id: 'unsharp',
    label: 'Unsharp mask',
    description: 'Twice the image minus its 5×5 Gaussian blur: sharpens edges without the 3×3 noise boost.',
    kernel: outer(binomial5, binomial5).map((row, y) => row.map((v, x) => (y === 2 && x === 2 ? 2 : 0) - v)),
  },
  { id: 'laplacian4', label: 'Laplacian (4-neighbour)', description: 'Second derivative: responds to edges in every direction.', kernel: [[0, 1, 0], [1, -4, 1], [0, 1, 0]] },
  { id: 'laplacian8', label: 'Laplacian (8-neighbour)', description: 'Second derivative including diagonals.', kernel: [[1, 1, 1], [1, -8, 1], [1, 1, 1]] },
  separablePreset('sobel-x', 'Sobel x', 'Horizontal gradient: vertical edges light up, signed.', [1, 2, 1], derivative),
  separablePreset('sobel-y', 'Sobel y', 'Vertical gradient: horizontal edges light up, signed.', derivative, [1, 2, 1]),
  {
    id: 'gradient',
    label: 'Gradient magnitude',
    description: 'sqrt(Sobel x² + Sobel y²): edge strength in any direction (two convolutions).',
    kernel: sobelX,
    magnitudeWith: sobelY,
  },
  separablePreset('prewitt-x', 'Prewitt x', 'Horizontal gradient with equal row weights.', [1, 1, 1], derivative),
  separablePreset('prewitt-y', 'Prewitt y', 'Vertical gradient with equal column weights.', derivative, [1, 1, 1]),
  separablePreset('scharr-x', 'Scharr x', 'Horizontal gradient with better rotational symmetry (3-10-3).', [3, 10, 3], derivative),
  separablePreset('scharr-y', 'Scharr y', 'Vertical gradient with better rotational symmetry (3-10-3).', derivative, [3, 10, 3]),
  { id: 'emboss', label: 'Emboss', description: 'Relief effect: a diagonal gradient added to the image.', kernel: [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]] },
  { id: 'outline', label: 'Outline', description: 'Like the 8-neighbour Laplacian, sign flipped: edges bright on dark.', kernel: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]] },
];

export function findPreset(id: string): KernelPreset | undefined {
  return kernelPresets.find((p) => p.id === id);
}

/**
 * Reads a kernel written as nested lists, the way a `torch.tensor` literal writes it:
 * `[[0,-1,0],[-1,5,-1],[0,-1,0]]`. Returns an error text for anything else (ragged rows,
 * non-numbers, empty, larger than 15×15).
 */
export function parseKernel(text: string): { kernel: KernelRows } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: `not a nested list of numbers: ${text}` };
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((row) => Array.isArray(row) && row.length > 0)) {
    return { error: 'a kernel is a non-empty list of non-empty rows, e.g. [[0,-1,0],[-1,5,-1],[0,-1,0]]' };
  }
  const rows = value as unknown[][];
  if (!rows.every((row) => row.length === rows[0].length)) return { error: 'every row of the kernel must have the same length' };
  if (!rows.every((row) => row.every((v) => typeof v === 'number' && Number.isFinite(v)))) return { error: 'kernel entries must be finite numbers' };
  if (rows.length > 15 || rows[0].length > 15) return { error: `kernels are at most 15×15, got ${rows.length}×${rows[0].length}` };
  return { kernel: rows as KernelRows };
}
