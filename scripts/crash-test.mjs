// `node scripts/crash-test.mjs`: kills `wrangler dev` (and its workerd) with SIGKILL in the middle
// of a burst of declarations, starts it again on the same local storage, and counts where every
// reference answered 202 ended up: the ledger, the dead letters, or nowhere (PRODUCT.md §7).
// Needs a built site (npm run build). Exit status 1 when any accepted reference is missing.
//
//   CRASH_REQUESTS   declarations to send (default 400, at most 1000)
//   CRASH_AFTER      kill after this many 202 answers (default 150)
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientAddress, pool, validDeclaration } from './declarations.mjs';
import {
  applyMigrations,
  freePort,
  killHard,
  ROOT,
  startDev,
  waitForHealth,
  wranglerSync,
} from './local-worker.mjs';

const total = Math.min(Number(process.env.CRASH_REQUESTS ?? 400), 1000);
const killAfter = Number(process.env.CRASH_AFTER ?? 150);
const token = randomBytes(18).toString('base64url');
const log = (message) => console.error(`crash-test: ${message}`);

if (!existsSync(join(ROOT, 'dist/index.html'))) {
  console.error('crash-test: dist/ is missing: run npm run build first');
  process.exit(1);
}
const persist = mkdtempSync(join(tmpdir(), 'firstline-crash-'));
process.once('exit', () => rmSync(persist, { recursive: true, force: true }));
applyMigrations(persist, { stdio: 'ignore' });

/** Rows of `sql` in the local ledger, read with `wrangler d1 execute` while no server runs. */
function select(sql) {
  const query = wranglerSync(
    ['d1', 'execute', 'LEDGER', '--local', '--persist-to', persist, '--json', '--command', sql],
    { stdio: 'pipe' },
  );
  if (query.status !== 0) throw new Error(`wrangler d1 execute failed: ${query.stderr}`);
  return JSON.parse(query.stdout)[0].results;
}
const countRows = (table) => select(`SELECT count(*) AS n FROM ${table}`)[0].n;

async function start() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let output = '';
  // Outbox rows are re-sent 5 s after their send instead of 5 minutes, so the test is short.
  const vars = { STAFF_TOKEN: token, OUTBOX_RESEND_AFTER: '5' };
  const child = startDev({
    port,
    persistTo: persist,
    vars,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitForHealth(origin, child, { output: () => output });
  return { origin, child, exited };
}

log(`starting wrangler dev on fresh storage, sending ${total} declarations, 20 at a time`);
const first = await start();
const accepted = new Set();
let killed = false;
let refusedAfterKill = 0;
await pool(total, 20, async (index) => {
  try {
    const response = await fetch(`${first.origin}/api/declarations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': clientAddress(index) },
      body: JSON.stringify(validDeclaration(index, { run: Date.now() % 40 })),
    });
    const body = await response.json();
    if (response.status === 202) accepted.add(body.reference);
  } catch {
    if (killed) refusedAfterKill++;
  }
  if (!killed && accepted.size >= killAfter) {
    killed = true;
    log(`SIGKILL to wrangler dev and workerd after ${accepted.size} answers of 202`);
    killHard(first.child);
  }
});
if (!killed) {
  log(`only ${accepted.size} answers of 202; killing at the end of the burst instead`);
  killHard(first.child);
}
await first.exited;
log(`${accepted.size} references were answered 202 before the kill took effect`);

// What the killed process left: rows already in the ledger, and accepted ones only in the outbox.
const atKill = Object.fromEntries(
  ['declarations', 'outbox'].map((table) => [table, countRows(table)]),
);
log(`at the kill: ${atKill.declarations} in the ledger, ${atKill.outbox} only in the outbox`);

log('starting wrangler dev again on the same storage');
const second = await start();
const inLedger = new Set();
const deadline = Date.now() + 150_000;
while (Date.now() < deadline) {
  const response = await fetch(`${second.origin}/staff/api/declarations?limit=1000`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const { items } = await response.json();
  for (const item of items) inLedger.add(item.reference);
  if ([...accepted].every((reference) => inLedger.has(reference))) break;
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
second.child.kill('SIGTERM');
await second.exited;

const dead = new Set(select('SELECT reference FROM dead_letters').map((row) => row.reference));
const missing = [...accepted].filter(
  (reference) => !inLedger.has(reference) && !dead.has(reference),
);
console.log(`
Firstline crash test — every 202 must end in the ledger or the dead letters
  declarations sent           ${total}
  answered 202 before kill    ${accepted.size}
  refused while down          ${refusedAfterKill}
  at the kill: in the ledger  ${atKill.declarations}
  at the kill: only in outbox ${atKill.outbox}
  202 found in the ledger     ${[...accepted].filter((reference) => inLedger.has(reference)).length}
  202 found in dead letters   ${[...accepted].filter((reference) => dead.has(reference)).length}
  202 missing                 ${missing.length}${missing.length ? ` (${missing.slice(0, 5).join(', ')}…)` : ''}
${missing.length ? '✗ accepted declarations were lost' : '✓ nothing accepted was lost'}`);
process.exitCode = missing.length ? 1 : 0;
