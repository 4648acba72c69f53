/**
 * The model walk webview: a sample image run through the model's layer graph, one row per op with
 * its feature maps and torch's shape under its name (CNN Explainer's overview, for any model).
 * Ops are computed one per task, so the page stays responsive and shows progress; each row draws at
 * most `channelCap` maps until "show all"; shape-only rows say why nothing is drawn. A click on a
 * map opens that layer in the Kernel Lab.
 */
import { formatShapeList, type Dim } from '../../src/core/dims';
import { opLabel } from '../../src/core/diagram/blocks';
import { selectBackend } from '../conv/select';
import type { ConvBackend, FeatureMap } from '../conv/types';
import { valueRange, type ValueRange } from '../lab/display';
import { decodeImage, pixelsToTensor, resizePixels } from '../lab/images';
import { sampleDims, walkSteps, type StepResult, type WalkNode } from './compute';
import { parseHostMessage, type StartWalk, type StepReport, type WalkMessage } from './protocol';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const post = (message: WalkMessage) => vscode.postMessage(message);

/** Side in CSS pixels of the largest drawn map; small maps are scaled up without smoothing. */
const MAP_SIDE = 72;
/** Grey levels kept for "show all" (one byte a value); past this, later ops are shape-only rather than the page running out of memory. */
const MAX_KEPT_BYTES = 512 * 1024 * 1024;

let backend: Promise<{ backend: ConvBackend; name: string }> | undefined;
let run = 0;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function shapeText(shape: WalkNode['shape']): string {
  return shape ? formatShapeList(shape as Dim[]) : 'unknown';
}

async function sampleFor(walk: StartWalk): Promise<FeatureMap | undefined> {
  const dims = sampleDims(walk.nodes[0]?.shape ?? null);
  if (!dims) return undefined;
  const response = await fetch(walk.sample);
  const image = await decodeImage(walk.sample.split('/').pop() ?? 'sample', await response.arrayBuffer());
  return pixelsToTensor(resizePixels(image.pixels, dims[1], dims[2]), dims[0]);
}

/** A layer as the walk keeps it for drawing: one grey level per value, scaled over the whole layer. */
interface DrawnLayer {
  channels: number;
  height: number;
  width: number;
  grey: Uint8ClampedArray;
}

/** Grey levels over the layer's value range (the lab's "normalise"), a quarter of the floats' memory. */
function greyLayer(map: FeatureMap, range: ValueRange): DrawnLayer {
  const span = range.max - range.min;
  const grey = new Uint8ClampedArray(map.data.length);
  for (let i = 0; i < grey.length; i++) grey[i] = span > 0 ? Math.round(((map.data[i] - range.min) / span) * 255) : 128;
  return { channels: map.channels, height: map.height, width: map.width, grey };
}

function drawMaps(container: HTMLElement, layer: DrawnLayer, count: number, onClick: (channel: number) => void): void {
  container.replaceChildren();
  const plane = layer.height * layer.width;
  const scale = Math.max(1, Math.floor(MAP_SIDE / Math.max(layer.height, layer.width)));
  for (let c = 0; c < Math.min(count, layer.channels); c++) {
    const canvas = element('canvas', 'map');
    canvas.width = layer.width;
    canvas.height = layer.height;
    canvas.style.width = `${layer.width * scale}px`;
    canvas.style.height = `${layer.height * scale}px`;
    canvas.title = `channel ${c}`;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'button');
    canvas.setAttribute('aria-label', `channel ${c}`);
    const pixels = new ImageData(layer.width, layer.height);
    for (let i = 0; i < plane; i++) {
      const g = layer.grey[c * plane + i];
      pixels.data[i * 4] = pixels.data[i * 4 + 1] = pixels.data[i * 4 + 2] = g;
      pixels.data[i * 4 + 3] = 255;
    }
    canvas.getContext('2d')!.putImageData(pixels, 0, 0);
    canvas.addEventListener('click', () => onClick(c));
    canvas.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') onClick(c);
    });
    container.append(canvas);
  }
}

function report(node: WalkNode, result: StepResult, drawn: number, range?: ValueRange): StepReport {
  if ('map' in result) return { id: node.id, op: node.op, shape: node.shape, status: 'computed', drawn, min: range?.min, max: range?.max };
  if ('shapeOnly' in result) return { id: node.id, op: node.op, shape: node.shape, status: 'shape-only', reason: result.shapeOnly, drawn: 0 };
  return { id: node.id, op: node.op, shape: node.shape, status: 'error', reason: result.error, drawn: 0 };
}

async function start(walk: StartWalk): Promise<void> {
  const mine = ++run;
  const root = document.getElementById('app')!;
  const header = element('header');
  const title = element('h1', undefined, walk.model);
  const meta = element('span', 'meta');
  const reroll = element('button', undefined, walk.labels.reroll);
  reroll.addEventListener('click', () => post({ type: 'reroll' }));
  const progress = element('progress');
  progress.max = walk.nodes.length;
  progress.value = 0;
  const status = element('span', 'status', walk.labels.computing);
  status.setAttribute('role', 'status');
  header.append(title, meta, reroll, progress, status);
  const list = element('ol', 'steps');
  root.replaceChildren(header, element('p', 'hint', walk.labels.openHint), list);

  backend ??= selectBackend('auto').then((choice) => ({ backend: choice.backend, name: choice.backend.name }));
  const { backend: conv, name } = await backend;
  meta.textContent = `${name} · seed ${walk.seed}`;
  let sample: FeatureMap | undefined;
  try {
    sample = await sampleFor(walk);
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
  }
  const reports: StepReport[] = [];
  let kept = 0;
  const steps = walkSteps(walk.nodes, sample ?? { channels: 0, height: 0, width: 0, data: new Float32Array() }, conv, walk.seed);
  for (let i = 0; ; i++) {
    // One op per task: input, scrolling and the progress bar keep up on large models.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (mine !== run) return;
    const next = steps.next();
    if (next.done) break;
    const { node } = next.value;
    let { result } = next.value;
    const range = 'map' in result ? valueRange(result.map) : undefined;
    let layer: DrawnLayer | undefined;
    if ('map' in result && range) {
      kept += result.map.data.length;
      if (kept > MAX_KEPT_BYTES) result = { shapeOnly: 'the walk keeps at most 512 MB of maps' };
      else layer = greyLayer(result.map, range);
    }
    const row = element('li', 'step');
    row.dataset.id = String(node.id);
    row.dataset.status = 'map' in result ? 'computed' : 'shapeOnly' in result ? 'shape-only' : 'error';
    const heading = element('div', 'heading');
    heading.append(element('span', 'op', node.kind === 'input' ? 'input' : opLabel({ ...node, shape: null })), element('code', 'shape', shapeText(node.shape)));
    row.append(heading);
    let drawn = 0;
    if (layer) {
      const shown = layer;
      const maps = element('div', 'maps');
      const open = (channel: number) => post({ type: 'openLayer', id: node.id, channel });
      drawn = Math.min(walk.channelCap, shown.channels);
      drawMaps(maps, shown, drawn, open);
      row.append(maps);
      if (shown.channels > walk.channelCap) {
        const toggle = element('button', 'show-all', walk.labels.showAll.replace('{0}', String(shown.channels)));
        let all = false;
        toggle.addEventListener('click', () => {
          all = !all;
          drawMaps(maps, shown, all ? shown.channels : walk.channelCap, open);
          toggle.textContent = all ? walk.labels.showFewer : walk.labels.showAll.replace('{0}', String(shown.channels));
        });
        row.append(toggle);
      }
    } else {
      row.append(element('div', 'shape-only', `${walk.labels.shapeOnly}: ${'shapeOnly' in result ? result.shapeOnly : 'error' in result ? result.error : ''}`));
    }
    list.append(row);
    reports.push(report(node, result, drawn, range));
    progress.value = i + 1;
    post({ type: 'progress', done: i + 1, total: walk.nodes.length, backend: name });
  }
  status.textContent = walk.labels.done;
  post({ type: 'rendered', model: walk.model, seed: walk.seed, backend: name, steps: reports });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseHostMessage(event.data);
  if (message) void start(message);
});
post({ type: 'ready' });
