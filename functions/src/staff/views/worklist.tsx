/**
 * Today's worklist (PRODUCT.md §11): everyone under monitoring in the worker's grid, in sections
 * from "needs action now" to "reported normal", each a compact row with one tap to call.
 */
import { addDays, chineseDate } from '../../../../src/lib/dates';
import {
  WORK_STATUS_LABELS,
  WORK_STATUSES,
  type MonitoringPlan,
  type WorkStatus,
} from '../../../../src/lib/monitoring';
import { PERIOD_LABELS } from '../../../../src/schemas/checkin';
import { maskedItem, type LedgerEntry } from '../entry';
import { RiskTag } from './common';

/** One person on the worklist of a day. */
export interface WorkItem {
  entry: LedgerEntry;
  plan: MonitoringPlan;
  readings: readonly { period: 'am' | 'pm'; temperature: number; alert: boolean }[];
  status: WorkStatus;
  day: number;
  days: number;
  /** On the day after the period (its day of grace), not closed out yet. */
  over?: boolean;
}

/** What an operator must fix for the worklist to be whole. */
export interface WorklistProblems {
  /** CHECKIN_SECRET is missing: receipts carry no check-in link. */
  noCheckinLinks: boolean;
  /** Alerts the grid's robot has not taken yet (retried). */
  undelivered: number;
}

function Problems({ problems }: { problems: WorklistProblems }) {
  if (!problems.noCheckinLinks && problems.undelivered === 0) return null;
  return (
    <div class="callout warn" role="alert">
      {problems.noCheckinLinks && (
        <p>
          <strong>健康报告链接没有开通：</strong>
          服务器缺少 CHECKIN_SECRET
          设置，回执上没有“今日健康报告”链接，纸质卡片上也没有二维码。请管理员运行{' '}
          <code>npx wrangler secret put CHECKIN_SECRET --config functions/wrangler.jsonc</code>
          （填一串32位以上的随机字符）。
        </p>
      )}
      {problems.undelivered > 0 && (
        <p>
          <strong>有 {problems.undelivered} 条异常提醒还没发到工作群</strong>
          ，系统会自动重发。请检查工作群机器人是否正常，并先看下面“需要马上处理”的人。
        </p>
      )}
    </div>
  );
}

/** The call button: a form post, so the number is revealed (and audited) only when used. */
export function CallButton({ reference, label }: { reference: string; label: string }) {
  return (
    <form method="post" action={`/staff/declarations/${reference}/call`} class="call-form">
      <button class="button call" type="submit" aria-label={label}>
        拨打
      </button>
    </form>
  );
}

function Row({ item }: { item: WorkItem }) {
  const { entry } = item;
  const masked = maskedItem(entry);
  // On the day after the period, the readings shown are the last day's.
  const readings = item.readings.length
    ? `${item.over ? '最后一天：' : ''}${item.readings
        .map(
          (reading) =>
            `${PERIOD_LABELS[reading.period]} ${reading.temperature}℃${reading.alert ? '（异常）' : ''}`,
        )
        .join('，')}`
    : item.over
      ? '最后一天没有报告'
      : '今天还没有报告';
  return (
    <li class={`work-row status-${item.status}`}>
      <div class="who">
        <a class="ref" href={`/staff/declarations/${entry.reference}/`}>
          {masked.name}
        </a>{' '}
        <RiskTag risk={entry.risk} />
        <span class="meta">
          {entry.areaName} · 第 {item.day}/{item.days} 天{item.over ? '（已期满）' : ''} ·{' '}
          {entry.reference}
        </span>
        <span class="readings">{readings}</span>
      </div>
      <CallButton reference={entry.reference} label={`拨打 ${masked.name} 的电话`} />
    </li>
  );
}

/** The day's sections, with their counts, most urgent first. */
export function WorklistView({
  items,
  sizes,
  date,
  problems,
}: {
  items: readonly WorkItem[];
  /** Each section's size; a section shows at most its first 50 people. */
  sizes: Partial<Record<WorkStatus, number>>;
  date: string;
  problems: WorklistProblems;
}) {
  const total = WORK_STATUSES.reduce((sum, status) => sum + (sizes[status] ?? 0), 0);
  return (
    <>
      <h1>今日工作 · {chineseDate(date)}</h1>
      <p class="actions">
        <a href={`/staff/?date=${addDays(date, -1)}`}>← 前一天</a>
        <a href={`/staff/?date=${addDays(date, 1)}`}>后一天 →</a>
        <a href="/staff/declarations/">全部报备台账</a>
      </p>
      <Problems problems={problems} />
      <p role="status">
        居家健康监测中 {total} 人：
        {WORK_STATUSES.map((status) => `${WORK_STATUS_LABELS[status]} ${sizes[status] ?? 0}`).join(
          '，',
        )}
        。点“拨打”会显示完整号码并记入操作记录。
      </p>
      {WORK_STATUSES.map((status) => {
        const section = items.filter((item) => item.status === status);
        if (section.length === 0) return null;
        return (
          <section key={status} aria-labelledby={`work-${status}`}>
            <h2 id={`work-${status}`}>
              {WORK_STATUS_LABELS[status]}（{sizes[status] ?? section.length}）
            </h2>
            <ul class="work-list">
              {section.map((item) => (
                <Row key={item.entry.reference} item={item} />
              ))}
            </ul>
            {(sizes[status] ?? 0) > section.length && (
              <p class="meta">
                只列出前 {section.length} 人。请按网格、片区查看，或到
                <a href={`/staff/declarations/?arrivalTo=${date}&sort=urgency`}>报备台账</a>
                按紧急程度排列。
              </p>
            )}
          </section>
        );
      })}
      {total === 0 && <p class="callout">这一天没有需要居家健康监测的人。</p>}
    </>
  );
}
