/**
 * The torchinfo-style model table as plain strings, and its Markdown and CSV forms. No `vscode`
 * here: the summary panel, "Copy Shape Table" and `convlens summary` all print this one table.
 */
import type { ModuleEntry, SummaryRow } from '../core/api';
import { dimAdd, type Dim } from '../core/dims';
import { formatBytes, formatCount, formatShape } from './shapeText';

export interface TextTable {
  headers: string[];
  /** Columns of counts, aligned right. */
  numericColumns: number[];
  /** `depth` nests a row under the closest shallower row above it. */
  rows: { depth: number; cells: string[] }[];
  totals?: string[];
}

/** Column titles, in the host's language. */
export interface SummaryHeaders {
  layer: string;
  type: string;
  kernel: string;
  stride: string;
  padding: string;
  dilation: string;
  output: string;
  params: string;
  macs: string;
  receptiveField: string;
  memory: string;
  total: string;
}

/** Column titles of the command line, which has no display language of its own. */
export const englishSummaryHeaders: SummaryHeaders = {
  layer: 'Layer',
  type: 'Type',
  kernel: 'Kernel',
  stride: 'Stride',
  padding: 'Padding',
  dilation: 'Dilation',
  output: 'Output shape',
  params: 'Params',
  macs: 'MACs',
  receptiveField: 'Receptive field',
  memory: 'Memory',
  total: 'Total',
};

const tuple = (values: readonly (number | string)[] | undefined) => (values ? values.join('×') : '');

export function summaryTable(module: ModuleEntry, h: SummaryHeaders): TextTable {
  // torchinfo's order: what a layer produces and costs first, its geometry after.
  const rowCells = (r: SummaryRow) => [
    r.path,
    r.type,
    formatShape(r.outputShape),
    formatCount(r.params),
    formatCount(r.macs),
    tuple(r.kernel),
    tuple(r.stride),
    tuple(r.padding),
    tuple(r.dilation),
    tuple(r.receptiveField),
    formatBytes(r.activationBytes),
  ];
  const memory = module.summary.reduce<Dim>((sum, r) => dimAdd(sum, r.activationBytes), 0);
  return {
    headers: [h.layer, h.type, h.output, h.params, h.macs, h.kernel, h.stride, h.padding, h.dilation, h.receptiveField, h.memory],
    numericColumns: [3, 4, 10],
    rows: module.summary.map((r) => ({ depth: r.depth, cells: rowCells(r) })),
    totals: [h.total, module.name, formatShape(module.outputShape), formatCount(module.params), formatCount(module.macs), '', '', '', '', '', formatBytes(memory)],
  };
}

export function tableToMarkdown(table: TextTable): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const indent = (depth: number, text: string) => '\u00a0\u00a0'.repeat(depth) + text;
  return [
    line(table.headers),
    line(table.headers.map((_, c) => (table.numericColumns.includes(c) ? '---:' : '---'))),
    ...table.rows.map((r) => line([indent(r.depth, r.cells[0]), ...r.cells.slice(1)])),
    ...(table.totals ? [line(table.totals.map((c) => (c ? `**${c}**` : '')))] : []),
  ].join('\n');
}

/** RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled. */
export function tableToCsv(table: TextTable): string {
  const field = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const rows = [table.headers, ...table.rows.map((r) => r.cells), ...(table.totals ? [table.totals] : [])];
  return rows.map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}
