// `npm start`: serve the built site, API, queue and ledger locally with one `wrangler dev`.
// Creates the git-ignored functions/.dev.vars with a random STAFF_TOKEN on first start and
// applies the ledger's D1 migrations to local storage (PRODUCT.md §7).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = 'functions/wrangler.jsonc';
const devVars = 'functions/.dev.vars';
const port = process.env.PORT ?? '8787';
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
const wrangler = (args, options) =>
  spawnSync('npx', ['wrangler', ...args, '--config', config], {
    cwd: root,
    env,
    stdio: 'inherit',
    ...options,
  });

// A token is created on first start, and again if .dev.vars was copied from the example with
// STAFF_TOKEN left empty; other lines in the file are kept as they are.
const existing = existsSync(`${root}/${devVars}`) ? readFileSync(`${root}/${devVars}`, 'utf8') : '';
let token = /^STAFF_TOKEN=(.+)$/m.exec(existing)?.[1]?.trim() ?? '';
if (!token) {
  token = randomBytes(24).toString('base64url');
  const rest = existing.replace(/^STAFF_TOKEN=.*\n?/m, '');
  writeFileSync(`${root}/${devVars}`, `STAFF_TOKEN=${token}\n${rest}`, { mode: 0o600 });
}

if (readFileSync(`${root}/${config}`, 'utf8').includes('"d1_databases"')) {
  const migrated = wrangler(['d1', 'migrations', 'apply', 'LEDGER', '--local']);
  if (migrated.status !== 0) process.exit(migrated.status ?? 1);
}

console.log(`
  第一道防线 Firstline 本地服务
  网站：        http://localhost:${port}/
  返乡报备：    http://localhost:${port}/declare/
  工作人员：    http://localhost:${port}/staff/
  本地令牌：    ${token}   （浏览器登录时用户名随意、密码填令牌；保存在 ${devVars}）
`);

const child = spawn(
  'npx',
  ['wrangler', 'dev', '--config', config, '--port', port, '--ip', '127.0.0.1'],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
