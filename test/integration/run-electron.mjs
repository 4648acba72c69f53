// `npm run test:electron`: the same integration suite as `npm run test:integration`, run through
// @vscode/test-electron in a desktop VS Code, for machines that can download one (or that have one:
// set VSCODE_EXECUTABLE to its path). Where the download server cannot be reached, it stops with an
// explanation instead of retrying. Expects `npm run build` to have produced dist/.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSuite, repoRoot } from './compile-suite.mjs';

const DOWNLOAD_HOST = 'update.code.visualstudio.com';
const DOWNLOAD_TIMEOUT_MS = 120_000;

const UNREACHABLE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|timed out/i;

const scratch = mkdtempSync(join(tmpdir(), 'convlens-electron-'));
const workspace = join(scratch, 'workspace');
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });

try {
  const extensionTestsPath = await compileSuite();
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;
  if (!vscodeExecutablePath) console.log(`Downloading VS Code from ${DOWNLOAD_HOST} (cached in .vscode-test/)…`);
  process.exitCode = await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    vscodeExecutablePath,
    timeout: DOWNLOAD_TIMEOUT_MS,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (UNREACHABLE.test(message)) {
    console.error(
      `test:electron needs to download VS Code from ${DOWNLOAD_HOST}, which this machine cannot reach (${message}).\n` +
        'Run the same suite with "npm run test:integration" (VS Code server from code-server, no download), ' +
        'or point VSCODE_EXECUTABLE at an installed VS Code.',
    );
  } else {
    console.error(`test:electron failed: ${message}`);
  }
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
