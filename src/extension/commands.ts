/**
 * The palette commands under "ConvLens": Show Model Summary, Set Input Shape…, Toggle Inlay Hints,
 * Open Kernel Lab, Preview Layer in Kernel Lab, Copy Shape Table.
 */
import * as vscode from 'vscode';
import type { LayerPreview } from '../core/api';
import { isAnalysable, type AnalysisService, type DocumentAnalysis } from './analysisService';
import {
  COPY_SHAPE_TABLE_COMMAND,
  OPEN_KERNEL_LAB_COMMAND,
  PREVIEW_LAYER_COMMAND,
  SET_INPUT_SHAPE_COMMAND,
  SHOW_MODEL_SUMMARY_COMMAND,
  TOGGLE_INLAY_HINTS_COMMAND,
} from './commandIds';
import { inputDeclaration, parseInputShape } from './inputShape';
import { openKernelLab } from './kernelLab';
import { syncPreview } from './previewSync';
import { SummaryPanel } from './summaryPanel';
import { tableToMarkdown } from '../present/summaryTable';
import { formatShape } from '../present/shapeText';

export function registerCommands(context: vscode.ExtensionContext, service: AnalysisService): void {
  const register = (id: string, run: (...args: never[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          return await run(...args);
        } catch (error) {
          service.log.error(`Command ${id} failed`, error instanceof Error ? error : String(error));
          void vscode.window.showErrorMessage(vscode.l10n.t('ConvLens: {0}', error instanceof Error ? error.message : String(error)));
          return undefined;
        }
      }),
    );

  register(SHOW_MODEL_SUMMARY_COMMAND, async (uri?: vscode.Uri, moduleName?: string) => {
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document || !isAnalysable(document)) return noPythonEditor();
    const position = editor?.document === document ? editor.selection.active : undefined;
    return SummaryPanel.show(context, service, document, typeof moduleName === 'string' ? moduleName : undefined, position);
  });

  register(SET_INPUT_SHAPE_COMMAND, async (text?: string) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isAnalysable(editor.document)) return noPythonEditor();
    const shape =
      typeof text === 'string'
        ? parseInputShape(text)
        : parseInputShape(
            (await vscode.window.showInputBox({
              title: vscode.l10n.t('ConvLens: Set Input Shape'),
              prompt: vscode.l10n.t('The shape of the tensor the model receives, e.g. 1,3,224,224 or B,3,H,W'),
              placeHolder: '1, 3, 224, 224',
              value: vscode.workspace.getConfiguration('convlens').get<string>('defaultInputShape', ''),
              validateInput: (value) => (parseInputShape(value) ? undefined : vscode.l10n.t('Write sizes or names separated by commas, e.g. 1,3,224,224 or B,3,H,W')),
            })) ?? '',
          );
    if (!shape) return false;
    const analysis = await service.analysisFor(editor.document);
    return editor.edit((builder) => writeDeclaration(builder, editor, analysis, inputDeclaration(shape)));
  });

  register(TOGGLE_INLAY_HINTS_COMMAND, async () => {
    const settings = vscode.workspace.getConfiguration('convlens.inlayHints');
    const enabled = !settings.get<boolean>('enabled', true);
    await settings.update('enabled', enabled, vscode.ConfigurationTarget.Global);
    return enabled;
  });

  register(OPEN_KERNEL_LAB_COMMAND, () => Boolean(openKernelLab(context)));

  register(PREVIEW_LAYER_COMMAND, async (preview?: LayerPreview) => {
    if (isLayerPreview(preview)) return Boolean(openKernelLab(context, preview));
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && (await service.analysisFor(editor.document));
    const site = analysis && analysis.innermostAt(analysis.result.layerSites, editor.selection.active);
    if (!site) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Put the cursor on a convolution, pooling, upsampling or activation layer to preview it.'));
      return false;
    }
    const lab = openKernelLab(context, site.preview);
    const start = analysis.rangeIn(site.range)?.start;
    if (start) syncPreview(service, editor.document, site, start, lab);
    return true;
  });

  register(COPY_SHAPE_TABLE_COMMAND, async () => {
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && (await service.analysisFor(editor.document));
    if (!analysis) return noPythonEditor();
    const markdown = shapeTableMarkdown(analysis);
    await vscode.env.clipboard.writeText(markdown);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} shapes as a Markdown table', analysis.result.shapes.length), 3000);
    return markdown;
  });
}

function noPythonEditor(): false {
  void vscode.window.showInformationMessage(vscode.l10n.t('Open a Python file or notebook cell first.'));
  return false;
}

/** Hover links pass their arguments as JSON; accept only something shaped like a preview. */
function isLayerPreview(value: unknown): value is LayerPreview {
  if (typeof value !== 'object' || value === null) return false;
  const { op, config } = value as { op?: unknown; config?: unknown };
  return typeof op === 'string' && typeof config === 'object' && config !== null;
}

/** Where an existing declaration starts on a line, as the analysis reads it (src/core/declarations.ts). */
const DECLARATION = /#\s*convlens:\s*input\b.*$/;

/**
 * The analysis reads the declaration as a trailing comment of a class, def or assignment line. It
 * goes on the closest such line at or above the cursor among the ones the analysis names: each
 * model's line, and each place it asked for a declaration (an `unknown-input` fix, for a model
 * nothing calls). Without any, on the cursor's line. A declaration already there is replaced.
 */
function writeDeclaration(builder: vscode.TextEditorEdit, editor: vscode.TextEditor, analysis: DocumentAnalysis | undefined, declaration: string): void {
  const cursor = editor.selection.active.line;
  const targets = analysis ? declarationLines(analysis) : [];
  const target = Math.max(-1, ...targets.filter((l) => l <= cursor));
  const line = editor.document.lineAt(target >= 0 ? target : targets.length > 0 ? Math.min(...targets) : cursor);
  const existing = DECLARATION.exec(line.text);
  if (existing) {
    builder.replace(new vscode.Range(line.lineNumber, existing.index, line.lineNumber, line.text.length), declaration);
  } else {
    const end = line.text.trimEnd().length;
    builder.replace(new vscode.Range(line.lineNumber, end, line.lineNumber, line.text.length), end === 0 ? declaration : `  ${declaration}`);
  }
}

function declarationLines(analysis: DocumentAnalysis): number[] {
  const models = analysis.result.modules.map((m) => analysis.rangeIn(m.range)?.start.line);
  const asked = analysis.result.diagnostics
    .filter((d) => d.code === 'unknown-input')
    .flatMap((d) => d.fixes.flatMap((f) => f.edits))
    .filter((e) => DECLARATION.test(e.newText))
    .map((e) => analysis.location(e.file, e.range))
    .map((where) => (where?.uri.toString() === analysis.document.uri.toString() ? where.range.start.line : undefined));
  return [...models, ...asked].filter((line): line is number => line !== undefined);
}

function shapeTableMarkdown(analysis: DocumentAnalysis): string {
  const rows = analysis.result.shapes.flatMap((s) => {
    const range = analysis.rangeIn(s.range);
    return range ? [{ depth: 0, cells: [String(range.start.line + 1), s.name, s.scope, s.shape ? formatShape(s.shape) : vscode.l10n.t('unknown')] }] : [];
  });
  return tableToMarkdown({ headers: [vscode.l10n.t('Line'), vscode.l10n.t('Name'), vscode.l10n.t('Scope'), vscode.l10n.t('Shape')], numericColumns: [], rows });
}
