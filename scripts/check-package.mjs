// Checks the .vsix a user installs: `npm run package` builds it, it stays under 5 MB, it carries what
// the extension needs at run time and none of the sources, tests or node_modules, and code-server
// installs it. Each check counts as one test in npm test's summary (stage "package").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVsCodeHost, isolatedHomeEnv } from './setup-vscode.mjs';
import { writeResults } from './test-results.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vsixPath = join(repoRoot, 'convlens.vsix');
const MAX_BYTES = 5 * 1024 * 1024;
const REQUIRED = [
  'package.json', 'package.nls.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'media/icon.png',
  'dist/extension.js', 'dist/web/extension.js', 'dist/webview/lab.js', 'dist/cli.js', 'bin/convlens.js',
  'dist/webview/summary.js', 'dist/webview/walk.js', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json', 'docs/diagnostics/shape-comment.md',
];
const FORBIDDEN = /^(src|test|node_modules|scripts|bench|webview|examples|out|\.ci)\/|\.map$|\.ts$/;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

const checks = [];
function check(name, passed, detail = '') {
  checks.push(passed);
  console.log(`${passed ? '✔' : '✖'} ${name}${!passed && detail ? `\n    ${detail}` : ''}`);
}

const packaged = run('npm', ['run', 'package']);
check('npm run package builds convlens.vsix', packaged.ok && existsSync(vsixPath), packaged.output.split('\n').slice(-15).join('\n    '));
if (existsSync(vsixPath)) {
  const bytes = statSync(vsixPath).size;
  console.log(`  convlens.vsix: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
  check('the .vsix is under 5 MB', bytes < MAX_BYTES, `${bytes} bytes`);

  const listing = run('npx', ['vsce', 'ls', '--no-dependencies']);
  const files = listing.output.split('\n').map((line) => line.trim()).filter(Boolean);
  const missing = REQUIRED.filter((file) => !files.includes(file));
  check('it contains what the extension runs', listing.ok && missing.length === 0, `missing: ${missing.join(', ')}`);
  const unwanted = files.filter((file) => FORBIDDEN.test(file));
  check('it leaves out sources, tests, source maps and node_modules', unwanted.length === 0, `included: ${unwanted.slice(0, 10).join(', ')}`);

  const host = await ensureVsCodeHost();
  const scratch = mkdtempSync(join(tmpdir(), 'convlens-vsix-'));
  try {
    const extensionsDir = join(scratch, 'extensions');
    const install = run(
      host.nodeBin,
      [host.codeServerBin, '--user-data-dir', join(scratch, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsixPath],
      { env: isolatedHomeEnv(join(scratch, 'home')) },
    );
    const installed = existsSync(extensionsDir) ? readdirSync(extensionsDir).find((name) => name.startsWith('convlens.convlens-')) : undefined;
    const manifest = installed ? JSON.parse(readFileSync(join(extensionsDir, installed, 'package.json'), 'utf8')) : undefined;
    check('code-server installs it', install.ok && manifest?.name === 'convlens', install.output.trim().split('\n').slice(-5).join('\n    '));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const passed = checks.filter(Boolean).length;
writeResults('package', { passed, failed: checks.length - passed });
process.exitCode = passed === checks.length ? 0 : 1;
