/**
 * The monitoring sheets of the export (PRODUCT.md §11): one row per person and day with the
 * morning and evening readings, and the follow-up notes, both read from D1 a page at a time.
 */
import { daysBetween, shanghaiMinute } from '../../../src/lib/dates';
import { METHOD_LABELS, TEST_RESULT_LABELS } from '../../../src/schemas/checkin';
import { FIELD_LABELS } from '../../../src/schemas/declaration';
import {
  listAllFollowUps,
  listReadings,
  type ExportReadingRow,
  type LedgerFilter,
} from '../db/ledger-query';
import { StoredDeclarationSchema } from '../message';
import { areaNameOf, gridNameOf, type Site } from '../site';
import { STATUS_LABELS, isFollowUpStatus, symptomLabels } from './entry';
import type { ExportColumn } from './export';

/** One person on one day: who, and the morning and evening readings. */
export interface DayRow {
  reference: string;
  gridName: string;
  areaName: string;
  name: string;
  phone: string;
  date: string;
  day: number;
  am: ExportReadingRow | undefined;
  pm: ExportReadingRow | undefined;
}

const both = (row: DayRow) => [row.am, row.pm].filter((reading) => reading !== undefined);

/** The columns of 每日健康监测. */
export const READING_COLUMNS: readonly ExportColumn<DayRow>[] = [
  { header: '回执编号', kind: 'identifier', width: 14, value: (r) => r.reference },
  { header: '网格', kind: 'text', width: 18, value: (r) => r.gridName },
  { header: '片区', kind: 'text', width: 16, value: (r) => r.areaName },
  { header: FIELD_LABELS.name, kind: 'text', width: 12, value: (r) => r.name },
  { header: FIELD_LABELS.phone, kind: 'identifier', width: 14, value: (r) => r.phone },
  { header: '日期', kind: 'text', width: 12, value: (r) => r.date },
  { header: '监测第几天', kind: 'integer', width: 11, value: (r) => r.day },
  { header: '上午体温', kind: 'decimal', width: 9, value: (r) => r.am?.temperature ?? '' },
  { header: '下午体温', kind: 'decimal', width: 9, value: (r) => r.pm?.temperature ?? '' },
  {
    header: '症状',
    kind: 'text',
    width: 18,
    value: (r) => {
      const names = new Set(both(r).flatMap(symptomLabels));
      return names.size ? [...names].join('、') : '无';
    },
  },
  {
    header: '核酸检测结果',
    kind: 'text',
    width: 14,
    value: (r) =>
      both(r)
        .map((reading) => (reading.test_result ? TEST_RESULT_LABELS[reading.test_result] : ''))
        .filter(Boolean)
        .join('、'),
  },
  {
    header: '是否异常',
    kind: 'text',
    width: 9,
    value: (r) => (both(r).some((reading) => reading.alert) ? '是' : '否'),
  },
  {
    header: '记录方式',
    kind: 'text',
    width: 16,
    value: (r) => [...new Set(both(r).map((reading) => METHOD_LABELS[reading.method]))].join('、'),
  },
  {
    header: '备注',
    kind: 'text',
    width: 30,
    value: (r) =>
      both(r)
        .map((reading) => reading.note)
        .filter(Boolean)
        .join('；'),
  },
];

/** A follow-up record as exported. */
export interface FollowUpExportRow {
  reference: string;
  gridName: string;
  name: string;
  at: string;
  actor: string;
  status: string;
  note: string;
}

/** The columns of 跟进记录. */
export const FOLLOW_UP_COLUMNS: readonly ExportColumn<FollowUpExportRow>[] = [
  { header: '回执编号', kind: 'identifier', width: 14, value: (r) => r.reference },
  { header: '网格', kind: 'text', width: 18, value: (r) => r.gridName },
  { header: FIELD_LABELS.name, kind: 'text', width: 12, value: (r) => r.name },
  { header: '时间', kind: 'text', width: 17, value: (r) => shanghaiMinute(r.at) },
  { header: '记录人', kind: 'text', width: 14, value: (r) => r.actor },
  {
    header: '跟进状态',
    kind: 'text',
    width: 18,
    value: (r) => (isFollowUpStatus(r.status) ? STATUS_LABELS[r.status] : r.status),
  },
  { header: '记录', kind: 'text', width: 40, value: (r) => r.note },
];

const PAGE = 500;
const names = (site: Site) => ({
  grid: (id: string) => gridNameOf(site, id),
  area: (id: string) => areaNameOf(site, id),
});

/** Every person-day with readings of the declarations matching `filter`, a page at a time. */
export async function* dayRowPages(
  env: Env,
  site: Site,
  filter: LedgerFilter,
): AsyncGenerator<DayRow[]> {
  const { grid, area } = names(site);
  let after: { reference: string; date: string; period: string } | undefined;
  // The morning and evening of one day may fall on two pages: a day is given out when complete.
  let open: DayRow | undefined;
  for (;;) {
    const rows = await listReadings(env.LEDGER, { ...filter, limit: PAGE }, after);
    const done: DayRow[] = [];
    for (const reading of rows) {
      if (!open || open.reference !== reading.reference || open.date !== reading.date) {
        if (open) done.push(open);
        const person = StoredDeclarationSchema.parse(JSON.parse(reading.data));
        open = {
          reference: reading.reference,
          gridName: grid(reading.grid_id),
          areaName: area(reading.area_id),
          name: person.name,
          phone: person.phone,
          date: reading.date,
          day: daysBetween(reading.arrival_date, reading.date) + 1,
          am: undefined,
          pm: undefined,
        };
      }
      open[reading.period] = reading;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) {
      if (open) done.push(open);
      if (done.length) yield done;
      return;
    }
    if (done.length) yield done;
    after = { reference: last.reference, date: last.date, period: last.period };
  }
}

/** Every follow-up record of the declarations matching `filter`, a page at a time. */
export async function* followUpPages(
  env: Env,
  site: Site,
  filter: LedgerFilter,
): AsyncGenerator<FollowUpExportRow[]> {
  const { grid } = names(site);
  let after = 0;
  for (;;) {
    const rows = await listAllFollowUps(env.LEDGER, { ...filter, limit: PAGE }, after);
    if (rows.length) {
      yield rows.map((row) => ({
        reference: row.reference,
        gridName: grid(row.grid_id),
        name: StoredDeclarationSchema.parse(JSON.parse(row.data)).name,
        at: row.at,
        actor: row.actor,
        status: row.status,
        note: row.note,
      }));
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = last.id;
  }
}
