/**
 * Edits of a layer call's arguments, for the Kernel Lab's "Apply to code": each hyperparameter the
 * lab changed replaces exactly the argument that gives it (positional or keyword), or is appended
 * as a keyword when the call leaves it at torch's default. Nothing else of the call is touched.
 */
import type { SyntaxNode } from '@lezer/common';
import type { PreviewValue, SourceRange, TextEdit } from './api';
import { children, parsePython } from './parse';
import { findLayerDef } from './registry';

/** A value as Python source: `2`, `(2, 3)`, `'same'`, `True`; a uniform tuple as its one number, as people write it. */
export function pythonLiteral(v: PreviewValue): string | undefined {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v.length === 0) return undefined;
  return v.every((x) => x === v[0]) ? String(v[0]) : `(${v.join(', ')})`;
}

function sameValue(a: PreviewValue | undefined, b: PreviewValue | undefined): boolean {
  return pythonLiteral(a ?? null) === pythonLiteral(b ?? null);
}

/** The call node whose range starts where `range` does. */
function callAt(node: SyntaxNode, from: number, to: number): SyntaxNode | undefined {
  const cursor = node.cursor();
  do {
    if (cursor.name === 'CallExpression' && cursor.from === from && cursor.to === to) return cursor.node;
  } while (cursor.next());
  return undefined;
}

/** A call's arguments: positional value nodes in order, keyword value nodes by name, and whether it unpacks `*`/`**`. */
function argumentsOf(argList: SyntaxNode, source: string): { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode>; unpacks: boolean } {
  const items: SyntaxNode[][] = [[]];
  for (const c of children(argList)) {
    if (c.name === '(' || c.name === ')') continue;
    if (c.name === ',') items.push([]);
    else items[items.length - 1].push(c);
  }
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  let unpacks = false;
  for (const item of items) {
    if (item.length === 1) positional.push(item[0]);
    else if (item.length === 3 && item[1].name === 'AssignOp') keywords.set(source.slice(item[0].from, item[0].to), item[2]);
    else if (item.length > 0) unpacks = true;
  }
  return { positional, keywords, unpacks };
}

/**
 * The edits that make the call at `callRange` in `source` give `wanted` for each hyperparameter that
 * differs from `current` (what the code gives now). `op` is torch's class name; the constructor's
 * signature says which positional argument is which. Returns [] when the call is not found, uses
 * `*args`/`**kwargs`, or nothing changed.
 */
export function callArgumentEdits(
  file: string,
  source: string,
  callRange: SourceRange,
  op: string,
  current: Record<string, PreviewValue>,
  wanted: Record<string, PreviewValue>,
): TextEdit[] {
  const def = findLayerDef(op);
  if (!def) return [];
  const parsed = parsePython(source);
  const lines = parsed.lines;
  const from = lines.lineStart(callRange.line) + callRange.column - 1;
  const to = lines.lineStart(callRange.endLine) + callRange.endColumn - 1;
  const call = callAt(parsed.tree.topNode, from, to);
  const argList = call?.getChild('ArgList');
  if (!argList) return [];
  const { positional, keywords, unpacks } = argumentsOf(argList, source);
  if (unpacks) return [];
  const names = def.params.map((p) => p.name);
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (!names.includes(name) || sameValue(value, current[name])) continue;
    const text = pythonLiteral(value);
    if (text === undefined) continue;
    const index = names.indexOf(name);
    const node = keywords.get(name) ?? positional[index];
    if (node) edits.push({ file, range: lines.range(node.from, node.to), newText: text });
    else appended.push(`${name}=${text}`);
  }
  if (appended.length > 0) {
    const close = argList.lastChild?.name === ')' ? argList.lastChild : undefined;
    if (!close) return edits;
    const empty = positional.length === 0 && keywords.size === 0;
    edits.push({ file, range: lines.range(close.from, close.from), newText: `${empty ? '' : ', '}${appended.join(', ')}` });
  }
  return edits;
}
