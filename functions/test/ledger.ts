/** Reading the ledger in tests, and waiting for the queue consumer to have written a row. */
import { env } from 'cloudflare:test';
import { vi } from 'vitest';
import type { DeclarationRow } from '../src/db/ledger';

/** The ledger row of `reference`, or null. */
export function ledgerRow(reference: string): Promise<DeclarationRow | null> {
  return env.LEDGER.prepare('SELECT * FROM declarations WHERE reference = ?')
    .bind(reference)
    .first<DeclarationRow>();
}

/** Waits until the queue consumer has written `reference` into the ledger. */
export function consumed(reference: string): Promise<DeclarationRow> {
  return vi.waitFor(
    async () => {
      const row = await ledgerRow(reference);
      if (!row) throw new Error('not in the ledger yet');
      return row;
    },
    { timeout: 10_000, interval: 100 },
  );
}

/** Counts rows of a table. */
export async function count(table: string, where = '1 = 1', ...values: unknown[]): Promise<number> {
  const row = await env.LEDGER.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...values)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
