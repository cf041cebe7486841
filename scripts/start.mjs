// `npm start`: serve the built site, API, queue and ledger locally with one `wrangler dev`.
// Creates the git-ignored functions/.dev.vars with a random STAFF_TOKEN on first start and
// applies the ledger's D1 migrations to local storage (PRODUCT.md §7).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, ROOT, startDev } from './local-worker.mjs';

const devVars = 'functions/.dev.vars';
const port = Number(process.env.PORT ?? 8787);

// A token is created on first start, and again if .dev.vars was copied from the example with
// STAFF_TOKEN left empty; other lines in the file are kept as they are.
const file = join(ROOT, devVars);
const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
let token = /^STAFF_TOKEN=(.+)$/m.exec(existing)?.[1]?.trim() ?? '';
if (!token) {
  token = randomBytes(24).toString('base64url');
  const rest = existing.replace(/^STAFF_TOKEN=.*\n?/m, '');
  writeFileSync(file, `STAFF_TOKEN=${token}\n${rest}`, { mode: 0o600 });
}

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
