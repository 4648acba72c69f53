/** A small SVG writer: escaped text and attributes, so any layer name or path renders as text. */

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

type Attrs = Record<string, string | number | undefined>;

function attributes(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? String(Math.round(v * 100) / 100) : (v as string))}"`)
    .join('');
}

export function element(name: string, attrs: Attrs, content?: string): string {
  return content === undefined ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${content}</${name}>`;
}

export function text(x: number, y: number, s: string, attrs: Attrs = {}): string {
  return element('text', { x, y, ...attrs }, escapeXml(s));
}

/** Width of a label in the diagram's font, close enough to keep text inside its box. */
export function textWidth(s: string, fontSize: number): number {
  return s.length * fontSize * 0.6;
}

export const COLORS = {
  background: '#ffffff',
  ink: '#1f2328',
  muted: '#57606a',
  sheet: '#dbe9f7',
  sheetStroke: '#2f6fb0',
  vector: '#e6dcf5',
  vectorStroke: '#6f42c1',
  merge: '#fff1d6',
  mergeStroke: '#bf8700',
  unknown: '#f3f4f6',
  unknownStroke: '#8c959f',
  kernel: '#d1242f',
  edge: '#57606a',
};

/** The document: a white background so the picture reads the same in light and dark themes. */
export function svgDocument(width: number, height: number, title: string, description: string, body: string[]): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="Helvetica, Arial, sans-serif" role="img">`,
    element('title', {}, escapeXml(title)),
    element('desc', {}, escapeXml(description)),
    element('defs', {}, element('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, element('path', { d: 'M0,0 L10,5 L0,10 z', fill: COLORS.edge }))),
    element('rect', { x: 0, y: 0, width: w, height: h, fill: COLORS.background }),
    ...body,
    '</svg>',
  ].join('\n');
}
