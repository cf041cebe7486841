/** The one declaration schema (PRODUCT.md §6), shared by the island, the Worker and the queue consumer. */
// zod/mini, not classic zod: the island ships this to phones, and classic zod alone is ~90 KB gzip
// against a 30 KB budget for the whole form page (PRODUCT.md §8).
import * as z from 'zod/mini';
import { addDays, chineseDate, isRealDate, normalizeDateInput } from '../lib/dates';
import {
  checkOtherId,
  checkResidentId,
  normalizeIdNumber,
  type ResidentIdProblem,
} from '../lib/id-number';
import { checkPhone, unissuedPrefix, type PhoneProblem } from '../lib/phone';
import { characterCount, normalizeCode, normalizeText } from '../lib/text';
import {
  FIELD_ORDER,
  HEALTH_CODES,
  ID_TYPE_LABELS,
  ID_TYPES,
  NUCLEIC_TESTS,
  SYMPTOMS,
  TEXT_LIMITS,
  TRANSPORTS,
  isAsked,
  missingTransportDetail,
  type DeclarationField,
} from './declaration-form';

// The field names, labels, choices and limits live in the zod-free form contract, so the island
// can draw the form without loading zod; re-exported here for the Worker and the staff pages.
export {
  FIELD_LABELS,
  HEALTH_CODE_LABELS,
  HEALTH_CODES,
  ID_TYPE_LABELS,
  ID_TYPES,
  NUCLEIC_TEST_LABELS,
  NUCLEIC_TESTS,
  SYMPTOM_LABELS,
  SYMPTOMS,
  TRANSPORT_LABELS,
  TRANSPORTS,
  type DeclarationField,
} from './declaration-form';

const BOOLEAN_FIELDS = new Set<string>(['viaRiskArea', 'closeContact', 'consent']);
const NUMBER_FIELDS = new Set<string>(['temperature', 'companions']);
const ARRAY_FIELDS = new Set<string>(['symptoms']);

/** What the schema needs to know about the deployment and the day. */
export interface DeclarationContext {
  /** The area ids of `community.yaml`. */
  areaIds: readonly string[];
  /** Today in Asia/Shanghai, `YYYY-MM-DD` (see `shanghaiDate`). */
  today: string;
  /**
   * Whether a GB/T 2260 code is in the region table: `isKnownRegion` from `lib/regions` in the
   * Worker, a table over the loaded province chunk in the browser (the whole table is too big
   * to ship to phones).
   */
  isKnownRegion: (code: string) => boolean;
}

const RESIDENT_ID_MESSAGES: Record<Exclude<ResidentIdProblem, 'empty' | 'length'>, string> = {
  characters: '身份证号码只能由数字组成，最后一位可以是X，请核对',
  region: '身份证号码前两位不是省份代码，请核对',
  birthDate: '身份证号码第7到14位是出生日期，现在不是真实的日期，请核对',
  futureBirthDate: '身份证号码里的出生日期晚于今天，请核对',
  checkDigit: '身份证号码最后一位校验码不对，请核对',
};

function phoneMessage(reason: PhoneProblem, value: string): string {
  if (reason === 'empty') return '请填写手机号码';
  if (reason === 'characters') return '手机号码只能包含数字，请核对';
  if (reason === 'length') return `手机号码应为11位，现在是${value.length}位，请核对`;
  if (reason === 'notInUse')
    return `${unissuedPrefix(value) ?? value.slice(0, 3)}开头的号码不是在用的手机号段，请核对手机号码`;
  return '请填写中国大陆手机号码：11位，以13到19开头';
}

// No check here aborts (`abort: true`): an aborted field would stop the cross-field checks
// below, and people should see every problem at once. Later checks skip empty values instead.

/** A text field: normalised, required, at most `max` characters (code points). */
function text(label: string, max: number, empty = `请填写${label}`) {
  return z.string({ error: empty }).check(
    z.overwrite(normalizeText),
    z.refine((value) => value !== '', { error: empty }),
    z.refine((value) => characterCount(value) <= max, { error: `${label}不能超过${max}个字` }),
  );
}

/** An optional text field: an empty one counts as not filled in. */
function optionalText(label: string, max: number, tidy = (value: string) => value) {
  return z.optional(
    z.pipe(
      z.string({ error: `${label}要填写文字` }).check(
        z.overwrite((value) => tidy(normalizeText(value))),
        z.refine((value) => characterCount(value) <= max, { error: `${label}不能超过${max}个字` }),
      ),
      z.transform((value) => (value === '' ? undefined : value)),
    ),
  );
}

function date(label: string, example: string) {
  return z.string({ error: `请填写${label}` }).check(
    z.overwrite((value) => normalizeDateInput(normalizeCode(value))),
    z.refine((value) => value !== '', { error: `请填写${label}` }),
    z.refine((value) => value === '' || isRealDate(value), {
      error: `${label}要写成“年-月-日”，例如 ${example}`,
    }),
  );
}

function choice<const T extends readonly string[]>(values: T, error: string) {
  return z.enum(values, { error });
}

function yesNo(error: string) {
  return z.boolean({ error });
}

// Letters of every script people write names in here: Han (incl. the extensions outside the
// BMP, e.g. 𠮷), Latin with accents for foreign passports. `·` joins minority names
// (买买提·艾力); phone keyboards lack it, so a period or another dot between two Han characters
// is taken for it. (A capture group, not a lookbehind: older iOS WebViews cannot parse those.)
const NAME_DOT = /(\p{Script=Han})[•‧∙・･．.](?=\p{Script=Han})/gu;
const NAME =
  /^[\p{Script=Han}\p{Script=Latin}](?:[\p{Script=Han}\p{Script=Latin}'-]|[ ·](?=[\p{Script=Han}\p{Script=Latin}]))*$/u;

/**
 * The declaration schema for one community on one day: field rules and Chinese messages of
 * PRODUCT.md §6. Parse with `safeParse` and turn failures into a list with {@link declarationIssues}.
 */
export function createDeclarationSchema(context: DeclarationContext) {
  const { today } = context;
  const earliestArrival = addDays(today, -14);
  const latestArrival = addDays(today, 14);
  return z
    .strictObject(
      {
        name: text('姓名', TEXT_LIMITS.name).check(
          z.overwrite((value) => value.replace(NAME_DOT, '$1·').replace(/\s+/g, ' ')),
          z.refine((value) => value === '' || NAME.test(value), {
            error: '姓名只能包含汉字、英文字母、空格和“·”，请核对',
          }),
        ),
        idType: z._default(choice(ID_TYPES, '请选择证件类型'), 'resident_id'),
        // Checked with idType below; a missing number gets the message for its document type.
        idNumber: z._default(
          z.string({ error: '证件号码要填写文字' }).check(z.overwrite(normalizeIdNumber)),
          '',
        ),
        phone: z.pipe(
          z.string({ error: '请填写手机号码' }),
          z.transform((value, payload) => {
            const result = checkPhone(value);
            if (!result.ok) {
              payload.issues.push({
                code: 'custom',
                input: value,
                message: phoneMessage(result.reason, result.value),
              });
            }
            return result.value;
          }),
        ),
        areaId: z.string({ error: '请选择居住的小区或村民小组' }).check(
          z.overwrite(normalizeText),
          z.refine((value) => context.areaIds.includes(value), {
            error: '请选择居住的小区或村民小组',
          }),
        ),
        addressDetail: text(
          '详细地址',
          TEXT_LIMITS.addressDetail,
          '请填写详细地址，例如：3栋2单元501',
        ),
        originRegion: z.string({ error: '请选择从哪里来（省、市、区县）' }).check(
          z.overwrite(normalizeCode),
          z.refine((value) => value !== '', { error: '请选择从哪里来（省、市、区县）' }),
          z.refine((value) => value === '' || context.isKnownRegion(value), {
            error: '没有找到这个地区，请重新选择省、市、区县',
          }),
        ),
        originDetail: optionalText('街道或工作单位', TEXT_LIMITS.originDetail),
        departureDate: date('出发日期', today),
        arrivalDate: date('到达日期', today).check(
          z.refine((value) => !isRealDate(value) || value >= earliestArrival, {
            error: `到达日期不能早于${chineseDate(earliestArrival)}（14天前）`,
          }),
          z.refine((value) => !isRealDate(value) || value <= latestArrival, {
            error: `到达日期不能晚于${chineseDate(latestArrival)}，请在到达前14天内报备`,
          }),
        ),
        transport: choice(TRANSPORTS, '请选择交通方式'),
        // Train numbers, flight numbers and plates are written in capitals (g1234 → G1234).
        transportDetail: optionalText(
          '车次、航班号或车牌号',
          TEXT_LIMITS.transportDetail,
          (value) => value.toUpperCase(),
        ),
        viaRiskArea: yesNo('请选择是否途经中高风险地区'),
        healthCode: choice(HEALTH_CODES, '请选择健康码颜色'),
        symptoms: z._default(
          z
            .array(choice(SYMPTOMS, '请从列表中选择症状'), { error: '请从列表中选择症状' })
            .check(z.overwrite((list) => [...new Set(list)])),
          [],
        ),
        temperature: z.optional(
          z
            .number({ error: '体温要填数字，例如：36.5' })
            .check(
              z.gte(35, { error: '体温要在35.0到42.0℃之间，请核对' }),
              z.lte(42, { error: '体温要在35.0到42.0℃之间，请核对' }),
            ),
        ),
        nucleicTest: choice(NUCLEIC_TESTS, '请选择核酸检测情况'),
        nucleicTestDate: z.optional(
          date('核酸检测日期', today).check(
            z.refine((value) => !isRealDate(value) || value <= today, {
              error: '核酸检测日期不能晚于今天',
            }),
          ),
        ),
        closeContact: yesNo('请选择是否为密切接触者'),
        companions: z._default(
          z
            .int({ error: '同行人数要填0到20之间的整数' })
            .check(
              z.gte(0, { error: '同行人数要填0到20之间的整数' }),
              z.lte(20, { error: '同行人数要填0到20之间的整数' }),
            ),
          0,
        ),
        note: optionalText('备注', TEXT_LIMITS.note),
        consent: z.literal(true, { error: '请阅读个人信息处理说明，并勾选同意' }),
        submissionId: z.optional(
          z.uuid({ error: '提交编号不对，请刷新页面后重新提交' }).check(z.toLowerCase()),
        ),
        // The honeypot: whatever it holds is checked by isHoneypotFilled, never shown to people.
        website: z.optional(z.unknown()),
      },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `表单里有本站不认识的项目（${unknownKeys(issue.keys)}），请刷新页面后重新填写`
            : '请填写报备信息',
      },
    )
    .check(
      // Runs even when other fields failed, so every problem shows at once; so it reads the
      // value defensively: any field here may still hold what was sent.
      z.superRefine(
        (declaration, payload) => {
          const value: Partial<Record<string, unknown>> = declaration;
          const issue = (field: DeclarationField, message: string) =>
            payload.addIssue({ code: 'custom', path: [field], message, input: value[field] });
          const idType = ID_TYPES.find((type) => type === value['idType']);
          const idNumber = value['idNumber'];
          if (idType !== undefined && typeof idNumber === 'string') {
            const message = idNumberMessage(idType, idNumber, today);
            if (message !== undefined) issue('idNumber', message);
          }
          const detailMissing = missingTransportDetail(value['transport']);
          if (value['transportDetail'] === undefined && detailMissing !== undefined) {
            issue('transportDetail', detailMissing);
          }
          const { departureDate, arrivalDate } = value;
          if (
            typeof departureDate === 'string' &&
            typeof arrivalDate === 'string' &&
            isRealDate(departureDate) &&
            isRealDate(arrivalDate) &&
            departureDate > arrivalDate
          ) {
            issue('departureDate', '出发日期不能晚于到达日期');
          }
          if (isAsked('nucleicTestDate', value) && value['nucleicTestDate'] === undefined) {
            issue('nucleicTestDate', '请填写核酸检测日期');
          }
        },
        { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
      ),
      z.overwrite((declaration) => {
        const tidy = { ...declaration };
        // A date left in the form after choosing "没有做" is not a test date.
        if (!isAsked('nucleicTestDate', tidy)) delete tidy.nucleicTestDate;
        // Optional text left empty is not there at all, as in the form post.
        if (tidy.originDetail === undefined) delete tidy.originDetail;
        if (tidy.transportDetail === undefined) delete tidy.transportDetail;
        if (tidy.note === undefined) delete tidy.note;
        // The honeypot has done its job once the value is known to be empty.
        delete tidy.website;
        return tidy;
      }),
    );
}

// Names a few unknown keys, cut short: the message goes back to whoever sent them.
function unknownKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map((key) => (key.length > 20 ? `${key.slice(0, 20)}…` : key));
  return `${shown.join('、')}${keys.length > 3 ? ' 等' : ''}`;
}

function idNumberMessage(
  idType: (typeof ID_TYPES)[number],
  raw: string,
  today: string,
): string | undefined {
  const label = idType === 'resident_id' ? '身份证' : ID_TYPE_LABELS[idType];
  if (idType !== 'resident_id') {
    const result = checkOtherId(raw);
    if (result.ok) return undefined;
    if (result.reason === 'empty') return `请填写${label}号码`;
    if (result.reason === 'characters') return `${label}号码只能包含字母和数字，请核对`;
    return `${label}号码应为5到20位字母或数字，请核对`;
  }
  const result = checkResidentId(raw, today);
  if (result.ok) return undefined;
  if (result.reason === 'empty') return '请填写身份证号码';
  if (result.reason === 'length') {
    return `身份证号码应为18位，现在是${result.value.length}位，请核对`;
  }
  return RESIDENT_ID_MESSAGES[result.reason];
}

/** The schema type for one community and day. */
export type DeclarationSchema = ReturnType<typeof createDeclarationSchema>;
/** A valid, normalised declaration: what the queue carries and the ledger stores. */
export type Declaration = z.output<DeclarationSchema>;

/** One problem to show the person: the field (dotted path) and the Chinese message. */
export interface DeclarationIssue {
  path: string;
  message: string;
}

/**
 * The problems of a failed parse in form order, one per field (its first message), as the API's
 * 422 body and the island's error summary list them. A problem with the whole form (unknown
 * fields, not an object) has the path `''` and comes first.
 */
export function declarationIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): DeclarationIssue[] {
  const byField = new Map<string, DeclarationIssue>();
  for (const issue of error.issues) {
    // The declaration is flat: an issue inside a field (one symptom of the list) is the field's.
    const head = issue.path[0];
    const path = typeof head === 'string' ? head : '';
    if (!byField.has(path)) byField.set(path, { path, message: issue.message });
  }
  const rank = (path: string) => (path === '' ? -1 : FIELD_ORDER.indexOf(path as DeclarationField));
  return [...byField.values()].sort((a, b) => rank(a.path) - rank(b.path));
}

/**
 * Turns `application/x-www-form-urlencoded` pairs (the no-JS form) into the object the schema
 * expects: booleans from `on`/`true`/`1` (absent is false), repeated `symptoms` as a list,
 * numbers for `temperature` and `companions`, empty values left out. Unknown keys are kept, so
 * the schema rejects them as it would in JSON.
 */
export function formToObject(
  entries: Iterable<readonly [string, string]>,
): Record<string, unknown> {
  // A Map, not an object literal: keys such as `__proto__` or `constructor` must reach the
  // schema as unknown fields instead of meeting Object.prototype.
  const fields = new Map<string, unknown>();
  const lists = new Map<string, string[]>();
  for (const [key, raw] of entries) {
    const value = NUMBER_FIELDS.has(key) ? normalizeCode(raw) : normalizeText(raw);
    if (ARRAY_FIELDS.has(key)) {
      const list = lists.get(key) ?? [];
      if (value !== '') list.push(value);
      lists.set(key, list);
    } else if (value !== '' && !fields.has(key)) {
      fields.set(key, BOOLEAN_FIELDS.has(key) ? formBoolean(value) : formNumber(key, value));
    }
  }
  for (const field of BOOLEAN_FIELDS) if (!fields.has(field)) fields.set(field, false);
  for (const [key, list] of lists) fields.set(key, list);
  return Object.fromEntries(fields);
}

function formBoolean(value: string): boolean | string {
  if (['on', 'true', '1'].includes(value)) return true;
  if (['false', '0'].includes(value)) return false;
  return value;
}

function formNumber(key: string, value: string): number | string {
  return NUMBER_FIELDS.has(key) && /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
}

/**
 * True when the honeypot field `website` holds text: a bot filled in the form. Only a string with
 * something besides spaces counts, so `false`, `0` or `[]` (or a stray space) are no reason to
 * treat a declaration differently from any other.
 */
export function isHoneypotFilled(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('website' in body)) return false;
  const { website } = body;
  return typeof website === 'string' && website.trim() !== '';
}
