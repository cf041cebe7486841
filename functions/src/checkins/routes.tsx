/**
 * The returnee's side of home health monitoring (PRODUCT.md §11): the personal check-in page at
 * /checkin/<secret>/ and POST /api/checkins, JSON or the no-JS form. Nothing typed is logged.
 */
import { addDays, chineseDate, shanghaiDate, shanghaiHalfDay } from '../../../src/lib/dates';
import {
  dayOf,
  defaultPeriod,
  linkState,
  nextTestDate,
  readingDate,
} from '../../../src/lib/monitoring';
import { evaluateReading } from '../../../src/lib/policy';
import { checkinFormToObject, CheckinSchema, type Period } from '../../../src/schemas/checkin';
import type { Community, Grid } from '../../../src/schemas/content';
import { declarationIssues } from '../../../src/schemas/declaration';
import { readBody, type BodyResult } from '../body';
import { now as clock } from '../clock';
import { readingsOf } from '../db/monitoring';
import { json, notFromAnotherSite, secondsToNextWindow, wantsHtml } from '../http';
import { shellPage } from '../render';
import { loadSite } from '../site';
import { saveReadingAndAlert } from './alerts';
import { stateOfLink, type LinkState } from './state';
import { CheckinAnswer, CheckinNotice, CheckinPage, type FormState } from './views';

// The link is a secret: never sent on to another site (PRODUCT.md §11).
const NO_REFERRER = { 'Referrer-Policy': 'no-referrer' };
const SHELL = { path: '/checkin/', main: '#checkin-main', suffix: '' };
const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

const page = (env: Env, title: string, view: preact.VNode, status = 200, headers = {}) =>
  shellPage(env, SHELL, title, view, status, { ...NO_REFERRER, ...headers });

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

/**
 * Why a link shows no form: it leads nowhere, the period is over, or it has not begun (`text`
 * then says from which day). The page tells the phone whether to keep the link for the home page
 * (only while it will take readings).
 */
function notice(
  env: Env,
  community: Community,
  kind: keyof typeof NOTICES,
  token: string,
  text: string = NOTICES[kind][2],
) {
  const [status, heading] = NOTICES[kind];
  return page(
    env,
    heading,
    <CheckinNotice
      heading={heading}
      text={text}
      community={community}
      link={token ? { path: `/checkin/${token}/`, keep: kind === 'not_started' } : undefined}
    />,
    status,
  );
}

// Problems no answer on the form can fix (PRODUCT.md §6 statuses): the no-JS form gets a page with
// the duty phone and the way back instead of raw JSON (STYLE.md, Errors).
const REFUSALS: Partial<Record<number, string>> = {
  400: '这次提交的内容没能读出来。请重新打开报备回执里的“今日健康报告”链接，再填一次。',
  403: '这次提交没有通过安全检查。请重新打开报备回执里的“今日健康报告”链接，再填一次。',
  413: '填写的内容太长了。请把“想告诉网格员的话”写短一些，再提交。',
  415: '这次提交的格式不对。请重新打开报备回执里的“今日健康报告”链接，再填一次。',
  429: '现在报告的人很多，系统有点忙。请等一分钟，再点“提交今天的报告”。',
};

async function refusalPage(
  env: Env,
  status: number,
  token: string | undefined,
  headers: Record<string, string>,
) {
  const { community } = await loadSite(env);
  return page(
    env,
    '报告还没有送出',
    <CheckinNotice
      heading="报告还没有送出"
      text={`您的健康报告还没有送到网格员那里。${REFUSALS[status] ?? ''}一直不成功的话，值班室可以在电话里帮您记下体温。`}
      community={community}
      back={token ? `/checkin/${token}/` : undefined}
    />,
    status,
    headers,
  );
}

/** The link's secret in a form body, for the way back from a refusal. */
function tokenIn(parsed: BodyResult): string | undefined {
  if (!parsed.ok || parsed.kind !== 'form') return undefined;
  const token = parsed.value.find(([key]) => key === 'token')?.[1];
  return token && TOKEN.test(token) ? token : undefined;
}

/** What to do after a reading, in plain words. */
function adviceFor(
  alert: { alert: boolean; reasons: string[] },
  grid: Grid | undefined,
  community: Community,
  next: string | null,
  last: { day: number; isLast: boolean },
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
  if (last.isLast) {
    return [
      `第 ${last.day} 天是健康监测的最后一天，报告已收到，谢谢您这些天的配合！`,
      `网格员会和您确认解除监测；在那之前有任何不舒服，请先告诉${worker}。`,
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
  if (!state?.plan) return notice(env, site.community, state ? 'closed' : 'not_found', token);
  const now = clock(env);
  const today = shanghaiDate(now);
  const open = linkState(state.plan, today);
  if (open === 'not_started') {
    const from = `健康监测从您到达的那天（${chineseDate(state.plan.arrivalDate)}）开始，请到那天再打开这个链接报告体温。`;
    return notice(env, site.community, open, token, from);
  }
  if (open !== 'open') return notice(env, site.community, open, token);
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
      period={defaultPeriod(state.plan, today, period)}
      readings={readings}
      grid={state.grid}
      community={community}
      form={given}
    />,
    status,
  );
}

/** POST /api/checkins (PRODUCT.md §11); `request.method` is already POST. */
export async function submitCheckin(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> {
  const html = wantsHtml(request);
  const refuse = (
    status: number,
    error: string,
    token?: string,
    headers: Record<string, string> = {},
  ) => (html ? refusalPage(env, status, token, headers) : json({ error }, status, headers));
  // The secret in the body is the capability: only a post another site made is refused.
  if (!notFromAnotherSite(request)) return refuse(403, 'forbidden');
  const ip = request.headers.get('CF-Connecting-IP') ?? 'local';
  const [limit, parsed, site] = await Promise.all([
    env.SUBMIT_LIMIT.limit({ key: `checkin:${ip}` }),
    readBody(request),
    loadSite(env),
  ]);
  if (!limit.success) {
    const retry = { 'Retry-After': String(secondsToNextWindow()) };
    return refuse(429, 'rate_limited', tokenIn(parsed), retry);
  }
  if (!parsed.ok) return refuse(parsed.status, parsed.error);
  const { community, policy } = site;
  const body = parsed.kind === 'form' ? checkinFormToObject(parsed.value) : parsed.value;
  const result = CheckinSchema.safeParse(body);
  const token = (body as { token?: unknown }).token;
  const refuseAnswers = (issues: { path: string; message: string }[]) =>
    json({ error: 'validation_failed', issues }, 422);

  if (typeof token !== 'string' || !TOKEN.test(token)) {
    return refuseAnswers(result.success ? [] : declarationIssues(result.error));
  }
  const state = await stateOfLink(env, site, token);
  const now = clock(env);
  const today = shanghaiDate(now);
  const open = state?.plan ? linkState(state.plan, today) : 'closed';
  if (!state || !state.plan || open === 'closed') {
    const error = state ? 'closed' : 'not_found';
    return html ? notice(env, community, error, token) : json({ error }, NOTICES[error][0]);
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
    if (!html || parsed.kind !== 'form') return refuseAnswers(issues);
    const values: FormState['values'] = {};
    for (const [key, value] of parsed.value) values[key] = [...(values[key] ?? []), value];
    return form(env, community, state, token, today, shanghaiHalfDay(now), { values, issues }, 422);
  }

  const reading = result.data;
  const plan = state.plan;
  // On the day of grace a reading is the last day's, late (never day N+1 of N).
  const date = readingDate(plan, today);
  const period = reading.period ?? defaultPeriod(plan, today, shanghaiHalfDay(now));
  const { day, days } = dayOf(plan, date);
  const alert = evaluateReading(reading, policy);
  // Kept with the reading, sent after the answer, retried by the sweep until the robot takes it.
  const at = now.toISOString();
  const { isNew } = await saveReadingAndAlert(
    env,
    ctx,
    site,
    {
      reference: state.reference,
      date,
      period,
      temperature: reading.temperature,
      symptoms: JSON.stringify(reading.symptoms),
      test_result: reading.testResult ?? null,
      note: reading.note ?? '',
      alert: alert.alert ? 1 : 0,
      method: 'self',
      recorded_by: null,
      at,
    },
    alert.alert ? { ...state, day, days, reasons: alert.reasons, at } : null,
  );
  // A test already done that day is not the next one.
  const tested = reading.testResult !== undefined && reading.testResult !== 'not_done';
  const next = nextTestDate(plan, tested ? addDays(date, 1) : date);
  const answer = {
    day,
    days,
    date,
    period,
    alert: alert.alert,
    advice: adviceFor(alert, state.grid, community, next, { day, isLast: date === plan.ends }),
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
