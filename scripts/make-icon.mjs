// Draws media/icon.png (128×128): a 3×3 convolution kernel seen through a lens. Generated rather
// than drawn by hand so the icon has no font or image-editor dependency and can be regenerated.
// Usage: node scripts/make-icon.mjs [output path]
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

const SIZE = 128;
const SUPERSAMPLE = 4; // samples per axis per pixel, for smooth edges

const background = [28, 36, 58];
const ring = [255, 196, 64];
// Kernel weights shown as cell brightness: a Sobel-like edge detector.
const kernel = [
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
];

function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin + radius;
  const hi = SIZE - margin - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= margin && x <= SIZE - margin && y >= margin && y <= SIZE - margin && dx * dx + dy * dy <= radius * radius;
}

/** Colour of the icon at a continuous point, or null where it is transparent. */
function colourAt(x, y) {
  if (!insideRoundedSquare(x, y, 2, 22)) return null;
  const cx = 60;
  const cy = 60;
  const distance = Math.hypot(x - cx, y - cy);
  // Lens handle: a thick segment from the ring towards the lower right corner.
  const along = ((x - cx) + (y - cy)) / Math.SQRT2;
  const across = Math.abs((x - cx) - (y - cy)) / Math.SQRT2;
  if (along > 44 && along < 82 && across < 7) return ring;
  if (distance >= 38 && distance <= 46) return ring;
  if (distance < 38) {
    const cell = 18;
    const gap = 2;
    const gridOrigin = cx - (3 * cell) / 2;
    const col = Math.floor((x - gridOrigin) / cell);
    const row = Math.floor((y - gridOrigin) / cell);
    const inCell = (x - gridOrigin) % cell > gap / 2 && (y - gridOrigin) % cell > gap / 2 && (x - gridOrigin) % cell < cell - gap / 2 && (y - gridOrigin) % cell < cell - gap / 2;
    if (col >= 0 && col < 3 && row >= 0 && row < 3 && inCell) {
      const weight = kernel[row][col];
      const t = (weight + 2) / 4; // -2..2 mapped to 0..1
      return [Math.round(40 + 180 * t), Math.round(90 + 150 * t), Math.round(200 + 55 * t)];
    }
    return [48, 60, 96];
  }
  return background;
}

function renderRgba() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const colour = colourAt(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          if (!colour) continue;
          sum[0] += colour[0];
          sum[1] += colour[1];
          sum[2] += colour[2];
          sum[3] += 255;
        }
      }
      const covered = sum[3] / 255;
      const offset = (py * SIZE + px) * 4;
      if (covered > 0) {
        pixels[offset] = Math.round(sum[0] / covered);
        pixels[offset + 1] = Math.round(sum[1] / covered);
        pixels[offset + 2] = Math.round(sum[2] / covered);
      }
      pixels[offset + 3] = Math.round(sum[3] / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  return pixels;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    rows.push(Buffer.from([0]), rgba.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)); // filter type 0 per row
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const output = process.argv[2] ?? 'media/icon.png';
writeFileSync(output, encodePng(renderRgba()));
console.log(`wrote ${output}`);
