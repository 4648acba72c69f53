// `npm start`: opens ConvLens on the examples/ folder in a real VS Code (code-server, bound to
// 127.0.0.1). Installs what it needs on first run (Node 24 and code-server, cached outside the
// repo), builds and packages the extension as a user would get it (convlens.vsix), installs that
// into a code-server profile of its own, and prints the URL to open. Ctrl-C stops everything.
//
// Options: --port N (or CONVLENS_PORT; default 8765, or a free port when that one is taken)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, onTermination, spawnGroup, stopGroup, waitForHttp } from './processes.mjs';
import { ensureNpmDependencies, ensureVsCodeHost, isolatedHomeEnv } from './setup-vscode.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PREFERRED_PORT = 8765;

/** The running code-server, once started: stopped on Ctrl-C, SIGTERM and on any failure. */
let server;
let stopping = false;

function requestedPort() {
  const flag = process.argv.indexOf('--port');
  const value = flag >= 0 ? process.argv[flag + 1] : process.env.CONVLENS_PORT;
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`not a port number: ${value}`);
  return port;
}

async function portIsFree(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch (error) {
    return error?.cause?.code === 'ECONNREFUSED';
  }
}

/**
 * First-run settings of the start profile: open straight onto the examples without the welcome page,
 * the chat panel, or a prompt about the repository around examples/. Later edits by the user stay.
 */
function writeDefaultSettings(userDataDir) {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'git.openRepositoryInParentFolders': 'never',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

function step(message) {
  console.log(`\n▶ ${message}`);
}

/** Runs a step quietly: all its output is shown when it fails, only its last line otherwise. */
function runOrThrow(command, args, options) {
  const { status, stdout, stderr } = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${status}):\n${stdout}${stderr}`);
  console.log(`  ${(stdout || stderr).trim().split('\n').pop()}`);
}

async function main() {
  const started = Date.now();
  onTermination(async () => {
    stopping = true;
    console.log('\nStopping code-server…');
    await stopGroup(server);
    console.log('Stopped.');
  });
  step('Checking npm dependencies and the VS Code host (Node 24 + code-server)');
  ensureNpmDependencies(repoRoot);
  const host = await ensureVsCodeHost();

  step('Building and packaging ConvLens (npm run package)');
  runOrThrow('npm', ['run', 'package'], { cwd: repoRoot });

  const profile = join(host.cacheDir, 'start-profile');
  const userDataDir = join(profile, 'user-data');
  const extensionsDir = join(profile, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeDefaultSettings(userDataDir);
  const env = isolatedHomeEnv(join(profile, 'home'));
  const profileArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  step('Installing convlens.vsix into code-server');
  runOrThrow(host.nodeBin, [host.codeServerBin, ...profileArgs, '--install-extension', join(repoRoot, 'convlens.vsix'), '--force'], { env });

  const port = requestedPort() ?? ((await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort());
  const examples = join(repoRoot, 'examples');
  step(`Starting code-server on 127.0.0.1:${port}`);
  server = spawnGroup(
    host.nodeBin,
    [
      host.codeServerBin,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      ...profileArgs,
      examples,
    ],
    { env, onLine: (line) => process.env.CONVLENS_VERBOSE === '1' && console.log(`[code-server] ${line}`) },
  );
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 60_000, child: server });

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`;
  console.log(`\nConvLens is running in VS Code (ready in ${((Date.now() - started) / 1000).toFixed(1)} s). Open:\n\n  ${url}\n`);
  console.log('Open tutorial.py or lenet.py and hover a layer. Press Ctrl-C to stop.');
  const code = await new Promise((r) => server.on('exit', (status) => r(status ?? 1)));
  if (stopping) return;
  console.error(`code-server exited unexpectedly (exit ${code})`);
  await stopGroup(server);
  process.exitCode = code || 1;
}

main().catch(async (error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
  await stopGroup(server);
  process.exitCode = 1;
});
