/**
 * A ledger entry as the staff pages, the JSON API and the export see it: the stored row with its
 * declaration parsed, plus the names of its area and grid.
 */
import type { Risk } from '../../../src/lib/policy';
import type { Declaration } from '../../../src/schemas/declaration';

/** Follow-up states a grid worker records (PRODUCT.md §7). */
export const FOLLOW_UP_STATUSES = [
  'new',
  'contacted',
  'monitoring',
  'cleared',
  'referred',
] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Chinese names of the follow-up states. */
export const STATUS_LABELS: Record<FollowUpStatus, string> = {
  new: '待联系',
  contacted: '已联系',
  monitoring: '居家健康监测中',
  cleared: '已解除监测',
  referred: '已转诊（发热门诊）',
};

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
  declaration: Declaration;
}
