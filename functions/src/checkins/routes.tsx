/**
 * The returnee's side of home health monitoring (PRODUCT.md §11): the personal check-in page at
 * /checkin/<secret>/ and POST /api/checkins, JSON or the no-JS form. Nothing typed is logged.
 */
import { chineseDate, shanghaiDate, shanghaiHalfDay } from '../../../src/lib/dates';
import { dayOf, linkState, nextTestDate } from '../../../src/lib/monitoring';
import { evaluateReading } from '../../../src/lib/policy';
import { checkinFormToObject, CheckinSchema, type Period } from '../../../src/schemas/checkin';
import type { Community, Grid } from '../../../src/schemas/content';
import { declarationIssues } from '../../../src/schemas/declaration';
import { readBody } from '../body';
import { now as clock } from '../clock';
import { readingsOf, saveReading } from '../db/monitoring';
import { fromThisSite, json, secondsToNextWindow } from '../http';
import { notifyAlert } from '../notify';
import { shellPage } from '../render';
import { loadSite } from '../site';
import { stateOfLink, type LinkState } from './state';
import { CheckinAnswer, CheckinNotice, CheckinPage, type FormState } from './views';

// The link is a secret: never sent on to another site (PRODUCT.md §11).
const NO_REFERRER = { 'Referrer-Policy': 'no-referrer' };
const SHELL = { path: '/checkin/', main: '#checkin-main', suffix: '' };

const page = (env: Env, title: string, view: preact.VNode, status = 200) =>
  shellPage(env, SHELL, title, view, status, NO_REFERRER);

const NOTICES = {
  not_found: [
    404,
    '这个链接打不开',
    '链接可能不完整。请重新打开报备回执里的“今日健康报告”链接，或扫回执上的二维码。',
  ],
  closed: [
    410,
    '健康监测已经结束',
    '您的居家健康监测已经结束（或网格员已经办结），不用再报告了。谢谢您的配合！',
  ],
  not_started: [200, '健康监测还没有开始', '监测从您到达的那天开始，到达以后再来报告。'],
} as const;

/** Why a link shows no form: it leads nowhere, the period is over, or it has not begun. */
function notice(env: Env, community: Community, kind: keyof typeof NOTICES) {
  const [status, heading, text] = NOTICES[kind];
  return page(
    env,
    heading,
    <CheckinNotice heading={heading} text={text} community={community} />,
    status,
  );
}

/** What to do after a reading, in plain words. */
function adviceFor(
  alert: { alert: boolean; reasons: string[] },
  grid: Grid | undefined,
  community: Community,
  next: string | null,
): string[] {
  const worker = grid
    ? `网格员${grid.leader}（${grid.phone}）`
    : `值班室（${community.dutyPhone}）`;
  if (alert.alert) {
    return [
      `您报告了：${alert.reasons.join('，')}。`,
      `请现在就打电话给${worker}，由社区安排您去${community.feverClinic.name}看病。`,
      '等待期间请待在家里，和家人分开；去医院的路上全程戴好口罩，不坐公交、地铁等公共交通。',
      '如果出现呼吸困难、持续高烧不退，请马上拨打 120。',
    ];
  }
  return [
    '今天情况正常，请继续每天早晚各量一次体温并报告。',
    next
      ? `下次核酸检测是${chineseDate(next)}，网格员会提前告诉您时间和地点。`
      : '监测期内没有需要再做的核酸检测了。',
    `有任何不舒服，请先告诉${worker}。`,
  ];
}

/** GET /checkin/<secret>/: the day's form, or why there is none. */
export async function checkinPage(env: Env, token: string): Promise<Response> {
  const site = await loadSite(env);
  const state = token ? await stateOfLink(env, site, token) : null;
  if (!state?.plan) return notice(env, site.community, state ? 'closed' : 'not_found');
  const now = clock(env);
  const today = shanghaiDate(now);
  const open = linkState(state.plan, today);
  if (open !== 'open') return notice(env, site.community, open);
  return form(env, site.community, state, token, today, shanghaiHalfDay(now));
}

async function form(
  env: Env,
  community: Community,
  state: LinkState,
  token: string,
  today: string,
  period: Period,
  given?: FormState,
  status = 200,
) {
  if (!state.plan) throw new Error('form without a plan');
  const readings = await readingsOf(env.LEDGER, state.reference);
  return page(
    env,
    given?.issues.length ? '错误：今日健康报告' : '今日健康报告',
    <CheckinPage
      token={token}
      maskedName={state.maskedName}
      plan={state.plan}
      today={today}
      period={period}
      readings={readings}
      grid={state.grid}
      community={community}
      form={given}
    />,
    status,
  );
}

const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

/** POST /api/checkins (PRODUCT.md §11); `request.method` is already POST. */
export async function submitCheckin(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> {
  const html =
    (request.headers.get('Content-Type') ?? '').startsWith('application/x-www-form-urlencoded') &&
    (request.headers.get('Accept') ?? '').includes('text/html');
  if (!fromThisSite(request)) return json({ error: 'forbidden' }, 403);
  const ip = request.headers.get('CF-Connecting-IP') ?? 'local';
  const [limit, parsed, site] = await Promise.all([
    env.SUBMIT_LIMIT.limit({ key: `checkin:${ip}` }),
    readBody(request),
    loadSite(env),
  ]);
  if (!limit.success) {
    return json({ error: 'rate_limited' }, 429, { 'Retry-After': String(secondsToNextWindow()) });
  }
  if (!parsed.ok) return json({ error: parsed.error }, parsed.status);
  const { community, policy } = site;
  const body = parsed.kind === 'form' ? checkinFormToObject(parsed.value) : parsed.value;
  const result = CheckinSchema.safeParse(body);
  const token = (body as { token?: unknown }).token;
  const refuse = (issues: { path: string; message: string }[]) =>
    json({ error: 'validation_failed', issues }, 422);

  if (typeof token !== 'string' || !TOKEN.test(token)) {
    return refuse(result.success ? [] : declarationIssues(result.error));
  }
  const state = await stateOfLink(env, site, token);
  const now = clock(env);
  const today = shanghaiDate(now);
  const open = state?.plan ? linkState(state.plan, today) : 'closed';
  if (!state || !state.plan || open === 'closed') {
    const error = state ? 'closed' : 'not_found';
    return html ? notice(env, community, error) : json({ error }, NOTICES[error][0]);
  }
  if (!result.success || open === 'not_started') {
    const issues = result.success
      ? [
          {
            path: '',
            message: `健康监测从到达当天（${chineseDate(state.plan.arrivalDate)}）开始，到达后再来报告`,
          },
        ]
      : declarationIssues(result.error);
    if (!html || parsed.kind !== 'form') return refuse(issues);
    const values: FormState['values'] = {};
    for (const [key, value] of parsed.value) values[key] = [...(values[key] ?? []), value];
    return form(env, community, state, token, today, shanghaiHalfDay(now), { values, issues }, 422);
  }

  const reading = result.data;
  const period = reading.period ?? shanghaiHalfDay(now);
  const alert = evaluateReading(reading, policy);
  const { isNew, wasAlert } = await saveReading(env.LEDGER, {
    reference: state.reference,
    date: today,
    period,
    temperature: reading.temperature,
    symptoms: JSON.stringify(reading.symptoms),
    test_result: reading.testResult ?? null,
    note: reading.note ?? '',
    alert: alert.alert ? 1 : 0,
    method: 'self',
    recorded_by: null,
    at: now.toISOString(),
  });
  const { day, days } = dayOf(state.plan, today);
  if (alert.alert && !wasAlert) {
    // At once, but after the answer: the person must not wait on the group robot.
    ctx.waitUntil(
      notifyAlert(env, site, { ...state, day, days, reasons: alert.reasons }).catch(() =>
        console.error('alert notification failed', state.reference),
      ),
    );
  }
  const next = nextTestDate(state.plan, today);
  const answer = {
    day,
    days,
    date: today,
    period,
    alert: alert.alert,
    advice: adviceFor(alert, state.grid, community, next),
    nextTestDate: next,
  };
  const status = isNew ? 201 : 200;
  if (!html) return json(answer, status);
  return page(
    env,
    alert.alert ? '请马上联系网格员' : '已收到今天的报告',
    <CheckinAnswer token={token} {...answer} grid={state.grid} community={community} />,
    status,
  );
}
