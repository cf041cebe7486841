/**
 * Starts one `wrangler dev` on a free port with throw-away local storage for the browser tests,
 * and finds Chromium. Without a browser outside CI it stops loudly rather than passing silently.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    chromePath: string;
  }
}

function findChrome(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (found) return found;
  throw new Error(
    [
      '',
      '==================================================================',
      ' 浏览器测试无法运行：没有找到 Chromium。 No Chromium found.',
      ' Install it (Debian: apt-get install -y chromium fonts-noto-cjk)',
      ' or set CHROME_PATH to a Chromium/Chrome binary, then run npm test again.',
      '==================================================================',
    ].join('\n'),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`wrangler dev did not start within 90 s:\n${log()}`);
}

export default async function setup(project: TestProject) {
  const chromePath = findChrome();
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run npm run build first');
  const port = await freePort();
  const persist = mkdtempSync(join(tmpdir(), 'firstline-browser-'));
  const wrangler = 'node_modules/wrangler/bin/wrangler.js';
  const config = 'functions/wrangler.jsonc';
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
  // The ledger's numbered migrations, as npm start applies them.
  execFileSync(
    process.execPath,
    [
      wrangler,
      'd1',
      'migrations',
      'apply',
      'LEDGER',
      '--local',
      '--persist-to',
      persist,
      '--config',
      config,
    ],
    { env, stdio: 'ignore' },
  );
  let output = '';
  const child = spawn(
    process.execPath,
    [
      wrangler,
      'dev',
      '--config',
      config,
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      persist,
      '--show-interactive-dev-session=false',
    ],
    { env: { ...env, STAFF_TOKEN: 'browser-test-token' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitUntilUp(baseURL, child, () => output);
  project.provide('baseURL', baseURL);
  project.provide('chromePath', chromePath);
  return async () => {
    // wrangler stops its workerd on SIGTERM; wait for it so no server outlives the tests.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(persist, { recursive: true, force: true });
  };
}
