import type { AnalysisResult, AnalyzeOptions } from './api';

/** Analyses one Python source file. Never throws; bounded by `options.timeBudgetMs`. */
export function analyze(source: string, options: AnalyzeOptions): AnalysisResult {
  void source;
  return { file: options.file, shapes: [], diagnostics: [], modules: [], hovers: [], layerSites: [], stats: { millis: 0, truncated: false } };
}
