// Bench helpers: build the site when needed and run a private `wrangler dev` for the measurements.
import { existsSync } from 'node:fs';
import {
  applyMigrations,
  env,
  freePort,
  npmSync,
  ROOT,
  startDev,
  waitForHealth,
  wranglerSync,
} from '../local-worker.mjs';

export { env };

/** Throws with the command's output when it did not exit 0. */
function check(result, what) {
  if (result.status !== 0)
    throw new Error(`${what} exited with ${result.status}\n${result.stderr ?? ''}`);
  return result;
}

/** `wrangler <args>` with its output captured (stdout keeps only the table). */
export const wrangler = (args) =>
  check(wranglerSync(args, { stdio: 'pipe' }), `wrangler ${args[0]}`);

/** `npm run build` when dist/ is missing, its output on stderr. */
export function ensureBuilt() {
  if (existsSync(`${ROOT}/dist/index.html`)) return;
  console.error('bench: dist/ missing, running npm run build…');
  check(npmSync(['run', 'build'], { stdio: ['ignore', 2, 2] }), 'npm run build');
}

/**
 * What only the bench needs (Lighthouse) lives in scripts/bench with its own lock, out of the
 * install a 宣传员 gets; `npm ci` there on first use. Returns null, or why it could not install.
 */
export function ensureBenchDependencies() {
  const dir = `${ROOT}/scripts/bench`;
  if (existsSync(`${dir}/node_modules/lighthouse/cli/index.js`)) return null;
  console.error('bench: installing Lighthouse into scripts/bench (npm ci, first run only)…');
  const result = npmSync(['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 2, 2] });
  return result.status === 0 ? null : `npm ci in scripts/bench exited with ${result.status}`;
}

// Servers still running, stopped whatever way the bench ends.
const running = new Set();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));
for (const name of ['SIGINT', 'SIGTERM']) {
  process.once(name, () => {
    running.forEach((child) => child.kill('SIGTERM'));
    process.exit(130);
  });
}

/**
 * Starts `wrangler dev` on a free port with its own storage (and `vars`, or another Worker's
 * `config`), waits until it answers and returns `{ origin, stop }`; `stop` waits until wrangler
 * has ended its workerd.
 */
export async function startWorker(persistDir, { vars = {}, config } = {}) {
  if (!config) applyMigrations(persistDir, { stdio: 'pipe' });
  // Another process can take the free port before wrangler binds it: then try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(persistDir, vars, config);
    } catch (error) {
      if (attempt === 3 || !/already in use/i.test(error.message)) throw error;
    }
  }
}

async function launch(persistDir, vars, config) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = startDev({
    port,
    persistTo: persistDir,
    vars,
    ...(config && { config }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() =>
    running.delete(child),
  );
  // wrangler stops its workerd on SIGTERM; SIGKILL after 5 s if it hangs.
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(origin, child, { timeoutMs: 60_000, output: () => log });
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, stop, pid: child.pid };
}
