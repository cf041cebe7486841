// Bench helpers: build the site when needed and run a private `wrangler dev` for the measurements.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const CONFIG = 'functions/wrangler.jsonc';
export const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  ASTRO_TELEMETRY_DISABLED: '1',
};

/** Runs a command to completion, output on stderr so stdout keeps only the table. */
export function run(command, args, cwd, options = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 2, options.capture ? 'pipe' : 2],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}\n${result.stderr ?? ''}`,
    );
  }
  return result;
}

/** `npm run build` when dist/ is missing. */
export function ensureBuilt(root) {
  if (existsSync(`${root}/dist/index.html`)) return;
  console.error('bench: dist/ missing, running npm run build…');
  run('npm', ['run', 'build'], root);
}

/** A TCP port nobody is listening on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const wrangler = (...args) => ['wrangler', ...args, '--config', CONFIG];

// Process groups of running servers, killed whatever way the bench ends.
const groups = new Set();
const kill = (group, name) => {
  try {
    process.kill(-group, name);
  } catch {
    // already gone
  }
};
process.once('exit', () => groups.forEach((group) => kill(group, 'SIGKILL')));
for (const name of ['SIGINT', 'SIGTERM']) {
  process.once(name, () => {
    groups.forEach((group) => kill(group, 'SIGTERM'));
    process.exit(130);
  });
}

/**
 * Starts `wrangler dev` on a free port with its own storage, waits for /api/health and returns
 * `{ origin, stop }`. The child runs in its own process group so `stop` ends workerd as well.
 */
export async function startWorker(root, persistDir) {
  // Same as `npm start`: the ledger's D1 migrations, when the Worker has a ledger.
  if (readFileSync(`${root}/${CONFIG}`, 'utf8').includes('"d1_databases"')) {
    const migrate = ['d1', 'migrations', 'apply', 'LEDGER', '--local', '--persist-to', persistDir];
    run('npx', wrangler(...migrate), root, { capture: true });
  }
  // Another process can take the free port before wrangler binds it: then try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(root, persistDir);
    } catch (error) {
      if (attempt === 3 || !/already in use/i.test(error.message)) throw error;
    }
  }
}

async function launch(root, persistDir) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const args = wrangler('dev', '--port', String(port), '--ip', '127.0.0.1');
  const child = spawn('npx', [...args, '--persist-to', persistDir], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.add(child.pid);
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  let running = true;
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => {
    running = false;
    groups.delete(child.pid);
  });
  // SIGTERM to the whole group (npx, wrangler, workerd), SIGKILL after 5 s.
  const stop = async () => {
    if (running) kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => running && kill(child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  for (let waited = 0; waited < 60_000 && running; waited += 250) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return { origin, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const why = running ? 'did not answer /api/health within 60 s' : 'exited';
  await stop();
  throw new Error(`wrangler dev on ${origin} ${why}:\n${log.slice(-2000)}`);
}
