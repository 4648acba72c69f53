/**
 * The kernel editor: preset picker, size (1×1 to 15×15, odd or even), a grid of editable cells
 * (arrow keys move between cells, Enter commits), and normalise / flip / random-init actions.
 */
import { kernelPresets, findPreset } from '../conv/presets';
import { button, el, labelled, select, syncValue } from './dom';
import { flipKernel, normaliseKernel, randomKernel, resizeKernel } from './kernels';
import { MAX_KERNEL, type KernelState, type LabState } from './state';

export interface KernelEditor {
  root: HTMLElement;
  sync(state: LabState): void;
}

type Update = (change: (state: LabState) => LabState) => void;

/** The kernel a preset stands for. */
function presetKernel(id: string): KernelState | null {
  const preset = findPreset(id);
  if (!preset) return null;
  const rows = preset.kernel;
  return { height: rows.length, width: rows[0].length, values: rows.flat(), preset: id };
}

/** Cell text: short, exact for the presets' fractions where a few digits suffice. */
function cellText(v: number): string {
  return String(Number(v.toPrecision(6)));
}

export function createKernelEditor(update: Update): KernelEditor {
  const setKernel = (kernel: KernelState) => update((s) => ({ ...s, kernel }));
  const sizes = Array.from({ length: MAX_KERNEL }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  const presetOptions = [{ value: '', label: 'Custom' }, ...kernelPresets.map((p) => ({ value: p.id, label: p.label }))];
  const preset = select(presetOptions, '', (id) => {
    const kernel = id ? presetKernel(id) : null;
    if (kernel) setKernel(kernel);
  });
  preset.id = 'kernel-preset';
  const height = select(sizes, '3', (v) => update((s) => ({ ...s, kernel: resizeKernel(s.kernel, Number(v), s.kernel.width) })));
  height.id = 'kernel-height';
  const width = select(sizes, '3', (v) => update((s) => ({ ...s, kernel: resizeKernel(s.kernel, s.kernel.height, Number(v)) })));
  width.id = 'kernel-width';
  const description = el('p', { className: 'hint', id: 'kernel-description' });
  const grid = el('div', { className: 'kernel-grid', id: 'kernel-grid', attrs: { role: 'grid', 'aria-label': 'Kernel weights' } });
  let cells: HTMLInputElement[] = [];
  let shape = '';
  let current: KernelState | null = null;
  let randomSeed = 1;

  function commit(index: number, text: string, cell: HTMLInputElement): void {
    const value = Number(text);
    const ok = text.trim() !== '' && Number.isFinite(value);
    cell.setAttribute('aria-invalid', String(!ok));
    if (!ok || !current || current.values[index] === value) return;
    const values = current.values.slice();
    values[index] = value;
    setKernel({ ...current, values, preset: null });
  }

  function move(index: number, key: string, k: KernelState): number | null {
    const y = Math.floor(index / k.width);
    const x = index % k.width;
    switch (key) {
      case 'ArrowUp':
        return y > 0 ? index - k.width : null;
      case 'ArrowDown':
        return y < k.height - 1 ? index + k.width : null;
      case 'ArrowLeft':
        return x > 0 ? index - 1 : null;
      case 'ArrowRight':
        return x < k.width - 1 ? index + 1 : null;
      default:
        return null;
    }
  }

  function buildGrid(k: KernelState): void {
    grid.replaceChildren();
    grid.style.gridTemplateColumns = `repeat(${k.width}, minmax(2.6em, 4.2em))`;
    cells = k.values.map((v, i) => {
      const y = Math.floor(i / k.width);
      const x = i % k.width;
      const cell = el('input', {
        type: 'text',
        className: 'kernel-cell',
        value: cellText(v),
        dataset: { row: String(y), col: String(x) },
        attrs: { inputmode: 'decimal', 'aria-label': `Kernel row ${y + 1}, column ${x + 1}` },
      });
      cell.addEventListener('change', () => commit(i, cell.value, cell));
      cell.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          commit(i, cell.value, cell);
          return;
        }
        if (!current) return;
        const target = move(i, event.key, current);
        if (target !== null) {
          event.preventDefault();
          commit(i, cell.value, cell);
          cells[target]?.focus();
          cells[target]?.select();
        }
      });
      return cell;
    });
    grid.append(...cells);
  }

  const actions = el(
    'div',
    { className: 'row' },
    button('Normalise', () => current && setKernel(normaliseKernel(current)), 'Scale so the weights sum to 1 (zero-sum kernels: absolute weights sum to 1)'),
    button('Flip ↔', () => current && setKernel(flipKernel(current, 'horizontal')), 'Mirror left–right'),
    button('Flip ↕', () => current && setKernel(flipKernel(current, 'vertical')), 'Mirror top–bottom'),
    button('Rotate 180°', () => current && setKernel(flipKernel(current, 'both')), 'Flip both axes: turns cross-correlation into textbook convolution'),
    button('Random (nn.Conv2d init)', () => current && setKernel(randomKernel(current.height, current.width, randomSeed++)), 'Kaiming-uniform with a=√5: U(−1/√fan_in, 1/√fan_in)'),
  );

  const root = el(
    'fieldset',
    { className: 'panel', id: 'kernel-panel' },
    el('legend', {}, 'Kernel'),
    el('div', { className: 'row' }, labelled('Preset', preset), labelled('Height', height), labelled('Width', width)),
    description,
    grid,
    actions,
  );

  return {
    root,
    sync(state) {
      const k = state.kernel;
      current = k;
      syncValue(preset, k.preset ?? '');
      syncValue(height, String(k.height));
      syncValue(width, String(k.width));
      const full = state.channelMode === 'full';
      description.textContent = full
        ? 'Full Conv2d mode draws its own weights (nn.Conv2d\'s initialisation, or the code\'s); here only the size counts, as kernel_size.'
        : (k.preset && findPreset(k.preset)?.description) || `Custom ${k.height}×${k.width} kernel.`;
      root.classList.toggle('secondary', full);
      if (`${k.height}x${k.width}` !== shape) {
        shape = `${k.height}x${k.width}`;
        buildGrid(k);
      }
      k.values.forEach((v, i) => {
        const cell = cells[i];
        if (cell && document.activeElement !== cell && Number(cell.value) !== v) cell.value = cellText(v);
      });
    },
  };
}
