/**
 * Messages between the model summary panel and the extension. The extension trusts nothing the
 * webview sends: `parseSummaryMessage` admits only these shapes.
 */
import type { TextTable } from '../../src/present/summaryTable';

export interface SummaryLabels {
  copyMarkdown: string;
  exportCsv: string;
  expandAll: string;
  collapseAll: string;
  noLayers: string;
  reveal: string;
}

export interface ShowSummary {
  type: 'show';
  title: string;
  headline: string;
  table: TextTable;
  labels: SummaryLabels;
}

export type SummaryMessage = { type: 'ready' } | { type: 'copyMarkdown' } | { type: 'exportCsv' } | { type: 'reveal'; row: number };

export function parseSummaryMessage(value: unknown): SummaryMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, row } = value as { type?: unknown; row?: unknown };
  if (type === 'ready' || type === 'copyMarkdown' || type === 'exportCsv') return { type };
  if (type === 'reveal' && typeof row === 'number' && Number.isInteger(row) && row >= 0) return { type, row };
  return undefined;
}
