// Bench helpers: the declaration path under load, against a trivial Worker in the same session
// (PRODUCT.md §12 / issue 15): accepted per second, latency, and how fast the consumer fills the
// ledger during and after the burst.
import { fileURLToPath } from 'node:url';
import { clientAddress, pool, validDeclaration } from '../declarations.mjs';

export const HELLO_CONFIG = fileURLToPath(new URL('hello/wrangler.jsonc', import.meta.url));
export const FLOOR_CONFIG = fileURLToPath(new URL('floor/wrangler.jsonc', import.meta.url));

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/**
 * POSTs `count` new declarations to `origin` with `concurrency` connections; resolves to
 * `{ accepted, perSecond, p50, p99, seconds, startedAt, endedAt }` (latencies in ms).
 */
export async function burst(origin, { count, concurrency, run }) {
  const latencies = [];
  let accepted = 0;
  const startedAt = performance.now();
  await pool(count, concurrency, async (index) => {
    const begin = performance.now();
    const response = await fetch(`${origin}/api/declarations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': clientAddress(index) },
      body: JSON.stringify(validDeclaration(index, { run })),
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - begin);
    if (response.status === 202) accepted++;
  });
  const endedAt = performance.now();
  const seconds = (endedAt - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    accepted,
    perSecond: accepted / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    seconds,
    startedAt,
    endedAt,
  };
}

/** How many rows the ledger holds, through the staff API. */
export async function ledgerRows(origin, token) {
  const response = await fetch(`${origin}/staff/api/declarations?limit=1`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return (await response.json()).total;
}

/**
 * Runs `burst` while counting ledger rows every 500 ms, then waits (at most `waitMs`) until all
 * accepted declarations are in; resolves to the burst's figures plus `{ duringPerSecond,
 * afterPerSecond, lagSeconds }`.
 */
export async function burstWithConsumer(origin, token, options, waitMs = 180_000) {
  const before = await ledgerRows(origin, token);
  const running = burst(origin, options);
  const result = await running;
  const atEnd = (await ledgerRows(origin, token)) - before;
  let rows = atEnd;
  const deadline = performance.now() + waitMs;
  while (rows < result.accepted && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    rows = (await ledgerRows(origin, token)) - before;
  }
  const lagSeconds = (performance.now() - result.endedAt) / 1000;
  return {
    ...result,
    rows,
    duringPerSecond: atEnd / result.seconds,
    afterPerSecond: lagSeconds > 0 ? (rows - atEnd) / lagSeconds : 0,
    lagSeconds,
  };
}
