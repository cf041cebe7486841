/**
 * A ledger entry as the staff pages, the JSON API and the export see it: the stored row checked
 * with the message's zod schemas, plus the names of its area and grid; and its masked projection.
 */
import { maskPerson, type MaskedPerson } from '../../../src/lib/mask';
import { planOf, type MonitoringPlan } from '../../../src/lib/monitoring';
import type { PolicyOutcome, Risk } from '../../../src/lib/policy';
import { SYMPTOM_LABELS, type Declaration } from '../../../src/schemas/declaration';
import type { DeclarationRow } from '../db/ledger';
import { StoredDeclarationSchema, StoredOutcomeSchema } from '../message';
import { gridNameOf, routeOf, type Site } from '../site';

/** Follow-up states a grid worker records (PRODUCT.md §7). */
export const FOLLOW_UP_STATUSES = [
  'new',
  'contacted',
  'monitoring',
  'cleared',
  'referred',
  'lost',
] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Chinese names of the follow-up states. */
export const STATUS_LABELS: Record<FollowUpStatus, string> = {
  new: '待联系',
  contacted: '已联系',
  monitoring: '居家健康监测中',
  cleared: '已解除监测',
  referred: '已转诊（发热门诊）',
  lost: '失联',
};

/** True for a follow-up state the ledger knows. */
export const isFollowUpStatus = (value: string): value is FollowUpStatus =>
  (FOLLOW_UP_STATUSES as readonly string[]).includes(value);

/** One row of the ledger, ready to show or export. */
export interface LedgerEntry {
  reference: string;
  receivedAt: string;
  submittedAt: string;
  revision: number;
  areaId: string;
  areaName: string;
  gridId: string;
  gridName: string;
  risk: Risk;
  status: FollowUpStatus;
  arrivalDate: string;
  monitoringEnds: string | null;
  /** The last day of monitoring with the grid worker's extensions (null: no period). */
  monitoringUntil: string | null;
  /** How and by whom the period was closed, while it is. */
  closeout: { kind: NonNullable<MonitoringPlan['closeout']>; by: string; at: string } | null;
  declaration: Declaration;
  outcome: PolicyOutcome | undefined;
}

/** A stored row as an entry; the JSON columns are checked, not cast. */
export function toEntry(row: DeclarationRow, site: Site): LedgerEntry {
  const { area } = routeOf(site, row.area_id);
  const outcome = StoredOutcomeSchema.safeParse(JSON.parse(row.outcome || 'null'));
  return {
    reference: row.reference,
    receivedAt: row.received_at,
    submittedAt: row.submitted_at,
    revision: row.revision,
    areaId: row.area_id,
    areaName: area?.name ?? row.area_id,
    gridId: row.grid_id,
    gridName: gridNameOf(site, row.grid_id),
    risk: row.risk,
    status: isFollowUpStatus(row.status) ? row.status : 'new',
    arrivalDate: row.arrival_date,
    monitoringEnds: row.monitoring_ends,
    monitoringUntil: row.monitoring_until,
    closeout: row.closeout
      ? { kind: row.closeout, by: row.closeout_by ?? '', at: row.closeout_at ?? '' }
      : null,
    declaration: StoredDeclarationSchema.parse(JSON.parse(row.data)),
    outcome: outcome.success ? outcome.data : undefined,
  };
}

/** What any list, the JSON API and a notification show of an entry: identifiers masked. */
export interface MaskedItem extends MaskedPerson {
  reference: string;
  receivedAt: string;
  revision: number;
  areaId: string;
  gridId: string;
  risk: Risk;
  status: FollowUpStatus;
  arrivalDate: string;
  monitoringEnds: string | null;
}

/** The masked projection of an entry (PRODUCT.md §7). */
export function maskedItem(entry: LedgerEntry): MaskedItem {
  return {
    reference: entry.reference,
    receivedAt: entry.receivedAt,
    revision: entry.revision,
    areaId: entry.areaId,
    gridId: entry.gridId,
    risk: entry.risk,
    status: entry.status,
    arrivalDate: entry.arrivalDate,
    monitoringEnds: entry.monitoringEnds,
    ...maskPerson(entry.declaration),
  };
}

/** The monitoring plan of an entry: its stored outcome with the grid worker's extension and close-out. */
export const planOfEntry = (
  entry: LedgerEntry,
  extendedDays: number,
  closeout: MonitoringPlan['closeout'],
): MonitoringPlan | null =>
  planOf({
    arrivalDate: entry.arrivalDate,
    monitoringEnds: entry.monitoringEnds,
    extendedDays,
    testDays: entry.outcome?.testDays ?? [],
    closeout,
  });

/** The Chinese names of a stored reading's symptoms (a JSON list of the §6 symptom codes). */
export const symptomLabels = (reading: { symptoms: string }): string[] =>
  (JSON.parse(reading.symptoms) as (keyof typeof SYMPTOM_LABELS)[]).map(
    (symptom) => SYMPTOM_LABELS[symptom],
  );
