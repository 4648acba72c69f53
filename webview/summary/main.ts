/**
 * The model summary panel: a torchinfo-style table whose nested layers fold, with totals, "Copy as
 * Markdown" and "Export CSV" (both done by the extension, which owns the clipboard and the disk).
 * Colours come from VS Code's theme variables, so it reads in light, dark and high-contrast themes.
 */
import type { ShowSummary, SummaryMessage } from './protocol';

/** What survives the panel being hidden (VS Code discards a hidden webview): which rows are folded. */
interface SavedState {
  title: string;
  collapsed: number[];
}

interface VsCodeApi {
  postMessage(message: SummaryMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const saved = savedState(vscode.getState());
/** Rows whose children are hidden, by index; kept across updates while the model stays the same. */
let collapsed = new Set<number>(saved?.collapsed);
let shownTitle = saved?.title ?? '';

/** The state is the webview's own, but it is read back from storage: only a well-formed one counts. */
function savedState(value: unknown): SavedState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { title, collapsed: rows } = value as Partial<SavedState>;
  if (typeof title !== 'string' || !Array.isArray(rows) || !rows.every((r) => Number.isInteger(r))) return undefined;
  return { title, collapsed: rows };
}

function setCollapsed(rows: Set<number>): void {
  collapsed = rows;
  vscode.setState({ title: shownTitle, collapsed: [...rows] });
}

window.addEventListener('message', (event: MessageEvent<ShowSummary>) => {
  if (event.data?.type !== 'show') return;
  if (event.data.title !== shownTitle) {
    shownTitle = event.data.title;
    setCollapsed(new Set());
  }
  render(event.data);
});
vscode.postMessage({ type: 'ready' });

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** A row has children when the next row is nested deeper. */
function hasChildren(depths: readonly number[], i: number): boolean {
  return i + 1 < depths.length && depths[i + 1] > depths[i];
}

/** Hidden when any ancestor (the closest shallower rows above it) is collapsed. */
function hiddenRows(depths: readonly number[]): boolean[] {
  const hidden: boolean[] = [];
  const ancestors: number[] = [];
  depths.forEach((depth, i) => {
    while (ancestors.length > 0 && depths[ancestors[ancestors.length - 1]] >= depth) ancestors.pop();
    hidden.push(ancestors.some((a) => collapsed.has(a)));
    ancestors.push(i);
  });
  return hidden;
}

function render(message: ShowSummary): void {
  const { table, labels } = message;
  const depths = table.rows.map((r) => r.depth);
  root.replaceChildren();

  const header = element('header');
  header.append(element('h1', message.title), element('p', message.headline, 'headline'));
  const toolbar = element('div', undefined, 'toolbar');
  const button = (label: string, onClick: () => void) => {
    const b = element('button', label);
    b.addEventListener('click', onClick);
    toolbar.append(b);
  };
  button(labels.copyMarkdown, () => vscode.postMessage({ type: 'copyMarkdown' }));
  button(labels.exportCsv, () => vscode.postMessage({ type: 'exportCsv' }));
  button(labels.expandAll, () => {
    setCollapsed(new Set());
    render(message);
  });
  button(labels.collapseAll, () => {
    setCollapsed(new Set(depths.map((_, i) => i).filter((i) => hasChildren(depths, i))));
    render(message);
  });
  header.append(toolbar);
  root.append(header);

  if (table.rows.length === 0) {
    root.append(element('p', labels.noLayers, 'empty'));
    return;
  }

  const grid = element('table');
  const head = element('tr');
  for (const h of table.headers) head.append(element('th', h));
  const thead = element('thead');
  thead.append(head);
  grid.append(thead);
  const body = element('tbody');
  const hidden = hiddenRows(depths);
  table.rows.forEach((row, i) => {
    if (hidden[i]) return;
    const tr = element('tr');
    const first = element('td', undefined, 'path');
    first.style.paddingLeft = `${0.5 + row.depth * 1.25}em`;
    if (hasChildren(depths, i)) {
      const twisty = element('button', collapsed.has(i) ? '▸' : '▾', 'twisty');
      twisty.setAttribute('aria-expanded', String(!collapsed.has(i)));
      twisty.addEventListener('click', () => {
        const next = new Set(collapsed);
        if (next.has(i)) next.delete(i);
        else next.add(i);
        setCollapsed(next);
        render(message);
      });
      first.append(twisty);
    }
    const name = element('a', row.cells[0]);
    name.href = '#';
    name.title = labels.reveal;
    name.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'reveal', row: i });
    });
    first.append(name);
    tr.append(first);
    row.cells.slice(1).forEach((cell, c) => tr.append(element('td', cell, table.numericColumns.includes(c + 1) ? 'number' : undefined)));
    body.append(tr);
  });
  grid.append(body);
  if (table.totals) {
    const totals = element('tr');
    table.totals.forEach((cell, c) => totals.append(element('td', cell, table.numericColumns.includes(c) ? 'number' : undefined)));
    const tfoot = element('tfoot');
    tfoot.append(totals);
    grid.append(tfoot);
  }
  root.append(grid);
}
