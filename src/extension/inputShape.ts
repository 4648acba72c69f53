/**
 * The input shapes a user types: `1,3,224,224`, `B, 3, H, W`, `[1, 3, 32, 32]` or `(1, 3, 32, 32)`.
 * Used by the default-input-shape setting and by "Set Input Shape…"; no `vscode` here.
 */

export type InputShape = (number | string)[];

const DIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIM_SIZE = /^\d+$/;

/** The parsed dims, or undefined when the text is not a shape. */
export function parseInputShape(text: string): InputShape | undefined {
  let body = text.trim();
  if ((body.startsWith('[') && body.endsWith(']')) || (body.startsWith('(') && body.endsWith(')'))) body = body.slice(1, -1);
  const parts = body.split(',').map((p) => p.trim());
  // A trailing comma is fine in Python (`(1, 3, 224, 224,)`); an empty dim elsewhere is not.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.some((p) => p === '')) return undefined;
  const dims: InputShape = [];
  for (const part of parts) {
    if (DIM_SIZE.test(part)) {
      const size = Number(part);
      if (size < 1 || !Number.isSafeInteger(size)) return undefined;
      dims.push(size);
    } else if (DIM_NAME.test(part)) {
      dims.push(part);
    } else {
      return undefined;
    }
  }
  return dims;
}

/** The declaration comment the analysis reads (as a trailing comment of a class, def or assignment line). */
export function inputDeclaration(shape: InputShape): string {
  return `# convlens: input (${shape.join(', ')})`;
}
