/**
 * Jupyter notebooks for the CLI: the code cells, in order, analysed as one program (so a shape
 * defined in cell 1 flows into cell 3), with program lines mapped back to (cell, line in cell).
 * IPython magics and shell escapes (`%matplotlib`, `!pip`) become comments so line numbers hold.
 */
export interface NotebookProgram {
  source: string;
  /** The cell (its index in the notebook's `cells`) and 1-based line inside it of a program line. */
  locate(line: number): { cell: number; line: number };
}

interface RawNotebook {
  cells?: { cell_type?: string; source?: string | string[] }[];
}

export function notebookProgram(json: string): NotebookProgram {
  let nb: RawNotebook;
  try {
    nb = JSON.parse(json) as RawNotebook;
  } catch {
    nb = {};
  }
  const starts: { cell: number; firstLine: number }[] = [];
  const parts: string[] = [];
  let line = 1;
  (nb.cells ?? []).forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    const text = Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
    const lines = text.split('\n').map((l) => (/^\s*[%!]/.test(l) ? `#${l}` : l));
    starts.push({ cell: index, firstLine: line });
    parts.push(lines.join('\n'));
    line += lines.length;
  });
  return {
    source: parts.join('\n'),
    locate(programLine: number) {
      let at = starts[0] ?? { cell: 0, firstLine: 1 };
      for (const s of starts) if (s.firstLine <= programLine) at = s;
      return { cell: at.cell, line: programLine - at.firstLine + 1 };
    },
  };
}
