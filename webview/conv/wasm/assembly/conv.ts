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
 * Completes padded planes in place, as F.pad would build them: the caller has written each
 * input plane into the middle of its padded plane; this writes the border (mode: 0 zeros,
 * 1 reflect, 2 replicate, 3 circular), so the convolutions read without bounds checks. Padded
 * rows are `rowFloats` apart (at least width + left + right; the rest of a row is never read).
 */
export function fillBorders(planes: usize, channels: i32, height: i32, width: i32, top: i32, bottom: i32, left: i32, right: i32, mode: i32, rowFloats: i32): void {
  const pw = width + left + right;
  const ph = height + top + bottom;
  const rowBytes = <usize>rowFloats << 2;
  for (let c = 0; c < channels; c++) {
    const plane = planes + <usize>c * ph * rowBytes;
    // Left and right of every input row: read from that row's own interior.
    for (let y = top; y < top + height; y++) {
      const row = plane + <usize>y * rowBytes;
      for (let x = 0; x < left; x++) {
        store<f32>(row + (<usize>x << 2), mode == 0 ? 0 : load<f32>(row + (<usize>(left + sourceIndex(x - left, width, mode)) << 2)));
      }
      for (let x = left + width; x < pw; x++) {
        store<f32>(row + (<usize>x << 2), mode == 0 ? 0 : load<f32>(row + (<usize>(left + sourceIndex(x - left, width, mode)) << 2)));
      }
    }
    // Rows above and below: whole copies of their (now complete) source rows, corners included.
    for (let y = 0; y < ph; y++) {
      if (y == top) y = top + height;
      if (y >= ph) break;
      const row = plane + <usize>y * rowBytes;
      if (mode == 0) memory.fill(row, 0, <usize>pw << 2);
      else memory.copy(row, plane + <usize>(top + sourceIndex(y - top, height, mode)) * rowBytes, <usize>pw << 2);
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
 * back to one accumulator, then to scalars; horizontal stride > 1 takes the scalar path. Only
 * output rows [firstRow, endRow) from column firstColumn on are computed: the blocked kernels
 * below leave the rest to this one.
 */
export function conv2d(
  input: usize, height: i32, width: i32,
  weight: usize, bias: usize, output: usize,
  outChannels: i32, groupIn: i32, groupOut: i32, kH: i32, kW: i32,
  strideY: i32, strideX: i32, dilationY: i32, dilationX: i32,
  outHeight: i32, outWidth: i32, firstRow: i32, endRow: i32, firstColumn: i32,
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
    for (let oy = firstRow; oy < endRow; oy++) {
      const outRow = output + ((<usize>(oc * outHeight + oy) * outWidth) << 2);
      const inRow = firstPlane + <usize>(oy * strideY) * rowStride;
      let ox = firstColumn;
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
                const k = v128.load32_splat(w);
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
                a = f32x4.add(a, f32x4.mul(v128.load(p), v128.load32_splat(w)));
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
 * Lays weights out for conv2dChannelBlocks: [C_out / 4][C_in / groups][kH][kW][4 channels], each
 * weight as an f32x4 of four copies. `taps` is C_in / groups × kH × kW.
 */
export function splatWeights(weight: usize, outChannels: i32, taps: i32, dst: usize): void {
  let out = dst;
  for (let oc = 0; oc < outChannels; oc += 4) {
    for (let t = 0; t < taps; t++) {
      for (let j = 0; j < 4; j++) {
        v128.store(out, v128.load32_splat(weight + ((<usize>(oc + j) * taps + t) << 2)));
        out += 16;
      }
    }
  }
}

/**
 * The same cross-correlation for layers whose groups have a multiple of 4 output channels (every
 * ordinary Conv2d, C_out ≥ 4), horizontal stride 1: four output channels × 8 columns at a time in
 * eight accumulators, so each pair of input loads feeds eight multiply-adds (the per-channel
 * kernel above manages four per load). `splatWeights` holds every weight as a ready-made f32x4
 * (four copies), ordered [C_out / 4][C_in / groups][kH][kW][4 output channels], so a tap's four
 * weights are four consecutive vector loads. Columns that do not fill a block of 8 are left to
 * conv2d. `tapSteps` is scratch space for C_in / groups × kH × kW i32s.
 */
export function conv2dChannelBlocks(
  input: usize, height: i32, width: i32,
  splatWeights: usize, bias: usize, output: usize,
  outChannels: i32, groupIn: i32, groupOut: i32, kH: i32, kW: i32,
  strideY: i32, dilationY: i32, dilationX: i32,
  outHeight: i32, outWidth: i32, tapSteps: usize,
): i32 {
  const planeBytes = (<usize>height * width) << 2;
  const rowStride = <usize>width << 2;
  const tapStepX = <usize>dilationX << 2;
  const tapStepY = <usize>dilationY * rowStride;
  const outPlane = (<usize>outHeight * outWidth) << 2;
  const blockWeights = (<usize>groupIn * kH * kW) << 6;
  const fullColumns = outWidth & ~7;
  // The reduction runs over input channels in chunks whose splatted weights (64 bytes a tap) fit
  // in 16 KB, so they stay in the L1 cache across a whole output plane; the 64→64 3×3 layer's
  // 36 KB per block of 4 output channels would otherwise come from L2 for every 8 columns. Chunks
  // after the first add to the partial sums in the output.
  const taps = kH * kW;
  const chunkIn = max(1, min(groupIn, 256 / taps));
  // One flat loop over a chunk's (input channel, ky, kx) taps (3×3 kernels otherwise spend their
  // time entering and leaving 3-step loops), walking a pointer by each tap's byte step from the
  // one before. Steps rather than offsets from the window's origin: with offsets, V8 (Node 20)
  // recomputes the origin inside the loop it unrolls.
  let t: usize = tapSteps;
  let previous: usize = 0;
  for (let ic = 0; ic < chunkIn; ic++) {
    for (let ky = 0; ky < kH; ky++) {
      for (let kx = 0; kx < kW; kx++) {
        const offset = <usize>ic * planeBytes + <usize>ky * tapStepY + <usize>kx * tapStepX;
        store<i32>(t, <i32>(offset - previous));
        previous = offset;
        t += 4;
      }
    }
  }
  // The group's first input plane advances as a pointer: a division here ends up inside the hot
  // loop in V8's code (Node 20), recomputed every few taps.
  let firstPlane = input;
  let doneInGroup = 0;
  for (let oc = 0; oc < outChannels; oc += 4) {
    if (doneInGroup == groupOut) {
      firstPlane += <usize>groupIn * planeBytes;
      doneInGroup = 0;
    }
    doneInGroup += 4;
    let b0 = f32x4.splat(0);
    let b1 = b0;
    let b2 = b0;
    let b3 = b0;
    if (bias) {
      b0 = v128.load32_splat(bias + (<usize>oc << 2));
      b1 = v128.load32_splat(bias + (<usize>oc << 2), 4);
      b2 = v128.load32_splat(bias + (<usize>oc << 2), 8);
      b3 = v128.load32_splat(bias + (<usize>oc << 2), 12);
    }
    const outBlock = output + <usize>oc * outPlane;
    for (let ic0 = 0; ic0 < groupIn; ic0 += chunkIn) {
      const weights = splatWeights + <usize>(oc >> 2) * blockWeights + ((<usize>ic0 * taps) << 6);
      const tapsEnd = tapSteps + ((<usize>min(chunkIn, groupIn - ic0) * taps) << 2);
      const chunkPlane = firstPlane + <usize>ic0 * planeBytes;
      for (let oy = 0; oy < outHeight; oy++) {
        const outRow = outBlock + ((<usize>oy * outWidth) << 2);
        const inRow = chunkPlane + <usize>(oy * strideY) * rowStride;
        for (let ox = 0; ox < fullColumns; ox += 8) {
          const o = outRow + (<usize>ox << 2);
          let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
          let c0 = b0, c1 = b1, c2 = b2, c3 = b3;
          if (ic0 > 0) {
            a0 = v128.load(o);
            c0 = v128.load(o, 16);
            a1 = v128.load(o + outPlane);
            c1 = v128.load(o + outPlane, 16);
            a2 = v128.load(o + 2 * outPlane);
            c2 = v128.load(o + 2 * outPlane, 16);
            a3 = v128.load(o + 3 * outPlane);
            c3 = v128.load(o + 3 * outPlane, 16);
          }
          let w = weights;
          let p = inRow + (<usize>ox << 2);
          for (let t = tapSteps; t < tapsEnd; t += 4) {
            p += <usize>load<i32>(t);
            const x0 = v128.load(p);
            const x1 = v128.load(p, 16);
            const k0 = v128.load(w);
            const k1 = v128.load(w, 16);
            const k2 = v128.load(w, 32);
            const k3 = v128.load(w, 48);
            a0 = f32x4.add(a0, f32x4.mul(x0, k0));
            a1 = f32x4.add(a1, f32x4.mul(x0, k1));
            a2 = f32x4.add(a2, f32x4.mul(x0, k2));
            a3 = f32x4.add(a3, f32x4.mul(x0, k3));
            c0 = f32x4.add(c0, f32x4.mul(x1, k0));
            c1 = f32x4.add(c1, f32x4.mul(x1, k1));
            c2 = f32x4.add(c2, f32x4.mul(x1, k2));
            c3 = f32x4.add(c3, f32x4.mul(x1, k3));
            w += 64;
          }
          v128.store(o, a0);
          v128.store(o, c0, 16);
          v128.store(o + outPlane, a1);
          v128.store(o + outPlane, c1, 16);
          v128.store(o + 2 * outPlane, a2);
          v128.store(o + 2 * outPlane, c2, 16);
          v128.store(o + 3 * outPlane, a3);
          v128.store(o + 3 * outPlane, c3, 16);
        }
      }
    }
  }
  return fullColumns;
}

/**
 * Stride 1, vertical dilation 1 (the per-channel image filters): two output rows × 16 columns at a
 * time in eight accumulators. Output row y + 1's tap ky reads the input row that row y's tap
 * ky + 1 reads, so each input row is loaded once for both: kH + 1 rows of loads feed 2·kH rows of
 * multiply-adds. Computes rows [0, outHeight & ~1) × columns [0, outWidth & ~15) and returns the
 * number of columns done; conv2d computes the rest.
 */
export function conv2dRowPairs(
  input: usize, height: i32, width: i32,
  weight: usize, bias: usize, output: usize,
  outChannels: i32, groupIn: i32, groupOut: i32, kH: i32, kW: i32,
  dilationX: i32, outHeight: i32, outWidth: i32,
): i32 {
  const planeBytes = (<usize>height * width) << 2;
  const rowStride = <usize>width << 2;
  const tapStepX = <usize>dilationX << 2;
  const kernelRowBytes = <usize>kW << 2;
  const taps = kH * kW;
  const fullColumns = outWidth & ~15;
  const pairedRows = outHeight & ~1;
  for (let oc = 0; oc < outChannels; oc++) {
    const firstPlane = input + <usize>((oc / groupOut) * groupIn) * planeBytes;
    const weights = weight + ((<usize>oc * groupIn * taps) << 2);
    const b = bias ? v128.load32_splat(bias + (<usize>oc << 2)) : f32x4.splat(0);
    for (let oy = 0; oy < pairedRows; oy += 2) {
      const outRow = output + ((<usize>(oc * outHeight + oy) * outWidth) << 2);
      for (let ox = 0; ox < fullColumns; ox += 16) {
        let a0 = b, a1 = b, a2 = b, a3 = b;
        let c0 = b, c1 = b, c2 = b, c3 = b;
        for (let ic = 0; ic < groupIn; ic++) {
          const rows = firstPlane + <usize>ic * planeBytes + <usize>oy * rowStride + (<usize>ox << 2);
          const w = weights + ((<usize>ic * taps) << 2);
          // Input row 0 feeds only output row y (its tap 0).
          let p = rows;
          let k0 = w;
          for (let kx = 0; kx < kW; kx++) {
            const k = v128.load32_splat(k0);
            a0 = f32x4.add(a0, f32x4.mul(v128.load(p), k));
            a1 = f32x4.add(a1, f32x4.mul(v128.load(p, 16), k));
            a2 = f32x4.add(a2, f32x4.mul(v128.load(p, 32), k));
            a3 = f32x4.add(a3, f32x4.mul(v128.load(p, 48), k));
            k0 += 4;
            p += tapStepX;
          }
          // Input rows 1 … kH − 1 feed row y (tap r) and row y + 1 (tap r − 1).
          for (let r = 1; r < kH; r++) {
            p = rows + <usize>r * rowStride;
            k0 = w + <usize>r * kernelRowBytes;
            let k1 = k0 - kernelRowBytes;
            for (let kx = 0; kx < kW; kx++) {
              const x0 = v128.load(p);
              const x1 = v128.load(p, 16);
              const x2 = v128.load(p, 32);
              const x3 = v128.load(p, 48);
              const ka = v128.load32_splat(k0);
              a0 = f32x4.add(a0, f32x4.mul(x0, ka));
              a1 = f32x4.add(a1, f32x4.mul(x1, ka));
              a2 = f32x4.add(a2, f32x4.mul(x2, ka));
              a3 = f32x4.add(a3, f32x4.mul(x3, ka));
              const kc = v128.load32_splat(k1);
              c0 = f32x4.add(c0, f32x4.mul(x0, kc));
              c1 = f32x4.add(c1, f32x4.mul(x1, kc));
              c2 = f32x4.add(c2, f32x4.mul(x2, kc));
              c3 = f32x4.add(c3, f32x4.mul(x3, kc));
              k0 += 4;
              k1 += 4;
              p += tapStepX;
            }
          }
          // Input row kH feeds only row y + 1 (its last tap).
          p = rows + <usize>kH * rowStride;
          let k1 = w + <usize>(kH - 1) * kernelRowBytes;
          for (let kx = 0; kx < kW; kx++) {
            const k = v128.load32_splat(k1);
            c0 = f32x4.add(c0, f32x4.mul(v128.load(p), k));
            c1 = f32x4.add(c1, f32x4.mul(v128.load(p, 16), k));
            c2 = f32x4.add(c2, f32x4.mul(v128.load(p, 32), k));
            c3 = f32x4.add(c3, f32x4.mul(v128.load(p, 48), k));
            k1 += 4;
            p += tapStepX;
          }
        }
        const o = outRow + (<usize>ox << 2);
        const o1 = o + (<usize>outWidth << 2);
        v128.store(o, a0);
        v128.store(o, a1, 16);
        v128.store(o, a2, 32);
        v128.store(o, a3, 48);
        v128.store(o1, c0);
        v128.store(o1, c1, 16);
        v128.store(o1, c2, 32);
        v128.store(o1, c3, 48);
      }
    }
  }
  return fullColumns;
}

/**
 * The piecewise-linear activations, four values at a time (kind: 0 relu, 1 relu6, 2 leaky_relu
 * with slope `alpha`, 3 hardswish). NaN stays NaN as in torch: wasm's min/max propagate it and
 * leaky_relu's comparison sends it down the x·alpha side. In place is allowed (src == dst).
 */
export function activatePiecewise(src: usize, dst: usize, count: i32, kind: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const six = f32x4.splat(6);
  const three = f32x4.splat(3);
  const slope = f32x4.splat(alpha);
  const vectorBytes = (<usize>count & ~3) << 2;
  for (let i: usize = 0; i < vectorBytes; i += 16) {
    const x = v128.load(src + i);
    let y: v128;
    if (kind == 0) y = f32x4.max(x, zero);
    else if (kind == 1) y = f32x4.min(f32x4.max(x, zero), six);
    else if (kind == 2) y = v128.bitselect(x, f32x4.mul(x, slope), f32x4.gt(x, zero));
    else y = f32x4.div(f32x4.mul(x, f32x4.min(f32x4.max(f32x4.add(x, three), zero), six)), six);
    v128.store(dst + i, y);
  }
  for (let i = vectorBytes; i < (<usize>count << 2); i += 4) {
    const x = load<f32>(src + i);
    let y: f32;
    if (kind == 0) y = x < 0 ? 0 : x;
    else if (kind == 1) y = x < 0 ? 0 : x > 6 ? 6 : x;
    else if (kind == 2) y = x > 0 ? x : x * alpha;
    else y = (x * min(max(x + 3, <f32>0), <f32>6)) / 6;
    store<f32>(dst + i, y);
  }
}

/**
 * max_pool2d / avg_pool2d over every channel, torch's rules (as reference.ts states them): a NaN
 * in a max window wins; avg divides by divisorOverride when it is not 0, else by the window
 * clipped to the padded input (count_include_pad) or to the input itself. Scalar code: the window
 * walks are short and strided, so vectors would need gathers; compiled wasm still beats the same
 * loop in JavaScript.
 */
export function pool2d(
  input: usize, channels: i32, height: i32, width: i32, output: usize, outHeight: i32, outWidth: i32,
  kH: i32, kW: i32, strideY: i32, strideX: i32, padY: i32, padX: i32, dilationY: i32, dilationX: i32,
  isMax: bool, countIncludePad: bool, divisorOverride: i32,
): void {
  let out = output;
  for (let c = 0; c < channels; c++) {
    const plane = input + ((<usize>c * height * width) << 2);
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideY - padY;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideX - padX;
        let value: f32;
        if (isMax) {
          value = -Infinity;
          for (let ky = 0; ky < kH; ky++) {
            const y = y0 + ky * dilationY;
            if (y < 0 || y >= height) continue;
            const row = plane + ((<usize>y * width) << 2);
            for (let kx = 0; kx < kW; kx++) {
              const x = x0 + kx * dilationX;
              if (x < 0 || x >= width) continue;
              const v = load<f32>(row + (<usize>x << 2));
              value = select<f32>(v, value, v > value || isNaN(v)); // branch-free: random data mispredicts
            }
          }
        } else {
          const yEnd = min(y0 + kH, height + padY);
          const xEnd = min(x0 + kW, width + padX);
          const paddedCount = (yEnd - y0) * (xEnd - x0);
          const ya = max(y0, 0);
          const xa = max(x0, 0);
          const yb = min(yEnd, height);
          const xb = min(xEnd, width);
          let sum: f64 = 0;
          for (let y = ya; y < yb; y++) {
            const row = plane + ((<usize>y * width) << 2);
            for (let x = xa; x < xb; x++) sum += <f64>load<f32>(row + (<usize>x << 2));
          }
          const divisor = divisorOverride != 0 ? divisorOverride : countIncludePad ? paddedCount : (yb - ya) * (xb - xa);
          value = ya < yb && xa < xb ? <f32>(sum / <f64>divisor) : 0;
        }
        store<f32>(out, value);
        out += 4;
      }
    }
  }
}

/**
 * F.interpolate over every channel from per-axis tap tables (geometry.ts interpolationTaps: four
 * f32 per output index, (i0, i1, w0, w1)): out = wy0·(wx0·in[y0][x0] + wx1·in[y0][x1]) +
 * wy1·(wx0·in[y1][x0] + wx1·in[y1][x1]); nearest reads in[y0][x0].
 */
export function interpolate(input: usize, channels: i32, height: i32, width: i32, output: usize, outHeight: i32, outWidth: i32, tapsY: usize, tapsX: usize, nearest: bool): void {
  let out = output;
  for (let c = 0; c < channels; c++) {
    const plane = input + ((<usize>c * height * width) << 2);
    for (let oy = 0; oy < outHeight; oy++) {
      const ty = tapsY + (<usize>oy << 4);
      const row0 = plane + ((<usize>(<i32>load<f32>(ty)) * width) << 2);
      const row1 = plane + ((<usize>(<i32>load<f32>(ty, 4)) * width) << 2);
      const wy0 = load<f32>(ty, 8);
      const wy1 = load<f32>(ty, 12);
      for (let ox = 0; ox < outWidth; ox++) {
        const tx = tapsX + (<usize>ox << 4);
        const x0 = <usize>(<i32>load<f32>(tx)) << 2;
        const x1 = <usize>(<i32>load<f32>(tx, 4)) << 2;
        const wx0 = load<f32>(tx, 8);
        const wx1 = load<f32>(tx, 12);
        // Nearest copies the value: weighing it would turn an infinity into NaN (∞ · 0).
        store<f32>(out, nearest
          ? load<f32>(row0 + x0)
          : wy0 * (wx0 * load<f32>(row0 + x0) + wx1 * load<f32>(row0 + x1)) + wy1 * (wx0 * load<f32>(row1 + x0) + wx1 * load<f32>(row1 + x1)));
        out += 4;
      }
    }
  }
}

/**
 * The bench's yardstick for "share of the WASM SIMD ceiling": the channel-block convolution's
 * inner step (written out again on purpose: it is what the kernel is measured against) with
 * nothing else around it: six f32x4 loads from L1 (two inputs, four weights)
 * feeding eight independent f32x4.mul + f32x4.add pairs into eight accumulators. The products are
 * off the accumulators' dependency chains, as in the convolution, so this measures multiply and
 * add throughput rather than latency (a loop that multiplies the accumulators themselves runs at
 * about two thirds of it). The weights are loaded each time because V8 (Node 20) rebuilds
 * loop-invariant vectors inside the loop when registers run short; loads cannot be hoisted out,
 * so every iteration does its work. Returns a lane sum so the loop cannot be dropped. One
 * iteration is 8 × 4 lanes × 2 = 64 flops.
 */
export function simdPeak(iterations: i32, m: f32, c: f32): f32 {
  const scratch = memory.data(96, 16);
  for (let j = 0; j < 6; j++) v128.store(scratch + (<usize>j << 4), f32x4.splat(j < 2 ? c * <f32>(j + 1) : m * <f32>(j - 1)));
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  for (let i = 0; i < iterations; i++) {
    const x0 = v128.load(scratch);
    const x1 = v128.load(scratch, 16);
    const k0 = v128.load(scratch, 32);
    const k1 = v128.load(scratch, 48);
    const k2 = v128.load(scratch, 64);
    const k3 = v128.load(scratch, 80);
    a0 = f32x4.add(a0, f32x4.mul(x0, k0));
    a1 = f32x4.add(a1, f32x4.mul(x0, k1));
    a2 = f32x4.add(a2, f32x4.mul(x0, k2));
    a3 = f32x4.add(a3, f32x4.mul(x0, k3));
    b0 = f32x4.add(b0, f32x4.mul(x1, k0));
    b1 = f32x4.add(b1, f32x4.mul(x1, k1));
    b2 = f32x4.add(b2, f32x4.mul(x1, k2));
    b3 = f32x4.add(b3, f32x4.mul(x1, k3));
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(b0, b1), f32x4.add(b2, b3)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
