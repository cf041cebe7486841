/**
 * HTML answers for the no-JS form, made from the pages Astro built (one look, no second set of
 * templates): the receipt template filled by its `data-slot`s, and the form page re-filled with
 * every answer, the error summary and each message beside its field (GOV.UK pattern).
 */
import { receiptTexts, type ReceiptData, type ReceiptSlot } from '../../../src/lib/receipt';
import { qrSvg } from '../../../src/lib/qr';
import type { DeclarationIssue } from '../../../src/schemas/declaration';
import { escapeHtml } from '../html';
import { builtPage, htmlPage } from '../http';

/** Stops the island from hydrating over a page the Worker filled in. */
function staticOnly(rewriter: HTMLRewriter): HTMLRewriter {
  return rewriter
    .on('astro-island', { element: (element) => void element.removeAttribute('ssr') })
    .on('script', { element: (element) => void element.remove() });
}

/** The receipt page for an accepted (or honeypot) declaration. */
export async function receiptPage(env: Env, data: ReceiptData, status: number): Promise<Response> {
  const texts = receiptTexts(data);
  const measures = data.measures.map((measure) => `<li>${escapeHtml(measure)}</li>`).join('');
  const rewriter = staticOnly(new HTMLRewriter())
    .on('[data-receipt-template]', { element: (element) => void element.remove() })
    .on('title', {
      element: (element) => void element.setInnerContent(`报备成功 ${data.reference}`),
    })
    .on('[data-slot]', {
      element(element) {
        const slot = element.getAttribute('data-slot') ?? '';
        if (slot === 'measures') element.setInnerContent(measures, { html: true });
        else if (slot === 'qr')
          element.setInnerContent(qrSvg(data.reference, `回执编号 ${data.reference}`), {
            html: true,
          });
        else if (slot in texts) element.setInnerContent(texts[slot as ReceiptSlot]);
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
    if (key !== 'website') values.set(key, [...(values.get(key) ?? []), value]);
  }
  const errors = new Map(issues.map((issue) => [issue.path, issue.message]));
  const summary = issues
    .map(
      (issue) =>
        `<li><a href="#${issue.path ? `f-${escapeHtml(issue.path)}` : 'declaration-form'}">${escapeHtml(issue.message)}</a></li>`,
    )
    .join('');
  let select = '';

  const rewriter = staticOnly(new HTMLRewriter())
    .on('title', {
      text(text) {
        if (text.text && !text.text.startsWith('错误：')) text.before('错误：');
      },
    })
    .on('#error-summary', { element: (element) => void element.removeAttribute('hidden') })
    .on('#error-summary ul', {
      element: (element) => void element.setInnerContent(summary, { html: true }),
    })
    .on('[data-field]', {
      element(element) {
        if (errors.has(element.getAttribute('data-field') ?? '')) {
          element.setAttribute('class', `${element.getAttribute('class') ?? ''} has-error`.trim());
        }
      },
    })
    .on('.field-error', {
      element(element) {
        const name = (element.getAttribute('id') ?? '').replace(/^f-|-error$/g, '');
        const message = errors.get(name);
        if (message === undefined) return;
        element.removeAttribute('hidden');
        element.setInnerContent(
          `<span class="visually-hidden">错误：</span>${escapeHtml(message)}`,
          { html: true },
        );
      },
    })
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
        } else if (name !== 'website') {
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
  const retry: Record<string, string> =
    status === 503 || status === 429 ? { 'Retry-After': '60' } : {};
  return htmlPage(await builtPage(env, '/declare/unavailable/'), undefined, status, retry);
}
