/**
 * The graph layout for models that branch and merge (residual shortcuts, Inception branches, U-Net
 * skips): blocks in rows by their longest distance from the input, each placed under the input it
 * continues (the latest one, so a chain stays straight and a shortcut steps aside), neighbours
 * pushed apart, and edges that skip rows bent out to the side instead of crossing the boxes between.
 */
import { type DiagramBlock, describe, shapeLabel } from './blocks';
import { COLORS, element, svgDocument, text, textWidth } from './svg';

const FONT = 12;
const SMALL = 11;
const LINE = 15;
const MARGIN = 24;
const ROW_GAP = 30;
const COLUMN_GAP = 28;
const MERGES = new Set(['+', 'cat', 'add', 'concat', 'stack', '*', 'mul', '-', 'sub']);

interface Box {
  block: DiagramBlock;
  rank: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export function renderGraph(title: string, blocks: readonly DiagramBlock[]): string {
  const rank: number[] = [];
  blocks.forEach((b, i) => (rank[i] = b.inputs.length === 0 ? 0 : 1 + Math.max(...b.inputs.map((j) => rank[j]))));
  const boxes: Box[] = blocks.map((block, i) => {
    const w = Math.max(150, ...block.lines.map((o) => textWidth(o, SMALL)), textWidth(shapeLabel(block.shape), FONT)) + 16;
    return { block, rank: rank[i], x: 0, y: 0, w, h: block.lines.length * LINE + FONT + 16 };
  });
  const rows: number[][] = [];
  boxes.forEach((b, i) => (rows[b.rank] ??= []).push(i));

  let y = MARGIN + 30;
  for (const row of rows) {
    if (!row) continue;
    // Under the latest input; ties keep the order the ops ran in.
    const desired = row.map((i) => {
      const inputs = boxes[i].block.inputs;
      if (inputs.length === 0) return { i, x: 0 };
      const main = inputs.reduce((a, b) => (boxes[b].rank > boxes[a].rank ? b : a));
      return { i, x: boxes[main].x };
    });
    desired.sort((a, b) => a.x - b.x || a.i - b.i);
    let right = -Infinity;
    for (const d of desired) {
      const box = boxes[d.i];
      box.x = Math.max(d.x, right + box.w / 2 + COLUMN_GAP);
      right = box.x + box.w / 2;
    }
    const height = Math.max(...row.map((i) => boxes[i].h));
    for (const i of row) boxes[i].y = y;
    y += height + ROW_GAP;
  }
  const left = Math.min(...boxes.map((b) => b.x - b.w / 2));
  for (const b of boxes) b.x += MARGIN - left + 40;
  const maxRight = Math.max(...boxes.map((b) => b.x + b.w / 2));

  const body: string[] = [text(MARGIN, MARGIN + 4, title, { 'font-size': 15, 'font-weight': 'bold', fill: COLORS.ink })];
  let widest = maxRight;
  for (const b of boxes) {
    b.block.inputs.forEach((j) => {
      const from = boxes[j];
      const x1 = from.x;
      const y1 = from.y + from.h;
      const x2 = b.x;
      const y2 = b.y;
      const span = b.rank - from.rank;
      let d: string;
      const between = boxes.filter((o) => o.rank > from.rank && o.rank < b.rank);
      if (span > 1 && between.every((o) => Math.abs(o.x - x1) > o.w / 2 + 8)) {
        // Its own column is free down to the target's row: straight down, then across.
        d = `M${x1},${y1} L${x1},${y2 - 40} C${x1},${y2 - 20} ${x2},${y2 - 20} ${x2},${y2}`;
      } else if (span > 1) {
        // Out to the right of everything in the rows it passes.
        const side = Math.max(x1, x2, ...between.map((o) => o.x + o.w / 2)) + 18 + 4 * Math.min(span, 10);
        widest = Math.max(widest, side);
        d = `M${x1},${y1} C${x1},${y1 + 24} ${side},${y1 + 24} ${side},${y1 + 40} L${side},${y2 - 40} C${side},${y2 - 24} ${x2},${y2 - 24} ${x2},${y2}`;
      } else {
        const my = (y1 + y2) / 2;
        d = `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
      }
      body.push(element('path', { d, stroke: COLORS.edge, 'stroke-width': 1.2, fill: 'none', 'marker-end': 'url(#arrow)' }));
    });
  }
  for (const b of boxes) {
    const merge = MERGES.has(b.block.first.op);
    const input = b.block.first.kind === 'input';
    const fill = b.block.unknown ? COLORS.unknown : merge ? COLORS.merge : input ? COLORS.vector : COLORS.sheet;
    const stroke = b.block.unknown ? COLORS.unknownStroke : merge ? COLORS.mergeStroke : input ? COLORS.vectorStroke : COLORS.sheetStroke;
    const g: string[] = [
      element('rect', { x: b.x - b.w / 2, y: b.y, width: b.w, height: b.h, rx: merge ? b.h / 2 : 4, fill, stroke, 'stroke-dasharray': b.block.unknown ? '4 3' : undefined }),
    ];
    b.block.lines.forEach((o, j) => g.push(text(b.x, b.y + 16 + j * LINE, o, { 'font-size': SMALL, 'text-anchor': 'middle', fill: j === 0 ? COLORS.ink : COLORS.muted })));
    g.push(text(b.x, b.y + b.h - 8, shapeLabel(b.block.shape), { 'font-size': FONT, 'text-anchor': 'middle', fill: COLORS.ink, 'font-family': 'Menlo, Consolas, monospace' }));
    if (b.block.unknown && b.block.node.unknownReason) g.push(element('title', {}, b.block.node.unknownReason.replace(/[<>&]/g, ' ')));
    body.push(element('g', { class: 'block', 'data-shape': shapeLabel(b.block.shape) }, g.join('')));
  }
  return svgDocument(widest + MARGIN + 10, y - ROW_GAP + MARGIN, title, describe(title, blocks), body);
}
