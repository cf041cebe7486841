/**
 * A declaration's home monitoring for the grid worker: each day's readings, the call button, the
 * form to record a reading taken by phone, at the door or from the paper card, and the close-out.
 */
import { addDays, chineseDate, shanghaiMinute } from '../../../../src/lib/dates';
import {
  CLOSEOUT_LABELS,
  dayOf,
  linkState,
  type MonitoringPlan,
} from '../../../../src/lib/monitoring';
import {
  CHECKIN_FIELD_LABELS,
  METHOD_LABELS,
  PERIOD_LABELS,
  TEST_RESULT_LABELS,
} from '../../../../src/schemas/checkin';
import { SYMPTOM_LABELS, SYMPTOMS } from '../../../../src/schemas/declaration';
import type { ReadingRow } from '../../db/monitoring';
import { symptomLabels, type LedgerEntry } from '../entry';
import { CallButton } from './worklist';

type Issue = { path: string; message: string };

/** What the monitoring section shows. */
export interface MonitoringProps {
  entry: LedgerEntry;
  plan: MonitoringPlan | null;
  closedBy: string | null;
  closedAt: string | null;
  readings: readonly ReadingRow[];
  today: string;
  /** The reading form as sent, with its problems. */
  readingForm?: { values: Record<string, string>; issues: readonly Issue[] } | undefined;
  closeIssues?: readonly Issue[] | undefined;
}

function readingText(reading: ReadingRow | undefined): string {
  if (!reading) return '—';
  const parts = [`${reading.temperature}℃`, ...symptomLabels(reading)];
  if (reading.test_result) parts.push(`核酸${TEST_RESULT_LABELS[reading.test_result]}`);
  if (reading.method !== 'self') parts.push(`（${METHOD_LABELS[reading.method]}）`);
  return parts.join(' ');
}

function Errors({ issues }: { issues: readonly Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <h3>请修改以下问题</h3>
      <ul>
        {issues.map((issue) => (
          <li key={issue.path}>{issue.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** The section, with id `monitoring` for the forms to return to. */
export function Monitoring({
  entry,
  plan,
  closedBy,
  closedAt,
  readings,
  today,
  readingForm,
  closeIssues,
}: MonitoringProps) {
  if (!plan) {
    return (
      <section id="monitoring">
        <h2>健康监测</h2>
        <p>不需要健康监测。</p>
      </section>
    );
  }
  const { day, days } = dayOf(plan, today);
  const dates = Array.from({ length: days }, (_, index) => addDays(plan.arrivalDate, index));
  const find = (date: string, period: 'am' | 'pm') =>
    readings.find((reading) => reading.date === date && reading.period === period);
  const values = readingForm?.values ?? {};
  const open = linkState(plan, today) !== 'closed';
  const recordable = dates.filter((date) => date <= today);
  return (
    <section id="monitoring" aria-labelledby="monitoring-title">
      <h2 id="monitoring-title">健康监测</h2>
      <p>
        {chineseDate(plan.arrivalDate)} 到 {chineseDate(plan.ends)}，共 {days} 天
        {day >= 1 && day <= days ? `，今天第 ${day} 天` : ''}。加粗的是核酸检测日。
        {!plan.closeout && today > plan.ends && <strong>监测期已满，请在下面办结。</strong>}
      </p>
      {plan.closeout && (
        <p class="callout">
          已办结：{CLOSEOUT_LABELS[plan.closeout]}
          {closedBy ? `（${closedBy}，${closedAt ? shanghaiMinute(closedAt) : ''}）` : ''}
        </p>
      )}
      {/* A div: the call button is a form, which a <p> cannot hold. */}
      <div class="actions">
        <CallButton reference={entry.reference} label="拨打本人电话" />
        <a class="button secondary" href={`/staff/declarations/${entry.reference}/card/`}>
          打印纸质记录卡
        </a>
      </div>
      <table class="readings-table">
        <thead>
          <tr>
            <th scope="col">天</th>
            <th scope="col">日期</th>
            <th scope="col">上午</th>
            <th scope="col">下午</th>
          </tr>
        </thead>
        <tbody>
          {dates.map((date, index) => {
            const am = find(date, 'am');
            const pm = find(date, 'pm');
            const classes = [
              plan.testDays.includes(date) ? 'test' : '',
              date === today ? 'today' : '',
              am?.alert || pm?.alert ? 'alert' : '',
            ].filter(Boolean);
            return (
              <tr key={date} class={classes.join(' ') || undefined}>
                <th scope="row">{index + 1}</th>
                <td>
                  <span class="date">{date.slice(5)}</span>
                  {plan.testDays.includes(date) ? ' 检测' : ''}
                  {date === today ? '（今天）' : ''}
                </td>
                <td>
                  {readingText(am)}
                  {am?.alert ? ' ⚠异常' : ''}
                </td>
                <td>
                  {readingText(pm)}
                  {pm?.alert ? ' ⚠异常' : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {open && recordable.length > 0 && (
        <form
          class="record"
          method="post"
          action={`/staff/declarations/${entry.reference}/checkins`}
        >
          <h3>代为记录体温</h3>
          <p class="meta">给没有智能手机的人打电话、上门，或者把纸质卡片上的记录补录进来。</p>
          <Errors issues={readingForm?.issues ?? []} />
          <div class="filters">
            <div>
              <label for="r-method">怎么了解到的</label>
              <select id="r-method" name="method">
                {(['phone', 'visit', 'card'] as const).map((method) => (
                  <option key={method} value={method} selected={values['method'] === method}>
                    {METHOD_LABELS[method]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="r-date">日期</label>
              <select id="r-date" name="date">
                {recordable.map((date, index) => (
                  <option key={date} value={date} selected={(values['date'] ?? today) === date}>
                    第{index + 1}天 {date.slice(5)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="r-period">{CHECKIN_FIELD_LABELS.period}</label>
              <select id="r-period" name="period">
                {(['am', 'pm'] as const).map((period) => (
                  <option key={period} value={period} selected={values['period'] === period}>
                    {PERIOD_LABELS[period]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="r-temperature">体温（℃）</label>
              <input
                id="r-temperature"
                name="temperature"
                inputMode="decimal"
                maxLength={5}
                value={values['temperature'] ?? ''}
              />
            </div>
            <div>
              <label for="r-test">{CHECKIN_FIELD_LABELS.testResult}</label>
              <select id="r-test" name="testResult">
                <option value="">没有检测</option>
                {Object.entries(TEST_RESULT_LABELS).map(([value, label]) => (
                  <option key={value} value={value} selected={values['testResult'] === value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset class="symptoms">
            <legend>{CHECKIN_FIELD_LABELS.symptoms}（没有就不选）</legend>
            {SYMPTOMS.map((symptom) => (
              <label key={symptom} class="inline">
                <input type="checkbox" name="symptoms" value={symptom} /> {SYMPTOM_LABELS[symptom]}
              </label>
            ))}
          </fieldset>
          <div class="filters">
            <div class="wide">
              <label for="r-note">备注（选填）</label>
              <input id="r-note" name="note" maxLength={200} value={values['note'] ?? ''} />
            </div>
          </div>
          <button class="button" type="submit">
            保存这次记录
          </button>
        </form>
      )}
      {!plan.closeout && (
        <form
          class="record"
          method="post"
          action={`/staff/declarations/${entry.reference}/close-out`}
        >
          <h3>结束或延长健康监测</h3>
          <Errors issues={closeIssues ?? []} />
          <fieldset>
            <legend>办结方式</legend>
            <label class="inline">
              <input type="radio" name="outcome" value="completed" /> 期满，解除监测
            </label>
            <label class="inline">
              <input type="radio" name="outcome" value="extended" /> 延长监测
            </label>
            <label class="inline">
              <input type="radio" name="outcome" value="referred" /> 已转诊（发热门诊）
            </label>
            <label class="inline">
              <input type="radio" name="outcome" value="lost" /> 失联
            </label>
          </fieldset>
          <div class="filters">
            <div>
              <label for="c-days">延长几天（只在延长时填）</label>
              <input id="c-days" name="days" inputMode="numeric" maxLength={2} />
            </div>
            <div>
              <label for="c-note">说明（选填）</label>
              <input id="c-note" name="note" maxLength={500} />
            </div>
          </div>
          <button class="button secondary" type="submit">
            保存办结情况
          </button>
        </form>
      )}
    </section>
  );
}
