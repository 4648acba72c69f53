/**
 * Notebooks: the Python code cells of a notebook are one program, run in execution order, so a
 * tensor defined in cell 1 flows into cell 3. This file decides which cells form that program and in
 * which order; the analysis service analyses the concatenation and maps results back to cells.
 */
import * as vscode from 'vscode';

/** One cell's (or one file's) slice of an analysed program. */
export interface ProgramPart {
  document: vscode.TextDocument;
  /** 0-based line of the part's first line in the concatenated source. */
  firstLine: number;
  lineCount: number;
}

export interface Program {
  /** The URI string of the file or notebook. */
  key: string;
  /** The path the core sees; relative imports resolve against it. */
  file: string;
  /** The document or notebook URI, whose scheme and authority imported paths share. */
  uri: vscode.Uri;
  source: string;
  parts: ProgramPart[];
  /** Changes whenever any part's text or the cell order changes. */
  version: string;
}

export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  const key = document.uri.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((cell) => cell.document.uri.toString() === key));
}

function isPythonCode(cell: vscode.NotebookCell): boolean {
  return cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === 'python';
}

/**
 * Cells that ran keep their execution order among the slots that executed cells occupy; cells that
 * never ran stay where they are. With nothing run yet that is document order, which is what "Run All"
 * does; after out-of-order runs it follows what the kernel actually saw.
 */
export function cellsInExecutionOrder(cells: readonly vscode.NotebookCell[]): vscode.NotebookCell[] {
  const executed = cells.filter((c) => c.executionSummary?.executionOrder !== undefined);
  const byOrder = [...executed].sort((a, b) => a.executionSummary!.executionOrder! - b.executionSummary!.executionOrder!);
  let next = 0;
  return cells.map((c) => (c.executionSummary?.executionOrder !== undefined ? byOrder[next++] : c));
}

/**
 * IPython lines (`%matplotlib inline`, `!pip install …`) are not Python; commenting them out keeps
 * every line and column where it was, so positions map back to the cell unchanged.
 */
export function withoutIPythonMagics(text: string): string {
  return text.replace(/^([ \t]*)[%!]/gm, '$1#');
}

export function notebookProgram(notebook: vscode.NotebookDocument): Program {
  const cells = cellsInExecutionOrder(notebook.getCells().filter(isPythonCode));
  const parts: ProgramPart[] = [];
  const texts: string[] = [];
  let firstLine = 0;
  for (const cell of cells) {
    const doc = cell.document;
    parts.push({ document: doc, firstLine, lineCount: doc.lineCount });
    texts.push(withoutIPythonMagics(doc.getText()));
    firstLine += doc.lineCount;
  }
  return {
    key: notebook.uri.toString(),
    file: notebook.uri.path,
    uri: notebook.uri,
    // Each cell starts on a fresh line: its first line follows the previous cell's last one.
    source: texts.join('\n'),
    parts,
    version: parts.map((p) => `${p.document.uri.fragment}@${p.document.version}`).join(','),
  };
}
