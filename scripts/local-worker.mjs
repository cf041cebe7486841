// How this project runs wrangler on a developer's machine, shared by `npm start`, the bench, the
// browser tests and the crash test: the installed wrangler run by this very Node (no npx, no
// shell), so it behaves the same on Windows, macOS and Linux.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CONFIG = 'functions/wrangler.jsonc';
const WRANGLER = fileURLToPath(
  new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url),
);

/** The environment every local wrangler gets: no metrics, no telemetry, offline. */
export const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  ASTRO_TELEMETRY_DISABLED: '1',
};

/** Runs `wrangler <args> --config functions/wrangler.jsonc` to completion. */
export function wranglerSync(args, options = {}) {
  return spawnSync(process.execPath, [WRANGLER, ...args, '--config', CONFIG], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
}

/**
 * Runs npm to completion: the npm that started this script when there is one (no shell needed),
 * else `npm` through the shell, which is what finds `npm.cmd` on Windows.
 */
export function npmSync(args, options = {}) {
  const cli = process.env.npm_execpath;
  const [command, argv, shell] = cli?.endsWith('.js')
    ? [process.execPath, [cli, ...args], false]
    : ['npm', args, true];
  return spawnSync(command, argv, { cwd: ROOT, env, encoding: 'utf8', shell, ...options });
}

/** Applies the ledger's numbered D1 migrations to local storage; throws with wrangler's output. */
export function applyMigrations(persistTo, options = {}) {
  const where = persistTo ? ['--persist-to', persistTo] : [];
  const result = wranglerSync(
    ['d1', 'migrations', 'apply', 'LEDGER', '--local', ...where],
    options,
  );
  if (result.status !== 0) {
    throw new Error(`wrangler d1 migrations apply failed:\n${result.stderr ?? ''}`);
  }
}

/**
 * Starts `wrangler dev` on 127.0.0.1:`port` and returns the child process. `vars` become
 * `--var NAME:value` (secrets for tests); `persistTo` keeps the local queue and D1 apart;
 * `interactive` keeps wrangler's hotkey bar for a person at a terminal; `config` runs another
 * Worker (the bench's baseline).
 */
export function startDev({
  port,
  persistTo,
  vars = {},
  interactive = false,
  config = CONFIG,
  ...options
}) {
  const args = [WRANGLER, 'dev', '--config', config, '--port', String(port), '--ip', '127.0.0.1'];
  if (persistTo) args.push('--persist-to', persistTo);
  // The hotkey bar is for a person at a terminal; tests and the bench read plain output.
  if (!interactive) args.push('--show-interactive-dev-session=false');
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  return spawn(process.execPath, args, { cwd: ROOT, env, ...options });
}

/** Resolves once `origin`/api/health answers 200; rejects when the child exits or time runs out. */
export async function waitForHealth(origin, child, { timeoutMs = 90_000, output = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited early:\n${output().slice(-2000)}`);
    }
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `wrangler dev on ${origin} did not answer within ${timeoutMs / 1000} s:\n${output().slice(-2000)}`,
  );
}

/**
 * Kills `child` and everything it started at once, as a power cut would: the process group on
 * POSIX (start it with `detached: true`), the process tree on Windows.
 */
export function killHard(child) {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** A TCP port nobody is listening on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
