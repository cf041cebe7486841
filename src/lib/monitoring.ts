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

/** True on the day after the period: the link still takes the last day's late reading. */
export const isGraceDay = (plan: MonitoringPlan, today: string) => today > plan.ends;

/**
 * The day a reading sent on `today` counts for: today, or the last day of the period on the day
 * of grace (a late reading of day N, never a day N+1 of N).
 */
export const readingDate = (plan: MonitoringPlan, today: string) =>
  isGraceDay(plan, today) ? plan.ends : today;

/**
 * The half-day a reading is for when the person does not say: by the clock (`halfDay`), but the
 * last day's evening on the day of grace — what a late reading is, and never the morning one
 * already given.
 */
export const defaultPeriod = (plan: MonitoringPlan, today: string, halfDay: 'am' | 'pm') =>
  isGraceDay(plan, today) ? 'pm' : halfDay;

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
  // The last day, and the day after it until the grid worker closes the period.
  ending: '监测期满待办结',
  ok: '报告正常',
} as const satisfies Record<WorkStatus, string>;

/** How a grid worker closed a period, in Chinese. */
export const CLOSEOUT_LABELS = {
  completed: '解除监测',
  referred: '已转诊',
  lost: '失联',
} as const satisfies Record<NonNullable<MonitoringPlan['closeout']>, string>;

/**
 * The one rule between the follow-up status and the close-out: a period is closed exactly while
 * the status is one of these (已解除监测, 已转诊, 失联), whichever way it was set — the close-out
 * form, a follow-up, a bulk change. Any other status reopens it.
 */
export const CLOSEOUT_OF_STATUS = {
  cleared: 'completed',
  referred: 'referred',
  lost: 'lost',
} as const satisfies Record<string, NonNullable<MonitoringPlan['closeout']>>;

/** The status a close-out sets (the inverse of {@link CLOSEOUT_OF_STATUS}). */
export const STATUS_OF_CLOSEOUT = {
  completed: 'cleared',
  referred: 'referred',
  lost: 'lost',
} as const satisfies {
  [K in keyof typeof CLOSEOUT_OF_STATUS as (typeof CLOSEOUT_OF_STATUS)[K]]: K;
};
