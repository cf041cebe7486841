/**
 * SQL of the dashboard (issue 12): declarations received per day, area and risk over the last
 * days, and the people under monitoring today with those who have not reported yet, per area.
 * Small groups counted in D1, each from an index (functions/test/query-plan.unit.test.ts).
 */
import { shanghaiDayStart } from '../../../src/lib/dates';
import { monitoringIndex, UNDER_MONITORING } from './monitoring';

/** Declarations received on one Asia/Shanghai day in one area with one risk. */
export interface ReceivedCount {
  day: string;
  grid_id: string;
  area_id: string;
  risk: 'high' | 'medium' | 'low';
  n: number;
}

/** People under monitoring today in one area, and how many of them have not reported. */
export interface MonitoredCount {
  grid_id: string;
  area_id: string;
  monitored: number;
  missing: number;
}

/**
 * The SQL counting declarations received from the day `from` on, in `gridId` (all grids when
 * undefined), by Shanghai day (received_at is a UTC instant; Shanghai is UTC+8 all year), area
 * and risk. Exported for the query-plan test.
 */
export function receivedQuery(gridId: string | undefined, from: string) {
  const since = shanghaiDayStart(from).toISOString();
  return {
    sql: `SELECT date(received_at, '+8 hours') AS day, grid_id, area_id, risk, count(*) AS n
      FROM declarations WHERE ${gridId === undefined ? '' : 'grid_id = ?2 AND'} received_at >= ?1
      GROUP BY day, grid_id, area_id, risk`,
    values: gridId === undefined ? [since] : [since, gridId],
  };
}

/**
 * The SQL counting the people under monitoring on `date` in `gridId` (all grids when undefined)
 * by area, with those who have no reading that day (a look-up of the readings' own key each).
 * Exported for the query-plan test.
 */
export function monitoredQuery(gridId: string | undefined, date: string) {
  return {
    sql: `SELECT d.grid_id, d.area_id, count(*) AS monitored,
        sum(NOT EXISTS (SELECT 1 FROM checkins c WHERE c.reference = d.reference AND c.date = ?1))
          AS missing
      FROM declarations d INDEXED BY ${monitoringIndex(gridId)}
      WHERE ${gridId === undefined ? '' : 'd.grid_id = ?2 AND'} ${UNDER_MONITORING}
      GROUP BY d.grid_id, d.area_id`,
    values: gridId === undefined ? [date] : [date, gridId],
  };
}

/** Both counts of the dashboard, asked at once. */
export async function dashboardCounts(
  db: D1Database,
  gridId: string | undefined,
  { from, today }: { from: string; today: string },
): Promise<{ received: ReceivedCount[]; monitored: MonitoredCount[] }> {
  const received = receivedQuery(gridId, from);
  const monitored = monitoredQuery(gridId, today);
  const [days, people] = await Promise.all([
    db
      .prepare(received.sql)
      .bind(...received.values)
      .all<ReceivedCount>(),
    db
      .prepare(monitored.sql)
      .bind(...monitored.values)
      .all<MonitoredCount>(),
  ]);
  return { received: days.results, monitored: people.results };
}
