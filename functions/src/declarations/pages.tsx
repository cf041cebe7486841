/**
 * HTML answers for the no-JS form, made from the pages Astro built (one look, no second set of
 * templates; what goes in is rendered by Preact, which escapes every value): the receipt template filled by its `data-slot`s, and the form page re-filled with
 * every answer, the error summary and each message beside its field (GOV.UK pattern).
 */
import {
  receiptLists,
  receiptTexts,
  saveAdvice,
  type ReceiptData,
  type ReceiptListSlot,
  type ReceiptSlot,
} from '../../../src/lib/receipt';
import { qrSvg } from '../../../src/lib/qr';
import type { DeclarationIssue } from '../../../src/schemas/declaration';
import {
  ERROR_PREFIX,
  ERROR_SUMMARY_ID,
  FIELD_ATTRIBUTE,
  FIELD_ORDER,
  HONEYPOT_FIELD,
  errorId,
  summaryHref,
} from '../../../src/schemas/declaration-form';
import { renderToString } from 'preact-render-to-string';
import { builtPage, htmlPage, secondsToNextWindow } from '../http';

/**
 * Stops islands from hydrating over a page the Worker filled in: their loaders are the scripts
 * in the body. The head's preferences script stays, so large text still applies.
 */
function staticOnly(rewriter: HTMLRewriter): HTMLRewriter {
  return rewriter
    .on('astro-island', { element: (element) => void element.removeAttribute('ssr') })
    .on('body script', { element: (element) => void element.remove() });
}

/**
 * The receipt page for an accepted (or honeypot) declaration; `userAgent` picks how to keep it
 * (WeChat cannot print: a screenshot).
 */
export async function receiptPage(
  env: Env,
  data: ReceiptData,
  status: number,
  userAgent: string | null,
): Promise<Response> {
  const texts = receiptTexts(data);
  const lists = Object.fromEntries(
    Object.entries(receiptLists(data)).map(([slot, items]) => [
      slot,
      renderToString(
        <>
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </>,
      ),
    ]),
  ) as Record<ReceiptListSlot, string>;
  const rewriter = staticOnly(new HTMLRewriter())
    .on('[data-receipt-template]', { element: (element) => void element.remove() })
    .on('title', {
      element: (element) => void element.setInnerContent(`报备成功 ${data.reference}`),
    })
    .on('[data-slot]', {
      element(element) {
        const slot = element.getAttribute('data-slot') ?? '';
        if (Object.hasOwn(lists, slot)) {
          element.setInnerContent(lists[slot as ReceiptListSlot], { html: true });
        } else if (slot === 'save-tip') {
          element.setInnerContent(saveAdvice(userAgent, false));
        } else if (slot === 'qr') {
          element.setInnerContent(qrSvg(data.reference, `回执编号 ${data.reference}`), {
            html: true,
          });
        } else if (slot === 'checkin' && data.checkinUrl) {
          element.removeAttribute('hidden');
        } else if (slot === 'checkin-link' && data.checkinUrl) {
          element.setAttribute('href', data.checkinUrl);
        } else if (slot === 'checkin-qr' && data.checkinUrl) {
          element.setInnerContent(qrSvg(data.checkinUrl, '今日健康报告'), { html: true });
        } else if (slot in texts) element.setInnerContent(texts[slot as ReceiptSlot]);
        if (slot === 'grid-phone') element.setAttribute('href', `tel:${data.grid.phone}`);
      },
    });
  return htmlPage(await builtPage(env, '/declare/receipt/'), rewriter, status);
}

/** The form again, with every answer kept, the error summary and the messages (status 422). */
export async function formPage(
  env: Env,
  entries: readonly [string, string][],
  issues: readonly DeclarationIssue[],
): Promise<Response> {
  const values = new Map<string, string[]>();
  for (const [key, value] of entries) {
    if (key !== HONEYPOT_FIELD) values.set(key, [...(values.get(key) ?? []), value]);
  }
  const errors = new Map(issues.map((issue) => [issue.path, issue.message]));
  const summary = renderToString(
    <>
      {issues.map((issue) => (
        <li key={issue.path}>
          <a href={summaryHref(issue.path)}>{issue.message}</a>
        </li>
      ))}
    </>,
  );
  let select = '';

  const rewriter = staticOnly(new HTMLRewriter())
    .on('title', {
      text(text) {
        if (text.text && !text.text.startsWith(ERROR_PREFIX)) text.before(ERROR_PREFIX);
      },
    })
    .on(`#${ERROR_SUMMARY_ID}`, { element: (element) => void element.removeAttribute('hidden') })
    .on(`#${ERROR_SUMMARY_ID} ul`, {
      element: (element) => void element.setInnerContent(summary, { html: true }),
    })
    .on(`[${FIELD_ATTRIBUTE}]`, {
      element(element) {
        if (errors.has(element.getAttribute(FIELD_ATTRIBUTE) ?? '')) {
          element.setAttribute('class', `${element.getAttribute('class') ?? ''} has-error`.trim());
        }
      },
    });
  // The message beside each field that has one, found by the contract's id.
  for (const field of FIELD_ORDER) {
    const message = errors.get(field);
    if (message === undefined) continue;
    rewriter.on(`#${errorId(field)}`, {
      element(element) {
        element.removeAttribute('hidden');
        element.setInnerContent(
          renderToString(
            <>
              <span class="visually-hidden">{ERROR_PREFIX}</span>
              {message}
            </>,
          ),
          { html: true },
        );
      },
    });
  }
  rewriter
    .on('input[name], textarea[name]', {
      element(element) {
        const name = element.getAttribute('name') ?? '';
        const given = values.get(name) ?? [];
        if (errors.has(name)) element.setAttribute('aria-invalid', 'true');
        const type = element.getAttribute('type');
        if (type === 'radio' || type === 'checkbox') {
          if (given.includes(element.getAttribute('value') ?? 'on'))
            element.setAttribute('checked', '');
          else element.removeAttribute('checked');
        } else if (element.tagName === 'textarea') {
          element.setInnerContent(given[0] ?? '');
        } else if (name !== HONEYPOT_FIELD) {
          element.setAttribute('value', given[0] ?? '');
        }
      },
    })
    .on('select[name]', {
      element(element) {
        select = element.getAttribute('name') ?? '';
        if (errors.has(select)) element.setAttribute('aria-invalid', 'true');
      },
    })
    .on('option', {
      element(element) {
        const given = values.get(select);
        if (given === undefined) return;
        if (given.includes(element.getAttribute('value') ?? ''))
          element.setAttribute('selected', '');
        else element.removeAttribute('selected');
      },
    });
  return htmlPage(await builtPage(env, '/declare/'), rewriter, 422);
}

/** The service-problem page with the duty phone; nothing was accepted. */
export async function unavailablePage(env: Env, status: number): Promise<Response> {
  // The same waits as the JSON answers: a minute for the queue, the limiter's own window.
  const wait = status === 503 ? 60 : status === 429 ? secondsToNextWindow() : undefined;
  const retry: Record<string, string> = wait === undefined ? {} : { 'Retry-After': String(wait) };
  return htmlPage(await builtPage(env, '/declare/unavailable/'), undefined, status, retry);
}
