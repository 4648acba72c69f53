/**
 * The classic LeNet figure for a straight model: each tensor a stack of feature-map sheets whose
 * size follows H and W and whose depth follows C, a flat vector as a bar, the ops that produced it
 * above and its shape below; a windowed layer's kernel drawn as a square on the map it reads, with
 * lines to the point of the next map it produces.
 */
import type { Dim } from '../dims';
import { type DiagramBlock, describe, shapeLabel } from './blocks';
import { COLORS, element, svgDocument, text, textWidth } from './svg';

const DEPTH_STEP = 6;
const FONT = 12;
const SMALL = 11;
const MARGIN = 24;
const GAP = 56;

interface Placed {
  block: DiagramBlock;
  x: number;
  width: number;
  /** The front sheet (or the bar): where kernels land. */
  front: { x: number; y: number; w: number; h: number };
  sheets: number;
  kind: 'map' | 'vector' | 'unknown';
  labelWidth: number;
}

function known(d: Dim | undefined): number | undefined {
  return typeof d === 'number' && d > 0 ? d : undefined;
}

/** Side length in pixels for a spatial size: logarithmic, so 224 and 7 both fit on one page. */
function mapSide(n: number): number {
  return Math.min(170, Math.max(14, 14 + 20 * Math.log2(n)));
}

function barHeight(n: number): number {
  return Math.min(210, Math.max(20, 20 + 15 * Math.log2(n)));
}

/** Sheets drawn for C channels: one per doubling, so 1, 6, 64 and 512 read as more and more. */
function sheetCount(c: number): number {
  return Math.min(8, Math.max(1, Math.ceil(Math.log2(c + 1))));
}

function measure(block: DiagramBlock): Omit<Placed, 'x'> {
  const shape = block.shape;
  const labelWidth = Math.max(...block.lines.map((o) => textWidth(o, SMALL)), textWidth(shapeLabel(shape), FONT));
  const rank = shape?.length ?? 0;
  const h = shape ? known(shape[rank - 2]) : undefined;
  const w = shape ? known(shape[rank - 1]) : undefined;
  const c = shape && rank >= 3 ? known(shape[rank - 3]) : rank === 2 ? 1 : undefined;
  if (!block.unknown && rank >= 3 && h && w && c) {
    const sheets = sheetCount(c);
    const front = { x: 0, y: 0, w: mapSide(w), h: mapSide(h) };
    return { block, width: front.w + (sheets - 1) * DEPTH_STEP, front, sheets, kind: 'map', labelWidth };
  }
  const features = shape ? known(shape[rank - 1]) : undefined;
  if (!block.unknown && rank >= 1 && rank <= 2 && features) {
    return { block, width: 14, front: { x: 0, y: 0, w: 14, h: barHeight(features) }, sheets: 1, kind: 'vector', labelWidth };
  }
  return { block, width: 60, front: { x: 0, y: 0, w: 60, h: 60 }, sheets: 1, kind: 'unknown', labelWidth };
}

function kernelOf(block: DiagramBlock): number[] | undefined {
  const k = block.first.config?.kernel_size;
  if (typeof k === 'number') return [k, k];
  return Array.isArray(k) && k.length >= 2 && k.every((x) => typeof x === 'number') ? (k as number[]).slice(-2) : undefined;
}

export function renderChain(title: string, blocks: readonly DiagramBlock[]): string {
  const measured = blocks.map(measure);
  const tallest = Math.max(...measured.map((m) => m.front.h + (m.sheets - 1) * DEPTH_STEP));
  const maxOps = Math.max(...blocks.map((b) => b.lines.length));
  const top = MARGIN + 22 + maxOps * (SMALL + 3);
  const mid = top + tallest / 2;
  const placed: Placed[] = [];
  let x = MARGIN;
  for (const m of measured) {
    const column = Math.max(m.width, m.labelWidth);
    const left = x + (column - m.width) / 2;
    const frontY = mid - (m.front.h + (m.sheets - 1) * DEPTH_STEP) / 2;
    placed.push({ ...m, x: left, front: { ...m.front, x: left, y: frontY } });
    x += column + GAP;
  }
  const width = x - GAP + MARGIN;
  const height = top + tallest + 2 * (FONT + 6) + MARGIN;
  const body: string[] = [text(MARGIN, MARGIN + 4, title, { 'font-size': 15, 'font-weight': 'bold', fill: COLORS.ink })];

  placed.forEach((p, i) => {
    const cx = p.x + p.width / 2;
    const g: string[] = [];
    if (p.kind === 'map') {
      for (let k = p.sheets - 1; k >= 0; k--) {
        g.push(element('rect', { x: p.front.x + k * DEPTH_STEP, y: p.front.y + k * DEPTH_STEP, width: p.front.w, height: p.front.h, fill: COLORS.sheet, stroke: COLORS.sheetStroke, 'stroke-width': 1 }));
      }
    } else if (p.kind === 'vector') {
      g.push(element('rect', { x: p.front.x, y: p.front.y, width: p.front.w, height: p.front.h, fill: COLORS.vector, stroke: COLORS.vectorStroke }));
    } else {
      g.push(element('rect', { x: p.front.x, y: p.front.y, width: p.front.w, height: p.front.h, fill: COLORS.unknown, stroke: COLORS.unknownStroke, 'stroke-dasharray': '4 3' }));
      g.push(text(cx, p.front.y + p.front.h / 2 + 6, '?', { 'font-size': 18, 'text-anchor': 'middle', fill: COLORS.muted }));
    }
    const opsTop = top - 8 - (p.block.lines.length - 1) * (SMALL + 3);
    p.block.lines.forEach((o, j) => g.push(text(cx, opsTop + j * (SMALL + 3), o, { 'font-size': SMALL, 'text-anchor': 'middle', fill: j === 0 ? COLORS.ink : COLORS.muted })));
    g.push(text(cx, top + tallest + FONT + 8, shapeLabel(p.block.shape), { 'font-size': FONT, 'text-anchor': 'middle', fill: COLORS.ink, 'font-family': 'Menlo, Consolas, monospace' }));
    if (p.block.unknown && p.block.node.unknownReason) g.push(element('title', {}, p.block.node.unknownReason.replace(/[<>&]/g, ' ')));
    body.push(element('g', { class: 'block', 'data-shape': shapeLabel(p.block.shape) }, g.join('')));

    const prev = placed[i - 1];
    if (!prev) return;
    const kernel = kernelOf(p.block);
    const prevShape = prev.block.shape;
    const ph = prevShape ? known(prevShape[prevShape.length - 2]) : undefined;
    const pw = prevShape ? known(prevShape[prevShape.length - 1]) : undefined;
    const backX = prev.front.x + (prev.sheets - 1) * DEPTH_STEP;
    const backY = prev.front.y + (prev.sheets - 1) * DEPTH_STEP;
    if (kernel && prev.kind === 'map' && p.kind === 'map' && ph && pw) {
      // The window on the sheet in front, and the lines to the output point it produces.
      const kw = Math.min(prev.front.w * 0.7, Math.max(4, (kernel[1] / pw) * prev.front.w));
      const kh = Math.min(prev.front.h * 0.7, Math.max(4, (kernel[0] / ph) * prev.front.h));
      const kx = backX + prev.front.w * 0.62 - kw / 2;
      const ky = backY + prev.front.h * 0.55 - kh / 2;
      const tx = p.front.x + p.front.w * 0.45;
      const ty = p.front.y + p.front.h * 0.5;
      body.push(
        element('g', { class: 'kernel' }, [
          element('rect', { x: kx, y: ky, width: kw, height: kh, fill: 'none', stroke: COLORS.kernel, 'stroke-width': 1.5 }),
          element('path', { d: `M${kx + kw},${ky} L${tx},${ty} M${kx + kw},${ky + kh} L${tx},${ty}`, stroke: COLORS.kernel, 'stroke-width': 1, fill: 'none' }),
          element('circle', { cx: tx, cy: ty, r: 2, fill: COLORS.kernel }),
        ].join('')),
      );
    } else {
      const x1 = backX + prev.front.w + 4;
      const x2 = p.front.x - 4;
      if (x2 > x1) body.push(element('path', { d: `M${x1},${mid} L${x2},${mid}`, stroke: COLORS.edge, 'stroke-width': 1.2, fill: 'none', 'marker-end': 'url(#arrow)' }));
    }
  });
  return svgDocument(width, height, title, describe(title, blocks), body);
}
