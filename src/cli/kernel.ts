/**
 * `convlens kernel IMAGE --kernel NAME|LITERAL ... --out OUT.png`: the Kernel Lab's pipeline
 * (conv → ReLU → pool → upsample) on a picture from the command line, with the same WASM SIMD core
 * the lab runs, for scripts, docs and slides.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { applyKernel, type KernelLayout } from '../../webview/conv/filter';
import { ConvError } from '../../webview/conv/geometry';
import { findPreset, kernelPresets, parseKernel, type KernelPreset } from '../../webview/conv/presets';
import type { ConvBackend, FeatureMap, PaddingMode } from '../../webview/conv/types';
import { createWasmBackend } from '../../webview/conv/wasm';
import wasmBytes from '../../webview/conv/wasm-bytes';
import { channelPixels, colourBarStops, rgbPixels, valueRange } from '../../webview/lab/display';
import { pixelsToTensor } from '../../webview/lab/images';
import type { DisplayMode } from '../../webview/lab/state';

type ChannelMode = 'gray' | 'rgb';

export const kernelUsage = `usage: convlens kernel IMAGE --kernel NAME|"[[0,-1,0],[-1,5,-1],[0,-1,0]]" --out OUT.png
  [--stride N] [--padding N|same|valid] [--padding-mode zeros|reflect|replicate|circular]
  [--dilation N] [--mode gray|rgb] [--relu] [--pool max|avg[:K]] [--upsample nearest|bilinear[:S]]
  [--display normalise|abs|clamp|diverging] [--raw OUT.npy|OUT.json]
Stages run in that order: conv2d, relu, pool (kernel = stride = K, default 2), upsample (scale S, default 2).
Padding defaults to 0 as in torch; --raw writes the float output before display mapping (CHW, float32).
kernels: ${kernelPresets.map((p) => p.id).join(', ')}`;

/** A command-line mistake: reported with the usage text and exit status 2. */
class UsageError extends Error {}

interface KernelOptions {
  image: string;
  kernel: Pick<KernelPreset, 'kernel' | 'magnitudeWith'>;
  kernelName: string;
  layout: KernelLayout;
  mode: ChannelMode;
  relu: boolean;
  pool?: { kind: 'max' | 'avg'; size: number };
  upsample?: { mode: 'nearest' | 'bilinear'; scale: number };
  display: DisplayMode;
  out: string;
  raw?: string;
}

const valueFlags = ['--kernel', '--stride', '--padding', '--padding-mode', '--dilation', '--mode', '--pool', '--upsample', '--display', '--out', '--raw'];

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} expects a positive integer, got ${text}`);
  return n;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${flag} expects one of ${allowed.join(', ')}, got ${text}`);
  return text as T;
}

/** `kind` or `kind:N`, as --pool and --upsample take them. */
function kindWithNumber<T extends string>(flag: string, text: string, kinds: readonly T[], defaultNumber: number): [T, number] {
  const [kind, number] = text.split(':');
  const value = number === undefined ? defaultNumber : Number(number);
  if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`${flag} expects ${kinds.join('|')}[:N] with N > 0, got ${text}`);
  return [oneOf(flag, kind, kinds), value];
}

function parseOptions(argv: string[]): KernelOptions {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  let relu = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--relu') relu = true;
    else if (valueFlags.includes(arg)) {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      values.set(arg, argv[++i]);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positionals.push(arg);
  }
  if (positionals.length !== 1) throw new UsageError('expected exactly one IMAGE');
  const kernelText = values.get('--kernel');
  const out = values.get('--out');
  if (!kernelText) throw new UsageError('--kernel is required');
  if (!out) throw new UsageError('--out is required');
  let kernel: KernelOptions['kernel'];
  const preset = findPreset(kernelText);
  if (preset) kernel = preset;
  else if (kernelText.trimStart().startsWith('[')) {
    const parsed = parseKernel(kernelText);
    if ('error' in parsed) throw new UsageError(`--kernel: ${parsed.error}`);
    kernel = parsed;
  } else throw new UsageError(`unknown kernel ${kernelText}; use a list literal or one of ${kernelPresets.map((p) => p.id).join(', ')}`);
  const paddingText = values.get('--padding') ?? '0';
  const padding = paddingText === 'same' || paddingText === 'valid' ? paddingText : Number(paddingText);
  if (typeof padding === 'number' && !(Number.isInteger(padding) && padding >= 0)) {
    throw new UsageError(`--padding expects a non-negative integer, same or valid, got ${paddingText}`);
  }
  const poolText = values.get('--pool');
  const upsampleText = values.get('--upsample');
  let pool: KernelOptions['pool'];
  if (poolText) {
    const [kind, size] = kindWithNumber('--pool', poolText, ['max', 'avg'] as const, 2);
    pool = { kind, size: positiveInt('--pool', String(size)) };
  }
  let upsample: KernelOptions['upsample'];
  if (upsampleText) {
    const [mode, scale] = kindWithNumber('--upsample', upsampleText, ['nearest', 'bilinear'] as const, 2);
    upsample = { mode, scale };
  }
  const raw = values.get('--raw');
  if (raw && !raw.endsWith('.npy') && !raw.endsWith('.json')) throw new UsageError('--raw writes .npy or .json');
  return {
    image: positionals[0],
    kernel,
    kernelName: preset ? preset.id : kernelText,
    layout: {
      stride: positiveInt('--stride', values.get('--stride') ?? '1'),
      padding,
      paddingMode: oneOf<PaddingMode>('--padding-mode', values.get('--padding-mode') ?? 'zeros', ['zeros', 'reflect', 'replicate', 'circular']),
      dilation: positiveInt('--dilation', values.get('--dilation') ?? '1'),
    },
    mode: oneOf<ChannelMode>('--mode', values.get('--mode') ?? 'rgb', ['gray', 'rgb']),
    relu,
    pool,
    upsample,
    display: oneOf<DisplayMode>('--display', values.get('--display') ?? 'normalise', ['normalise', 'abs', 'clamp', 'diverging']),
    out,
    raw,
  };
}

/** PNG or JPEG bytes → RGBA; recognised by their signatures, not by the file name. */
export function decodeImage(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const png = PNG.sync.read(Buffer.from(bytes));
    return { width: png.width, height: png.height, rgba: png.data };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: image.width, height: image.height, rgba: image.data };
  }
  throw new Error('unsupported image format: convlens kernel reads PNG and JPEG');
}

/** A float32 CHW array in NumPy's .npy format (version 1.0, little-endian '<f4', C order). */
export function encodeNpy(map: FeatureMap): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${map.channels}, ${map.height}, ${map.width}), }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64 and ended by '\n'.
  const headerLength = Math.ceil((10 + dict.length + 1) / 64) * 64 - 10;
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  const bytes = new Uint8Array(10 + headerLength + map.data.length * 4);
  bytes.set([0x93, ...Array.from('NUMPY', (ch) => ch.charCodeAt(0)), 1, 0, headerLength & 0xff, headerLength >> 8]);
  bytes.set(Array.from(header, (ch) => ch.charCodeAt(0)), 10);
  const view = new DataView(bytes.buffer);
  map.data.forEach((v, i) => view.setFloat32(10 + headerLength + 4 * i, v, true));
  return bytes;
}

function shapeText(map: FeatureMap): string {
  return `[${map.channels}, ${map.height}, ${map.width}]`;
}

/**
 * The display-mapped PNG: three channels as a colour image; otherwise (one channel, or the
 * diverging map, which colours each channel on its own) the channels side by side.
 */
function encodePng(map: FeatureMap, mode: DisplayMode): Buffer {
  const range = valueRange(map);
  const { width, height, channels } = map;
  if (channels === 3 && mode !== 'diverging') {
    const png = new PNG({ width, height });
    png.data = Buffer.from(rgbPixels(map, mode, range));
    return PNG.sync.write(png);
  }
  const png = new PNG({ width: width * channels, height });
  for (let c = 0; c < channels; c++) {
    const tile = channelPixels(map, c, mode, range);
    for (let y = 0; y < height; y++) png.data.set(tile.subarray(y * width * 4, (y + 1) * width * 4), (y * width * channels + c * width) * 4);
  }
  return PNG.sync.write(png);
}

function runPipeline(backend: ConvBackend, image: FeatureMap, options: KernelOptions, log: (line: string) => void): FeatureMap {
  let map = applyKernel(backend, image, options.kernel, options.layout);
  log(`conv2d ${options.kernelName} on ${shapeText(image)} (${options.mode}) -> ${shapeText(map)}`);
  if (options.relu) map = backend.activation(map, { kind: 'relu' });
  if (options.pool) {
    const { kind, size } = options.pool;
    map = backend.pool2d(map, { kind, kernel: [size, size], stride: [size, size], padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true });
    log(`${kind}_pool2d(${size}) -> ${shapeText(map)}`);
  }
  if (options.upsample) {
    const { mode, scale } = options.upsample;
    map = backend.interpolate(map, { mode, scaleFactor: [scale, scale], alignCorners: mode === 'bilinear' ? false : undefined });
    log(`interpolate(${mode}, scale_factor=${scale}) -> ${shapeText(map)}`);
  }
  return map;
}

/** Runs the subcommand; `argv` is what follows `kernel`. Returns the exit status. */
export async function runKernelCommand(argv: string[]): Promise<number> {
  let options: KernelOptions;
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`convlens kernel: ${e.message}\n${kernelUsage}\n`);
    return 2;
  }
  try {
    const picture = decodeImage(readFileSync(options.image));
    const pixels = { data: new Uint8ClampedArray(picture.rgba), width: picture.width, height: picture.height, colorSpace: 'srgb' } as ImageData;
    const image = pixelsToTensor(pixels, options.mode === 'gray' ? 1 : 3);
    const backend = await createWasmBackend(wasmBytes);
    const log = (line: string): void => void process.stdout.write(`${line}\n`);
    const result = runPipeline(backend, image, options, log);
    if (options.raw) {
      const raw = options.raw.endsWith('.npy')
        ? encodeNpy(result)
        : JSON.stringify({ shape: [result.channels, result.height, result.width], data: Array.from(result.data) });
      writeFileSync(options.raw, raw);
      log(`wrote ${options.raw} (float32 ${shapeText(result)})`);
    }
    writeFileSync(options.out, encodePng(result, options.display));
    const bar = colourBarStops(options.display, valueRange(result));
    log(`wrote ${options.out}: ${options.display} (${bar.note}); values ${result.channels > 1 && (result.channels !== 3 || options.display === 'diverging') ? 'per channel left to right, ' : ''}from ${bar.low} to ${bar.high}`);
    return 0;
  } catch (e) {
    const message = e instanceof ConvError ? `torch would raise RuntimeError: ${e.message}` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`convlens kernel: ${message}\n`);
    return 1;
  }
}
