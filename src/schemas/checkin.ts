/**
 * The daily health check-in (PRODUCT.md §11), one schema for the check-in page, the Worker's
 * `POST /api/checkins` and the reading a grid worker types in for someone without a phone.
 */
import * as z from 'zod/mini';
import { normalizeCode, normalizeText, characterCount } from '../lib/text';
import { SYMPTOMS } from './declaration-form';

/** The half-day a reading is for: morning (上午) or afternoon and evening (下午). */
export const PERIODS = ['am', 'pm'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS = { am: '上午', pm: '下午' } as const satisfies Record<Period, string>;

/** A test result reported on a test day. */
export const TEST_RESULTS = ['negative', 'positive', 'pending', 'not_done'] as const;
export const TEST_RESULT_LABELS = {
  negative: '阴性',
  positive: '阳性',
  pending: '已检测，等结果',
  not_done: '还没做',
} as const satisfies Record<(typeof TEST_RESULTS)[number], string>;

/** How a reading reached the ledger: the person's own link, or a grid worker by phone, visit, card. */
export const METHODS = ['self', 'phone', 'visit', 'card'] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_LABELS = {
  self: '本人报告',
  phone: '电话询问',
  visit: '上门查看',
  card: '纸质卡片补录',
} as const satisfies Record<Method, string>;

/** Chinese label of every field, in form order. */
export const CHECKIN_FIELD_LABELS = {
  token: '报告链接',
  period: '上午还是下午',
  temperature: '体温',
  symptoms: '现在有哪些不舒服',
  testResult: '核酸检测结果',
  note: '想告诉网格员的话',
} as const;
export type CheckinField = keyof typeof CHECKIN_FIELD_LABELS;

const NOTE_MAX = 200;

const reading = {
  period: z.optional(z.enum(PERIODS, { error: '请选择上午还是下午' })),
  temperature: z
    .number({ error: '请填写体温，例如：36.5' })
    .check(
      z.gte(35, { error: '体温要在35.0到42.0℃之间，请再量一次' }),
      z.lte(42, { error: '体温要在35.0到42.0℃之间，请再量一次' }),
    ),
  symptoms: z._default(
    z
      .array(z.enum(SYMPTOMS, { error: '请从列表中选择' }), { error: '请从列表中选择' })
      .check(z.overwrite((list) => [...new Set(list)])),
    [],
  ),
  testResult: z.optional(z.enum(TEST_RESULTS, { error: '请选择核酸检测结果' })),
  note: z.optional(
    z.string({ error: '请填写文字' }).check(
      z.overwrite(normalizeText),
      z.refine((value) => characterCount(value) <= NOTE_MAX, {
        error: `想告诉网格员的话不能超过${NOTE_MAX}个字`,
      }),
    ),
  ),
};

const unknown = (issue: { code: string }) =>
  issue.code === 'unrecognized_keys'
    ? '表单里有本站不认识的项目，请刷新页面后重新填写'
    : '请填写体温';

/** What the returnee sends from the check-in link. */
export const CheckinSchema = z.strictObject(
  {
    token: z
      .string({ error: '报告链接不完整，请重新打开回执里的链接' })
      .check(
        z.regex(/^[A-Za-z0-9_-]{22,64}$/, { error: '报告链接不完整，请重新打开回执里的链接' }),
      ),
    ...reading,
  },
  { error: unknown },
);
export type Checkin = z.output<typeof CheckinSchema>;

/** A reading a grid worker records on someone's behalf: how, and for which day. */
export const StaffReadingSchema = z.strictObject(
  {
    ...reading,
    period: z.enum(PERIODS, { error: '请选择上午还是下午' }),
    method: z.enum(['phone', 'visit', 'card'], { error: '请选择是怎么了解到的' }),
    date: z
      .string({ error: '请选择日期' })
      .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: '请选择日期' })),
  },
  { error: unknown },
);
export type StaffReading = z.output<typeof StaffReadingSchema>;

/**
 * The no-JS form's urlencoded pairs as the schema's object: the temperature a number (full-width
 * digits and a comma for the point accepted), symptoms a list, `none` and empty values dropped.
 */
export function checkinFormToObject(
  entries: Iterable<readonly [string, string]>,
): Record<string, unknown> {
  const fields = new Map<string, unknown>();
  const symptoms: string[] = [];
  for (const [key, raw] of entries) {
    const value =
      key === 'temperature'
        ? normalizeCode(raw).replace('，', '.').replace(',', '.')
        : normalizeText(raw);
    if (key === 'symptoms') {
      if (value !== '' && value !== 'none') symptoms.push(value);
    } else if (value !== '' && !fields.has(key)) {
      fields.set(
        key,
        key === 'temperature' && /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : value,
      );
    }
  }
  fields.set('symptoms', symptoms);
  return Object.fromEntries(fields);
}
