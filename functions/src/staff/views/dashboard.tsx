/**
 * The dashboard (issue 12): the headline numbers, declarations per day by risk over the last two
 * weeks, per grid (per area for a grid worker), and the people under monitoring today with those
 * who have not reported yet. Pictures drawn on the server (./bar-chart.tsx).
 */
import type { Site } from '../../site';
import { GridSelect } from './common';
import { BarChart, ChartPatterns, type BarRow, type BarSeries } from './bar-chart';

/** Counts by risk. */
export interface RiskCounts {
  high: number;
  medium: number;
  low: number;
}

/** One grid (admin) or area (grid worker) of the dashboard. */
export interface DashboardGroup {
  key: string;
  label: string;
  /** The ledger and the worklist of this group. */
  ledger: string;
  worklist: string;
  received: RiskCounts;
  monitored: number;
  missing: number;
}

/** What the dashboard shows. */
export interface DashboardProps {
  /** `YYYY-MM-DD`, newest first, with their counts. */
  days: readonly { day: string; counts: RiskCounts }[];
  groups: readonly DashboardGroup[];
  /** What a group is: 网格 or 片区. */
  groupKind: '网格' | '片区';
  /** The scope in words: 全部网格, or a grid's name. */
  scope: string;
  today: string;
  /** Admins may narrow to one grid: the site's grids and the one chosen. */
  grids?: { site: Site; selected: string | undefined } | undefined;
}

const RISKS: readonly BarSeries[] = [
  { key: 'high', label: '高风险', short: '高', pattern: 'high' },
  { key: 'medium', label: '中风险', short: '中', pattern: 'medium' },
  { key: 'low', label: '低风险', short: '低', pattern: 'low' },
];

const REPORTS: readonly BarSeries[] = [
  { key: 'missing', label: '今天还没报告', short: '未报告', pattern: 'todo' },
  { key: 'reported', label: '今天已报告', short: '已报告', pattern: 'done' },
];

const WEEKDAYS = '日一二三四五六';

/** `12月3日 周三`. */
function dayLabel(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, date)).getUTCDay()] ?? '';
  return `${month}月${date}日 周${weekday}`;
}

const sum = (counts: RiskCounts) => counts.high + counts.medium + counts.low;

/** The dashboard page. */
export function DashboardView(props: DashboardProps) {
  const { days, groups, groupKind, scope, today, grids } = props;
  const received = days.reduce(
    (all, { counts }) => ({
      high: all.high + counts.high,
      medium: all.medium + counts.medium,
      low: all.low + counts.low,
    }),
    { high: 0, medium: 0, low: 0 },
  );
  const monitored = groups.reduce((all, group) => all + group.monitored, 0);
  const missing = groups.reduce((all, group) => all + group.missing, 0);
  const first = days.at(-1)?.day ?? today;
  const dayRows: BarRow[] = days.map(({ day, counts }, index) => ({
    key: day,
    label: `${dayLabel(day)}${['（今天）', '（昨天）'][index] ?? ''}`,
    href: `/staff/declarations/?${new URLSearchParams({
      ...(grids?.selected && { grid: grids.selected }),
      from: day,
      to: day,
    }).toString()}`,
    values: { ...counts },
  }));
  const groupRows: BarRow[] = groups.map((group) => ({
    key: group.key,
    label: group.label,
    href: group.ledger,
    values: { ...group.received },
  }));
  const monitoringRows: BarRow[] = groups
    .filter((group) => group.monitored > 0)
    .map((group) => ({
      key: group.key,
      label: group.label,
      href: group.worklist,
      values: { missing: group.missing, reported: group.monitored - group.missing },
    }));
  return (
    <>
      <h1>数据看板</h1>
      <p>
        {scope}，截至今天（{dayLabel(today)}）。点名称可以看对应的台账或今日工作。
      </p>
      {grids && (
        <form class="filters dashboard-filter" method="get" action="/staff/dashboard/">
          <GridSelect site={grids.site} selected={grids.selected} all="全部网格" />
          <div>
            <button class="button" type="submit">
              查看
            </button>
          </div>
        </form>
      )}
      <ul class="tiles">
        <li>
          <strong>{sum(received)}</strong> 近14天报备
          <span class="meta">
            高风险 {received.high} · 中风险 {received.medium} · 低风险 {received.low}
          </span>
        </li>
        <li>
          <strong>{monitored}</strong> 正在居家健康监测
        </li>
        <li class={missing > 0 ? 'todo' : undefined}>
          <strong>{missing}</strong> 今天还没报告
          <span class="meta">
            <a href="/staff/">去今日工作逐个联系</a>
          </span>
        </li>
      </ul>
      <ChartPatterns />
      <div class="charts">
        <BarChart
          id="per-day"
          title="每天新增报备（按风险）"
          note={`近14天，从${dayLabel(first)}起，最新的在上面。`}
          series={RISKS}
          rows={dayRows}
        />
        <div>
          <BarChart
            id="per-group"
            title={`各${groupKind}近14天报备（按风险）`}
            series={RISKS}
            rows={groupRows}
          />
          <BarChart
            id="monitoring"
            title={`各${groupKind}正在居家健康监测的人`}
            note={
              monitoringRows.length
                ? '带斜格的是今天还没有报告体温的人。'
                : '今天没有人在居家健康监测。'
            }
            series={REPORTS}
            rows={monitoringRows}
          />
        </div>
      </div>
    </>
  );
}
