/**
 * The declaration receipt (回执): reference, risk and why in plain words, what to do next, the
 * test dates, the grid worker, the end of monitoring and a QR code of the reference. One
 * component for every path: the island renders it after a JSON answer, the receipt page from a
 * receipt kept on the phone, and the build renders it as the template whose `data-slot`s the
 * Worker fills for the no-JS form.
 */
import { isWeChat, receiptLists, receiptTexts, saveAdvice, type ReceiptData } from '../lib/receipt';

/**
 * The receipt; `qrOf` draws QR codes (src/lib/qr.ts) where the code has arrived: the reference's
 * and the personal check-in link's.
 */
export function Receipt({
  data,
  qrOf,
  onPrint,
  userAgent,
}: {
  data: ReceiptData;
  qrOf?: ((text: string, label: string) => string) | undefined;
  /** Given where JavaScript runs: a button to print or save as PDF, unless in WeChat. */
  onPrint?: (() => void) | undefined;
  /** The browser's, where known: WeChat gets the screenshot advice instead of printing. */
  userAgent?: string | undefined;
}) {
  const text = receiptTexts(data);
  const lists = receiptLists(data);
  // WeChat's browser has no print: a button there would do nothing.
  const print = isWeChat(userAgent) ? undefined : onPrint;
  return (
    <section class="receipt" aria-labelledby="receipt-title">
      <h1 id="receipt-title" tabIndex={-1}>
        报备成功
      </h1>
      <p>请保存本页（截图或打印），卡口或网格员询问时出示回执编号。</p>
      <dl class="receipt-facts">
        <dt>报备人</dt>
        <dd data-slot="person">{text.person}</dd>
        <dt>回执编号</dt>
        <dd class="reference" data-slot="reference">
          {text.reference}
        </dd>
        <dt>提交时间</dt>
        <dd data-slot="received-at">{text['received-at']}</dd>
        <dt>评估结果</dt>
        <dd>
          <strong data-slot="risk">{text.risk}</strong>：
          <span data-slot="risk-words">{text['risk-words']}</span>
        </dd>
        <dt>健康监测到</dt>
        <dd data-slot="monitoring-ends">{text['monitoring-ends']}</dd>
      </dl>
      <h2>为什么是这个结果</h2>
      <ul class="reasons" data-slot="reasons">
        {lists.reasons.map((reason, index) => (
          <li key={index}>{reason}</li>
        ))}
      </ul>
      <h2>接下来要做的事</h2>
      <ol class="measures" data-slot="measures">
        {lists.measures.map((measure, index) => (
          <li key={index}>{measure}</li>
        ))}
      </ol>
      <h2>核酸检测日期</h2>
      <p class="hint">到达当天算第1天，具体时间和地点听网格员安排。</p>
      <ul class="test-days" data-slot="test-days">
        {lists['test-days'].map((day, index) => (
          <li key={index}>{day}</li>
        ))}
      </ul>
      <h2>您的网格员</h2>
      <p>
        <span data-slot="grid-name">{text['grid-name']}</span>：
        <span data-slot="grid-leader">{text['grid-leader']}</span>
        <br />
        电话：
        <a class="phone" data-slot="grid-phone" href={`tel:${data.grid.phone}`}>
          {text['grid-phone']}
        </a>
      </p>
      <section
        class="checkin-link"
        data-slot="checkin"
        hidden={!data.checkinUrl}
        aria-labelledby="checkin-title"
      >
        <h2 id="checkin-title">每天报告体温</h2>
        <p>
          健康监测期间每天早晚各量一次体温，打开下面的链接报告，不用登录。这是您本人的链接，请不要转发给别人。
        </p>
        <p>
          <a class="button" data-slot="checkin-link" href={data.checkinUrl ?? '/checkin/'}>
            今日健康报告
          </a>
        </p>
        <figure class="receipt-qr">
          <div
            class="qr"
            data-slot="checkin-qr"
            dangerouslySetInnerHTML={{
              __html: data.checkinUrl ? (qrOf?.(data.checkinUrl, '今日健康报告') ?? '') : '',
            }}
          />
          <figcaption>扫码打开“今日健康报告”（家人可以帮忙扫码填写）</figcaption>
        </figure>
      </section>
      <figure class="receipt-qr">
        {/* The SVG is built locally from the reference (src/lib/qr.ts), never from user text. */}
        <div
          class="qr"
          data-slot="qr"
          dangerouslySetInnerHTML={{
            __html: qrOf?.(data.reference, `回执编号 ${data.reference}`) ?? '',
          }}
        />
        <figcaption>回执编号二维码，供卡口工作人员扫码核对</figcaption>
      </figure>
      <div class="no-print actions">
        {print && (
          <button class="button" type="button" onClick={print}>
            打印或保存回执
          </button>
        )}
        <p class="hint" data-slot="save-tip">
          {saveAdvice(userAgent, print !== undefined)}
        </p>
        <a class="button secondary" href="/declare/">
          再为一位家人或同行人报备
        </a>
      </div>
    </section>
  );
}
