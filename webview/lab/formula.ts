/**
 * The output-size derivations the lab shows, taken from the shape engine's own layer definitions
 * (src/core/layers), so they read exactly as the editor's hover reads them for the same layer,
 * `H_out = ⌊(28 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 14` included. The lab builds the nn module with
 * its settings and asks it about an input of the lab's size; torch's error text comes back the
 * same way when the settings are invalid.
 */
import { tensor } from '../../src/core/layers/common';
import { convLayers } from '../../src/core/layers/conv';
import { poolLayers } from '../../src/core/layers/pool';
import type { ArgValue, BoundArgs, LayerDef, ParamSpec } from '../../src/core/layers/types';
import { upsampleLayers } from '../../src/core/layers/upsample';
import type { Padding } from './state';

/** Binds keyword arguments to a signature, torch's defaults filling the rest (what the evaluator does for code). */
function bind(params: ParamSpec[], given: Record<string, ArgValue>): BoundArgs {
  const args: BoundArgs = {};
  for (const p of params) {
    const value = given[p.name] ?? p.default;
    if (value !== undefined) args[p.name] = value;
  }
  return args;
}

function layerDef(defs: LayerDef[], name: string): LayerDef {
  const def = defs.find((d) => d.name === name);
  if (!def) throw new Error(`the shape engine has no ${name}`);
  return def;
}

/** What the editor would say about a layer: torch's repr of it and its size derivation (or torch's error). */
export interface LayerText {
  repr: string | null;
  derivation: string[];
  error?: string;
}

/** The module's text for a [1, C, H, W] input. */
function derive(def: LayerDef, ctorArgs: Record<string, ArgValue>, input: [number, number, number]): LayerText {
  const built = def.build(bind(def.params, ctorArgs));
  if (!built.ok) return { repr: null, derivation: [], error: built.error.message };
  const result = built.layer.forward(bind(built.layer.forwardParams, { input: tensor([1, ...input]) }));
  return result.ok ? { repr: built.layer.repr, derivation: result.facts?.derivation ?? [] } : { repr: built.layer.repr, derivation: [], error: result.error.message };
}

export interface ConvSettings {
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  stride: [number, number];
  padding: Padding;
  dilation: [number, number];
  groups: number;
  bias: boolean;
  paddingMode: string;
}

/** nn.Conv2d's repr and derivation lines, e.g. `H_out = ⌊(28 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 14`. */
export function convText(input: [number, number, number], c: ConvSettings): LayerText {
  return derive(layerDef(convLayers, 'Conv2d'), {
    in_channels: c.inChannels,
    out_channels: c.outChannels,
    kernel_size: c.kernel,
    stride: c.stride,
    padding: c.padding,
    dilation: c.dilation,
    groups: c.groups,
    bias: c.bias,
    padding_mode: c.paddingMode,
  }, input);
}

/** MaxPool2d/AvgPool2d's repr and derivation lines, ceil_mode's dropped last window included. */
export function poolText(kind: 'max' | 'avg', input: [number, number, number], kernel: [number, number], stride: [number, number], padding: [number, number], ceilMode: boolean, countIncludePad: boolean): LayerText {
  return derive(layerDef(poolLayers, kind === 'max' ? 'MaxPool2d' : 'AvgPool2d'), { kernel_size: kernel, stride, padding, ceil_mode: ceilMode, ...(kind === 'avg' ? { count_include_pad: countIncludePad } : {}) }, input);
}

/** nn.Upsample's repr and derivation lines: `H_out = ⌊14 · 2⌋ = 28`. */
export function upsampleText(input: [number, number, number], scale: number, mode: 'nearest' | 'bilinear'): LayerText {
  return derive(layerDef(upsampleLayers, 'Upsample'), { scale_factor: scale, mode }, input);
}
