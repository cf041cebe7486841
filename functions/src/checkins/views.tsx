/**
 * The daily check-in page and its answers (PRODUCT.md §11), for a phone in WeChat without
 * JavaScript: one short form, the GOV.UK error pattern, and plain advice with tap-to-call.
 */
import { chineseDate } from '../../../src/lib/dates';
import type { MonitoringPlan } from '../../../src/lib/monitoring';
import { dayOf, isGraceDay, nextTestDate, readingDate } from '../../../src/lib/monitoring';
import {
  CHECKIN_FIELD_LABELS,
  PERIOD_LABELS,
  TEST_RESULT_LABELS,
  type Period,
} from '../../../src/schemas/checkin';
import type { Community, Grid } from '../../../src/schemas/content';
import { SYMPTOM_LABELS, SYMPTOMS } from '../../../src/schemas/declaration';
import type { ReadingRow } from '../db/monitoring';

const fieldId = (name: string) => `c-${name}`;

/**
 * Tells the page's script (src/pages/checkin/index.astro) to keep this link on the phone for the
 * home page's 「今日健康报告」, or to forget it: kept while it will take readings.
 */
function KeepLink({ path, keep }: { path: string; keep: boolean }) {
  return <span hidden data-checkin-link={path} data-keep={keep ? 'yes' : 'no'} />;
}

function Phone({ number }: { number: string }) {
  return (
    <a class="phone" href={`tel:${number}`}>
      {number}
    </a>
  );
}

/** Who to call: the grid worker, and the fever clinic. */
function Contacts({ grid, community }: { grid: Grid | undefined; community: Community }) {
  return (
    <section aria-labelledby="checkin-contacts">
      <h2 id="checkin-contacts">有事找谁</h2>
      <p>
        网格员 {grid?.leader ?? '值班室'}：<Phone number={grid?.phone ?? community.dutyPhone} />
      </p>
      <p>
        {community.feverClinic.name}（{community.feverClinic.hours}）：
        <Phone number={community.feverClinic.phone} />
        <br />
        {community.feverClinic.address}
      </p>
    </section>
  );
}

/** The form's answers and problems, to show them again after a refusal. */
export interface FormState {
  values: Partial<Record<string, string[]>>;
  issues: readonly { path: string; message: string }[];
}

interface PageProps {
  token: string;
  maskedName: string;
  plan: MonitoringPlan;
  today: string;
  period: Period;
  readings: readonly ReadingRow[];
  grid: Grid | undefined;
  community: Community;
  form?: FormState | undefined;
}

/** The check-in form: day N of M, temperature, symptoms (or none), the test on a test day, a note. */
export function CheckinPage({
  token,
  maskedName,
  plan,
  today,
  period,
  readings,
  grid,
  community,
  form,
}: PageProps) {
  // On the day of grace the form takes the last day's late reading.
  const date = readingDate(plan, today);
  const late = isGraceDay(plan, today);
  const { day, days } = dayOf(plan, date);
  const testDay = plan.testDays.includes(date);
  const errorOf = (name: string) => form?.issues.find((issue) => issue.path === name)?.message;
  const given = (name: string) => form?.values[name] ?? [];
  const todays = readings.filter((reading) => reading.date === date);
  const chosenPeriod = given('period')[0] ?? period;
  const next = nextTestDate(plan, date);
  const when = late ? `第 ${day} 天` : '今天';
  const error = (name: string) => {
    const message = errorOf(name);
    return (
      <p class="field-error" id={`${fieldId(name)}-error`} hidden={!message}>
        <span class="visually-hidden">错误：</span>
        {message}
      </p>
    );
  };
  return (
    <>
      <KeepLink path={`/checkin/${token}/`} keep />
      <h1>今日健康报告</h1>
      {late ? (
        <p class="lead">
          {maskedName}，您的居家健康监测共 {days} 天，已在 {chineseDate(plan.ends)}
          <strong>（第 {day} 天）</strong>
          结束。那天的体温如果还没报告，今天还可以<strong>补报</strong>。
        </p>
      ) : (
        <p class="lead">
          {maskedName}，今天 {chineseDate(today)} 是居家健康监测
          <strong>第 {day} 天</strong>
          （共 {days} 天，到 {chineseDate(plan.ends)} 结束）。
        </p>
      )}
      {testDay && <p class="callout">{when}是核酸检测日，做完后请在下面选择结果。</p>}
      {!testDay && next && <p>下次核酸检测：{chineseDate(next)}。</p>}
      {todays.length > 0 && (
        <ul class="readings">
          {todays.map((reading) => (
            <li key={reading.period}>
              {when}
              {PERIOD_LABELS[reading.period]}已报告：{reading.temperature}℃
              {reading.alert ? '，已通知网格员' : ''}
            </li>
          ))}
        </ul>
      )}
      {form && form.issues.length > 0 && (
        <div
          class="error-summary"
          id="error-summary"
          role="alert"
          tabIndex={-1}
          aria-labelledby="error-summary-title"
        >
          <h2 id="error-summary-title">请修改以下问题</h2>
          <ul>
            {form.issues.map((issue) => (
              <li key={issue.path}>
                <a href={`#${fieldId(issue.path || 'temperature')}`}>{issue.message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form id="checkin-form" method="post" action="/api/checkins" noValidate>
        <input type="hidden" name="token" value={token} />
        <fieldset class={`field${errorOf('period') ? ' has-error' : ''}`} id={fieldId('period')}>
          <legend>{CHECKIN_FIELD_LABELS.period}</legend>
          {error('period')}
          <div class="choices">
            {(['am', 'pm'] as const).map((value) => (
              <label class="choice" key={value}>
                <input type="radio" name="period" value={value} checked={chosenPeriod === value} />
                <span>{PERIOD_LABELS[value]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class={`field${errorOf('temperature') ? ' has-error' : ''}`}>
          <label for={fieldId('temperature')}>{CHECKIN_FIELD_LABELS.temperature}（℃）</label>
          <p class="hint" id={`${fieldId('temperature')}-hint`}>
            量好后填数字，例如 36.5
          </p>
          {error('temperature')}
          <input
            id={fieldId('temperature')}
            name="temperature"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            maxLength={5}
            value={given('temperature')[0] ?? ''}
            aria-describedby={`${fieldId('temperature')}-hint ${fieldId('temperature')}-error`}
            aria-invalid={errorOf('temperature') ? 'true' : undefined}
          />
        </div>
        <fieldset
          class={`field${errorOf('symptoms') ? ' has-error' : ''}`}
          id={fieldId('symptoms')}
        >
          <legend>{CHECKIN_FIELD_LABELS.symptoms}</legend>
          <p class="hint">没有不舒服就选第一项</p>
          {error('symptoms')}
          <div class="choices">
            <label class="choice">
              <input
                type="checkbox"
                name="symptoms"
                value="none"
                checked={given('symptoms').includes('none')}
              />
              <span>都没有</span>
            </label>
            {SYMPTOMS.map((symptom) => (
              <label class="choice" key={symptom}>
                <input
                  type="checkbox"
                  name="symptoms"
                  value={symptom}
                  checked={given('symptoms').includes(symptom)}
                />
                <span>{SYMPTOM_LABELS[symptom]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {testDay && (
          <fieldset
            class={`field${errorOf('testResult') ? ' has-error' : ''}`}
            id={fieldId('testResult')}
          >
            <legend>{CHECKIN_FIELD_LABELS.testResult}</legend>
            {error('testResult')}
            <div class="choices">
              {Object.entries(TEST_RESULT_LABELS).map(([value, label]) => (
                <label class="choice" key={value}>
                  <input
                    type="radio"
                    name="testResult"
                    value={value}
                    checked={given('testResult').includes(value)}
                  />
                  <span>{label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div class={`field${errorOf('note') ? ' has-error' : ''}`}>
          <label for={fieldId('note')}>
            {CHECKIN_FIELD_LABELS.note}
            <span class="optional">（选填）</span>
          </label>
          {error('note')}
          <textarea
            id={fieldId('note')}
            name="note"
            rows={2}
            maxLength={200}
            aria-describedby={`${fieldId('note')}-error`}
          >
            {given('note')[0] ?? ''}
          </textarea>
        </div>
        <button class="button submit" type="submit">
          {late ? `补报第 ${day} 天的体温` : '提交今天的报告'}
        </button>
      </form>
      <Contacts grid={grid} community={community} />
    </>
  );
}

interface AnswerProps {
  token: string;
  day: number;
  days: number;
  date: string;
  period: Period;
  alert: boolean;
  advice: readonly string[];
  grid: Grid | undefined;
  community: Community;
}

/** What to do now: thanks and the next test, or call the grid worker and the fever clinic. */
export function CheckinAnswer({
  token,
  day,
  days,
  date,
  period,
  alert,
  advice,
  grid,
  community,
}: AnswerProps) {
  const phone = grid?.phone ?? community.dutyPhone;
  return (
    <>
      <h1>{alert ? '请马上联系网格员' : '已收到今天的报告，谢谢'}</h1>
      <p>
        {chineseDate(date)}
        {PERIOD_LABELS[period]}，监测第 {day} 天（共 {days} 天）。
      </p>
      {/* The next test, when there is one, is in the advice. */}
      {alert && (
        <div class="callout warn" role="alert">
          <p>您报告的情况需要尽快看医生。系统会马上通知网格员，也请您现在就打电话：</p>
          <p>
            <a class="button call" href={`tel:${phone}`}>
              打电话给网格员 {grid?.leader ?? ''} {phone}
            </a>
          </p>
        </div>
      )}
      <ul>
        {advice.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
      <p>
        <a href={`/checkin/${token}/`}>修改刚才的报告，或报告下一次</a>
      </p>
      <Contacts grid={grid} community={community} />
    </>
  );
}

/**
 * A link that leads nowhere, a period that is over (or not begun), or a report that did not get
 * through: why, the duty phone, and the way back to the form when there is one.
 */
export function CheckinNotice({
  heading,
  text,
  community,
  link,
  back,
}: {
  heading: string;
  text: string;
  community: Community;
  /** The link this page is about, and whether the phone should keep it. */
  link?: { path: string; keep: boolean } | undefined;
  /** The check-in form to go back to. */
  back?: string | undefined;
}) {
  return (
    <>
      {link && <KeepLink {...link} />}
      <h1>{heading}</h1>
      <p>{text}</p>
      <p>
        有疑问请拨打24小时值班电话 <Phone number={community.dutyPhone} />。
      </p>
      {back ? (
        <p>
          <a class="button" href={back}>
            返回今日健康报告
          </a>
        </p>
      ) : (
        <p>
          <a href="/">返回首页</a>
        </p>
      )}
    </>
  );
}
