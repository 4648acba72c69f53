/**
 * The step-by-step explainer: a small integer grid (7×7; 4×4 for upsampling) run through the
 * lab's current conv, pooling or upsampling settings, one output cell per step. It shows the
 * padded input with the window on it, the kernel, every product and the sum (per input channel
 * plus bias in the multi-channel view), and the output filling in as the window slides.
 */
import { convGeometry, ConvError, paddedSource } from '../conv/geometry';
import type { Conv2dParams, FeatureMap, PaddingMode } from '../conv/types';
import { button, checkbox, el, labelled, select, syncValue } from './dom';
import { formatValue } from './display';
import { explainConv, explainConvAt, explainNearest, explainPool, type Tap } from './explainer';
import { seededRandom } from './kernels';
import { convParams, poolParams, upsampleParams } from './pipeline';
import type { LabState } from './state';

type Update = (change: (state: LabState) => LabState, options?: { recompute: boolean }) => void;

const PLAY_INTERVAL_MS = 700;
const GRID = 7;
const UPSAMPLE_GRID = 4;

/** A small grid of digits 0–9, fixed so that the same step always shows the same numbers. */
function integerGrid(channels: number, size: number, seed: number): FeatureMap {
  const random = seededRandom(seed);
  const data = new Float32Array(channels * size * size);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 10);
  return { channels, height: size, width: size, data };
}

/** Conv settings on the small grid: the lab's kernel, or small integer weights for three channels. */
function explainerConv(state: LabState, multiChannel: boolean): Conv2dParams {
  const base = convParams({ ...state, channelMode: 'gray' });
  if (!multiChannel) return base;
  const { height, width } = state.kernel;
  const random = seededRandom(11);
  const weight = Float32Array.from({ length: 3 * height * width }, () => Math.floor(random() * 3) - 1);
  return { ...base, weight, weightShape: [1, 3, height, width], bias: Float32Array.of(1), groups: 1 };
}

interface GridMarks {
  /** Cells under the window (by "y,x"), with their order for the products list. */
  window: Set<string>;
  current?: string;
}

/** A grid as a table, padding ring included: rows `top` before 0 to `bottom` past the end. */
function gridTable(caption: string, rows: number, cols: number, pad: { top: number; bottom: number; left: number; right: number }, valueAt: (y: number, x: number) => string | null, marks: GridMarks): HTMLTableElement {
  const table = el('table', { className: 'grid-table' }, el('caption', {}, caption));
  for (let y = -pad.top; y < rows + pad.bottom; y++) {
    const tr = el('tr');
    for (let x = -pad.left; x < cols + pad.right; x++) {
      const key = `${y},${x}`;
      const inPad = y < 0 || x < 0 || y >= rows || x >= cols;
      const text = valueAt(y, x);
      const td = el('td', { textContent: text ?? '' });
      if (inPad) td.classList.add('pad');
      if (marks.window.has(key)) td.classList.add('window');
      if (marks.current === key) td.classList.add('current');
      if (text === null) td.classList.add('empty');
      tr.append(td);
    }
    table.append(tr);
  }
  return table;
}

function windowKeys(taps: Tap[]): Set<string> {
  return new Set(taps.map((t) => `${t.y},${t.x}`));
}

/**
 * What each cell of the padded grid holds: the input inside; outside, what the padding supplies:
 * the mode's mirrored, replicated or wrapped value for a conv, or `padValue` (0, or −∞ for max pooling).
 */
function paddedValues(grid: FeatureMap, channel: number, padding: PaddingMode | { constant: number }): (y: number, x: number) => string {
  return (y, x) => {
    const inside = y >= 0 && x >= 0 && y < grid.height && x < grid.width;
    if (!inside && typeof padding === 'object') return padding.constant === -Infinity ? '−∞' : formatValue(padding.constant);
    const mode = typeof padding === 'object' ? 'zeros' : padding;
    const sy = paddedSource(y, grid.height, mode);
    const sx = paddedSource(x, grid.width, mode);
    return sy < 0 || sx < 0 ? '0' : formatValue(grid.data[(channel * grid.height + sy) * grid.width + sx]);
  };
}

/** `a×b` with negative factors in parentheses, so `6×(−1)` cannot be misread as a subtraction. */
function product(value: number, weight: number): string {
  const factor = (v: number) => (v < 0 ? `(−${formatValue(-v)})` : formatValue(v));
  return `${factor(value)}×${factor(weight)}`;
}

export interface ExplainerView {
  root: HTMLElement;
  sync(state: LabState): void;
}

export function createExplainerView(update: Update): ExplainerView {
  let state: LabState | null = null;
  let timer: number | undefined;
  const setStep = (step: number) => update((s) => ({ ...s, explainer: { ...s.explainer, step: Math.max(0, step) } }), { recompute: false });
  const stage = select(
    [
      { value: 'conv', label: 'Convolution' },
      { value: 'pool', label: 'Pooling' },
      { value: 'upsample', label: 'Nearest upsampling' },
    ],
    'conv',
    (value) => update((s) => ({ ...s, explainer: { ...s.explainer, stage: value, step: 0 } }), { recompute: false }),
  );
  stage.id = 'explainer-stage';
  const multi = checkbox(false, (multiChannel) => update((s) => ({ ...s, explainer: { ...s.explainer, multiChannel, step: 0 } }), { recompute: false }));
  multi.id = 'explainer-multi';
  const prev = button('◀ Previous', () => state && setStep(state.explainer.step - 1));
  prev.id = 'explainer-prev';
  const next = button('Next ▶', () => state && setStep(state.explainer.step + 1));
  next.id = 'explainer-next';
  const play = button('Play', () => {
    if (timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
      play.textContent = 'Play';
      return;
    }
    play.textContent = 'Pause';
    timer = window.setInterval(() => state && setStep(state.explainer.step + 1), PLAY_INTERVAL_MS);
  });
  play.id = 'explainer-play';
  const position = el('span', { className: 'hint', id: 'explainer-position', attrs: { 'aria-live': 'polite' } });
  const body = el('div', { className: 'explainer-body', id: 'explainer-body' });
  const multiField = labelled('Three input channels', multi);
  const root = el(
    'section',
    { className: 'panel explainer', id: 'explainer' },
    el('h2', {}, 'Step by step'),
    el('div', { className: 'row' }, labelled('Show', stage), multiField, prev, play, next, position),
    body,
  );

  function renderConv(s: LabState): void {
    const multiChannel = s.explainer.multiChannel;
    const grid = integerGrid(multiChannel ? 3 : 1, GRID, 7);
    const params = explainerConv(s, multiChannel);
    const g = convGeometry(grid, params);
    const cell = explainConv(grid, params, 0, s.explainer.step);
    const pad = { top: g.padY.before, bottom: g.padY.after, left: g.padX.before, right: g.padX.after };
    const [, , kH, kW] = params.weightShape;
    const blocks: HTMLElement[] = [];
    for (const ch of cell.channels) {
      const kernelTable = gridTable(`kernel${multiChannel ? `, channel ${ch.channel}` : ''}`, kH, kW, { top: 0, bottom: 0, left: 0, right: 0 }, (y, x) => formatValue(params.weight[(ch.channel * kH + y) * kW + x]), { window: new Set() });
      const products = ch.taps.map((t) => product(t.value, t.weight ?? 0)).join(' + ');
      blocks.push(
        el(
          'div',
          { className: 'explain-channel' },
          gridTable(`input${multiChannel ? ` channel ${ch.channel}` : ''} (${GRID}×${GRID}, padding shown dashed)`, GRID, GRID, pad, paddedValues(grid, ch.channel, params.paddingMode), { window: windowKeys(ch.taps) }),
          kernelTable,
          el('p', { className: 'products' }, `${products} = ${formatValue(ch.sum)}`),
        ),
      );
    }
    const total = multiChannel
      ? `${cell.channels.map((c) => formatValue(c.sum)).join(' + ')} + bias ${formatValue(cell.bias)} = ${formatValue(cell.total)}`
      : `output[${cell.outY}, ${cell.outX}] = ${formatValue(cell.total)}`;
    const filled = s.explainer.step % (g.outHeight * g.outWidth);
    const output = gridTable(`output (${g.outHeight}×${g.outWidth})`, g.outHeight, g.outWidth, { top: 0, bottom: 0, left: 0, right: 0 }, (y, x) => (y * g.outWidth + x <= filled ? formatValue(explainConvAt(grid, params, 0, y, x).total) : null), { window: new Set(), current: `${cell.outY},${cell.outX}` });
    position.textContent = `Output cell (${cell.outY}, ${cell.outX}) of ${g.outHeight}×${g.outWidth}; stride ${params.stride.join('×')}, dilation ${params.dilation.join('×')}`;
    body.replaceChildren(el('div', { className: 'explain-row' }, ...blocks, output), el('p', { className: 'total', id: 'explainer-total' }, total));
  }

  function renderPool(s: LabState): void {
    const grid = integerGrid(1, GRID, 7);
    const params = poolParams(s);
    const cell = explainPool(grid, params, 0, s.explainer.step);
    const pad = { top: params.padding[0], bottom: params.padding[0], left: params.padding[1], right: params.padding[1] };
    const values = cell.taps.filter((t) => !t.inPadding).map((t) => formatValue(t.value));
    const formula = params.kind === 'max' ? `max(${values.join(', ')}) = ${formatValue(cell.result)}` : `(${values.join(' + ')}) / ${cell.divisor} = ${formatValue(cell.result)}`;
    const index = cell.outY * cell.outWidth + cell.outX;
    const output = gridTable(`output (${cell.outHeight}×${cell.outWidth})`, cell.outHeight, cell.outWidth, { top: 0, bottom: 0, left: 0, right: 0 }, (y, x) => (y * cell.outWidth + x <= index ? formatValue(explainPool(grid, params, 0, y * cell.outWidth + x).result) : null), { window: new Set(), current: `${cell.outY},${cell.outX}` });
    position.textContent = `Output cell (${cell.outY}, ${cell.outX}) of ${cell.outHeight}×${cell.outWidth}; ${params.kind} pooling ${params.kernel.join('×')}, stride ${params.stride.join('×')}`;
    body.replaceChildren(
      el('div', { className: 'explain-row' }, gridTable(`input (${GRID}×${GRID})`, GRID, GRID, pad, paddedValues(grid, 0, { constant: params.kind === 'max' ? -Infinity : 0 }), { window: windowKeys(cell.taps) }), output),
      el('p', { className: 'total', id: 'explainer-total' }, formula),
    );
  }

  function renderUpsample(s: LabState): void {
    const grid = integerGrid(1, UPSAMPLE_GRID, 5);
    const params = { ...upsampleParams(s), mode: 'nearest' as const, alignCorners: undefined };
    const cell = explainNearest(grid, params, 0, s.explainer.step);
    const index = cell.outY * cell.outWidth + cell.outX;
    const none = { top: 0, bottom: 0, left: 0, right: 0 };
    const output = gridTable(`output (${cell.outHeight}×${cell.outWidth})`, cell.outHeight, cell.outWidth, none, (y, x) => (y * cell.outWidth + x <= index ? formatValue(explainNearest(grid, params, 0, y * cell.outWidth + x).source.value) : null), { window: new Set(), current: `${cell.outY},${cell.outX}` });
    position.textContent = `Output cell (${cell.outY}, ${cell.outX}) copies input (${cell.source.y}, ${cell.source.x}): ⌊${cell.outY} / ${s.upsample.scale}⌋, ⌊${cell.outX} / ${s.upsample.scale}⌋`;
    body.replaceChildren(
      el('div', { className: 'explain-row' }, gridTable(`input (${UPSAMPLE_GRID}×${UPSAMPLE_GRID})`, UPSAMPLE_GRID, UPSAMPLE_GRID, none, paddedValues(grid, 0, { constant: 0 }), { window: windowKeys([cell.source]) }), output),
      el('p', { className: 'total', id: 'explainer-total' }, `output[${cell.outY}, ${cell.outX}] = input[${cell.source.y}, ${cell.source.x}] = ${formatValue(cell.source.value)}${s.upsample.mode === 'bilinear' ? ' (the lab is set to bilinear, which blends the four nearest cells instead)' : ''}`),
    );
  }

  return {
    root,
    sync(s) {
      state = s;
      syncValue(stage, s.explainer.stage);
      multi.checked = s.explainer.multiChannel;
      multiField.hidden = s.explainer.stage !== 'conv';
      try {
        if (s.explainer.stage === 'conv') renderConv(s);
        else if (s.explainer.stage === 'pool') renderPool(s);
        else renderUpsample(s);
      } catch (err) {
        // Settings torch rejects (e.g. a kernel larger than the padded 7×7 grid) get torch's words.
        position.textContent = '';
        body.replaceChildren(el('p', { className: 'error', attrs: { role: 'alert' } }, err instanceof ConvError ? `On the ${GRID}×${GRID} grid: ${err.message}` : String(err)));
      }
    },
  };
}
