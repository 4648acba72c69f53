// Starting and stopping the long-lived processes the harnesses launch (VS Code's server,
// code-server). Each is started as the leader of its own process group so that stopping it also
// stops everything it spawned (extension hosts, file watchers, pty hosts): a VS Code server left
// behind waits hours for a reconnect.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `command` as a new process group leader; `onLine` receives each stdout/stderr line. */
export function spawnGroup(command, args, { env, cwd, onLine } = {}) {
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) onLine?.(line);
    });
    stream.on('end', () => pending && onLine?.(pending));
  }
  return child;
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a process group started by spawnGroup: SIGTERM, then SIGKILL for whatever outlives `graceMs`. */
export async function stopGroup(child, graceMs = 3000) {
  if (!child?.pid || !groupAlive(child.pid)) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(child.pid)) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(child.pid)) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Resolves once `url` answers HTTP at all (any status); rejects after `timeoutMs` or if `child` exits. */
export async function waitForHttp(url, { timeoutMs, child }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode} before ${url} answered`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * Runs `cleanup` once when the process is asked to stop (Ctrl-C, SIGTERM, SIGHUP) or is orphaned,
 * then exits with the conventional 128+signal code. Orphaning matters because `npm start` runs us
 * under `sh -c`: a SIGTERM sent to npm ends the shell and leaves this process running otherwise.
 * Returns a function that removes the handlers.
 */
export function onTermination(cleanup) {
  let stopping = false;
  const stop = async (reason, code) => {
    if (stopping) return;
    stopping = true;
    await cleanup(reason);
    process.exit(code);
  };
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  const handlers = Object.entries(codes).map(([signal, code]) => {
    const handler = () => stop(signal, code);
    process.on(signal, handler);
    return [signal, handler];
  });
  const parent = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid !== parent) stop('parent process ended', codes.SIGHUP);
  }, 1000);
  orphanWatch.unref();
  return () => {
    clearInterval(orphanWatch);
    handlers.forEach(([signal, handler]) => process.off(signal, handler));
  };
}
