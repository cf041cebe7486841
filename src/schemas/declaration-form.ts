/** The declaration form's contract: field names, labels, choices, limits, ids and when a question applies. */
// Shared by the schema, the island, the build and the Worker's HTMLRewriter (issue 10: one
// contract, imported everywhere). Free of zod on purpose: the island needs this to draw the
// form, and loads the schema only when it first checks answers (issue 15).

/** ID documents a returnee may register with; `resident_id` is the default. */
export const ID_TYPES = [
  'resident_id',
  'hk_macao_permit',
  'taiwan_permit',
  'passport',
  'foreigner_permit',
] as const;
/** How the returnee travelled. */
export const TRANSPORTS = ['train', 'plane', 'bus', 'car', 'ship', 'other'] as const;
/** Health-code colours, or `none` for people without a smartphone code. */
export const HEALTH_CODES = ['green', 'yellow', 'red', 'none'] as const;
/** Symptoms the form asks about; none ticked means no symptoms. */
export const SYMPTOMS = [
  'fever',
  'cough',
  'fatigue',
  'sore_throat',
  'smell_taste_loss',
  'diarrhea',
] as const;
/** Nucleic-acid test status. */
export const NUCLEIC_TESTS = ['negative', 'positive', 'pending', 'none'] as const;

/** Chinese names of the ID documents. */
export const ID_TYPE_LABELS = {
  resident_id: '居民身份证',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  passport: '护照',
  foreigner_permit: '外国人永久居留身份证',
} as const satisfies Record<(typeof ID_TYPES)[number], string>;

/** Chinese names of the means of transport. */
export const TRANSPORT_LABELS = {
  train: '火车/高铁',
  plane: '飞机',
  bus: '长途汽车',
  car: '自驾车',
  ship: '轮船',
  other: '其他',
} as const satisfies Record<(typeof TRANSPORTS)[number], string>;

/** Chinese names of the health-code colours. */
export const HEALTH_CODE_LABELS = {
  green: '绿码',
  yellow: '黄码',
  red: '红码',
  none: '没有健康码',
} as const satisfies Record<(typeof HEALTH_CODES)[number], string>;

/** Chinese names of the symptoms. */
export const SYMPTOM_LABELS = {
  fever: '发热',
  cough: '咳嗽',
  fatigue: '乏力',
  sore_throat: '咽痛',
  smell_taste_loss: '嗅觉或味觉减退',
  diarrhea: '腹泻',
} as const satisfies Record<(typeof SYMPTOMS)[number], string>;

/** Chinese names of the nucleic-acid test states. */
export const NUCLEIC_TEST_LABELS = {
  negative: '阴性',
  positive: '阳性',
  pending: '已检测，等结果',
  none: '没有做',
} as const satisfies Record<(typeof NUCLEIC_TESTS)[number], string>;

/** Chinese label of every field, in form order (the order of the PRODUCT.md §6 table). */
export const FIELD_LABELS = {
  name: '姓名',
  idType: '证件类型',
  idNumber: '证件号码',
  phone: '手机号码',
  areaId: '居住的小区或村民小组',
  addressDetail: '详细地址',
  originRegion: '从哪里来',
  originDetail: '街道或工作单位',
  departureDate: '出发日期',
  arrivalDate: '到达日期',
  transport: '交通方式',
  transportDetail: '车次、航班号或车牌号',
  viaRiskArea: '是否途经中高风险地区',
  healthCode: '健康码颜色',
  symptoms: '目前有哪些症状',
  temperature: '体温',
  nucleicTest: '核酸检测',
  nucleicTestDate: '核酸检测日期',
  closeContact: '是否为密切接触者',
  companions: '同行人数',
  note: '备注',
  consent: '同意个人信息处理说明',
  submissionId: '提交编号',
  website: '请勿填写',
} as const;

/** A declaration field name. */
export type DeclarationField = keyof typeof FIELD_LABELS;

/** Every field in form order: the order of the error summary and of the 422 issues. */
export const FIELD_ORDER = Object.keys(FIELD_LABELS) as DeclarationField[];

/** The honeypot (PRODUCT.md §6): people never see it, so only a bot fills it in. */
export const HONEYPOT_FIELD = 'website' satisfies DeclarationField;

/** The most characters (code points, after trimming and NFC) each free-text field takes. */
export const TEXT_LIMITS = {
  name: 40,
  addressDetail: 100,
  originDetail: 100,
  transportDetail: 40,
  note: 500,
} as const satisfies Partial<Record<DeclarationField, number>>;

// HTML maxlength counts UTF-16 code units and cuts input off silently, while the schema counts
// characters after trimming and NFC: a rare character outside the BMP (𠮷) is two code units,
// and pasted text often brings spaces at either end. So a text input takes the schema's limit
// plus a little room, and the schema's message (姓名不能超过40个字) names the real limit.
const TEXT_SLACK = 5;

/** The `maxLength` of each typed-in input. */
export const INPUT_MAX_LENGTH = {
  name: TEXT_LIMITS.name + TEXT_SLACK,
  addressDetail: TEXT_LIMITS.addressDetail + TEXT_SLACK,
  originDetail: TEXT_LIMITS.originDetail + TEXT_SLACK,
  transportDetail: TEXT_LIMITS.transportDetail + TEXT_SLACK,
  note: TEXT_LIMITS.note + TEXT_SLACK,
  // The longest number is 20 (other documents; 18 for 居民身份证), and the spaces and dashes
  // people type between groups (3301 0619 9005 1010 1X) are removed before checking.
  idNumber: 30,
  // 11 digits, with `+86`/`0086` and separators (0086 139-1234-5678) removed before checking.
  phone: 20,
  // 35.0–42.0 written with up to two decimals (36.55).
  temperature: 5,
  // 0–20, with room for a stray space.
  companions: 3,
} as const satisfies Partial<Record<DeclarationField, number>>;

/**
 * Means of transport whose number the form asks for, with the message when it is missing, or
 * null where it is optional (a car's plate).
 */
export const TRANSPORT_DETAIL_ASKED: Partial<Record<(typeof TRANSPORTS)[number], string | null>> = {
  train: '请填写车次，例如：G1234',
  plane: '请填写航班号，例如：MU5101',
  car: null,
};

const askedFor = (transport: unknown) =>
  Object.entries(TRANSPORT_DETAIL_ASKED).find(([value]) => value === transport);

/** The message when `transport` requires a number (车次、航班号) and none was given, else undefined. */
export function missingTransportDetail(transport: unknown): string | undefined {
  return askedFor(transport)?.[1] ?? undefined;
}

/** True when the form asks for `field` given the answers so far (a test date only after a test). */
export function isAsked(
  field: DeclarationField,
  answers: { transport?: unknown; nucleicTest?: unknown },
): boolean {
  if (field === 'transportDetail') return askedFor(answers.transport) !== undefined;
  if (field === 'nucleicTestDate') {
    return NUCLEIC_TESTS.some((value) => value === answers.nucleicTest && value !== 'none');
  }
  return field !== HONEYPOT_FIELD;
}

/** The id of the form element; a problem with the whole form links here. */
export const FORM_ID = 'declaration-form';
/** The id of the GOV.UK error summary at the top of the form. */
export const ERROR_SUMMARY_ID = 'error-summary';
/** Put before the page title when the form has problems, and (hidden) before each message. */
export const ERROR_PREFIX = '错误：';
/** The attribute on the element around each question that names its field. */
export const FIELD_ATTRIBUTE = 'data-field';

/** The id of a field's input (or fieldset); the error summary links to it. */
export const fieldId = (name: DeclarationField) => `f-${name}`;
/** The id of a field's hint. */
export const hintId = (name: DeclarationField) => `f-${name}-hint`;
/** The id of the message beside a field. */
export const errorId = (name: DeclarationField) => `f-${name}-error`;

// Fields the form carries without a control of their own to link to.
const WITHOUT_CONTROL: readonly string[] = ['submissionId', HONEYPOT_FIELD];

/** Where an error summary link goes: the field's control, or the form for a form-wide problem. */
export function summaryHref(path: string): string {
  const field = FIELD_ORDER.find((name) => name === path && !WITHOUT_CONTROL.includes(name));
  return `#${field ? fieldId(field) : FORM_ID}`;
}
