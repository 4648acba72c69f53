/**
 * Quick fixes: each fix the core attaches to a diagnostic (set in_channels, set in_features, correct
 * a shape comment, insert the missing flatten, declare an input shape) becomes a code action whose
 * workspace edit VS Code can preview before applying.
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export function registerCodeActions(context: vscode.ExtensionContext, service: AnalysisService): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      { language: 'python' },
      {
        provideCodeActions(document, _range, actionContext) {
          return service.safely('Quick fixes', async () => {
            const ours = actionContext.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
            if (ours.length === 0) return [];
            const analysis = await service.analysisFor(document);
            if (!analysis) return [];
            const actions: vscode.CodeAction[] = [];
            for (const shown of ours) {
              const code = typeof shown.code === 'object' ? shown.code.value : shown.code;
              const source = analysis.result.diagnostics.find((d) => d.code === code && analysis.rangeIn(d.range)?.isEqual(shown.range));
              for (const fix of source?.fixes ?? []) {
                const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
                action.diagnostics = [shown];
                action.edit = analysis.workspaceEdit(fix.edits);
                action.isPreferred = fix.preferred === true;
                actions.push(action);
              }
            }
            return actions;
          });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}
