// `npm start`: serve the built site, API, queue and ledger locally with one `wrangler dev`.
// Creates the git-ignored functions/.dev.vars with a random STAFF_TOKEN on first start and
// applies the ledger's D1 migrations to local storage (PRODUCT.md §7).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, ROOT, startDev } from './local-worker.mjs';

const devVars = 'functions/.dev.vars';
const port = Number(process.env.PORT ?? 8787);

// The admin token and the key of the check-in links are created on first start, and again if
// .dev.vars was copied from the example with them left empty; other lines are kept as they are.
const file = join(ROOT, devVars);
let vars = existsSync(file) ? readFileSync(file, 'utf8') : '';
const secret = (name) => {
  const value = new RegExp(`^${name}=(.+)$`, 'm').exec(vars)?.[1]?.trim();
  if (value) return value;
  const created = randomBytes(24).toString('base64url');
  vars = `${name}=${created}\n${vars.replace(new RegExp(`^${name}=.*\\n?`, 'm'), '')}`;
  writeFileSync(file, vars, { mode: 0o600 });
  return created;
};
const token = secret('STAFF_TOKEN');
secret('CHECKIN_SECRET');

try {
  applyMigrations(undefined, { stdio: 'inherit' });
} catch {
  process.exit(1);
}

console.log(`
  第一道防线 Firstline 本地服务
  网站：        http://localhost:${port}/
  返乡报备：    http://localhost:${port}/declare/
  工作人员：    http://localhost:${port}/staff/
  本地令牌：    ${token}   （浏览器登录时用户名随意、密码填令牌；保存在 ${devVars}）
`);

const child = startDev({ port, interactive: true, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
