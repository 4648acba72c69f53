/**
 * Getting pictures into the lab: decoding (the browser's `createImageBitmap`: PNG, JPEG, WebP, GIF,
 * BMP), capping the size so redraws stay interactive, and turning pixels into the float tensors
 * torchvision's `to_tensor` would make (values in [0, 1], channel-major).
 */
import type { FeatureMap } from '../conv/types';

/** Longest side the lab computes on; larger images are downscaled, with a note saying so. */
const MAX_IMAGE_SIDE = 1024;

export interface LoadedImage {
  name: string;
  pixels: ImageData;
  /** Set when the image was downscaled. */
  note?: string;
}

export class ImageLoadError extends Error {
  override readonly name = 'ImageLoadError';
}

const SIGNATURES: { format: string; supported: boolean; bytes: (number | null)[] }[] = [
  { format: 'PNG', supported: true, bytes: [0x89, 0x50, 0x4e, 0x47] },
  { format: 'JPEG', supported: true, bytes: [0xff, 0xd8, 0xff] },
  { format: 'GIF', supported: true, bytes: [0x47, 0x49, 0x46, 0x38] },
  { format: 'BMP', supported: true, bytes: [0x42, 0x4d] },
  { format: 'WebP', supported: true, bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
  { format: 'TIFF', supported: false, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { format: 'TIFF', supported: false, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { format: 'PDF', supported: false, bytes: [0x25, 0x50, 0x44, 0x46] },
];

/** The format the first bytes announce, or null when they match none the lab knows. */
function sniffFormat(head: Uint8Array): { format: string; supported: boolean } | null {
  const match = SIGNATURES.find((s) => s.bytes.every((b, i) => b === null || head[i] === b));
  return match ? { format: match.format, supported: match.supported } : null;
}

/** Decodes image bytes; throws ImageLoadError with a message fit to show the user. */
export async function decodeImage(name: string, bytes: ArrayBuffer): Promise<LoadedImage> {
  const head = new Uint8Array(bytes, 0, Math.min(16, bytes.byteLength));
  const sniffed = sniffFormat(head);
  if (bytes.byteLength === 0) throw new ImageLoadError(`“${name}” is empty.`);
  if (sniffed && !sniffed.supported) {
    throw new ImageLoadError(`“${name}” is a ${sniffed.format} file; the lab reads PNG, JPEG, WebP, GIF and BMP images.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]));
  } catch {
    throw new ImageLoadError(
      sniffed
        ? `“${name}” looks like a ${sniffed.format} image but could not be decoded: the file is damaged or truncated.`
        : `“${name}” is not a PNG, JPEG, WebP, GIF or BMP image, or it is damaged.`,
    );
  }
  try {
    return rasterise(name, bitmap, MAX_IMAGE_SIDE);
  } finally {
    bitmap.close();
  }
}

function rasterise(name: string, source: ImageBitmap, maxSide: number): LoadedImage {
  const { width, height } = source;
  const factor = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * factor));
  const h = Math.max(1, Math.round(height * factor));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageLoadError('This webview cannot create a 2D canvas.');
  ctx.drawImage(source, 0, 0, w, h);
  const pixels = ctx.getImageData(0, 0, w, h);
  return factor < 1 ? { name, pixels, note: `Downscaled from ${width}×${height} to ${w}×${h} so that edits redraw at once.` } : { name, pixels };
}

/** The image resampled to exactly height×width (a layer preview's inferred input size). */
export function resizePixels(pixels: ImageData, height: number, width: number): ImageData {
  if (pixels.width === width && pixels.height === height) return pixels;
  const from = new OffscreenCanvas(pixels.width, pixels.height);
  from.getContext('2d')!.putImageData(pixels, 0, 0);
  const to = new OffscreenCanvas(width, height);
  const ctx = to.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(from, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height);
}

/** torchvision's rgb_to_grayscale weights. */
const LUMA = [0.2989, 0.587, 0.114];

/**
 * Pixels as a CHW float tensor in [0, 1]. One channel: torchvision's grey level; three: R, G, B;
 * more: R, G, B and grey repeated in that order, so any C_in gets distinct, image-like maps.
 */
export function pixelsToTensor(pixels: ImageData, channels: number): FeatureMap {
  const { width, height, data } = pixels;
  const plane = width * height;
  const out = new Float32Array(channels * plane);
  for (let c = 0; c < channels; c++) {
    const source = channels === 1 ? 3 : c % 4;
    for (let i = 0; i < plane; i++) {
      const r = data[i * 4] / 255;
      const g = data[i * 4 + 1] / 255;
      const b = data[i * 4 + 2] / 255;
      out[c * plane + i] = source === 3 ? Math.fround(LUMA[0] * r + LUMA[1] * g + LUMA[2] * b) : [r, g, b][source];
    }
  }
  return { channels, height, width, data: out };
}
