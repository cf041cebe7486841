/**
 * The grid worker's side of home health monitoring (PRODUCT.md §11): today's worklist, its JSON
 * API, tap-to-call (audited), a reading recorded on someone's behalf, the close-out and the
 * printable 14-day paper card.
 */
import { dayOf, readingDate, type WorkStatus } from '../../../src/lib/monitoring';
import { evaluateReading } from '../../../src/lib/policy';
import {
  checkinFormToObject,
  METHOD_LABELS,
  StaffReadingSchema,
} from '../../../src/schemas/checkin';
import { declarationIssues } from '../../../src/schemas/declaration';
import { saveReadingAndAlert } from '../checkins/alerts';
import { checkinConfigured, checkinToken, checkinUrl } from '../checkins/link';
import { pendingAlertCount } from '../db/alerts';
import { closeOut as closeOutRow, readingsOf, worklist, type CloseOut } from '../db/monitoring';
import { now } from '../clock';
import { json } from '../http';
import { gridById } from '../site';
import {
  auditBy,
  dayParam,
  notFound,
  todayOf,
  rowOf,
  scopeOf,
  seeOther,
  type Context,
  type Handler,
} from './context';
import { maskedItem, planOfEntry, toEntry } from './entry';
import { detail } from './ledger-pages';
import { staffPage } from './render';
import { CardView } from './views/card';
import { WorklistView, type WorkItem } from './views/worklist';

interface DayReading {
  period: 'am' | 'pm';
  temperature: number;
  symptoms: string[];
  testResult: string | null;
  note: string;
  alert: boolean;
  method: string;
}

/** The worklist of the day: up to `perSection` people of each section, and every section's size. */
async function workItems({ env, site, staff, url }: Context, date: string, perSection?: number) {
  // An admin may look at one grid; a grid worker always sees their own.
  const grid = scopeOf(staff) ?? (url.searchParams.get('grid') || undefined);
  const rows = await worklist(env.LEDGER, grid, date, perSection);
  const sizes: Partial<Record<WorkStatus, number>> = {};
  const items = rows.flatMap((row): WorkItem[] => {
    sizes[row.work] = row.section;
    const entry = toEntry(row, site);
    const plan = planOfEntry(entry, row.extended_days, row.closeout);
    if (!plan) return [];
    const readings = (
      JSON.parse(row.readings) as (Omit<DayReading, 'alert'> & { alert: number })[]
    ).map((reading) => ({ ...reading, alert: reading.alert === 1 }));
    // On the day after the period (its day of grace) a person is on their last day still.
    const day = dayOf(plan, readingDate(plan, date));
    return [{ entry, plan, readings, status: row.work, ...day, over: date > plan.ends }];
  });
  return { items, sizes };
}

export const worklistPage: Handler = async (context) => {
  const { env, staff } = context;
  const date = dayParam(env, context.url);
  const [{ items, sizes }, undelivered] = await Promise.all([
    workItems(context, date),
    pendingAlertCount(env.LEDGER, scopeOf(staff)),
  ]);
  return staffPage(
    env,
    staff,
    '今日工作',
    <WorklistView
      items={items}
      sizes={sizes}
      date={date}
      problems={{ noCheckinLinks: !checkinConfigured(env), undelivered }}
    />,
  );
};

export const apiMonitoring: Handler = async (context) => {
  const date = dayParam(context.env, context.url);
  const limit = Number(context.url.searchParams.get('limit') ?? 1000);
  const perSection = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 1000;
  const { items: found, sizes } = await workItems(context, date, perSection);
  const items = found.map((item) => ({
    ...maskedItem(item.entry),
    day: item.day,
    days: item.days,
    status: item.status,
    readings: item.readings,
  }));
  return json({ date, sizes, items });
};

/** Tap-to-call: the full number leaves the ledger only through this audited step. */
export const call: Handler = async (context) => {
  const row = await rowOf(context);
  if (!row) return notFound(context.env, context.staff);
  const entry = toEntry(row, context.site);
  await auditBy(context, 'call', row.reference).run();
  return seeOther(`tel:${entry.declaration.phone}`);
};

export const recordReading: Handler = async (context) => {
  const { env, ctx, request, site, staff } = context;
  const row = await rowOf(context);
  if (!row) return notFound(env, staff);
  const entry = toEntry(row, site);
  const plan = planOfEntry(entry, row.extended_days, row.closeout);
  const pairs = [...(await request.formData())].map(
    ([key, value]) => [key, String(value)] as const,
  );
  const result = StaffReadingSchema.safeParse(checkinFormToObject(pairs));
  const issues = result.success ? [] : declarationIssues(result.error);
  if (result.success && result.data.date > todayOf(env)) {
    issues.push({ path: 'date', message: '这一天还没到，不能提前记录体温，请核对日期' });
  } else if (
    result.success &&
    plan &&
    (result.data.date < plan.arrivalDate || result.data.date > plan.ends)
  ) {
    issues.push({ path: 'date', message: '这一天不在健康监测期内，请核对日期' });
  }
  if (!result.success || !plan || issues.length > 0) {
    const values = Object.fromEntries(pairs);
    const problems = plan ? issues : [{ path: '', message: '这条报备没有健康监测期' }];
    return detail(context, row, { readingForm: { values, issues: problems }, status: 422 });
  }
  const reading = result.data;
  const alert = evaluateReading(reading, site.policy);
  const at = now(env).toISOString();
  const { day, days } = dayOf(plan, reading.date);
  const { name, phone } = entry.declaration;
  await saveReadingAndAlert(
    env,
    ctx,
    site,
    {
      reference: row.reference,
      date: reading.date,
      period: reading.period,
      temperature: reading.temperature,
      symptoms: JSON.stringify(reading.symptoms),
      test_result: reading.testResult ?? null,
      note: reading.note ?? '',
      alert: alert.alert ? 1 : 0,
      method: reading.method,
      recorded_by: staff.actor,
      at,
    },
    alert.alert
      ? {
          reference: row.reference,
          gridId: entry.gridId,
          name,
          phone,
          day,
          days,
          reasons: alert.reasons,
          at,
          via: `${METHOD_LABELS[reading.method]}，工作人员录入`,
        }
      : null,
    auditBy(
      context,
      'checkin',
      row.reference,
      `${reading.method} ${reading.date} ${reading.period}`,
    ),
  );
  return seeOther(`/staff/declarations/${row.reference}/#monitoring`);
};

export const closeOut: Handler = async (context) => {
  const { env, request, staff } = context;
  const row = await rowOf(context);
  if (!row) return notFound(env, staff);
  const form = await request.formData();
  const kind = String(form.get('outcome') ?? '');
  const days = Number(form.get('days') ?? 0);
  const note = String(form.get('note') ?? '')
    .trim()
    .slice(0, 500);
  let closing: CloseOut;
  if (kind === 'extended' && Number.isInteger(days) && days >= 1 && days <= 28)
    closing = { kind, days };
  else if (kind === 'completed' || kind === 'referred' || kind === 'lost') closing = { kind };
  else {
    const message =
      kind === 'extended' ? '延长的天数要填1到28之间的整数' : '请选择怎样结束健康监测';
    return detail(context, row, { closeIssues: [{ path: 'outcome', message }], status: 422 });
  }
  const what = closing.kind === 'extended' ? `extended ${closing.days}` : closing.kind;
  await closeOutRow(env.LEDGER, row.reference, closing, {
    actor: staff.actor,
    at: now(env).toISOString(),
    note,
    audit: auditBy(context, 'closeout', row.reference, what),
  });
  return seeOther(`/staff/declarations/${row.reference}/#monitoring`);
};

export const card: Handler = async (context) => {
  const { env, site, staff, url } = context;
  const row = await rowOf(context);
  if (!row) return notFound(env, staff);
  const entry = toEntry(row, site);
  const plan = planOfEntry(entry, row.extended_days, row.closeout);
  const token = plan ? await checkinToken(env, row.reference) : null;
  const grid = gridById(site, row.grid_id);
  const readings = await readingsOf(env.LEDGER, row.reference);
  return staffPage(
    env,
    staff,
    `健康监测卡 ${row.reference}`,
    <CardView
      entry={entry}
      plan={plan}
      readings={readings}
      link={token ? checkinUrl(site.address, token) : null}
      grid={grid}
      dutyPhone={site.community.dutyPhone}
      threshold={site.policy.rules.high.temperatureAtLeast}
      size={url.searchParams.get('size') === 'a5' ? 'a5' : 'a4'}
    />,
  );
};
