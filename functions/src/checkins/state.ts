/**
 * Where a check-in link stands: the reference behind it, the monitoring plan, the masked name and
 * the grid, from the ledger row or, while the consumer has not written it yet, the queued message.
 */
import { maskName } from '../../../src/lib/mask';
import { planOf, type MonitoringPlan } from '../../../src/lib/monitoring';
import type { Grid } from '../../../src/schemas/content';
import type { DeclarationRow } from '../db/ledger';
import { linkTarget } from '../db/monitoring';
import { DeclarationMessageSchema, StoredDeclarationSchema, StoredOutcomeSchema } from '../message';
import { gridById, type Site } from '../site';
import { tokenHash } from './link';

/** A link that leads somewhere. */
export interface LinkState {
  reference: string;
  gridId: string;
  grid: Grid | undefined;
  /** `张*`: all the page shows of who it is for. */
  maskedName: string;
  /** Full, for the grid's robot message, which masks them itself. */
  name: string;
  phone: string;
  plan: MonitoringPlan | null;
  /** Whether the ledger has the row yet (else the reading waits for it). */
  inLedger: boolean;
}

function fromRow(row: DeclarationRow): Omit<LinkState, 'grid' | 'maskedName' | 'inLedger'> {
  const declaration = StoredDeclarationSchema.parse(JSON.parse(row.data));
  const outcome = StoredOutcomeSchema.safeParse(JSON.parse(row.outcome || 'null'));
  return {
    reference: row.reference,
    gridId: row.grid_id,
    name: declaration.name,
    phone: declaration.phone,
    plan: planOf({
      arrivalDate: row.arrival_date,
      monitoringEnds: row.monitoring_ends,
      extendedDays: row.extended_days,
      testDays: outcome.success ? outcome.data.testDays : [],
      closeout: row.closeout,
    }),
  };
}

function fromMessage(body: string): Omit<LinkState, 'grid' | 'maskedName' | 'inLedger'> | null {
  const parsed = DeclarationMessageSchema.safeParse(JSON.parse(body));
  if (!parsed.success) return null;
  const { reference, declaration, routing, outcome } = parsed.data;
  return {
    reference,
    gridId: routing.gridId,
    name: declaration.name,
    phone: declaration.phone,
    plan: planOf({
      arrivalDate: declaration.arrivalDate,
      monitoringEnds: outcome.monitoringEnds,
      extendedDays: 0,
      testDays: outcome.testDays,
      closeout: null,
    }),
  };
}

/** The state of the link with secret `token`, or null for a link that leads nowhere. */
export async function stateOfLink(env: Env, site: Site, token: string): Promise<LinkState | null> {
  const target = await linkTarget(env.LEDGER, await tokenHash(token));
  if (!target) return null;
  const found = target.row
    ? fromRow(target.row)
    : target.pending
      ? fromMessage(target.pending)
      : null;
  if (!found) return null;
  return {
    ...found,
    grid: gridById(site, found.gridId),
    maskedName: maskName(found.name),
    inLedger: target.row !== null,
  };
}
