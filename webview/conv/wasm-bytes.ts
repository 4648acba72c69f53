/** The compiled SIMD kernels (dist/conv.wasm, made by scripts/build-wasm.mjs), inlined by the bundler. */
import convWasm from '../../dist/conv.wasm';

export default convWasm;
