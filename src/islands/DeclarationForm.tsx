/**
 * The returnee declaration form (PRODUCT.md J2). Rendered at build time as a plain form that
 * posts to the Worker (works without JavaScript); it wakes on first use (`client:interaction`),
 * then checks answers with the same schema and messages as the Worker, picks the region in three
 * steps, keeps a draft through a reload of the tab, sends JSON with one `submissionId` per
 * declaration (a retry never duplicates) and shows the receipt. Answers live in the form's own
 * inputs, so nothing typed is ever cleared.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ReceiptData } from '../lib/receipt';
import {
  ERROR_PREFIX,
  FORM_ID,
  HEALTH_CODE_LABELS,
  ID_TYPE_LABELS,
  INPUT_MAX_LENGTH,
  NUCLEIC_TEST_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
  fieldId,
  isAsked,
  missingTransportDetail,
  type DeclarationField,
} from '../schemas/declaration-form';
import type { Declaration, DeclarationIssue } from '../schemas/declaration';
import { checkDeclaration, type CheckResult } from './check-declaration';
import { clearDraft, fillForm, readDraft, saveDraft } from './draft';
import { Choices, ErrorSummary, Field, Honeypot, described } from './fields';
import { RegionPicker, decodeProvinces, loadedRegions } from './RegionPicker';

interface Props {
  areas: readonly { id: string; name: string }[];
  /** The provinces, encoded by `encodeProvinces` (a tenth the size of a JSON list). */
  provinces: string;
  dutyPhone: string;
  /** The no-JS region select, rendered by Astro; replaced by the picker once hydrated. */
  children?: ComponentChildren;
}

type Sending = 'idle' | 'sending' | 'failed' | 'busy' | 'refused';

/** The answers that decide which questions are asked, read from the form itself. */
function conditions(form: HTMLFormElement | null) {
  const data = form ? new FormData(form) : undefined;
  return {
    transport: String(data?.get('transport') ?? ''),
    nucleicTest: String(data?.get('nucleicTest') ?? ''),
  };
}

export default function DeclarationForm({ areas, provinces, dutyPhone, children }: Props) {
  const [enhanced, setEnhanced] = useState(false);
  const [issues, setIssues] = useState<DeclarationIssue[]>([]);
  const [answers, setAnswers] = useState({ transport: '', nucleicTest: '' });
  const [origin, setOrigin] = useState<string>();
  // Bumped by 「清空重新填写」, so the region picker starts empty again.
  const [round, setRound] = useState(0);
  const [restored, setRestored] = useState(false);
  const [sending, setSending] = useState<Sending>('idle');
  const [receipt, setReceipt] = useState<{
    data: ReceiptData;
    qrOf: (text: string, label: string) => string;
  }>();
  const [ReceiptView, setReceiptView] = useState<typeof import('./Receipt').Receipt>();
  const submissionId = useRef('');
  const summary = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const provinceList = useMemo(() => decodeProvinces(provinces), [provinces]);
  const provinceCodes = useMemo(() => new Set(provinceList.map((p) => p.code)), [provinceList]);

  // Layout effects: the draft and the key are in place before anyone can type into the hydrated
  // form, and focus and title follow a render in the same task, as a screen reader expects.
  useLayoutEffect(() => {
    const draft = readDraft();
    if (draft && form.current) fillForm(form.current, draft.entries);
    submissionId.current = draft?.submissionId ?? crypto.randomUUID();
    // Whatever is in the form now: a draft, or what was picked before the island woke up. The
    // draft's region may be a county the plain select does not list, so it comes first.
    setAnswers(conditions(form.current));
    const picked = form.current ? new FormData(form.current).get('originRegion') : null;
    const region = draft?.entries.find(([key]) => key === 'originRegion')?.[1] ?? picked;
    setOrigin(typeof region === 'string' && region !== '' ? region : undefined);
    setRestored(draft !== undefined);
    setEnhanced(true);
  }, []);
  useLayoutEffect(() => {
    const base = document.title.replace(ERROR_PREFIX, '');
    document.title = issues.length > 0 ? `${ERROR_PREFIX}${base}` : base;
    if (issues.length > 0) summary.current?.focus();
  }, [issues]);
  useLayoutEffect(() => {
    if (!receipt) return;
    // The receipt replaces the form: the page's own heading and intro no longer apply.
    for (const element of document.querySelectorAll<HTMLElement>('[data-declare-intro]'))
      element.hidden = true;
    document.title = `报备成功 ${receipt.data.reference}`;
    document.getElementById('receipt-title')?.focus();
  }, [receipt, ReceiptView]);

  const errorOf = (name: DeclarationField) => issues.find((issue) => issue.path === name)?.message;
  const asked = (name: DeclarationField) => !enhanced || isAsked(name, answers);

  /** Checks the form as the Worker will; shows the problems, or returns what to send. */
  function check(): Extract<CheckResult, { ok: true }> | undefined {
    if (!form.current) return undefined;
    const entries = [...new FormData(form.current)].map(
      ([key, value]) => [key, String(value)] as const,
    );
    const result = checkDeclaration(entries, {
      areaIds: areas.map((area) => area.id),
      isKnownRegion: (code) => provinceCodes.has(code) || loadedRegions.has(code),
    });
    setIssues(result.ok ? [] : result.issues);
    return result.ok ? result : undefined;
  }

  /** Shows the receipt; false when its code did not arrive (a retry gives the same reference). */
  async function showReceipt(answer: ReceiptData, declaration: Declaration): Promise<boolean> {
    let modules;
    try {
      modules = await Promise.all([
        import('./Receipt'),
        import('../lib/receipt'),
        import('../lib/qr'),
        import('./saved-receipts'),
      ]);
    } catch {
      return false;
    }
    const [{ Receipt }, { receiptPerson }, { qrSvg }, { saveReceipt, RECEIPTS_PAGE }] = modules;
    // The receipt is the proof now: the draft with the ID number and phone has done its job.
    clearDraft();
    const provinceName = (code: string) => provinceList.find((p) => p.code === code)?.name;
    const person = receiptPerson(
      declaration,
      (code) => loadedRegions.fullName(code) ?? provinceName(code),
    );
    const data = { ...answer, person };
    setReceiptView(() => Receipt);
    setReceipt({ data, qrOf: qrSvg });
    window.scrollTo(0, 0);
    // Kept on the phone for the home page; a reload of this tab then shows the receipt again.
    if (saveReceipt(data)) history.replaceState(null, '', `${RECEIPTS_PAGE}#${data.reference}`);
    return true;
  }

  async function send(body: Record<string, unknown>, declaration: Declaration, renewed = false) {
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
      setSending((await showReceipt(answer as ReceiptData, declaration)) ? 'idle' : 'failed');
    } else if (status === 422) {
      const found = (answer as { issues: DeclarationIssue[] }).issues;
      if (!renewed && found.some((issue) => issue.path === 'submissionId')) {
        // The key already went with another person's declaration (an answer lost on the way,
        // then someone else's details typed in): this is a new declaration, so it gets a new
        // key and is sent again; the Worker never merges the two (issue 14).
        submissionId.current = crypto.randomUUID();
        if (form.current) saveDraft(form.current, submissionId.current);
        await send(body, declaration, true);
        return;
      }
      setIssues(found);
      setSending('idle');
    } else {
      // 429 and 503 pass with time; anything else will not, and needs a person on the phone.
      setSending(status === 429 ? 'busy' : status === 503 || status >= 500 ? 'failed' : 'refused');
    }
  }

  /** 「清空重新填写」: forgets the draft and starts a new declaration with a new key. */
  function startAfresh() {
    clearDraft();
    form.current?.reset();
    submissionId.current = crypto.randomUUID();
    setIssues([]);
    setAnswers(conditions(form.current));
    setOrigin(undefined);
    setRound((count) => count + 1);
    setRestored(false);
  }

  if (receipt && ReceiptView) {
    return (
      <ReceiptView
        data={receipt.data}
        qrOf={receipt.qrOf}
        onPrint={() => window.print()}
        userAgent={navigator.userAgent}
      />
    );
  }

  const detailRequired = missingTransportDetail(answers.transport) !== undefined;
  return (
    <form
      id={FORM_ID}
      ref={form}
      method="post"
      action="/api/declarations"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (sending === 'sending') return;
        const checked = check();
        if (checked) void send(checked.body, checked.declaration);
      }}
      onInput={() => form.current && saveDraft(form.current, submissionId.current)}
      onChange={() => {
        if (form.current) saveDraft(form.current, submissionId.current);
        setAnswers(conditions(form.current));
        if (issues.length > 0) check();
      }}
    >
      <ErrorSummary issues={issues} summaryRef={summary} />
      {restored && (
        <p class="callout" role="status">
          已经填回您刚才写的内容。这些内容只存在这部手机的这个页面里，提交成功或一小时后自动删除。
          <button type="button" class="link-button" onClick={startAfresh}>
            清空重新填写
          </button>
        </p>
      )}

      <h2>本人信息</h2>
      <Field name="name" error={errorOf('name')}>
        <input
          {...described('name', errorOf('name'))}
          type="text"
          autoComplete="name"
          maxLength={INPUT_MAX_LENGTH.name}
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
          maxLength={INPUT_MAX_LENGTH.idNumber}
        />
      </Field>
      <Field name="phone" error={errorOf('phone')} hint="11位手机号码，网格员会打这个电话联系您">
        <input
          {...described('phone', errorOf('phone'), true)}
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          maxLength={INPUT_MAX_LENGTH.phone}
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
          maxLength={INPUT_MAX_LENGTH.addressDetail}
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
            key={round}
            provinces={provinceList}
            initial={origin}
            error={errorOf('originRegion')}
            onLoaded={() => {
              if (form.current) saveDraft(form.current, submissionId.current);
              if (issues.length > 0) check();
            }}
          />
        ) : (
          children
        )}
      </Field>
      <Field name="originDetail" error={errorOf('originDetail')} optional>
        <input
          {...described('originDetail', errorOf('originDetail'))}
          type="text"
          maxLength={INPUT_MAX_LENGTH.originDetail}
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
        <Choices name="transport" type="radio" labels={TRANSPORT_LABELS} />
      </Field>
      <Field
        name="transportDetail"
        error={errorOf('transportDetail')}
        hint="坐火车填车次，坐飞机填航班号，自驾可填车牌号"
        hidden={!asked('transportDetail')}
        optional={!detailRequired}
      >
        <input
          {...described('transportDetail', errorOf('transportDetail'), true)}
          type="text"
          autoCapitalize="characters"
          maxLength={INPUT_MAX_LENGTH.transportDetail}
          disabled={!asked('transportDetail')}
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
          maxLength={INPUT_MAX_LENGTH.companions}
        />
      </Field>
      <div class="field check">
        <label class="choice">
          <input type="checkbox" name="viaRiskArea" id={fieldId('viaRiskArea')} />
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
          maxLength={INPUT_MAX_LENGTH.temperature}
        />
      </Field>
      <Field name="nucleicTest" error={errorOf('nucleicTest')} group>
        <Choices name="nucleicTest" type="radio" labels={NUCLEIC_TEST_LABELS} />
      </Field>
      <Field
        name="nucleicTestDate"
        error={errorOf('nucleicTestDate')}
        hint="没有做检测的不用填"
        hidden={!asked('nucleicTestDate')}
      >
        <input
          {...described('nucleicTestDate', errorOf('nucleicTestDate'), true)}
          type="date"
          disabled={!asked('nucleicTestDate')}
        />
      </Field>
      <div class="field check">
        <label class="choice">
          <input type="checkbox" name="closeContact" id={fieldId('closeContact')} />
          <span>我是确诊病例的密切接触者，或被通知为密接</span>
        </label>
      </div>
      <Field name="note" error={errorOf('note')} optional hint="有什么需要社区帮忙的，可以写在这里">
        <textarea
          {...described('note', errorOf('note'), true)}
          rows={3}
          maxLength={INPUT_MAX_LENGTH.note}
        />
      </Field>

      <Honeypot />
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
