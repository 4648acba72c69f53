/**
 * `convlens kernel` end to end: the built CLI (dist/cli.js, from `npm run build`) on small PNGs
 * written here, its PNG and raw outputs read back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { perChannelConv } from '../../webview/conv/filter';
import { findPreset } from '../../webview/conv/presets';
import { referenceConv2d } from '../../webview/conv/reference';
import { pixelsToTensor } from '../../webview/lab/images';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;
let picture: string;
const width = 9;
const height = 7;

/** A grey ramp left to right with a bright vertical bar at x = 5. */
function pixels(): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = x === 5 ? 255 : x * 20;
      rgba.set([v, v, v / 2, 255], (y * width + x) * 4);
    }
  }
  return rgba;
}

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'kernel', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Shape and data of a float32 .npy, checking the header numpy would need. */
function readNpy(path: string): { shape: number[]; data: Float32Array } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  const headerLength = bytes.readUInt16LE(8);
  expect((10 + headerLength) % 64).toBe(0);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(\d+, \d+, \d+\), \} *\n$/);
  const shape = header.match(/\((\d+), (\d+), (\d+)\)/)!.slice(1).map(Number);
  const body = bytes.subarray(10 + headerLength);
  return { shape, data: new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length)) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'convlens-kernel-'));
  picture = join(dir, 'bar.png');
  const png = new PNG({ width, height });
  png.data = Buffer.from(pixels());
  writeFileSync(picture, PNG.sync.write(png));
});

describe('convlens kernel', () => {
  it('applies Sobel x to the grey image: torch-sized output, raw floats equal to the conv', () => {
    const out = join(dir, 'sobel.png');
    const raw = join(dir, 'sobel.npy');
    const result = run(picture, '--kernel', 'sobel-x', '--mode', 'gray', '--out', out, '--raw', raw);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('conv2d sobel-x on [1, 7, 9] (gray) -> [1, 5, 7]');
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([7, 5]);
    const npy = readNpy(raw);
    expect(npy.shape).toEqual([1, 5, 7]);
    const expected = referenceConv2d(pixelsToTensor({ data: new Uint8ClampedArray(pixels()), width, height, colorSpace: 'srgb' } as ImageData, 1), perChannelConv(findPreset('sobel-x')!.kernel, 1, { stride: 1, padding: 0, paddingMode: 'zeros', dilation: 1 }));
    for (let i = 0; i < expected.data.length; i++) expect(npy.data[i]).toBeCloseTo(expected.data[i], 5);
    // Normalised display: the strongest response (the bar's left edge) is white, the weakest black.
    const grey = Array.from({ length: 7 }, (_, x) => png.data[(2 * 7 + x) * 4]);
    expect(Math.max(...grey)).toBe(255);
    expect(Math.min(...grey)).toBe(0);
    expect(grey.indexOf(255)).toBe(3);
  });

  it("keeps the size with padding 'same', runs ReLU, pooling and upsampling, writes JSON", () => {
    const raw = join(dir, 'pipeline.json');
    const result = run(picture, '--kernel', '[[0,-1,0],[-1,5,-1],[0,-1,0]]', '--padding', 'same', '--padding-mode', 'reflect', '--relu', '--pool', 'max:2', '--upsample', 'nearest:3', '--out', join(dir, 'p.png'), '--raw', raw);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('-> [3, 7, 9]');
    expect(result.stdout).toContain('max_pool2d(2) -> [3, 3, 4]');
    expect(result.stdout).toContain('interpolate(nearest, scale_factor=3) -> [3, 9, 12]');
    const json = JSON.parse(readFileSync(raw, 'utf8')) as { shape: number[]; data: number[] };
    expect(json.shape).toEqual([3, 9, 12]);
    expect(Math.min(...json.data)).toBeGreaterThanOrEqual(0);
  });

  it('reports an unknown kernel as a usage error (status 2)', () => {
    const result = run(picture, '--kernel', 'sharpest', '--out', join(dir, 'x.png'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown kernel sharpest');
    expect(result.stderr).toContain('usage: convlens kernel');
  });

  it("words an impossible layer as torch's RuntimeError (status 1)", () => {
    const result = run(picture, '--kernel', 'gaussian7', '--dilation', '2', '--out', join(dir, 'x.png'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Kernel size can't be greater than actual input size");
  });

  it('rejects a file that is not an image with a clear message (status 1)', () => {
    const bogus = join(dir, 'notes.png');
    writeFileSync(bogus, 'not really a picture');
    const result = run(bogus, '--kernel', 'box', '--out', join(dir, 'x.png'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unsupported image format');
  });
});
