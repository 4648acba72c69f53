// The Kernel Lab's WASM SIMD kernels, in AssemblyScript.
//
// Why AssemblyScript: it installs from npm with nothing else (no clang, no wabt binary), so `npm ci`
// on a clean machine builds it; it exposes every wasm SIMD instruction as a typed builtin
// (f32x4.mul, v128.load...), so the hot loops are written instruction by instruction as in WAT,
// while loops, indices and arithmetic stay readable. Nothing here allocates: the JavaScript side
// (../wasm.ts) lays out every buffer in linear memory and passes byte addresses.
//
// Layout conventions: feature maps are CHW float32; weights are [C_out, C_in/groups, kH, kW].

/** First byte the JavaScript side may use for buffers. */
export function heapStart(): usize {
  return (__heap_base + 15) & ~15;
}

// Where padded coordinate i of an axis of `size` reads under a padding mode (1 reflect,
// 2 replicate, 3 circular), the same rule as geometry.ts's paddedSource; zeros never call it.
@inline
function sourceIndex(i: i32, size: i32, mode: i32): i32 {
  if (i >= 0 && i < size) return i;
  if (mode == 1) return i < 0 ? -i : 2 * (size - 1) - i;
  if (mode == 2) return i < 0 ? 0 : size - 1;
  const r = i % size;
  return r < 0 ? r + size : r;
}

/**
 * Builds the padded copy of every plane (as F.pad does), so that the convolution reads without
 * bounds checks. mode: 0 zeros, 1 reflect, 2 replicate, 3 circular.
 */
export function padPlanes(src: usize, channels: i32, height: i32, width: i32, dst: usize, top: i32, bottom: i32, left: i32, right: i32, mode: i32): void {
  const pw = width + left + right;
  const ph = height + top + bottom;
  const rowBytes = <usize>width << 2;
  for (let c = 0; c < channels; c++) {
    const plane = src + ((<usize>c * height * width) << 2);
    const out = dst + ((<usize>c * ph * pw) << 2);
    for (let y = 0; y < ph; y++) {
      const row = out + ((<usize>y * pw) << 2);
      const sy = mode == 0 ? y - top : sourceIndex(y - top, height, mode);
      if (sy < 0 || sy >= height) {
        memory.fill(row, 0, <usize>pw << 2);
        continue;
      }
      const srcRow = plane + ((<usize>sy * width) << 2);
      memory.copy(row + (<usize>left << 2), srcRow, rowBytes);
      for (let x = 0; x < left; x++) {
        store<f32>(row + (<usize>x << 2), mode == 0 ? 0 : load<f32>(srcRow + (<usize>sourceIndex(x - left, width, mode) << 2)));
      }
      for (let x = left + width; x < pw; x++) {
        store<f32>(row + (<usize>x << 2), mode == 0 ? 0 : load<f32>(srcRow + (<usize>sourceIndex(x - left, width, mode) << 2)));
      }
    }
  }
}

/**
 * Cross-correlation of padded planes (`height`×`width` each, padding already applied).
 *
 * Each output row is computed in blocks of 16 columns held in four f32x4 accumulators for the
 * whole reduction over input channels and taps, so every output element is written once; each
 * tap is one weight splat and four unaligned loads feeding four multiply-adds (wasm SIMD has no
 * fused multiply-add outside relaxed-simd, which Node 20 lacks). Rows narrower than a block fall
 * back to one accumulator, then to scalars; horizontal stride > 1 takes the scalar path.
 */
export function conv2d(
  input: usize, height: i32, width: i32,
  weight: usize, bias: usize, output: usize,
  outChannels: i32, groupIn: i32, groupOut: i32, kH: i32, kW: i32,
  strideY: i32, strideX: i32, dilationY: i32, dilationX: i32,
  outHeight: i32, outWidth: i32,
): void {
  const planeBytes = (<usize>height * width) << 2;
  const rowStride = <usize>width << 2;
  const tapStepX = <usize>dilationX << 2;
  const tapStepY = <usize>dilationY * rowStride;
  const taps = kH * kW;
  for (let oc = 0; oc < outChannels; oc++) {
    const firstPlane = input + <usize>((oc / groupOut) * groupIn) * planeBytes;
    const weights = weight + ((<usize>oc * groupIn * taps) << 2);
    const b: f32 = bias ? load<f32>(bias + (<usize>oc << 2)) : 0;
    for (let oy = 0; oy < outHeight; oy++) {
      const outRow = output + ((<usize>(oc * outHeight + oy) * outWidth) << 2);
      const inRow = firstPlane + <usize>(oy * strideY) * rowStride;
      let ox = 0;
      if (strideX == 1) {
        for (; ox + 16 <= outWidth; ox += 16) {
          let a0 = f32x4.splat(b);
          let a1 = a0;
          let a2 = a0;
          let a3 = a0;
          let w = weights;
          for (let ic = 0; ic < groupIn; ic++) {
            let tapRow = inRow + <usize>ic * planeBytes + (<usize>ox << 2);
            for (let ky = 0; ky < kH; ky++) {
              let p = tapRow;
              for (let kx = 0; kx < kW; kx++) {
                const k = f32x4.splat(load<f32>(w));
                a0 = f32x4.add(a0, f32x4.mul(v128.load(p), k));
                a1 = f32x4.add(a1, f32x4.mul(v128.load(p, 16), k));
                a2 = f32x4.add(a2, f32x4.mul(v128.load(p, 32), k));
                a3 = f32x4.add(a3, f32x4.mul(v128.load(p, 48), k));
                w += 4;
                p += tapStepX;
              }
              tapRow += tapStepY;
            }
          }
          const o = outRow + (<usize>ox << 2);
          v128.store(o, a0);
          v128.store(o, a1, 16);
          v128.store(o, a2, 32);
          v128.store(o, a3, 48);
        }
        for (; ox + 4 <= outWidth; ox += 4) {
          let a = f32x4.splat(b);
          let w = weights;
          for (let ic = 0; ic < groupIn; ic++) {
            let tapRow = inRow + <usize>ic * planeBytes + (<usize>ox << 2);
            for (let ky = 0; ky < kH; ky++) {
              let p = tapRow;
              for (let kx = 0; kx < kW; kx++) {
                a = f32x4.add(a, f32x4.mul(v128.load(p), f32x4.splat(load<f32>(w))));
                w += 4;
                p += tapStepX;
              }
              tapRow += tapStepY;
            }
          }
          v128.store(outRow + (<usize>ox << 2), a);
        }
      }
      for (; ox < outWidth; ox++) {
        let sum = b;
        let w = weights;
        for (let ic = 0; ic < groupIn; ic++) {
          let tapRow = inRow + <usize>ic * planeBytes + (<usize>(ox * strideX) << 2);
          for (let ky = 0; ky < kH; ky++) {
            let p = tapRow;
            for (let kx = 0; kx < kW; kx++) {
              sum += load<f32>(p) * load<f32>(w);
              w += 4;
              p += tapStepX;
            }
            tapRow += tapStepY;
          }
        }
        store<f32>(outRow + (<usize>ox << 2), sum);
      }
    }
  }
}

/**
 * The bench's yardstick for "share of the WASM SIMD ceiling": the instruction pair of the
 * convolution's inner step (f32x4.mul then f32x4.add) with no memory traffic, as eight independent
 * chains `a = a × m + c` (eight hide most of the pair's latency and stay in registers; twelve
 * measured slower in V8). `m` and `c` come in at run time so the compiler can fold nothing. Returns
 * a lane sum so the loop cannot be dropped. One iteration is 8 × 4 lanes × 2 = 64 flops.
 */
export function simdPeak(iterations: i32, m: f32, c: f32): f32 {
  const mv = f32x4.splat(m);
  const cv = f32x4.splat(c);
  let a0 = f32x4.splat(c);
  let a1 = f32x4.add(a0, cv);
  let a2 = f32x4.add(a1, cv);
  let a3 = f32x4.add(a2, cv);
  let a4 = f32x4.add(a3, cv);
  let a5 = f32x4.add(a4, cv);
  let a6 = f32x4.add(a5, cv);
  let a7 = f32x4.add(a6, cv);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, mv), cv);
    a1 = f32x4.add(f32x4.mul(a1, mv), cv);
    a2 = f32x4.add(f32x4.mul(a2, mv), cv);
    a3 = f32x4.add(f32x4.mul(a3, mv), cv);
    a4 = f32x4.add(f32x4.mul(a4, mv), cv);
    a5 = f32x4.add(f32x4.mul(a5, mv), cv);
    a6 = f32x4.add(f32x4.mul(a6, mv), cv);
    a7 = f32x4.add(f32x4.mul(a7, mv), cv);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
