/**
 * Entry point of the extension (Node and web). Each feature lives in its own file and registers
 * itself here; none of them analyses code: they render what `src/core` computes.
 */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  // Feature registrations, one line each (keep this list sorted by feature file name).
  void context;
}

export function deactivate(): void {}
