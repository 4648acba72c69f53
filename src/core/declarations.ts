/**
 * Input-shape declarations written by the user: `# convlens: input (B, 3, 224, 224)` on a class,
 * def or assignment line (several tensors: `(B, 3, 32, 32), (B, 10)`), and jaxtyping annotations
 * such as `Float[Tensor, "batch 3 224 224"]`. Comments are not Python syntax, so reading their
 * text directly is fine; Python itself is only ever read through the syntax tree.
 */
import { sym, type Dim } from './dims';
import type { ParsedFile } from './parse';

const DECLARATION = /#\s*convlens:\s*input\s*(.*)$/;

/** Parses one dim as written: an integer or a name. */
export function parseDimToken(token: string): Dim | undefined {
  const t = token.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) return sym(t);
  return undefined;
}

/** `(B, 3, 224, 224), (B, 10)` or `B,3,224,224` → shapes; undefined when it is not one. */
export function parseShapeList(text: string): Dim[][] | undefined {
  const groups = text.match(/[([][^()[\]]*[)\]]/g);
  const bodies = groups ? groups.map((g) => g.slice(1, -1)) : [text];
  const shapes: Dim[][] = [];
  for (const body of bodies) {
    const tokens = body.split(/[,\s×x]+/).filter((t) => t.length > 0);
    if (tokens.length === 0) return undefined;
    const dims = tokens.map(parseDimToken);
    if (dims.some((d) => d === undefined)) return undefined;
    shapes.push(dims as Dim[]);
  }
  return shapes.length > 0 ? shapes : undefined;
}

/** The shapes a `# convlens: input` comment in this line's text declares. */
export function declaredInputs(lineText: string): Dim[][] | undefined {
  const m = DECLARATION.exec(lineText);
  return m ? parseShapeList(m[1]) : undefined;
}

const mentioningLines = new WeakMap<ParsedFile, Set<number>>();

/** The shapes a `# convlens: input` comment on a line of a file declares (most lines have none: found once per file). */
export function declaredInputsOn(parsed: ParsedFile, line: number): Dim[][] | undefined {
  let lines = mentioningLines.get(parsed);
  if (!lines) {
    lines = new Set();
    for (let at = parsed.text.indexOf('convlens'); at >= 0; at = parsed.text.indexOf('convlens', at + 1)) lines.add(parsed.lines.lineOf(at));
    mentioningLines.set(parsed, lines);
  }
  return lines.has(line) ? declaredInputs(parsed.lines.lineText(line)) : undefined;
}

/** The dims of a jaxtyping shape string (`"batch 3 224 224"`); undefined for variadic forms. */
export function jaxtypingDims(spec: string): Dim[] | undefined {
  const tokens = spec.trim().split(/\s+/).filter((t) => t.length > 0);
  if (tokens.some((t) => t.startsWith('*') || t === '...' || t.startsWith('#'))) return undefined;
  const dims = tokens.map((t) => parseDimToken(t.replace(/^_/, '')));
  return dims.every((d) => d !== undefined) ? (dims as Dim[]) : undefined;
}
