/**
 * Starts one `wrangler dev` on a free port with throw-away local storage for the browser tests,
 * its clock on the tests' day (scripts/test-clock.mjs) like the build it serves, and finds
 * Chromium. Without a browser outside CI it stops loudly rather than passing silently.
 */
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations, freePort, startDev, waitForHealth } from '../../scripts/local-worker.mjs';
import { assertTestBuild, TEST_NOW } from '../../scripts/test-clock.mjs';
import { ADMIN_TOKEN, GRID_2_TOKEN } from './accounts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    chromePath: string;
    /** A file where the local group-robot receiver appends each notification it gets (JSON lines). */
    robotLog: string;
  }
}

/** A stand-in for the WeCom group robot on 127.0.0.1, as a deployment may point a grid to. */
async function startRobot(log: string): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      appendFileSync(log, `${body}\n`);
      response
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=local`,
    close: () => server.close(),
  };
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

export default async function setup(project: TestProject) {
  const chromePath = findChrome();
  assertTestBuild('dist');
  const port = await freePort();
  const persist = mkdtempSync(join(tmpdir(), 'firstline-browser-'));
  applyMigrations(persist, { stdio: 'ignore' });
  const robotLog = join(persist, 'robot.jsonl');
  writeFileSync(robotLog, '');
  const robot = await startRobot(robotLog);
  let output = '';
  const child = startDev({
    port,
    persistTo: persist,
    vars: {
      FIXED_NOW: TEST_NOW,
      STAFF_TOKEN: ADMIN_TOKEN,
      CHECKIN_SECRET: 'browser-checkin-secret-0123456789',
      STAFF_ACCOUNTS: JSON.stringify([{ token: GRID_2_TOKEN, grid: 'grid-2', name: '李秀英' }]),
      GRID_WEBHOOKS: JSON.stringify({ 'grid-2': robot.url }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForHealth(baseURL, child, { output: () => output });
  project.provide('baseURL', baseURL);
  project.provide('chromePath', chromePath);
  project.provide('robotLog', robotLog);
  return async () => {
    // wrangler stops its workerd on SIGTERM; wait for it so no server outlives the tests.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    robot.close();
    rmSync(persist, { recursive: true, force: true });
  };
}
