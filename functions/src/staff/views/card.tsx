/**
 * The paper card for a returnee without a smartphone (PRODUCT.md §11): masked name, reference,
 * each day's date with morning and evening boxes, test days marked, the grid worker's phone and a
 * QR code of the check-in link. Prints on one A4 or A5 sheet (`?size=a5`); readings already in
 * are filled in, with their symptoms and test results.
 */
import { addDays, chineseDate } from '../../../../src/lib/dates';
import { dayOf, type MonitoringPlan } from '../../../../src/lib/monitoring';
import { qrSvg } from '../../../../src/lib/qr';
import { TEST_RESULT_LABELS } from '../../../../src/schemas/checkin';
import type { Grid } from '../../../../src/schemas/content';
import type { ReadingRow } from '../../db/monitoring';
import { maskedItem, symptomLabels, type LedgerEntry } from '../entry';

/** The paper sizes the card is laid out for (src/styles/staff.css names a page for each). */
export type CardSize = 'a4' | 'a5';

interface Props {
  entry: LedgerEntry;
  plan: MonitoringPlan | null;
  readings: readonly ReadingRow[];
  link: string | null;
  grid: Grid | undefined;
  dutyPhone: string;
  /** The policy's fever threshold (℃), when it has one. */
  threshold: number | undefined;
  size: CardSize;
}

/** What a day's readings say besides the temperatures: symptoms, the test, or that one is due. */
function dayNotes(dayReadings: readonly ReadingRow[], testDay: boolean): string {
  const symptoms = new Set(dayReadings.flatMap(symptomLabels));
  const tests = dayReadings.flatMap((reading) =>
    reading.test_result ? [TEST_RESULT_LABELS[reading.test_result]] : [],
  );
  const notes = [...symptoms];
  if (tests.length > 0) notes.push(`核酸${[...new Set(tests)].join('、')}`);
  else if (testDay) notes.push('检测');
  return notes.join('，');
}

/** The printable card. */
export function CardView({ entry, plan, readings, link, grid, dutyPhone, threshold, size }: Props) {
  if (!plan) return <h1>这条报备不需要健康监测</h1>;
  const { days } = dayOf(plan, plan.ends);
  const dates = Array.from({ length: days }, (_, index) => addDays(plan.arrivalDate, index));
  const reading = (date: string, period: 'am' | 'pm') =>
    readings.find((item) => item.date === date && item.period === period);
  const temperature = (date: string, period: 'am' | 'pm') => {
    const found = reading(date, period);
    return found ? `${found.temperature}` : '';
  };
  const here = `/staff/declarations/${entry.reference}/card/`;
  const fever = threshold === undefined ? '发烧' : `体温${threshold}℃及以上`;
  return (
    // Longer than 16 days (an extension): smaller rows, so 21 days still fit one sheet.
    <article class={`card-sheet size-${size}${days > 16 ? ' long' : ''}`}>
      <p class="no-print actions">
        <a href={`/staff/declarations/${entry.reference}/#monitoring`}>← 返回报备</a>
        <span class="meta">
          现在按 {size === 'a5' ? 'A5' : 'A4'} 纸排版：
          {size === 'a5' ? (
            <a href={here}>改为 A4 纸</a>
          ) : (
            <a href={`${here}?size=a5`}>改为 A5 纸</a>
          )}
          。用浏览器的“打印”（手机在菜单里，电脑按 Ctrl+P），纸张选同样大小。
        </span>
      </p>
      {!link && (
        <p class="no-print callout warn">
          这张卡片上没有二维码：服务器缺少 CHECKIN_SECRET 设置，请管理员按“今日工作”页上的说明开通。
        </p>
      )}
      <header class="card-head">
        <div>
          <h1>居家健康监测记录卡</h1>
          <p>
            {maskedItem(entry).name} · 回执编号 <strong>{entry.reference}</strong>
          </p>
          <p>
            {chineseDate(plan.arrivalDate)} 到 {chineseDate(plan.ends)}，共 {days}{' '}
            天。每天早晚各量一次体温，写在格子里；
            <strong>“检测”</strong>那天做核酸。
          </p>
          <p>
            网格员 {grid?.leader ?? ''}：{grid?.phone ?? dutyPhone}（{fever}或有不舒服，马上打电话）
          </p>
        </div>
        {link && (
          <figure class="card-qr">
            {/* Our own SVG from the link: no resident's text goes into it. */}
            <div dangerouslySetInnerHTML={{ __html: qrSvg(link, '扫码报告今天的体温') }} />
            <figcaption>有智能手机的家人可以扫码报告</figcaption>
          </figure>
        )}
      </header>
      <table class="card-table">
        <thead>
          <tr>
            <th scope="col">第几天</th>
            <th scope="col">日期</th>
            <th scope="col">上午体温</th>
            <th scope="col">下午体温</th>
            <th scope="col">不舒服 / 检测</th>
          </tr>
        </thead>
        <tbody>
          {dates.map((date, index) => {
            const testDay = plan.testDays.includes(date);
            const dayReadings = readings.filter((item) => item.date === date);
            return (
              <tr key={date} class={testDay ? 'test' : undefined}>
                <th scope="row">第{index + 1}天</th>
                <td>{chineseDate(date).slice(5)}</td>
                <td>{temperature(date, 'am')}</td>
                <td>{temperature(date, 'pm')}</td>
                <td>{dayNotes(dayReadings, testDay)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
}
