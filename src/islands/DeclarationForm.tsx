/**
 * The returnee declaration form (PRODUCT.md J2). Rendered at build time as a plain form that
 * posts to the Worker (works without JavaScript); once hydrated it checks answers with the same
 * schema and messages as the Worker, picks the region in three steps, sends JSON with one
 * `submissionId` per declaration (a retry never duplicates) and shows the receipt. Answers live
 * in the form's own inputs, so nothing typed is ever cleared; nothing is written to storage.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { shanghaiDate } from '../lib/dates';
import { receiptPerson, type ReceiptData, type ReceiptPerson } from '../lib/receipt';
import type { Region } from '../lib/regions';
import {
  HEALTH_CODE_LABELS,
  ID_TYPE_LABELS,
  NUCLEIC_TEST_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
  createDeclarationSchema,
  declarationIssues,
  formToObject,
  type DeclarationIssue,
} from '../schemas/declaration';
import { Choices, ErrorSummary, Field, described } from './fields';
import { Receipt } from './Receipt';
import { RegionPicker, loadedRegions } from './RegionPicker';

interface Props {
  areas: readonly { id: string; name: string }[];
  provinces: readonly Region[];
  dutyPhone: string;
  /** The no-JS region select, rendered by Astro; replaced by the picker once hydrated. */
  children?: ComponentChildren;
}

type Sending = 'idle' | 'sending' | 'failed' | 'busy' | 'refused';

const TITLE_ERROR = '错误：';

function newSubmissionId(): string {
  return crypto.randomUUID();
}

export default function DeclarationForm({ areas, provinces, dutyPhone, children }: Props) {
  const [enhanced, setEnhanced] = useState(false);
  const [issues, setIssues] = useState<DeclarationIssue[]>([]);
  const [transport, setTransport] = useState('');
  const [nucleicTest, setNucleicTest] = useState('');
  const [sending, setSending] = useState<Sending>('idle');
  const [receipt, setReceipt] = useState<{ data: ReceiptData; qr?: string }>();
  const submissionId = useRef(newSubmissionId());
  const summary = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const provinceCodes = useMemo(() => new Set(provinces.map((region) => region.code)), [provinces]);

  useEffect(() => setEnhanced(true), []);
  useEffect(() => {
    const base = document.title.replace(TITLE_ERROR, '');
    document.title = issues.length > 0 ? `${TITLE_ERROR}${base}` : base;
    if (issues.length > 0) summary.current?.focus();
  }, [issues]);
  useEffect(() => {
    if (!receipt) return;
    // The receipt replaces the form: the page's own heading and intro no longer apply.
    for (const element of document.querySelectorAll<HTMLElement>('[data-declare-intro]'))
      element.hidden = true;
    document.title = `报备成功 ${receipt.data.reference}`;
    document.getElementById('receipt-title')?.focus();
  }, [receipt]);

  const errorOf = (name: string) => issues.find((issue) => issue.path === name)?.message;

  /** Checks the form as the Worker will; returns what to send and who it is for, or shows the problems. */
  function check(): { body: Record<string, unknown>; person: ReceiptPerson } | undefined {
    if (!form.current) return undefined;
    const entries = [...new FormData(form.current)].map(
      ([key, value]) => [key, String(value)] as const,
    );
    const body = formToObject(entries);
    const schema = createDeclarationSchema({
      areaIds: areas.map((area) => area.id),
      today: shanghaiDate(),
      isKnownRegion: (code) => provinceCodes.has(code) || loadedRegions.has(code),
    });
    const result = schema.safeParse(body);
    setIssues(result.success ? [] : declarationIssues(result.error));
    if (!result.success) return undefined;
    const provinceName = (code: string) => provinces.find((region) => region.code === code)?.name;
    return {
      body,
      person: receiptPerson(
        result.data,
        (code) => loadedRegions.fullName(code) ?? provinceName(code),
      ),
    };
  }

  async function send(body: Record<string, unknown>, person: ReceiptPerson) {
    setSending('sending');
    let status: number;
    let answer: unknown;
    try {
      const response = await fetch('/api/declarations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ...body, submissionId: submissionId.current }),
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      // On a weak signal the body can fail after the headers: that too is a failed attempt.
      answer = await response.json();
    } catch {
      setSending('failed');
      return;
    }
    if (status === 202 || status === 200) {
      const data = { ...(answer as ReceiptData), person };
      setReceipt({ data });
      setSending('idle');
      window.scrollTo(0, 0);
      const { qrSvg } = await import('../lib/qr');
      setReceipt({ data, qr: qrSvg(data.reference, `回执编号 ${data.reference}`) });
    } else if (status === 422) {
      setIssues((answer as { issues: DeclarationIssue[] }).issues);
      setSending('idle');
    } else {
      // 429 and 503 pass with time; anything else will not, and needs a person on the phone.
      setSending(status === 429 ? 'busy' : status === 503 || status >= 500 ? 'failed' : 'refused');
    }
  }

  if (receipt)
    return <Receipt data={receipt.data} qr={receipt.qr} onPrint={() => window.print()} />;

  return (
    <form
      id="declaration-form"
      ref={form}
      method="post"
      action="/api/declarations"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const checked = check();
        if (checked && sending !== 'sending') void send(checked.body, checked.person);
      }}
      onChange={() => issues.length > 0 && check()}
    >
      <ErrorSummary issues={issues} summaryRef={summary} />

      <h2>本人信息</h2>
      <Field name="name" error={errorOf('name')}>
        <input
          {...described('name', errorOf('name'))}
          type="text"
          autoComplete="name"
          maxLength={60}
        />
      </Field>
      <Field name="idType" error={errorOf('idType')}>
        <select {...described('idType', errorOf('idType'))}>
          {Object.entries(ID_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field name="idNumber" error={errorOf('idNumber')} hint="身份证号码18位，最后一位可能是X">
        <input
          {...described('idNumber', errorOf('idNumber'), true)}
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={30}
        />
      </Field>
      <Field name="phone" error={errorOf('phone')} hint="11位手机号码，网格员会打这个电话联系您">
        <input
          {...described('phone', errorOf('phone'), true)}
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          maxLength={20}
        />
      </Field>

      <h2>在本地住在哪里</h2>
      <Field name="areaId" error={errorOf('areaId')}>
        <select {...described('areaId', errorOf('areaId'))}>
          <option value="">请选择</option>
          {areas.map((area) => (
            <option key={area.id} value={area.id}>
              {area.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        name="addressDetail"
        error={errorOf('addressDetail')}
        hint="小区写楼栋、单元、门牌号；村里写门牌号或户主姓名"
      >
        <input
          {...described('addressDetail', errorOf('addressDetail'), true)}
          type="text"
          maxLength={120}
        />
      </Field>

      <h2>行程</h2>
      <Field
        name="originRegion"
        error={errorOf('originRegion')}
        hint="从哪里回来，或在哪里工作、上学"
        group
      >
        {enhanced ? (
          <RegionPicker
            provinces={provinces}
            error={errorOf('originRegion')}
            onLoaded={() => issues.length > 0 && check()}
          />
        ) : (
          children
        )}
      </Field>
      <Field name="originDetail" error={errorOf('originDetail')} optional>
        <input
          {...described('originDetail', errorOf('originDetail'))}
          type="text"
          maxLength={120}
        />
      </Field>
      <Field name="departureDate" error={errorOf('departureDate')}>
        <input {...described('departureDate', errorOf('departureDate'))} type="date" />
      </Field>
      <Field
        name="arrivalDate"
        error={errorOf('arrivalDate')}
        hint="还没到也可以先报备，填预计到达的日期"
      >
        <input {...described('arrivalDate', errorOf('arrivalDate'), true)} type="date" />
      </Field>
      <Field name="transport" error={errorOf('transport')} group>
        <Choices name="transport" type="radio" labels={TRANSPORT_LABELS} onChange={setTransport} />
      </Field>
      <Field
        name="transportDetail"
        error={errorOf('transportDetail')}
        hint="坐火车填车次，坐飞机填航班号，自驾可填车牌号"
        hidden={enhanced && !['train', 'plane', 'car'].includes(transport)}
        optional={!['train', 'plane'].includes(transport)}
      >
        <input
          {...described('transportDetail', errorOf('transportDetail'), true)}
          type="text"
          autoCapitalize="characters"
          maxLength={50}
          disabled={enhanced && !['train', 'plane', 'car'].includes(transport)}
        />
      </Field>
      <Field
        name="companions"
        error={errorOf('companions')}
        hint="和您一起回来的人数，没有填0；同行的人也请各自报备"
      >
        <input
          {...described('companions', errorOf('companions'), true)}
          type="text"
          inputMode="numeric"
          defaultValue="0"
          maxLength={3}
        />
      </Field>
      <div class="field check">
        <label class="choice">
          <input type="checkbox" name="viaRiskArea" id="f-viaRiskArea" />
          <span>
            途中经过了中高风险地区（<a href="/policy/">查看风险地区</a>）
          </span>
        </label>
      </div>

      <h2>健康情况</h2>
      <Field name="healthCode" error={errorOf('healthCode')} group>
        <Choices name="healthCode" type="radio" labels={HEALTH_CODE_LABELS} />
      </Field>
      <Field name="symptoms" error={errorOf('symptoms')} hint="没有症状就都不选" group>
        <Choices name="symptoms" type="checkbox" labels={SYMPTOM_LABELS} />
      </Field>
      <Field
        name="temperature"
        error={errorOf('temperature')}
        hint="量过体温就填，例如 36.5"
        optional
      >
        <input
          {...described('temperature', errorOf('temperature'), true)}
          type="text"
          inputMode="decimal"
          maxLength={5}
        />
      </Field>
      <Field name="nucleicTest" error={errorOf('nucleicTest')} group>
        <Choices
          name="nucleicTest"
          type="radio"
          labels={NUCLEIC_TEST_LABELS}
          onChange={setNucleicTest}
        />
      </Field>
      <Field
        name="nucleicTestDate"
        error={errorOf('nucleicTestDate')}
        hint="没有做检测的不用填"
        hidden={enhanced && (nucleicTest === '' || nucleicTest === 'none')}
      >
        <input
          {...described('nucleicTestDate', errorOf('nucleicTestDate'), true)}
          type="date"
          disabled={enhanced && nucleicTest === 'none'}
        />
      </Field>
      <div class="field check">
        <label class="choice">
          <input type="checkbox" name="closeContact" id="f-closeContact" />
          <span>我是确诊病例的密切接触者，或被通知为密接</span>
        </label>
      </div>
      <Field name="note" error={errorOf('note')} optional hint="有什么需要社区帮忙的，可以写在这里">
        <textarea {...described('note', errorOf('note'), true)} rows={3} maxLength={600} />
      </Field>

      <div class="hp" aria-hidden="true">
        <label>
          请勿填写此项
          <input type="text" name="website" tabIndex={-1} autoComplete="off" />
        </label>
      </div>
      <Field name="consent" error={errorOf('consent')} group>
        <label class="choice">
          <input type="checkbox" name="consent" />
          <span>我已阅读并同意个人信息处理说明，所填内容真实</span>
        </label>
        <p class="hint">
          <a href="/privacy/" target="_blank" rel="noopener">
            阅读个人信息处理说明（在新页面打开）
          </a>
        </p>
      </Field>

      {sending === 'failed' && (
        <p class="callout warn" role="alert">
          网络不好，报备还没有送出。您填写的内容都还在，请再点一次“提交报备”。一直不成功请拨打值班电话
          <a class="phone" href={`tel:${dutyPhone}`}>
            {dutyPhone}
          </a>
          。
        </p>
      )}
      {sending === 'refused' && (
        <p class="callout warn" role="alert">
          报备没有送出，重试也不会成功。请拨打24小时值班电话
          <a class="phone" href={`tel:${dutyPhone}`}>
            {dutyPhone}
          </a>
          ，工作人员会帮您登记。您填写的内容都还在。
        </p>
      )}
      {sending === 'busy' && (
        <p class="callout warn" role="alert">
          现在提交的人比较多，请等一分钟再点“提交报备”。您填写的内容都还在。
        </p>
      )}
      <button class="button submit" type="submit" disabled={sending === 'sending'}>
        {sending === 'sending' ? '正在提交…' : sending === 'failed' ? '重新提交' : '提交报备'}
      </button>
    </form>
  );
}
