/**
 * The WASM SIMD backend: convolution runs in the AssemblyScript kernels of wasm/assembly/conv.ts
 * (padding materialised in wasm as F.pad would, then a bounds-check-free f32x4 cross-correlation).
 * Pooling, interpolation and activations are single passes over memory, limited by bandwidth, not
 * arithmetic; they share the TypeScript implementation rather than a second copy of the same rules.
 */
import { convGeometry } from './geometry';
import { referenceActivation, referenceInterpolate, referencePool2d } from './reference';
import type { ConvBackend, Conv2dParams, FeatureMap, PaddingMode } from './types';

interface ConvExports {
  memory: WebAssembly.Memory;
  heapStart(): number;
  padPlanes(src: number, channels: number, height: number, width: number, dst: number, top: number, bottom: number, left: number, right: number, mode: number): void;
  conv2d(
    input: number, height: number, width: number, weight: number, bias: number, output: number,
    outChannels: number, groupIn: number, groupOut: number, kH: number, kW: number,
    strideY: number, strideX: number, dilationY: number, dilationX: number, outHeight: number, outWidth: number,
  ): void;
}

const paddingModeCode: Record<PaddingMode, number> = { zeros: 0, reflect: 1, replicate: 2, circular: 3 };

const pageBytes = 65536;

/** Hands out 16-byte-aligned float regions of linear memory for one call, growing it when needed. */
class Arena {
  private next: number;
  constructor(private readonly memory: WebAssembly.Memory, private readonly start: number) {
    this.next = start;
  }
  reset(): void {
    this.next = this.start;
  }
  /** Byte address of `floats` float32s. */
  take(floats: number): number {
    const address = this.next;
    this.next = (address + floats * 4 + 15) & ~15;
    const shortfall = this.next - this.memory.buffer.byteLength;
    if (shortfall > 0) this.memory.grow(Math.ceil(shortfall / pageBytes));
    return address;
  }
  put(data: Float32Array): number {
    const address = this.take(data.length);
    new Float32Array(this.memory.buffer, address, data.length).set(data);
    return address;
  }
  read(address: number, floats: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, floats).slice();
  }
}

export async function createWasmBackend(wasmBytes: BufferSource): Promise<ConvBackend> {
  const { instance } = await WebAssembly.instantiate(wasmBytes, {
    env: { abort: () => { throw new Error('wasm conv kernel aborted'); } },
  });
  const wasm = instance.exports as unknown as ConvExports;
  const arena = new Arena(wasm.memory, wasm.heapStart());

  function conv2d(input: FeatureMap, params: Conv2dParams): FeatureMap {
    const g = convGeometry(input, params);
    const [, , kH, kW] = params.weightShape;
    const { height: H, width: W, channels: C } = input;
    arena.reset();
    let planes = arena.put(input.data);
    const paddedH = H + g.padY.before + g.padY.after;
    const paddedW = W + g.padX.before + g.padX.after;
    if (paddedH !== H || paddedW !== W) {
      const padded = arena.take(C * paddedH * paddedW);
      wasm.padPlanes(planes, C, H, W, padded, g.padY.before, g.padY.after, g.padX.before, g.padX.after, paddingModeCode[params.paddingMode]);
      planes = padded;
    }
    const weight = arena.put(params.weight);
    const bias = params.bias ? arena.put(params.bias) : 0;
    const outFloats = g.outChannels * g.outHeight * g.outWidth;
    const output = arena.take(outFloats);
    wasm.conv2d(
      planes, paddedH, paddedW, weight, bias, output,
      g.outChannels, g.groupInChannels, g.groupOutChannels, kH, kW,
      params.stride[0], params.stride[1], params.dilation[0], params.dilation[1], g.outHeight, g.outWidth,
    );
    return { channels: g.outChannels, height: g.outHeight, width: g.outWidth, data: arena.read(output, outFloats) };
  }

  return {
    name: 'wasm-simd',
    conv2d,
    pool2d: referencePool2d,
    interpolate: referenceInterpolate,
    activation: referenceActivation,
  };
}
