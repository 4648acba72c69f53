// The model summary panel's webview (webview/summary) as a person uses it, in headless Chromium: the
// table the extension sends, nested layers that fold and unfold, totals, and the requests it sends
// back (copy as Markdown, export CSV, go to a layer), which the extension validates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness } from './harness.mjs';

const LABELS = { copyMarkdown: 'Copy as Markdown', exportCsv: 'Export CSV', expandAll: 'Expand all', collapseAll: 'Collapse all', noLayers: 'No layers.', reveal: 'Go to the layer' };
const HEADERS = ['Layer', 'Type', 'Output shape', 'Params', 'MACs', 'Kernel', 'Stride', 'Padding', 'Dilation', 'Receptive field', 'Memory'];
const row = (depth, path, type, output, params) => ({ depth, cells: [path, type, output, params, '0', '', '', '', '', '', '1.00 KB'] });

const SHOW = {
  type: 'show',
  title: 'Net',
  headline: '2,442 params · 0.12 M MACs · [1, 1, 28, 28] → [1, 10]',
  labels: LABELS,
  table: {
    headers: HEADERS,
    numericColumns: [3, 4, 10],
    rows: [
      row(0, 'features', 'Sequential', '[1, 8, 14, 14]', '80'),
      row(1, 'features.0', 'Conv2d', '[1, 8, 28, 28]', '80'),
      row(1, 'features.1', 'MaxPool2d', '[1, 8, 14, 14]', '0'),
      row(0, 'classifier', 'Sequential', '[1, 10]', '2,362'),
      row(1, 'classifier.0', 'Flatten', '[1, 1568]', '0'),
      row(1, 'classifier.1', 'Linear', '[1, 10]', '15,690'),
    ],
    totals: ['Total', 'Net', '[1, 10]', '2,442', '117,600', '', '', '', '', '', '6.00 KB'],
  },
};

describe('Model summary webview', () => {
  let harness;
  let view;
  before(async () => {
    harness = await startHarness();
    view = await harness.open({ bundle: 'dist/webview/summary.js', styles: ['media/summary.css'], body: '<main id="root"></main>', viewport: { width: 1100, height: 500 } });
    await view.waitForMessage((m) => m.type === 'ready');
    await view.send(SHOW);
  });
  after(async () => {
    await view?.close();
    await harness?.close();
  });

  const visiblePaths = () => view.page.locator('tbody td.path a').allTextContents();

  it('shows every layer with its numbers, the totals and the headline', async () => {
    assert.deepEqual(await visiblePaths(), ['features', 'features.0', 'features.1', 'classifier', 'classifier.0', 'classifier.1']);
    assert.deepEqual(await view.page.locator('thead th').allTextContents(), HEADERS);
    assert.deepEqual(await view.page.locator('tbody tr').nth(5).locator('td').allTextContents(), ['classifier.1', 'Linear', '[1, 10]', '15,690', '0', '', '', '', '', '', '1.00 KB']);
    assert.equal((await view.page.locator('tfoot td').allTextContents()).join('|'), 'Total|Net|[1, 10]|2,442|117,600||||||6.00 KB');
    assert.equal(await view.page.locator('.headline').textContent(), SHOW.headline);
    assert.equal(await view.page.locator('tbody tr').nth(0).locator('td').nth(3).evaluate((td) => getComputedStyle(td).textAlign), 'right');
    await view.screenshot('summary-webview');
  });

  it('folds a nested block, and folds or unfolds everything', async () => {
    await view.page.locator('tbody tr', { hasText: 'features' }).first().locator('button.twisty').click();
    assert.deepEqual(await visiblePaths(), ['features', 'classifier', 'classifier.0', 'classifier.1']);
    assert.equal(await view.page.locator('tbody tr').first().locator('button.twisty').getAttribute('aria-expanded'), 'false');
    await view.page.getByRole('button', { name: 'Collapse all' }).click();
    assert.deepEqual(await visiblePaths(), ['features', 'classifier']);
    await view.page.getByRole('button', { name: 'Expand all' }).click();
    assert.equal((await visiblePaths()).length, 6);
  });

  it('keeps folds across a refresh of the same model', async () => {
    await view.page.locator('tbody tr', { hasText: 'classifier' }).first().locator('button.twisty').click();
    await view.send(SHOW);
    assert.deepEqual(await visiblePaths(), ['features', 'features.0', 'features.1', 'classifier']);
    await view.send({ ...SHOW, title: 'Other' });
    assert.equal((await visiblePaths()).length, 6, 'another model starts unfolded');
  });

  it('keeps its folds when VS Code recreates the hidden panel', async () => {
    await view.send(SHOW);
    await view.page.locator('tbody tr', { hasText: 'features' }).first().locator('button.twisty').click();
    const readies = () => view.messages.filter((m) => m.type === 'ready').length;
    const before = readies();
    await view.reload();
    await view.waitForMessage(() => readies() > before);
    await view.send(SHOW);
    assert.deepEqual(await visiblePaths(), ['features', 'classifier', 'classifier.0', 'classifier.1']);
  });

  it('asks the extension to copy, export and go to a layer', async () => {
    const sent = view.messages.length;
    await view.page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await view.page.getByRole('button', { name: 'Export CSV' }).click();
    await view.page.locator('tbody td.path a', { hasText: 'classifier.1' }).click();
    assert.deepEqual(view.messages.slice(sent), [{ type: 'copyMarkdown' }, { type: 'exportCsv' }, { type: 'reveal', row: 5 }]);
    assert.deepEqual(view.errors, []);
  });
});
