/**
 * The village checkpoint (卡口, issue 12): scan a receipt's QR code or type its reference, see
 * the masked record and risk, mark 已到达 (or take back a mark made on the wrong person). Large tap targets for a phone held at the gate; the
 * typed form works without JavaScript and on a PC without a camera.
 */
import { chineseDate, daysBetween, shanghaiMinute } from '../../../../src/lib/dates';
import { maskedItem, type LedgerEntry } from '../entry';
import { RiskTag, StatusTag } from './common';

/** A declaration found at the checkpoint, with its arrival mark. */
export interface CheckpointRecord {
  entry: LedgerEntry;
  arrivedAt: string | null;
  arrivedBy: string | null;
}

/** What the checkpoint page shows above the form. */
export type CheckpointResult =
  | { kind: 'none' }
  | { kind: 'found'; record: CheckpointRecord }
  | { kind: 'not_found'; reference: string; message: string }
  | { kind: 'invalid'; message: string };

interface Props {
  result: CheckpointResult;
  /** The text typed, kept when it was not a reference. */
  typed: string;
  today: string;
}

// What the scan script says, kept here with the page it speaks on (src/scripts/checkpoint-scan.ts).
const SCAN_WORDS = {
  'data-starting': '正在打开摄像头…',
  'data-aim': '请把回执上的二维码放进框里，离手机一拃左右。',
  'data-found': '已识别回执编号，正在查找…',
  'data-not-reference': '这个二维码不是回执编号，请扫回执上标着“回执编号”的二维码。',
  'data-checkin-code': '这是“今日健康报告”的二维码，请扫回执上标着“回执编号”的二维码。',
  'data-denied': '没有得到摄像头权限。请在浏览器设置里允许本网站使用摄像头，或者直接输入回执编号。',
  'data-no-camera': '这台设备没有可用的摄像头，请输入回执编号。',
  'data-failed': '摄像头打不开，请输入回执编号。',
  'data-stopped': '已停止扫描。',
} as const;

function arrivalText(arrivalDate: string, today: string): string {
  const days = daysBetween(today, arrivalDate);
  const when = days === 0 ? '今天' : days > 0 ? `${days}天后` : `${-days}天前`;
  return `${chineseDate(arrivalDate)}（${when}）`;
}

/** `今天 14:05` or `12月3日 14:05`: when the arrival was marked, in Shanghai time. */
function markedText(at: string, today: string): string {
  const minute = shanghaiMinute(at);
  const day = minute.slice(0, 10);
  const [, month, date] = day.split('-').map(Number);
  return `${day === today ? '今天' : `${month}月${date}日`} ${minute.slice(11)}`;
}

function Record({ record, today }: { record: CheckpointRecord; today: string }) {
  const { entry, arrivedAt, arrivedBy } = record;
  const masked = maskedItem(entry);
  return (
    <section
      class={`checkpoint-record risk-${entry.risk}${arrivedAt ? ' is-arrived' : ''}`}
      aria-labelledby="record-title"
    >
      <h2 id="record-title">
        {masked.name} <span class="ref">{entry.reference}</span>
      </h2>
      <p class="checkpoint-risk">
        <RiskTag risk={entry.risk} />
        {entry.risk === 'high' && <strong> 请按下面的要求，马上联系网格员安排。</strong>}
      </p>
      <dl class="facts">
        <dt>手机号码</dt>
        <dd>{masked.phone}</dd>
        <dt>证件号码</dt>
        <dd>{masked.idNumber}</dd>
        <dt>网格</dt>
        <dd>
          {entry.gridName} · {entry.areaName}
        </dd>
        <dt>申报到达</dt>
        <dd>{arrivalText(entry.arrivalDate, today)}</dd>
        <dt>跟进状态</dt>
        <dd>
          <StatusTag status={entry.status} />
        </dd>
        <dt>到达登记</dt>
        <dd>
          {arrivedAt ? (
            <>
              <strong class="arrived">✓ 已到达</strong>
              <span class="meta">
                {markedText(arrivedAt, today)}，{arrivedBy ?? ''}登记
              </span>
            </>
          ) : (
            '还没有登记到达'
          )}
        </dd>
      </dl>
      {arrivedAt ? (
        <form method="post" action="/staff/checkpoint/undo-arrival" class="undo-arrival">
          <input type="hidden" name="reference" value={entry.reference} />
          <button class="button secondary" type="submit">
            登记错了？撤销到达登记
          </button>
        </form>
      ) : (
        <form method="post" action="/staff/checkpoint/arrive">
          <input type="hidden" name="reference" value={entry.reference} />
          <button class="button big" type="submit">
            已到达
          </button>
        </form>
      )}
      {entry.outcome && entry.outcome.measures.length > 0 && (
        <details open={entry.risk === 'high'}>
          <summary>请告诉本人接下来要做的事</summary>
          <ul>
            {entry.outcome.measures.map((measure) => (
              <li key={measure}>{measure}</li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <a href={`/staff/declarations/${entry.reference}/`}>查看这条报备的详细信息</a>
      </p>
    </section>
  );
}

/** The checkpoint page. */
export function CheckpointView({ result, typed, today }: Props) {
  const invalid = result.kind === 'invalid' ? result.message : undefined;
  const next = result.kind === 'found';
  return (
    <>
      <h1>卡口登记</h1>
      {result.kind === 'none' && (
        <p>扫描返乡人员回执上的二维码，或者输入回执编号，核对后点“已到达”。</p>
      )}
      {invalid && (
        <div class="error-summary" role="alert">
          <h2>请修改以下问题</h2>
          <ul>
            <li>
              <a href="#reference">{invalid}</a>
            </li>
          </ul>
        </div>
      )}
      {result.kind === 'found' && <Record record={result.record} today={today} />}
      {result.kind === 'not_found' && (
        <div class="callout warn" role="alert">
          <h2>没有找到 {result.reference}</h2>
          <p>{result.message}</p>
        </div>
      )}
      <section class="scan" data-scan hidden {...SCAN_WORDS}>
        <button class="button big" type="button" data-scan-start>
          {next ? '扫描下一位的二维码' : '扫描回执二维码'}
        </button>
        <div class="scan-view" data-scan-view hidden>
          <video muted playsinline aria-label="摄像头画面" />
          <button class="button secondary" type="button" data-scan-stop>
            停止扫描
          </button>
        </div>
        <p class="scan-status" role="status" aria-live="polite" data-scan-status />
      </section>
      <form
        id="checkpoint-lookup"
        class={`checkpoint-form${invalid ? ' has-error' : ''}`}
        method="get"
        action="/staff/checkpoint/"
      >
        <label for="reference">{next ? '下一位的回执编号' : '回执编号'}</label>
        <p class="hint" id="reference-hint">
          9位数字，印在回执最上面，例如 <span class="nowrap">4829-1536-0</span>
        </p>
        {invalid && (
          <p class="field-error" id="reference-error">
            <span class="visually-hidden">错误：</span>
            {invalid}
          </p>
        )}
        <div class="checkpoint-input">
          <input
            id="reference"
            name="reference"
            inputmode="numeric"
            autocomplete="off"
            enterkeyhint="search"
            value={typed}
            aria-describedby={invalid ? 'reference-hint reference-error' : 'reference-hint'}
            aria-invalid={invalid ? 'true' : undefined}
          />
          <button class="button big" type="submit">
            查找
          </button>
        </div>
      </form>
      <script type="module" src="/checkpoint-scan.js" />
    </>
  );
}
