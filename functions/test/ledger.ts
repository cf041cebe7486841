/**
 * Reading the ledger in tests, waiting for the queue consumer to have written a row, and writing
 * rows straight in for tests that need them on other days.
 */
import { env } from 'cloudflare:test';
import { vi } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { formatReference, luhnDigit } from '../../src/lib/reference';
import { upsertStatement, type DeclarationRow } from '../src/db/ledger';
import { StoredDeclarationSchema } from '../src/message';
import { declaration } from './fixtures';

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

/** A ledger row to write straight into D1, as the consumer would; unset fields get defaults. */
export interface Seed {
  areaId?: string;
  /** Defaults to the area's grid in content/community.yaml. */
  gridId?: string;
  risk?: 'high' | 'medium' | 'low';
  /** The instant the declaration was received (ISO), default now. */
  receivedAt?: string;
  arrivalDate?: string;
  /** Null for no monitoring period; default 13 days after arrival. */
  monitoringEnds?: string | null;
  status?: string;
  closeout?: 'completed' | 'referred' | 'lost';
  name?: string;
  phone?: string;
  idNumber?: string;
}

const GRID_OF_AREA: Record<string, string> = {
  'dongshan-1': 'grid-1',
  'dongshan-2': 'grid-1',
  'dongshan-3': 'grid-1',
  'xixi-1': 'grid-2',
  'xixi-2': 'grid-2',
  nantang: 'grid-3',
  'qinghe-garden': 'grid-4',
  'hexiang-yuan': 'grid-5',
  'laojie-xincun': 'grid-5',
};

let seeded = 0;

/**
 * Writes `seed` into the ledger with the consumer's own statement (and its status or close-out
 * after), so a test can place declarations on any day; returns the new reference.
 */
export async function seedDeclaration(seed: Seed = {}): Promise<string> {
  seeded += 1;
  const body = String(70_000_000 + seeded * 7919);
  const reference = formatReference(body + String(luhnDigit(body)));
  const areaId = seed.areaId ?? 'dongshan-1';
  const receivedAt = seed.receivedAt ?? new Date().toISOString();
  const arrivalDate = seed.arrivalDate ?? shanghaiDate(new Date(receivedAt));
  const monitoringEnds =
    seed.monitoringEnds === undefined ? addDays(arrivalDate, 13) : seed.monitoringEnds;
  const risk = seed.risk ?? 'low';
  const person = StoredDeclarationSchema.parse(
    declaration({
      areaId,
      arrivalDate,
      departureDate: addDays(arrivalDate, -1),
      ...(seed.name && { name: seed.name }),
      ...(seed.phone && { phone: seed.phone }),
      ...(seed.idNumber && { idNumber: seed.idNumber }),
    }),
  );
  const testDays = monitoringEnds ? [arrivalDate, addDays(arrivalDate, 6)] : [];
  await env.LEDGER.batch([
    upsertStatement(
      env.LEDGER,
      {
        v: 1,
        reference,
        receivedAt,
        submittedAt: receivedAt,
        declaration: person,
        routing: { areaId, gridId: seed.gridId ?? GRID_OF_AREA[areaId] ?? 'grid-1' },
        outcome: {
          risk,
          reasons: [],
          measures: monitoringEnds ? ['请居家健康监测14天，每天早晚各量一次体温'] : [],
          monitoringDays: monitoringEnds ? 14 : 0,
          testDays,
          monitoringEnds,
        },
      },
      addDays(monitoringEnds ?? arrivalDate, 30),
    ),
    env.LEDGER.prepare(
      'UPDATE declarations SET status = ?2, closeout = ?3, closeout_at = ?4 WHERE reference = ?1',
    ).bind(
      reference,
      seed.status ?? 'new',
      seed.closeout ?? null,
      seed.closeout ? receivedAt : null,
    ),
  ]);
  return reference;
}
