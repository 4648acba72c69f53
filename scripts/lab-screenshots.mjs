// Writes the Kernel Lab screenshots the README shows (docs/images/kernel-lab*.png) from the real
// webview bundle in headless Chromium (the test harness). Run after `npm run build`:
//   node scripts/lab-screenshots.mjs
import { join } from 'node:path';
import { repoRoot, startHarness } from '../test/webview/harness.mjs';

const harness = await startHarness();
try {
  const view = await harness.open({ bundle: 'dist/webview/lab.js', styles: ['media/lab.css'], viewport: { width: 1100, height: 760 } });
  const page = view.page;
  const frames = async () => Number((await page.getAttribute('#app', 'data-frames')) ?? 0);
  const step = async (action) => {
    const before = await frames();
    await action();
    await page.waitForFunction((n) => Number(document.getElementById('app')?.dataset.frames ?? 0) > n, before);
  };
  await page.waitForFunction(() => Number(document.getElementById('app')?.dataset.frames ?? 0) > 0);
  // The tutorial's digit through 7 random 3×3 kernels: [7, 26, 26], signed values in the diverging map.
  await step(() => page.selectOption('#channel-mode', 'full'));
  await step(() => page.selectOption('#display-mode', 'diverging'));
  await page.locator('.results').screenshot({ path: join(repoRoot, 'docs', 'images', 'kernel-lab-feature-maps.png') });
  // The explainer on a padded, strided window.
  await step(() => page.selectOption('#channel-mode', 'gray'));
  await step(() => page.fill('#padding-h', '1'));
  await step(() => page.fill('#padding-w', '1'));
  await step(() => page.fill('#stride-h', '2'));
  await step(() => page.fill('#stride-w', '2'));
  await page.click('#explainer-next');
  await page.click('#explainer-next');
  await page.locator('#explainer').screenshot({ path: join(repoRoot, 'docs', 'images', 'kernel-lab-explainer.png') });
  await view.close();
} finally {
  await harness.close();
}
console.log('wrote docs/images/kernel-lab-feature-maps.png and docs/images/kernel-lab-explainer.png');
