/**
 * Home health monitoring as pure rules (PRODUCT.md §11): the period's days, whether a link takes
 * readings, the next test day, and the worklist's sections.
 */
import { addDays, daysBetween } from './dates';

/** A monitoring period: day 1 is the arrival date, the last day includes any extension. */
export interface MonitoringPlan {
  arrivalDate: string;
  /** The last day of monitoring, `YYYY-MM-DD`. */
  ends: string;
  testDays: readonly string[];
  /** How the grid worker closed it, or null while it runs. */
  closeout: 'completed' | 'referred' | 'lost' | null;
}

/** The plan of a declaration, or null when it has no monitoring period. */
export function planOf(input: {
  arrivalDate: string;
  monitoringEnds: string | null;
  extendedDays: number;
  testDays: readonly string[];
  closeout: MonitoringPlan['closeout'];
}): MonitoringPlan | null {
  if (input.monitoringEnds === null) return null;
  return {
    arrivalDate: input.arrivalDate,
    ends: addDays(input.monitoringEnds, input.extendedDays),
    testDays: input.testDays,
    closeout: input.closeout,
  };
}

/** Day `day` of `days` on `date` (day 1 is the arrival date; outside the period it is < 1 or > days). */
export function dayOf(plan: MonitoringPlan, date: string): { day: number; days: number } {
  return {
    day: daysBetween(plan.arrivalDate, date) + 1,
    days: daysBetween(plan.arrivalDate, plan.ends) + 1,
  };
}

/**
 * Whether a check-in link takes a reading on `today`: not before the arrival day, and until the
 * day after the last one (one day's grace for a late evening reading), unless closed out.
 */
export function linkState(plan: MonitoringPlan, today: string): 'not_started' | 'open' | 'closed' {
  if (plan.closeout !== null || today > addDays(plan.ends, 1)) return 'closed';
  return today < plan.arrivalDate ? 'not_started' : 'open';
}

/** The first test day on or after `today`, or null. */
export function nextTestDate(plan: MonitoringPlan, today: string): string | null {
  return plan.testDays.find((day) => day >= today) ?? null;
}

/**
 * Where a person stands on the worklist of a day, most urgent first (PRODUCT.md §11); the rule
 * that places them is one SQL query (functions/src/db/monitoring.ts `worklistQuery`).
 */
export const WORK_STATUSES = ['alert', 'missing', 'test_due', 'ending', 'ok'] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];

/** Chinese headings of the worklist's sections. */
export const WORK_STATUS_LABELS = {
  alert: '需要马上处理',
  missing: '今天还没报告',
  test_due: '今天要做核酸',
  ending: '今天监测期满',
  ok: '报告正常',
} as const satisfies Record<WorkStatus, string>;
