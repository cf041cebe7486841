/**
 * The dashboard (issue 12): the caller's grid (an admin: every grid, or the one asked for) in
 * numbers and server-drawn bar charts — declarations per day by risk, per grid or area, and the
 * people under monitoring today with those who have not reported.
 */
import { addDays } from '../../../src/lib/dates';
import { dashboardCounts, type MonitoredCount, type ReceivedCount } from '../db/dashboard';
import { gridNameOf, type Site } from '../site';
import { scopeOf, todayOf, type Handler } from './context';
import { staffPage } from './render';
import { DashboardView, type DashboardGroup, type RiskCounts } from './views/dashboard';

/** Days the charts go back, today included. */
const DAYS = 14;

const noRisks = (): RiskCounts => ({ high: 0, medium: 0, low: 0 });

/**
 * The groups of the dashboard: every grid for an admin looking at all of them, else the areas of
 * the grid, in community.yaml's order; a group only the ledger knows (an area moved since) too.
 */
function groupsOf(
  site: Site,
  gridId: string | undefined,
  from: string,
  received: readonly ReceivedCount[],
  monitored: readonly MonitoredCount[],
): DashboardGroup[] {
  const keyOf = (row: { grid_id: string; area_id: string }) =>
    gridId === undefined ? row.grid_id : row.area_id;
  const known =
    gridId === undefined
      ? site.community.grids.map((grid) => [grid.id, grid.name] as const)
      : site.community.areas
          .filter((area) => area.grid === gridId)
          .map((area) => [area.id, area.name] as const);
  const groups = new Map<string, DashboardGroup>();
  const group = (key: string, label = key) => {
    let found = groups.get(key);
    if (!found) {
      const filter = gridId === undefined ? { grid: key } : { grid: gridId, area: key };
      found = {
        key,
        label,
        ledger: `/staff/declarations/?${new URLSearchParams({ ...filter, from }).toString()}`,
        worklist: gridId === undefined ? `/staff/?grid=${key}` : '/staff/',
        received: noRisks(),
        monitored: 0,
        missing: 0,
      };
      groups.set(key, found);
    }
    return found;
  };
  for (const [key, label] of known) group(key, label);
  for (const row of received) group(keyOf(row)).received[row.risk] += row.n;
  for (const row of monitored) {
    const found = group(keyOf(row));
    found.monitored += row.monitored;
    found.missing += row.missing;
  }
  return [...groups.values()];
}

export const dashboard: Handler = async ({ env, staff, site, url }) => {
  const asked = url.searchParams.get('grid') ?? '';
  const grids = site.community.grids;
  // A grid worker sees their own grid whatever is asked; an admin may narrow to one grid.
  const gridId = scopeOf(staff) ?? (grids.some((grid) => grid.id === asked) ? asked : undefined);
  const today = todayOf(env);
  const from = addDays(today, -(DAYS - 1));
  const { received, monitored } = await dashboardCounts(env.LEDGER, gridId, { from, today });
  const days = Array.from({ length: DAYS }, (_, index) => {
    const day = addDays(today, -index);
    const counts = noRisks();
    for (const row of received) if (row.day === day) counts[row.risk] += row.n;
    return { day, counts };
  });
  const gridName = gridId === undefined ? undefined : gridNameOf(site, gridId);
  return staffPage(
    env,
    staff,
    '数据看板',
    <DashboardView
      days={days}
      groups={groupsOf(site, gridId, from, received, monitored)}
      groupKind={gridId === undefined ? '网格' : '片区'}
      scope={gridName ?? '全部网格'}
      today={today}
      grids={staff.grid === '*' ? { site, selected: gridId } : undefined}
    />,
  );
};
