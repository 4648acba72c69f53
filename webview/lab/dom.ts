/** A few DOM helpers so the views read as structure, not as createElement boilerplate. */

type Child = Node | string | null | undefined | false;
type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], 'style' | 'dataset'>> & {
  dataset?: Record<string, string>;
  attrs?: Record<string, string>;
};

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props<K> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, attrs, ...rest } = props;
  Object.assign(node, rest);
  for (const [k, v] of Object.entries(dataset ?? {})) node.dataset[k] = v;
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A labelled control: `<label>text <control></label>`, so screen readers and tests find it by its text. */
export function labelled(text: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return el('label', { className: 'field', title: hint ?? '' }, el('span', { className: 'field-label' }, text), control);
}

export function select<T extends string>(options: readonly { value: T; label: string }[], value: T, onChange: (value: T) => void): HTMLSelectElement {
  const node = el('select', {}, ...options.map((o) => el('option', { value: o.value, textContent: o.label })));
  node.value = value;
  node.addEventListener('change', () => onChange(node.value as T));
  return node;
}

/** An integer input that reports only valid values (within [min, max]); others mark it invalid. */
export function intInput(value: number, min: number, max: number, onChange: (value: number) => void): HTMLInputElement {
  const node = el('input', { type: 'number', min: String(min), max: String(max), step: '1', value: String(value), className: 'int' });
  node.addEventListener('input', () => {
    const v = Number(node.value);
    const ok = node.value.trim() !== '' && Number.isInteger(v) && v >= min && v <= max;
    node.setAttribute('aria-invalid', String(!ok));
    if (ok) onChange(v);
  });
  return node;
}

export function checkbox(checked: boolean, onChange: (checked: boolean) => void): HTMLInputElement {
  const node = el('input', { type: 'checkbox', checked });
  node.addEventListener('change', () => onChange(node.checked));
  return node;
}

export function button(text: string, onClick: () => void, title?: string): HTMLButtonElement {
  const node = el('button', { type: 'button', textContent: text, title: title ?? '' });
  node.addEventListener('click', onClick);
  return node;
}

/** Sets a control's value unless the user is typing in it (so a redraw never fights the keyboard). */
export function syncValue(node: HTMLInputElement | HTMLSelectElement, value: string): void {
  if (document.activeElement === node && node instanceof HTMLInputElement && node.type !== 'checkbox') return;
  if (node.value !== value) node.value = value;
}
