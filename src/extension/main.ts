/**
 * Entry point of the extension (Node and web). Each feature lives in its own file and registers
 * itself here; none of them analyses code: they render what `src/core` computes.
 */
import * as vscode from 'vscode';
import { AnalysisService } from './analysisService';
import { registerCodeActions } from './codeActions';
import { registerCodeLens } from './codeLens';
import { registerCommands } from './commands';
import { registerDiagnostics } from './diagnostics';
import { registerDiagram } from './diagram';
import { registerHover } from './hover';
import { registerInlayHints } from './inlayHints';
import { registerKernelLab } from './kernelLab';
import { registerModelWalk } from './modelWalk';
import { registerPreviewLens } from './previewLens';
import { registerPreviewSync } from './previewSync';
import { registerStatusBar } from './statusBar';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ConvLens', { log: true });
  const service = new AnalysisService(log);
  context.subscriptions.push(log, service);
  // Feature registrations, one line each (keep this list sorted by feature file name).
  registerCodeActions(context, service);
  registerCodeLens(context, service);
  registerCommands(context, service);
  registerDiagnostics(context, service);
  registerDiagram(context, service);
  registerHover(context, service);
  registerInlayHints(context, service);
  registerKernelLab(context);
  registerModelWalk(context, service);
  registerPreviewLens(context);
  registerPreviewSync(context);
  registerStatusBar(context, service);
  // Listeners are in place: analyse what was open before activation.
  service.analyseOpenDocuments();
}

export function deactivate(): void {}
