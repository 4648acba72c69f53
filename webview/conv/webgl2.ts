/**
 * The WebGL2 backend: one hand-written fragment shader per op, one draw per output channel.
 *
 * Feature maps live on the GPU as R32F 2-D texture arrays (one layer per channel, read with
 * texelFetch, so there is no filtering or normalised-coordinate rounding anywhere). Every result is
 * read back because the ConvBackend interface returns floats, but its texture stays resident,
 * remembered by the identity of the returned data: feeding a result into the next op, or the same
 * image into the next slider change, uploads nothing. Feature maps are therefore treated as
 * immutable, which is how the lab uses them.
 *
 * Index arithmetic that torch does in float32 (interpolate's source positions and weights) is done
 * once on the CPU by geometry.ts and handed over as small tables, so the shaders cannot round it
 * differently; sums and activations run in the shader's highp (IEEE float32) arithmetic.
 */
import { convGeometry, interpolateGeometry, interpolationTaps, poolGeometry } from './geometry';
import { convResultBuffer } from './reference';
import type { ActivationKind, ActivationParams, ConvBackend, Conv2dParams, FeatureMap, InterpolateParams, PaddingMode, Pool2dParams } from './types';

const vertexShader = `#version 300 es
// A triangle that covers the viewport; no vertex buffers needed.
void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}`;

const shaderHeader = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
precision highp sampler2DArray;
out vec4 result;
`;

const convShader = `${shaderHeader}
uniform sampler2DArray inputMap;
// Row (outChannel * groupIn + ic), column (ky * kW + kx).
uniform sampler2D weights;
uniform int outChannel, groupIn, firstIn, kH, kW, strideY, strideX, dilationY, dilationX, padTop, padLeft, inH, inW, paddingMode;
uniform float bias;

// F.pad's source index for padded coordinate i, or -1 for a zero (paddingMode: 0 zeros, 1 reflect,
// 2 replicate, 3 circular).
int source(int i, int size) {
  if (i >= 0 && i < size) return i;
  if (paddingMode == 0) return -1;
  if (paddingMode == 1) return i < 0 ? -i : 2 * (size - 1) - i;
  if (paddingMode == 2) return i < 0 ? 0 : size - 1;
  int r = i % size;
  return r < 0 ? r + size : r;
}

void main() {
  ivec2 o = ivec2(gl_FragCoord.xy);
  float sum = bias;
  for (int ic = 0; ic < groupIn; ic++) {
    int row = outChannel * groupIn + ic;
    for (int ky = 0; ky < kH; ky++) {
      int y = source(o.y * strideY - padTop + ky * dilationY, inH);
      if (y < 0) continue;
      for (int kx = 0; kx < kW; kx++) {
        int x = source(o.x * strideX - padLeft + kx * dilationX, inW);
        if (x < 0) continue;
        sum += texelFetch(inputMap, ivec3(x, y, firstIn + ic), 0).r * texelFetch(weights, ivec2(ky * kW + kx, row), 0).r;
      }
    }
  }
  result = vec4(sum, 0.0, 0.0, 1.0);
}`;

const poolShader = `${shaderHeader}
uniform sampler2DArray inputMap;
uniform int layer, isMax, kH, kW, strideY, strideX, padY, padX, dilationY, dilationX, inH, inW, countIncludePad;
uniform float divisorOverride; // 0 when not given

void main() {
  ivec2 o = ivec2(gl_FragCoord.xy);
  int y0 = o.y * strideY - padY;
  int x0 = o.x * strideX - padX;
  float value;
  if (isMax == 1) {
    value = -1.0 / 0.0;
    for (int ky = 0; ky < kH; ky++) {
      int y = y0 + ky * dilationY;
      if (y < 0 || y >= inH) continue;
      for (int kx = 0; kx < kW; kx++) {
        int x = x0 + kx * dilationX;
        if (x < 0 || x >= inW) continue;
        float v = texelFetch(inputMap, ivec3(x, y, layer), 0).r;
        if (v > value || isnan(v)) value = v;
      }
    }
  } else {
    // torch's avg_pool2d: the window clipped to the padded input counts for count_include_pad.
    int yEnd = min(y0 + kH, inH + padY);
    int xEnd = min(x0 + kW, inW + padX);
    int paddedCount = (yEnd - y0) * (xEnd - x0);
    int ya = max(y0, 0), xa = max(x0, 0), yb = min(yEnd, inH), xb = min(xEnd, inW);
    float sum = 0.0;
    for (int y = ya; y < yb; y++) for (int x = xa; x < xb; x++) sum += texelFetch(inputMap, ivec3(x, y, layer), 0).r;
    float divisor = divisorOverride != 0.0 ? divisorOverride : float(countIncludePad == 1 ? paddedCount : (yb - ya) * (xb - xa));
    value = ya < yb && xa < xb ? sum / divisor : 0.0;
  }
  result = vec4(value, 0.0, 0.0, 1.0);
}`;

const interpolateShader = `${shaderHeader}
uniform sampler2DArray inputMap;
uniform int layer, nearest;
// One texel per output column / row: (i0, i1, w0, w1); nearest reads i0 only.
uniform sampler2D tapsX, tapsY;

void main() {
  ivec2 o = ivec2(gl_FragCoord.xy);
  vec4 tx = texelFetch(tapsX, ivec2(o.x, 0), 0);
  vec4 ty = texelFetch(tapsY, ivec2(o.y, 0), 0);
  float v00 = texelFetch(inputMap, ivec3(int(tx.x), int(ty.x), layer), 0).r;
  // Copied, not weighed: an infinity times a zero weight would be NaN.
  if (nearest == 1) {
    result = vec4(v00, 0.0, 0.0, 1.0);
    return;
  }
  float v01 = texelFetch(inputMap, ivec3(int(tx.y), int(ty.x), layer), 0).r;
  float v10 = texelFetch(inputMap, ivec3(int(tx.x), int(ty.y), layer), 0).r;
  float v11 = texelFetch(inputMap, ivec3(int(tx.y), int(ty.y), layer), 0).r;
  result = vec4(ty.z * (tx.z * v00 + tx.w * v01) + ty.w * (tx.z * v10 + tx.w * v11), 0.0, 0.0, 1.0);
}`;

const activationCodes: Record<ActivationKind, number> = {
  relu: 0, relu6: 1, leaky_relu: 2, elu: 3, gelu: 4, silu: 5, mish: 6, sigmoid: 7, tanh: 8, hardswish: 9,
};

const activationShader = `${shaderHeader}
uniform sampler2DArray inputMap;
uniform int layer, kind;
uniform float alpha;

// The same erf fit as activations.ts (absolute error < 1.2e-7).
float erf_(float x) {
  float z = abs(x);
  float t = 1.0 / (1.0 + 0.5 * z);
  float poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  float erfc = t * exp(poly);
  return x >= 0.0 ? 1.0 - erfc : erfc - 1.0;
}
float sigmoid(float x) { return 1.0 / (1.0 + exp(-x)); }
// GLSL's tanh overflows to NaN for large |x| on some drivers; tanh saturates long before 10.
float tanh_(float x) { return abs(x) > 10.0 ? sign(x) : tanh(x); }

void main() {
  float x = texelFetch(inputMap, ivec3(ivec2(gl_FragCoord.xy), layer), 0).r;
  float y;
  if (kind == 0) y = x < 0.0 ? 0.0 : x;
  else if (kind == 1) y = clamp(x, 0.0, 6.0);
  else if (kind == 2) y = x > 0.0 ? x : x * alpha;
  else if (kind == 3) y = x > 0.0 ? x : alpha * (exp(x) - 1.0);
  else if (kind == 4) y = 0.5 * x * (1.0 + erf_(x * 0.7071067811865476));
  else if (kind == 5) y = x * sigmoid(x);
  else if (kind == 6) y = x * tanh_(x > 20.0 ? x : log(1.0 + exp(x)));
  else if (kind == 7) y = sigmoid(x);
  else if (kind == 8) y = tanh_(x);
  else y = x * clamp(x + 3.0, 0.0, 6.0) / 6.0;
  result = vec4(y, 0.0, 0.0, 1.0);
}`;

const paddingModeCode: Record<PaddingMode, number> = { zeros: 0, reflect: 1, replicate: 2, circular: 3 };

/** How many results (and uploaded inputs) keep their texture for reuse. */
const residentLimit = 6;

interface Program {
  program: WebGLProgram;
  uniforms: Map<string, WebGLUniformLocation | null>;
}

export interface WebGL2Info {
  /** The unmasked renderer string (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device...))"), if the browser tells. */
  renderer: string;
  maxTextureSize: number;
}

export class WebGL2Backend implements ConvBackend {
  readonly name = 'webgl2' as const;
  readonly info: WebGL2Info;
  private readonly programs = new Map<string, Program>();
  private readonly framebuffer: WebGLFramebuffer;
  private readonly vertexArray: WebGLVertexArrayObject;
  /** Textures of recent inputs and outputs, keyed by their data array, oldest first. */
  private readonly resident = new Map<Float32Array, WebGLTexture>();

  private constructor(private readonly gl: WebGL2RenderingContext) {
    this.framebuffer = gl.createFramebuffer()!;
    this.vertexArray = gl.createVertexArray()!;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    this.info = {
      renderer: String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)),
      maxTextureSize: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
    };
  }

  /** A backend on its own offscreen context, or null where WebGL2 or float render targets are missing. */
  static create(canvas: HTMLCanvasElement | OffscreenCanvas = new OffscreenCanvas(1, 1)): WebGL2Backend | null {
    const gl = canvas.getContext('webgl2', { antialias: false, depth: false, stencil: false, premultipliedAlpha: false }) as WebGL2RenderingContext | null;
    if (!gl || !gl.getExtension('EXT_color_buffer_float')) return null;
    return new WebGL2Backend(gl);
  }

  conv2d(input: FeatureMap, params: Conv2dParams, into?: Float32Array): FeatureMap {
    const g = convGeometry(input, params);
    const [outChannels, groupIn, kH, kW] = params.weightShape;
    const weights = this.texture2d(params.weight, kH * kW, outChannels * groupIn, 1);
    const output = this.render(convShader, input, { channels: outChannels, height: g.outHeight, width: g.outWidth }, (set, oc) => {
      set.int('outChannel', oc);
      set.int('firstIn', Math.floor(oc / g.groupOutChannels) * groupIn);
      set.float('bias', params.bias ? params.bias[oc] : 0);
    }, (set) => {
      set.texture('weights', weights, 1);
      set.ints({
        groupIn, kH, kW, strideY: params.stride[0], strideX: params.stride[1], dilationY: params.dilation[0], dilationX: params.dilation[1],
        padTop: g.padY.before, padLeft: g.padX.before, inH: input.height, inW: input.width, paddingMode: paddingModeCode[params.paddingMode],
      });
    }, into);
    this.gl.deleteTexture(weights);
    return output;
  }

  pool2d(input: FeatureMap, params: Pool2dParams): FeatureMap {
    const { outHeight, outWidth } = poolGeometry(input, params);
    const isMax = params.kind === 'max';
    return this.render(poolShader, input, { channels: input.channels, height: outHeight, width: outWidth }, (set, c) => set.int('layer', c), (set) => {
      set.ints({
        isMax: isMax ? 1 : 0, kH: params.kernel[0], kW: params.kernel[1], strideY: params.stride[0], strideX: params.stride[1],
        padY: params.padding[0], padX: params.padding[1], dilationY: isMax ? params.dilation[0] : 1, dilationX: isMax ? params.dilation[1] : 1,
        inH: input.height, inW: input.width, countIncludePad: params.countIncludePad ? 1 : 0,
      });
      set.float('divisorOverride', params.divisorOverride ?? 0);
    });
  }

  interpolate(input: FeatureMap, params: InterpolateParams): FeatureMap {
    const g = interpolateGeometry(input, params);
    const alignCorners = params.alignCorners ?? false;
    const tapsX = this.texture2d(interpolationTaps(g.outWidth, input.width, g.scaleX, params.mode, alignCorners), g.outWidth, 1, 4);
    const tapsY = this.texture2d(interpolationTaps(g.outHeight, input.height, g.scaleY, params.mode, alignCorners), g.outHeight, 1, 4);
    const output = this.render(interpolateShader, input, { channels: input.channels, height: g.outHeight, width: g.outWidth }, (set, c) => set.int('layer', c), (set) => {
      set.texture('tapsX', tapsX, 1);
      set.texture('tapsY', tapsY, 2);
      set.int('nearest', params.mode === 'nearest' ? 1 : 0);
    });
    this.gl.deleteTexture(tapsX);
    this.gl.deleteTexture(tapsY);
    return output;
  }

  activation(input: FeatureMap, params: ActivationParams): FeatureMap {
    const alpha = params.alpha ?? (params.kind === 'leaky_relu' ? 0.01 : 1);
    return this.render(activationShader, input, input, (set, c) => set.int('layer', c), (set) => {
      set.int('kind', activationCodes[params.kind]);
      set.float('alpha', alpha);
    });
  }

  dispose(): void {
    const gl = this.gl;
    for (const texture of this.resident.values()) gl.deleteTexture(texture);
    this.resident.clear();
    for (const { program } of this.programs.values()) gl.deleteProgram(program);
    this.programs.clear();
    gl.deleteFramebuffer(this.framebuffer);
    gl.deleteVertexArray(this.vertexArray);
  }

  /**
   * Draws `fragment` once per output channel into a new texture array, reads the floats back and
   * keeps the texture resident. `perLayer` sets what changes per channel, `common` the rest;
   * the floats go to `into` where conv2d's contract (types.ts) allows.
   */
  private render(
    fragment: string,
    input: FeatureMap,
    shape: { channels: number; height: number; width: number },
    perLayer: (set: UniformSetter, layer: number) => void,
    common: (set: UniformSetter) => void,
    into?: Float32Array,
  ): FeatureMap {
    const gl = this.gl;
    const limit = this.info.maxTextureSize;
    if (shape.width > limit || shape.height > limit) throw new Error(`the output (${shape.height}×${shape.width}) exceeds this GPU's texture size limit of ${limit}`);
    const inputTexture = this.residentTexture(input);
    // Created before the inputs are bound: creating a texture binds it to the active unit.
    const output = this.textureArray(shape.width, shape.height, shape.channels, null);
    const { program, uniforms } = this.program(fragment);
    gl.useProgram(program);
    gl.bindVertexArray(this.vertexArray);
    const set = new UniformSetter(gl, uniforms);
    set.textureArray('inputMap', inputTexture, 0);
    common(set);
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.viewport(0, 0, shape.width, shape.height);
    const data = convResultBuffer(input, shape.channels * shape.height * shape.width, into);
    const plane = shape.height * shape.width;
    const readFormat = gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_FORMAT) as number;
    for (let layer = 0; layer < shape.channels; layer++) {
      gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, output, 0, layer);
      perLayer(set, layer);
      gl.drawArrays(gl.TRIANGLES, 0, 3);
      this.readLayer(data.subarray(layer * plane, (layer + 1) * plane), shape.width, shape.height, readFormat);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.remember(data, output);
    return { ...shape, data };
  }

  /** RED/FLOAT where the implementation reads R32F that way; otherwise RGBA/FLOAT, which WebGL2 always allows. */
  private readLayer(target: Float32Array, width: number, height: number, readFormat: number): void {
    const gl = this.gl;
    if (readFormat === gl.RED) {
      gl.readPixels(0, 0, width, height, gl.RED, gl.FLOAT, target);
      return;
    }
    const rgba = new Float32Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.FLOAT, rgba);
    for (let i = 0; i < target.length; i++) target[i] = rgba[4 * i];
  }

  private residentTexture(map: FeatureMap): WebGLTexture {
    const known = this.resident.get(map.data);
    if (known) return known;
    const texture = this.textureArray(map.width, map.height, map.channels, map.data);
    this.remember(map.data, texture);
    return texture;
  }

  private remember(data: Float32Array, texture: WebGLTexture): void {
    // A conv2d `into` buffer comes back with new contents: its old texture no longer matches it.
    const stale = this.resident.get(data);
    if (stale) {
      this.gl.deleteTexture(stale);
      this.resident.delete(data);
    }
    this.resident.set(data, texture);
    while (this.resident.size > residentLimit) {
      const [oldest, old] = this.resident.entries().next().value as [Float32Array, WebGLTexture];
      this.gl.deleteTexture(old);
      this.resident.delete(oldest);
    }
  }

  private textureArray(width: number, height: number, layers: number, data: Float32Array | null): WebGLTexture {
    const gl = this.gl;
    const texture = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D_ARRAY, texture);
    gl.texStorage3D(gl.TEXTURE_2D_ARRAY, 1, gl.R32F, width, height, layers);
    if (data) gl.texSubImage3D(gl.TEXTURE_2D_ARRAY, 0, 0, 0, 0, width, height, layers, gl.RED, gl.FLOAT, data);
    setNearest(gl, gl.TEXTURE_2D_ARRAY);
    return texture;
  }

  /** A small float table (weights, interpolation taps) with 1 or 4 floats per texel. */
  private texture2d(data: Float32Array, width: number, height: number, components: 1 | 4): WebGLTexture {
    const gl = this.gl;
    const limit = this.info.maxTextureSize;
    if (width > limit || height > limit) throw new Error(`a ${height}×${width} table exceeds this GPU's texture size limit of ${limit}`);
    const texture = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.texImage2D(gl.TEXTURE_2D, 0, components === 1 ? gl.R32F : gl.RGBA32F, width, height, 0, components === 1 ? gl.RED : gl.RGBA, gl.FLOAT, data);
    setNearest(gl, gl.TEXTURE_2D);
    return texture;
  }

  private program(fragment: string): Program {
    const cached = this.programs.get(fragment);
    if (cached) return cached;
    const gl = this.gl;
    const program = gl.createProgram()!;
    for (const [type, source] of [[gl.VERTEX_SHADER, vertexShader], [gl.FRAGMENT_SHADER, fragment]] as const) {
      const shader = gl.createShader(type)!;
      gl.shaderSource(shader, source);
      gl.compileShader(shader);
      if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`WebGL2 shader failed to compile: ${gl.getShaderInfoLog(shader)}`);
      gl.attachShader(program, shader);
      gl.deleteShader(shader);
    }
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`WebGL2 program failed to link: ${gl.getProgramInfoLog(program)}`);
    const entry = { program, uniforms: new Map<string, WebGLUniformLocation | null>() };
    this.programs.set(fragment, entry);
    return entry;
  }
}

function setNearest(gl: WebGL2RenderingContext, target: number): void {
  gl.texParameteri(target, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(target, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.texParameteri(target, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(target, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
}

/** Sets uniforms of the program in use by name, caching their locations. */
class UniformSetter {
  constructor(private readonly gl: WebGL2RenderingContext, private readonly locations: Map<string, WebGLUniformLocation | null>) {}

  private location(name: string): WebGLUniformLocation | null {
    if (!this.locations.has(name)) this.locations.set(name, this.gl.getUniformLocation(this.gl.getParameter(this.gl.CURRENT_PROGRAM) as WebGLProgram, name));
    return this.locations.get(name)!;
  }
  int(name: string, value: number): void {
    this.gl.uniform1i(this.location(name), value);
  }
  ints(values: Record<string, number>): void {
    for (const [name, value] of Object.entries(values)) this.int(name, value);
  }
  float(name: string, value: number): void {
    this.gl.uniform1f(this.location(name), value);
  }
  texture(name: string, texture: WebGLTexture, unit: number): void {
    this.bind(name, this.gl.TEXTURE_2D, texture, unit);
  }
  textureArray(name: string, texture: WebGLTexture, unit: number): void {
    this.bind(name, this.gl.TEXTURE_2D_ARRAY, texture, unit);
  }
  private bind(name: string, target: number, texture: WebGLTexture, unit: number): void {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(target, texture);
    gl.uniform1i(this.location(name), unit);
  }
}
