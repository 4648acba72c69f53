// `npm run test:integration`: runs the mocha suite in test/integration/suite/ inside a real VS Code —
// the server build that code-server bundles, opened in headless Chromium — with ConvLens loaded
// from this checkout (extensionDevelopmentPath) and a temporary copy of examples/ as the workspace.
// Exits with the suite's code. Expects `npm run build` to have produced dist/ (npm test does).
//
// Options (environment):
//   CONVLENS_IT_TIMEOUT_S   overall limit in seconds (default 600; each test also has mocha's 30 s)
//   CONVLENS_TEST_GREP      run only tests whose full title matches this pattern
//   CONVLENS_SCREENSHOT=1   also save test/artifacts/integration-end.png when the suite ends
//   CONVLENS_VERBOSE=1      print the VS Code server's own output as well
//   CONVLENS_LOCALE         display language of the workbench and extensions, e.g. zh-cn
// A test asks for a screenshot of the page by printing `CONVLENS_SCREENSHOT <name>`
// (see suite/support/workbench.ts); the runner saves it as test/artifacts/<name>.png.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium } from '../../scripts/chromium.mjs';
import { installDisplayLanguage } from './displayLanguage.mjs';
import { freePort, onTermination, spawnGroup, stopGroup, waitForHttp } from '../../scripts/processes.mjs';
import { ensureVsCodeHost, isolatedHomeEnv } from '../../scripts/setup-vscode.mjs';
import { writeResults } from '../../scripts/test-results.mjs';
import { compileSuite, repoRoot } from './compile-suite.mjs';

const artifactsDir = join(repoRoot, 'test', 'artifacts');
const timeoutMs = Number(process.env.CONVLENS_IT_TIMEOUT_S || 600) * 1000;
const verbose = process.env.CONVLENS_VERBOSE === '1';

// Markers printed by the suite (suite/support/protocol.ts).
const SUITE_START_LINE = /^CONVLENS_SUITE_START$/;
const RESULTS_LINE = /^CONVLENS_RESULTS (\{.*\})$/;
const SCREENSHOT_LINE = /^CONVLENS_SCREENSHOT ([\w.-]+)$/;
// The same hook also carries the workbench's own log, which cannot be told apart by level. What it
// logs before the suite starts is held back (and shown on failure); during the suite, these chatty
// components are dropped unless CONVLENS_VERBOSE=1.
const WORKBENCH_CHATTER = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate)\b/;

async function saveScreenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name}.png`);
  // Written under another name first: a test polls for the final name and must never see half a file.
  const partial = `${file}.partial`;
  writeFileSync(partial, await page.screenshot());
  renameSync(partial, file);
  console.log(`[runner] screenshot saved: ${file}`);
}

/** The hook receives console arguments unformatted (mocha's reporter passes printf-style ones). */
function formatAutomationLog(args) {
  return format(...args);
}

async function main() {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run "npm run build" first (npm test does).');
  const host = await ensureVsCodeHost();
  const suiteIndex = await compileSuite();

  const scratch = mkdtempSync(join(tmpdir(), 'convlens-it-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
  const serverData = join(scratch, 'server-data');
  const extensionsDir = join(scratch, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  if (process.env.CONVLENS_LOCALE) installDisplayLanguage(extensionsDir, serverData, process.env.CONVLENS_LOCALE);

  let server;
  let browser;
  let results;
  const serverOutput = [];
  const workbenchLog = [];
  const stopAll = async () => {
    await browser?.close().catch(() => {});
    await stopGroup(server);
    rmSync(scratch, { recursive: true, force: true });
  };
  let interrupted = false;
  const removeSignalHandlers = onTermination(async (signal) => {
    interrupted = true;
    console.error(`[runner] ${signal}: stopping VS Code`);
    await stopAll();
  });

  let exitCode = 1;
  try {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    server = spawnGroup(
      host.nodeBin,
      [
        host.serverMain,
        '--host', '127.0.0.1', '--port', String(port),
        '--without-connection-token', '--accept-server-license-terms',
        // Without the smoke-test driver the web workbench ignores the test payload and never exits.
        '--enable-smoke-test-driver',
        '--disable-telemetry', '--disable-workspace-trust',
        ...(process.env.CONVLENS_LOCALE ? ['--locale', process.env.CONVLENS_LOCALE] : []),
        '--server-data-dir', serverData, '--user-data-dir', serverData, '--extensions-dir', extensionsDir,
      ],
      {
        env: isolatedHomeEnv(join(scratch, 'home')),
        onLine: (line) => {
          serverOutput.push(line);
          if (verbose) console.log(`[server] ${line}`);
        },
      },
    );
    const deadline = Date.now() + timeoutMs;
    await waitForHttp(origin, { timeoutMs: Math.min(60_000, timeoutMs), child: server });

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pendingScreenshots = [];
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    let suiteStarted = false;
    await page.exposeFunction('codeAutomationLog', (_level, args) => {
      const line = formatAutomationLog(Array.isArray(args) ? args : [args]);
      const screenshotRequest = SCREENSHOT_LINE.exec(line);
      if (screenshotRequest) {
        pendingScreenshots.push(saveScreenshot(page, screenshotRequest[1]).catch((e) => console.error(`[runner] screenshot failed: ${e.message}`)));
        return;
      }
      if (SUITE_START_LINE.test(line)) {
        suiteStarted = true;
        return;
      }
      const resultLine = RESULTS_LINE.exec(line);
      if (resultLine) results = JSON.parse(resultLine[1]);
      if (verbose || (suiteStarted && !WORKBENCH_CHATTER.test(line))) console.log(line);
      else workbenchLog.push(line);
    });
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));

    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(suiteIndex)],
      ['skipWelcome', 'true'],
    ];
    const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(`[runner] VS Code server on ${origin}; running the suite in headless Chromium`);
    await page.goto(url);

    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now()))));
    // Either of these ends the run at once instead of waiting out the timeout.
    const serverDied = new Promise((r) => server.once('exit', (code) => r(`the VS Code server exited (code ${code})`)));
    const browserDied = new Promise((r) => browser.once('disconnected', () => r('Chromium disconnected')));
    const outcome = await Promise.race([exited, timedOut, serverDied, browserDied]);
    clearTimeout(timer);
    await Promise.all(pendingScreenshots);
    if (outcome === 'timeout') {
      await saveScreenshot(page, 'integration-timeout').catch(() => {});
      console.error(`[runner] TIMEOUT: the suite did not finish within ${timeoutMs / 1000} s (set CONVLENS_IT_TIMEOUT_S to change).`);
      console.error('[runner] last VS Code server output:\n' + serverOutput.slice(-20).join('\n'));
      console.error('[runner] last workbench log lines:\n' + workbenchLog.slice(-20).join('\n'));
      exitCode = 1;
    } else if (typeof outcome === 'string') {
      // After Ctrl-C the browser and server going away is the expected end, not news.
      if (!interrupted) {
        console.error(`[runner] stopped early: ${outcome}`);
        console.error('[runner] last VS Code server output:\n' + serverOutput.slice(-20).join('\n'));
      }
      exitCode = 1;
    } else {
      if (process.env.CONVLENS_SCREENSHOT === '1') await saveScreenshot(page, 'integration-end');
      exitCode = outcome;
    }
  } catch (error) {
    console.error(`[runner] ${error instanceof Error ? error.message : error}`);
    if (serverOutput.length) console.error('[runner] VS Code server output:\n' + serverOutput.slice(-20).join('\n'));
    exitCode = 1;
  } finally {
    removeSignalHandlers();
    await stopAll();
  }
  // A suite that crashed before reporting counts as one failure, so the summary cannot look green.
  const counts = results ?? { passed: 0, failed: 1 };
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  writeResults('integration', counts);
  console.log(`[runner] integration suite finished with exit code ${exitCode}`);
  return exitCode;
}

process.exitCode = await main();
