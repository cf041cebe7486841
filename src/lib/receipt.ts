/**
 * The words of the declaration receipt, shared by the island (JSON path) and the Worker, which
 * fills the same built template for the no-JS form: one wording, one look.
 */
import type { Declaration } from '../schemas/declaration';
import { chineseDate, shanghaiMinute } from './dates';
import { maskName } from './mask';
import { RISK_LABELS, type Risk } from './policy';

/** Who the receipt is for, masked, so a screenshot can be matched to a person without exposing them. */
export interface ReceiptPerson {
  name: string;
  origin: string;
  arrivalDate: string;
}

/** The receipt's person line from a valid declaration; `regionName` names the origin code. */
export function receiptPerson(
  declaration: Pick<Declaration, 'name' | 'originRegion' | 'arrivalDate'>,
  regionName: (code: string) => string | undefined,
): ReceiptPerson {
  return {
    name: maskName(declaration.name),
    origin: regionName(declaration.originRegion) ?? declaration.originRegion,
    arrivalDate: declaration.arrivalDate,
  };
}

/** What the API answers for an accepted declaration (PRODUCT.md §6, 202/200). */
export interface ReceiptData {
  reference: string;
  receivedAt: string;
  risk: Risk;
  /** Why the risk is what it is, in the policy evaluator's plain words; empty for `low`. */
  reasons: string[];
  measures: string[];
  /** The test dates (`YYYY-MM-DD`) of the policy's test days, day 1 being the arrival date. */
  testDays: string[];
  monitoringEnds: string | null;
  grid: { name: string; leader: string; phone: string };
  /** The personal daily check-in link (PRODUCT.md §11), or null without a monitoring period. */
  checkinUrl: string | null;
  /** Not part of the API answer: added by whoever renders the receipt from the declaration. */
  person?: ReceiptPerson | undefined;
}

const RISK_WORDS: Record<Risk, string> = {
  high: '请马上按下面第一条去做',
  medium: '需要居家健康监测',
  low: '做好自我健康监测即可',
};

/** The text of every text slot of the receipt template, keyed by its `data-slot`. */
export function receiptTexts(data: ReceiptData) {
  const [day = '', time = ''] = shanghaiMinute(data.receivedAt).split(' ');
  return {
    reference: data.reference,
    person: data.person
      ? `${data.person.name}，从${data.person.origin}来，${chineseDate(data.person.arrivalDate)}到达`
      : '',
    'received-at': `${chineseDate(day)} ${time}`,
    risk: RISK_LABELS[data.risk],
    'risk-words': RISK_WORDS[data.risk],
    'monitoring-ends':
      data.monitoringEnds === null
        ? '不需要健康监测'
        : `${chineseDate(data.monitoringEnds)}（含当天）`,
    'grid-name': data.grid.name,
    'grid-leader': data.grid.leader,
    'grid-phone': data.grid.phone,
  } as const;
}

/** A text slot of the receipt template. */
export type ReceiptSlot = keyof ReturnType<typeof receiptTexts>;

/** The items of every list slot of the receipt template (`<li>` each), keyed by its `data-slot`. */
export function receiptLists(data: ReceiptData) {
  return {
    reasons: data.reasons.length > 0 ? data.reasons : ['您填写的情况里，没有需要特别注意的'],
    'test-days':
      data.testDays.length > 0 ? data.testDays.map(chineseDate) : ['不需要专门去做核酸检测'],
    measures: data.measures,
  } as const;
}

/** A list slot of the receipt template. */
export type ReceiptListSlot = keyof ReturnType<typeof receiptLists>;

/** True for WeChat's in-app browser, which has no print and no "save as PDF". */
export function isWeChat(userAgent: string | null | undefined): boolean {
  return /MicroMessenger/i.test(userAgent ?? '');
}

/**
 * How to keep the receipt: in WeChat a screenshot (its browser cannot print); elsewhere print or
 * save as PDF — with the print button where JavaScript runs, else from the browser's menu.
 */
export function saveAdvice(userAgent: string | null | undefined, printButton: boolean): string {
  if (isWeChat(userAgent)) {
    return '微信里不能打印。请截图保存本页；要打印的话，点右上角“···”，选“在浏览器打开”，再打印。';
  }
  return printButton
    ? '点上面的按钮可以打印，或在打印页面里选“另存为PDF”；直接截图保存也可以。'
    : '请截图保存本页，或用浏览器菜单里的“打印”保存为PDF。';
}
