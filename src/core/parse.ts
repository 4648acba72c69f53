/**
 * Parsing Python with @lezer/python.
 *
 * Chosen over web-tree-sitter + tree-sitter-python: lezer is pure JavaScript (no wasm file to
 * locate and load, which matters in VS Code for the Web and in the CLI bundle), it reparses
 * incrementally from `TreeFragment`s after an edit, and it is error-tolerant: a half-typed line
 * becomes an error node (`⚠`) inside an otherwise normal tree, so everything around it still
 * evaluates. `npm run bench` reports the parse time that is the floor for the whole analysis.
 */
import { parser } from '@lezer/python';
import { TreeFragment, type ChangedRange, type SyntaxNode, type Tree } from '@lezer/common';
import type { SourceRange } from './api';

/** Maps offsets to 1-based lines and columns (UTF-16 code units, as VS Code counts them). */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  columnOf(offset: number): number {
    return offset - this.starts[this.lineOf(offset) - 1] + 1;
  }

  range(from: number, to: number): SourceRange {
    const line = this.lineOf(from);
    // Most ranges end on the line they start on: one search then.
    const endLine = to < (this.starts[line] ?? Infinity) ? line : this.lineOf(to);
    return { line, column: from - this.starts[line - 1] + 1, endLine, endColumn: to - this.starts[endLine - 1] + 1 };
  }

  /** Offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
  }

  lineText(line: number): string {
    if (line < 1 || line > this.starts.length) return '';
    const start = this.starts[line - 1];
    const end = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** A parsed file: its text, tree and line map. */
export interface ParsedFile {
  text: string;
  tree: Tree;
  lines: LineMap;
}

export function parsePython(text: string): ParsedFile {
  return { text, tree: parser.parse(text), lines: new LineMap(text) };
}

/** One text replacement, in offsets of the text before the edit. */
export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** Reparses after edits, reusing the unchanged parts of the previous tree. */
export function reparsePython(previous: ParsedFile, changes: readonly TextChange[]): ParsedFile {
  let text = previous.text;
  // Apply from the end so earlier offsets stay valid; `applyChanges` wants ranges in document order.
  const sorted = [...changes].sort((a, b) => a.from - b.from);
  for (let i = sorted.length - 1; i >= 0; i--) text = text.slice(0, sorted[i].from) + sorted[i].insert + text.slice(sorted[i].to);
  let shift = 0;
  const ranges: ChangedRange[] = sorted.map((c) => {
    const r = { fromA: c.from, toA: c.to, fromB: c.from + shift, toB: c.from + shift + c.insert.length };
    shift += c.insert.length - (c.to - c.from);
    return r;
  });
  const fragments = TreeFragment.applyChanges(TreeFragment.addTree(previous.tree), ranges);
  return { text, tree: parser.parse(text, fragments), lines: new LineMap(text) };
}

export function nodeText(file: ParsedFile, node: SyntaxNode): string {
  return file.text.slice(node.from, node.to);
}

/**
 * Children of a node without comments (which may sit anywhere, even between call arguments);
 * error nodes are included and callers skip what they do not understand.
 */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** True for punctuation and keyword tokens that carry no value of their own. */
export function isPunctuation(node: SyntaxNode): boolean {
  const n = node.name;
  return n === '(' || n === ')' || n === '[' || n === ']' || n === '{' || n === '}' || n === ',' || n === ':' || n === '.';
}
