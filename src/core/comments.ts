/**
 * Shape comments: `# torch.Size([1, 3, 14, 14])`, `# [1, 3, 14, 14]`, `# (1, 3, 14, 14)`,
 * `# -> [B, 3, 14, 14]`, `# shape: ...`, written after a statement or on the comment line directly
 * under `print(x.shape)`. Where one disagrees with the inferred shape the user gets a warning that
 * states the true shape and a fix that rewrites the comment. Names in a comment (`B`, `C`) stand
 * for any size; a dim the analysis does not know never makes a comment wrong.
 */
import type { Diagnostic, Shape } from './api';
import { formatDim, isKnown, type Dim } from './dims';
import type { ParsedFile } from './parse';

interface ShapeComment {
  from: number;
  to: number;
  /** Offsets of the shape text inside the comment (from the `torch.Size(` or bracket). */
  shapeFrom: number;
  shapeTo: number;
  /** Each stated dim: an int, or a name that stands for any size. */
  dims: (number | string)[];
  style: 'torch' | 'list' | 'tuple';
}

/** Names people give dimensions in comments: short symbols (not coordinates x, y, z) and the usual words. */
const DIM_NAME = /^((?![xyzXYZ]$)[A-Za-z]_?\w?|batch|bs|channels?|ch|height|width|depth|seq(_len)?|len(gth)?|time|steps?|features?|feat|dim|hidden|heads?|tokens?|classes|emb(ed)?|groups?)$/i;

const SHAPE_COMMENT = /^#\s*(?:->\s*|shape\s*[:=]?\s*|out(?:put)?\s*[:=]\s*)?(torch\.Size\(\s*\[([^\]]*)\]\s*\)|\[([^\]]*)\]|\(([^)]*)\))/i;

export function parseShapeComment(text: string, from: number): ShapeComment | undefined {
  const m = SHAPE_COMMENT.exec(text);
  if (!m) return undefined;
  const body = m[2] ?? m[3] ?? m[4] ?? '';
  const tokens = body.split(',').map((t) => t.trim());
  if (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop();
  const dims: (number | string)[] = [];
  for (const t of tokens) {
    if (/^\d+$/.test(t)) dims.push(Number(t));
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) dims.push(t);
    else return undefined;
  }
  // A comment of names only (`# (x, y) pair`) may be prose: it counts as a shape when it says so
  // (`torch.Size(...)`, `->`, `shape:`) or its names read as dimensions (`B`, `c`, `batch`).
  const explicit = m[2] !== undefined || /^#\s*(->|shape|out)/i.test(text);
  if (!explicit && !dims.some((d) => typeof d === 'number') && !dims.every((d) => typeof d === 'string' && DIM_NAME.test(d))) return undefined;
  const shapeFrom = from + m.index + m[0].length - m[1].length;
  return { from, to: from + text.length, shapeFrom, shapeTo: shapeFrom + m[1].length, dims, style: m[2] !== undefined ? 'torch' : m[3] !== undefined ? 'list' : 'tuple' };
}

/**
 * Whether a stated shape contradicts an inferred one; undecidable dims never do. A name stands for
 * any size, but for the same size wherever it appears in one comment (`[B, N, N]` is square).
 */
function contradicts(stated: (number | string)[], actual: Dim[]): boolean {
  if (stated.length !== actual.length) return true;
  const named = new Map<string, Dim>();
  return stated.some((d, i) => {
    const a = actual[i];
    if (typeof d === 'number') return isKnown(a) && a !== d;
    const prev = named.get(d);
    named.set(d, a);
    return prev !== undefined && isKnown(prev) && isKnown(a) && prev !== a;
  });
}

function rewrite(c: ShapeComment, actual: Dim[]): string {
  const dims = actual.map((d, i) => (c.dims.length === actual.length && typeof c.dims[i] === 'string' ? (c.dims[i] as string) : formatDim(d, 'python')));
  const inner = dims.join(', ');
  if (c.style === 'torch') return `torch.Size([${inner}])`;
  if (c.style === 'list') return `[${inner}]`;
  return actual.length === 1 ? `(${inner},)` : `(${inner})`;
}

/**
 * Checks every shape comment of a file against the shapes observed on the statement it describes.
 * `observed` maps a statement's first line to its shapes (several when it ran more than once);
 * `printLines` are the lines whose comment may also sit on the next line.
 */
export function checkShapeComments(file: string, parsed: ParsedFile, observed: ReadonlyMap<number, Shape[]>, printLines: ReadonlySet<number>): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A comment can only describe a shape on a statement's own line or on the line under a print:
  // only those lines are searched, not the whole tree.
  const candidates = new Set<number>(observed.keys());
  for (const line of printLines) candidates.add(line + 1);
  const check = (from: number, to: number, line: number) => {
    const comment = parseShapeComment(parsed.text.slice(from, to), from);
    if (!comment) return;
    const before = parsed.lines.lineText(line).slice(0, parsed.lines.columnOf(from) - 1);
    const trailing = before.trim().length > 0;
    const statementLine = trailing ? line : printLines.has(line - 1) ? line - 1 : undefined;
    if (statementLine === undefined) return;
    const shapes = observed.get(statementLine);
    if (!shapes || shapes.length === 0) return;
    const known = shapes.filter((s): s is Dim[] => s !== null);
    if (known.length !== shapes.length || !known.every((s) => contradicts(comment.dims, s))) return;
    const actual = known[known.length - 1];
    const truth = `torch.Size([${actual.map((d) => formatDim(d, 'python')).join(', ')}])`;
    out.push({
      range: parsed.lines.range(comment.from, comment.to),
      severity: 'warning',
      code: 'shape-comment',
      message: `Shape comment says ${parsed.text.slice(comment.shapeFrom, comment.shapeTo)}, but the shape here is ${truth}`,
      related: [],
      fixes: [
        {
          title: `Correct the comment to ${rewrite(comment, actual)}`,
          edits: [{ file, range: parsed.lines.range(comment.shapeFrom, comment.shapeTo), newText: rewrite(comment, actual) }],
          preferred: true,
        },
      ],
    });
  };
  for (const line of [...candidates].sort((a, b) => a - b)) {
    if (line > parsed.lines.lineCount) continue;
    const start = parsed.lines.lineStart(line);
    const end = start + parsed.lines.lineText(line).length;
    // A comment runs to the end of its line: the node ending there is the line's comment, if any.
    const node = parsed.tree.resolveInner(end, -1);
    if (node.name === 'Comment' && node.from >= start) check(node.from, node.to, line);
  }
  return out;
}
