/**
 * Draws the input and every pipeline stage: one canvas per feature map (a grid for many
 * channels), the stage's shape and size derivation, its value range with a colour bar, or torch's
 * error when the stage is invalid. Hovering a conv output pixel explains it with the real numbers:
 * its receptive window is outlined on the input and the dot product written out.
 */
import type { Conv2dParams, FeatureMap } from '../conv/types';
import { el } from './dom';
import { explainConvAt, type ConvCell } from './explainer';
import { channelPixels, colourBarStops, formatValue, rgbPixels, valueRange, type ValueRange } from './display';
import type { PipelineResult, StageResult } from './pipeline';
import type { DisplayMode } from './state';

/** Maps drawn per stage until the user asks for all of them. */
const GRID_CAP = 32;
/** Products written out in a hover explanation before it summarises per channel instead. */
const MAX_LISTED_TAPS = 49;

export interface OutputView {
  root: HTMLElement;
  render(result: PipelineResult, options: RenderOptions): void;
}

export interface RenderOptions {
  display: DisplayMode;
  /** The stages' three channels are still R, G, B (per-channel RGB mode). */
  colourStages: boolean;
  /** Draw each conv map's weights under it (full Conv2d; the other modes show theirs in the kernel editor). */
  showWeights: boolean;
}

/** Display size: small maps are enlarged (pixelated) so a 28×28 digit is readable; large ones fit. */
function cssSize(height: number, width: number, many: boolean): number {
  const target = many ? 112 : 320;
  const longest = Math.max(height, width);
  return longest >= target ? target : Math.max(1, Math.floor(target / longest)) * longest;
}

/** One picture of a tensor: a single channel, or all three as colour (`channel` null). */
interface Picture {
  channel: number | null;
  label: string;
}

function paint(canvas: HTMLCanvasElement, map: FeatureMap, picture: Picture, mode: DisplayMode, range: ValueRange, many: boolean): void {
  const rgba =
    picture.channel === null ? rgbPixels(map, mode as Exclude<DisplayMode, 'diverging'>, range) : channelPixels(map, picture.channel, mode, range);
  const { width, height } = map;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  const scale = cssSize(height, width, many) / Math.max(height, width);
  canvas.style.width = `${width * scale}px`;
  canvas.style.height = `${height * scale}px`;
}

/**
 * How a tensor is drawn: a picture's three channels (`colour`) as one colour image, except in the
 * diverging mode, which colours one value per pixel; feature maps one grey or diverging map per
 * channel. Maps share the tensor's value range, so their brightness compares honestly.
 */
function pictures(map: FeatureMap, mode: DisplayMode, colour: boolean): Picture[] {
  if (colour && map.channels === 3 && mode !== 'diverging') return [{ channel: null, label: '' }];
  if (map.channels === 1) return [{ channel: 0, label: '' }];
  const names = map.channels === 3 ? ['R', 'G', 'B'] : null;
  return Array.from({ length: map.channels }, (_, c) => ({ channel: c, label: names ? names[c] : `#${c}` }));
}

function colourBar(mode: DisplayMode, range: ValueRange): HTMLElement {
  const stops = colourBarStops(mode, range);
  const bar = el('div', { className: 'colour-bar-strip', attrs: { 'aria-hidden': 'true' } });
  bar.style.background = `linear-gradient(to right, ${stops.colours.join(', ')})`;
  return el(
    'div',
    { className: 'colour-bar' },
    el('span', { className: 'low' }, formatValue(stops.low)),
    bar,
    el('span', { className: 'high' }, formatValue(stops.high)),
    el('span', { className: 'range' }, `values ${formatValue(range.min)} … ${formatValue(range.max)} (${stops.note})`),
  );
}

function shapeText(map: FeatureMap): string {
  return `[${map.channels}, ${map.height}, ${map.width}]`;
}

/** A conv cell's dot product in words and numbers. */
function describeConvCell(cell: ConvCell, outChannel: number): string {
  const lines = [`out[${outChannel}, ${cell.outY}, ${cell.outX}] = ${formatValue(cell.total)}`];
  for (const ch of cell.channels) {
    const terms = ch.taps.length <= MAX_LISTED_TAPS ? ch.taps.map((t) => `${formatValue(t.value)}·${formatValue(t.weight ?? 0)}`).join(' + ') : `${ch.taps.length} products`;
    lines.push(`  channel ${ch.channel}: ${terms} = ${formatValue(ch.sum)}`);
  }
  if (cell.bias !== 0 || cell.channels.length > 1) lines.push(`  ${cell.channels.map((c) => formatValue(c.sum)).join(' + ')} + bias ${formatValue(cell.bias)} = ${formatValue(cell.total)}`);
  return lines.join('\n');
}

export function createOutputView(): OutputView {
  const inputSection = el('section', { className: 'stage', dataset: { stage: 'input' } });
  const stagesRoot = el('div', { className: 'stages' });
  const hover = el('pre', { className: 'hover-explain', id: 'hover-explain', attrs: { 'aria-live': 'polite' } }, 'Hover a pixel of the Conv2d output (or focus it and use the arrow keys) to see its window and dot product.');
  const root = el('div', { className: 'outputs' }, inputSection, stagesRoot, hover);
  const windowBox = el('div', { className: 'window-box', attrs: { 'aria-hidden': 'true' } });
  const showAll = new Set<string>();
  /** Canvases by stage, kept from frame to frame: a redraw repaints them instead of making new ones. */
  const canvases = new Map<string, HTMLCanvasElement[]>();
  let drawnInput: FeatureMap | null = null;
  /** The output pixel each map's keyboard cursor is on. */
  const keyboardCursor = new WeakMap<HTMLCanvasElement, [number, number]>();

  function reusedCanvas(id: string, index: number): HTMLCanvasElement {
    const list = canvases.get(id) ?? [];
    canvases.set(id, list);
    while (list.length <= index) {
      const canvas = el('canvas', { className: 'map', attrs: { role: 'img' } });
      if (id === 'input' && list.length === 0) canvas.id = 'input-canvas';
      list.push(canvas);
    }
    return list[index];
  }
  let last: { result: PipelineResult; options: RenderOptions } | null = null;

  /**
   * Under each map of a full Conv2d, the weights that made it: its `C_in / groups` kernel slices side
   * by side, blue negative, red positive, on the scale of all the layer's weights.
   */
  function kernelStrip(conv: Conv2dParams, outChannel: number): HTMLCanvasElement {
    const [, groupIn, kH, kW] = conv.weightShape;
    const width = groupIn * kW;
    const data = new Float32Array(kH * width);
    for (let ci = 0; ci < groupIn; ci++) {
      for (let y = 0; y < kH; y++) {
        for (let x = 0; x < kW; x++) data[y * width + ci * kW + x] = conv.weight[((outChannel * groupIn + ci) * kH + y) * kW + x];
      }
    }
    const strip: FeatureMap = { channels: 1, height: kH, width, data };
    const canvas = el('canvas', { className: 'kernel-strip', attrs: { role: 'img', 'aria-label': `weights of map ${outChannel}: ${groupIn} kernel${groupIn > 1 ? 's' : ''} of ${kH}×${kW}` } });
    canvas.width = width;
    canvas.height = kH;
    canvas.getContext('2d')!.putImageData(new ImageData(channelPixels(strip, 0, 'diverging', valueRange({ ...strip, data: conv.weight })) as Uint8ClampedArray<ArrayBuffer>, width, kH), 0, 0);
    const cell = Math.max(2, Math.min(8, Math.floor(96 / Math.max(width, kH))));
    canvas.style.width = `${width * cell}px`;
    canvas.style.height = `${kH * cell}px`;
    return canvas;
  }

  function mapsBlock(id: string, map: FeatureMap, mode: DisplayMode, colour: boolean, range: ValueRange, onHover?: (channel: number, y: number, x: number) => void, weights?: Conv2dParams): HTMLElement {
    const all = pictures(map, mode, colour);
    const capped = showAll.has(id) ? all : all.slice(0, GRID_CAP);
    const many = capped.length > 1;
    const grid = el('div', { className: many ? 'maps grid' : 'maps' });
    let index = 0;
    for (const picture of capped) {
      const canvas = reusedCanvas(id, index++);
      canvas.dataset.channel = picture.channel === null ? 'rgb' : String(picture.channel);
      canvas.setAttribute('aria-label', `${id} ${picture.label || 'output'} ${map.height}×${map.width}`);
      paint(canvas, map, picture, mode, range, many);
      canvas.onmousemove = onHover
        ? (event) => {
            const rect = canvas.getBoundingClientRect();
            const x = Math.min(map.width - 1, Math.floor(((event.clientX - rect.left) / rect.width) * map.width));
            const y = Math.min(map.height - 1, Math.floor(((event.clientY - rect.top) / rect.height) * map.height));
            onHover(picture.channel ?? 0, y, x);
          }
        : null;
      canvas.onmouseleave = onHover ? () => windowBox.remove() : null;
      // Keyboard users get the same explanation: focus a map, move a cursor pixel with the arrow keys.
      canvas.tabIndex = onHover ? 0 : -1;
      canvas.onkeydown = onHover
        ? (event) => {
            const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
            const move = step[event.key];
            if (!move) return;
            event.preventDefault();
            const at = keyboardCursor.get(canvas) ?? [-1, 0];
            const y = Math.min(map.height - 1, Math.max(0, at[0] + move[0]));
            const x = Math.min(map.width - 1, Math.max(0, at[1] + move[1]));
            keyboardCursor.set(canvas, [y, x]);
            onHover(picture.channel ?? 0, y, x);
          }
        : null;
      const caption = picture.label ? el('figcaption', {}, picture.label) : null;
      if (caption && weights && picture.channel !== null) caption.append(kernelStrip(weights, picture.channel));
      grid.append(caption ? el('figure', {}, canvas, caption) : canvas);
    }
    const block = el('div', {}, grid);
    if (all.length > capped.length) {
      const more = el('button', { type: 'button', textContent: `Show all ${all.length} maps` });
      more.addEventListener('click', () => {
        showAll.add(id);
        if (last) render(last.result, last.options);
      });
      block.append(more);
    }
    return block;
  }

  function explainHover(conv: Conv2dParams, input: FeatureMap, channel: number, y: number, x: number): void {
    // In per-channel RGB the pictured channel is an output channel of the depthwise conv; a colour picture stands for channel 0.
    const cell = explainConvAt(input, conv, channel, y, x);
    hover.textContent = describeConvCell(cell, channel);
    const inputCanvas = inputSection.querySelector('canvas');
    if (!inputCanvas) return;
    const taps = cell.channels[0].taps;
    const ys = taps.map((t) => t.y);
    const xs = taps.map((t) => t.x);
    const scale = inputCanvas.clientWidth / input.width;
    windowBox.style.left = `${inputCanvas.offsetLeft + Math.min(...xs) * scale}px`;
    windowBox.style.top = `${inputCanvas.offsetTop + Math.min(...ys) * scale}px`;
    windowBox.style.width = `${(Math.max(...xs) - Math.min(...xs) + 1) * scale}px`;
    windowBox.style.height = `${(Math.max(...ys) - Math.min(...ys) + 1) * scale}px`;
    inputCanvas.parentElement?.append(windowBox);
  }

  function stageSection(stage: StageResult, { display, colourStages: colour, showWeights }: RenderOptions, result: PipelineResult): HTMLElement {
    const section = el('section', { className: 'stage', dataset: { stage: stage.id } }, el('h3', {}, stage.title));
    if (stage.output) section.append(el('div', { className: 'shape' }, shapeText(stage.output)));
    if (stage.derivation.length) section.append(el('div', { className: 'derivation' }, ...stage.derivation.map((line) => el('div', {}, line))));
    if (stage.error) section.append(el('p', { className: 'error stage-error', attrs: { role: 'alert' } }, stage.error));
    if (stage.output) {
      const conv = stage.id === 'conv' ? result.conv : undefined;
      const onHover = conv && result.convExplainable ? (channel: number, y: number, x: number) => explainHover(conv, result.input, channel, y, x) : undefined;
      const range = valueRange(stage.output);
      section.append(mapsBlock(stage.id, stage.output, display, colour, range, onHover, showWeights ? conv : undefined), colourBar(display, range));
    }
    return section;
  }

  function render(result: PipelineResult, options: RenderOptions): void {
    last = { result, options };
    // The input changes only with the image; most redraws (a slider, a kernel cell) keep it.
    if (drawnInput !== result.input) {
      drawnInput = result.input;
      inputSection.replaceChildren(
        el('h3', {}, 'Input'),
        el('div', { className: 'shape' }, shapeText(result.input)),
        mapsBlock('input', result.input, 'clamp', true, valueRange(result.input)),
      );
    }
    stagesRoot.replaceChildren(...result.stages.map((stage) => stageSection(stage, options, result)));
  }

  return { root, render };
}
