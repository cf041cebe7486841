/**
 * The dashboard in workerd (issue 12): its numbers are the seeded ledger's, counted by Shanghai
 * day, and a grid worker's count only their own grid.
 */
import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, test } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { saveReading } from '../src/db/monitoring';
import { seedDeclaration } from './ledger';

const SITE = 'https://firstline.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const GRID_2 = { Authorization: 'Bearer test-grid-2-token' };
const today = shanghaiDate();
const day = (offset: number) => addDays(today, offset);
// 02:00 UTC is 10:00 in Shanghai; 15:30 UTC is 23:30 the same day; 16:30 UTC is the next day.
const at = (offset: number, time = '02:00') => `${day(offset)}T${time}:00.000Z`;

async function reading(reference: string, date: string): Promise<void> {
  await saveReading(env.LEDGER, {
    reference,
    date,
    period: 'am',
    temperature: 36.4,
    symptoms: '[]',
    test_result: null,
    note: '',
    alert: 0,
    method: 'self',
    recorded_by: null,
    at: new Date().toISOString(),
  });
}

beforeAll(async () => {
  // Grid 2 (西溪村): five declarations in the last 14 days, three people under monitoring today.
  const highToday = await seedDeclaration({ areaId: 'xixi-1', risk: 'high', receivedAt: at(0) });
  await reading(highToday, day(-1));
  const lowYesterday = await seedDeclaration({
    areaId: 'xixi-1',
    risk: 'low',
    receivedAt: at(-1, '15:30'),
    arrivalDate: day(-1),
  });
  await reading(lowYesterday, today);
  await seedDeclaration({
    areaId: 'xixi-2',
    risk: 'medium',
    receivedAt: at(-1, '16:30'),
    arrivalDate: today,
  });
  await seedDeclaration({ areaId: 'xixi-2', risk: 'low', receivedAt: at(-20) });
  await seedDeclaration({
    areaId: 'xixi-1',
    risk: 'medium',
    receivedAt: at(-5),
    status: 'cleared',
    closeout: 'completed',
  });
  await seedDeclaration({
    areaId: 'xixi-2',
    risk: 'low',
    receivedAt: at(-13),
    arrivalDate: day(2),
  });
  // Grid 5: two more, both under monitoring and not reported today.
  await seedDeclaration({ areaId: 'hexiang-yuan', risk: 'high', receivedAt: at(0) });
  await seedDeclaration({ areaId: 'laojie-xincun', risk: 'low', receivedAt: at(-2) });
});

async function dashboard(headers: Record<string, string>, query = ''): Promise<string> {
  const response = await SELF.fetch(`${SITE}/staff/dashboard/${query}`, {
    headers: { ...headers, Accept: 'text/html' },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** The figure `id` of the page. */
function chart(html: string, id: string): string {
  const start = html.indexOf(`<h2 id="${id}-title"`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</figure>', start));
}

/** The numbers written beside the bar whose label starts with `label`, in chart `id`. */
function numbers(html: string, id: string, label: string): string | undefined {
  const rows = chart(html, id).split('<li>');
  const row = rows.find((each) =>
    new RegExp(`<span class="bar-label">(?:<a [^>]*>)?${label}`).test(each),
  );
  return /<span class="bar-numbers">([^<]*)<\/span>/.exec(row ?? '')?.[1];
}

/** `12月3日` of the day `offset` days from today. */
const dayText = (offset: number) => {
  const [, month, date] = day(offset).split('-').map(Number);
  return `${month}月${date}日`;
};

/** The headline number beside `label`. */
const tile = (html: string, label: string) =>
  new RegExp(`<strong>(\\d+)</strong> ${label}`).exec(html)?.[1];

describe('a grid worker’s dashboard', () => {
  test('counts the last 14 days by Shanghai day and risk, from their own grid only', async () => {
    const html = await dashboard(GRID_2);
    expect(tile(html, '近14天报备')).toBe('5');
    expect(html).toContain('高风险 1 · 中风险 2 · 低风险 2');
    // 00:30 in Shanghai is today, 23:30 the day before is yesterday.
    expect(numbers(html, 'per-day', dayText(0))).toBe('共 2 人 · 高 1 · 中 1 · 低 0');
    expect(numbers(html, 'per-day', dayText(-1))).toBe('共 1 人 · 高 0 · 中 0 · 低 1');
    expect(numbers(html, 'per-day', dayText(-2))).toBe('共 0 人');
    expect(numbers(html, 'per-day', dayText(-5))).toBe('共 1 人 · 高 0 · 中 1 · 低 0');
    expect(numbers(html, 'per-day', dayText(-13))).toBe('共 1 人 · 高 0 · 中 0 · 低 1');
    expect(numbers(html, 'per-day', dayText(-14))).toBeUndefined();
  });

  test('shows their grid’s areas, and who is under monitoring and has not reported today', async () => {
    const html = await dashboard(GRID_2);
    expect(numbers(html, 'per-group', '西溪村第一村民小组')).toBe('共 3 人 · 高 1 · 中 1 · 低 1');
    expect(numbers(html, 'per-group', '西溪村第二村民小组')).toBe('共 2 人 · 高 0 · 中 1 · 低 1');
    expect(tile(html, '正在居家健康监测')).toBe('3');
    expect(tile(html, '今天还没报告')).toBe('2');
    expect(numbers(html, 'monitoring', '西溪村第一村民小组')).toBe('共 2 人 · 未报告 1 · 已报告 1');
    expect(numbers(html, 'monitoring', '西溪村第二村民小组')).toBe('共 1 人 · 未报告 1 · 已报告 0');
    for (const other of ['第五网格', '禾香苑', '老街新村', '第一网格'])
      expect(html).not.toContain(other);
  });

  test('stays on their grid whatever grid is asked for', async () => {
    const html = await dashboard(GRID_2, '?grid=grid-5');
    expect(tile(html, '近14天报备')).toBe('5');
    expect(html).not.toContain('禾香苑');
  });

  test('is pictures drawn on the server: inline SVG with patterns, no script', async () => {
    const html = await dashboard(GRID_2);
    const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
    expect(main).not.toContain('<script');
    expect(main).toContain('<pattern id="chart-high"');
    expect(main.match(/<svg class="bar"/g)).toHaveLength(14 + 2 + 2);
    expect(main).toContain('fill="url(#chart-todo)"');
  });
});

describe('an admin’s dashboard', () => {
  test('counts every grid, one bar per grid', async () => {
    const html = await dashboard(ADMIN);
    expect(tile(html, '近14天报备')).toBe('7');
    expect(tile(html, '正在居家健康监测')).toBe('5');
    expect(tile(html, '今天还没报告')).toBe('4');
    expect(numbers(html, 'per-group', '第二网格')).toBe('共 5 人 · 高 1 · 中 2 · 低 2');
    expect(numbers(html, 'per-group', '第五网格')).toBe('共 2 人 · 高 1 · 中 0 · 低 1');
    expect(numbers(html, 'per-group', '第一网格')).toBe('共 0 人');
    expect(numbers(html, 'monitoring', '第五网格')).toBe('共 2 人 · 未报告 2 · 已报告 0');
  });

  test('narrows to one grid when asked', async () => {
    const html = await dashboard(ADMIN, '?grid=grid-5');
    expect(tile(html, '近14天报备')).toBe('2');
    expect(numbers(html, 'per-group', '禾香苑小区')).toBe('共 1 人 · 高 1 · 中 0 · 低 0');
    expect(html).not.toContain('西溪村第一村民小组');
  });
});
