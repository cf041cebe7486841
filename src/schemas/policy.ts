/** Schema of `content/policy.yaml`: risk areas, the risk rules and each outcome's measures (PRODUCT.md §5). */
// zod/mini like the declaration schema, so the Worker can check the policy without classic zod.
// Messages follow content.ts: what is wrong and an example of right, for the staff who edit it.
import * as z from 'zod/mini';
import { isRealDate } from '../lib/dates';
import { regionName } from '../lib/regions';
import { HEALTH_CODES, NUCLEIC_TESTS, SYMPTOMS } from './declaration';

/** Words accepted for a risk area's level; staff may write either the Chinese or the English. */
const AREA_LEVELS = { 高: 'high', 中: 'medium', high: 'high', medium: 'medium' } as const;

/** The placeholders a measure text may contain; {@link evaluatePolicy} fills them in. */
export const MEASURE_PLACEHOLDERS = ['{monitoringDays}', '{testDays}', '{monitoringEnds}'] as const;

const unknownField = (issue: { code: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys'
    ? `不认识的字段 ${issue.keys?.join('、') ?? ''}，请检查拼写或删掉它`
    : undefined;

function date(field: string, example: string) {
  return z.pipe(
    z.transform((value: unknown) =>
      value instanceof Date ? value.toISOString().slice(0, 10) : value,
    ),
    z
      .string({ error: `请填写${field}，例如 ${example}` })
      .check(
        z.refine(isRealDate, { error: `${field} 要写成“年-月-日”的真实日期，例如 ${example}` }),
      ),
  );
}

function list<const T extends readonly string[]>(field: string, values: T) {
  return z.optional(
    z.array(
      z.enum(values, { error: `${field} 只能从 ${values.join('、')} 中选，例如：[${values[0]}]` }),
      { error: `${field} 要写成列表，例如：[${values[0]}]` },
    ),
  );
}

function flag(field: string) {
  return z.optional(z.boolean({ error: `${field} 只能写 true（是）或 false（否）` }));
}

const RiskAreaSchema = z
  .strictObject(
    {
      code: z
        .string({ error: '风险地区代码 code 要写6位数字并用引号括起来，例如："420103"' })
        .check(
          z.regex(/^\d{6}$/, { error: '风险地区代码 code 要写6位数字，例如："420103"' }),
          z.refine((code) => !/^\d{6}$/.test(code) || regionName(code) !== undefined, {
            error:
              '风险地区代码 code 在全国行政区划代码（GB/T 2260）里找不到，请核对，例如："420103"',
          }),
        ),
      name: z.string({ error: '请填写风险地区名称 name，例如：湖北省武汉市江汉区' }),
      level: z.pipe(
        z.enum(['高', '中', 'high', 'medium'], {
          error: '风险等级 level 只能写 高 或 中，例如：中',
        }),
        z.transform((level) => AREA_LEVELS[level]),
      ),
      since: date('列为风险地区的日期 since', '2026-11-14'),
    },
    { error: (issue) => unknownField(issue) ?? '每个风险地区要写 code、name、level、since 四项' },
  )
  .check(
    // A typo in a code would silently mark the wrong people; the name must agree with the code.
    z.superRefine((area, payload) => {
      const official = regionName(area.code);
      if (official !== undefined && !official.endsWith(area.name.trim())) {
        payload.issues.push({
          code: 'custom',
          input: area.name,
          path: ['name'],
          message: `风险地区名称 name 和代码对不上：${area.code} 是“${official}”，请核对代码，或把名称改成“${official}”`,
        });
      }
    }),
  );

const RuleSchema = z.strictObject(
  {
    closeContact: flag('密切接触者 closeContact'),
    viaRiskArea: flag('途经风险地区 viaRiskArea'),
    originInRiskArea: z.optional(
      z.array(
        z.pipe(
          z.enum(['高', '中', 'high', 'medium'], {
            error: '来自风险地区 originInRiskArea 只能写 高、中，例如：[高, 中]',
          }),
          z.transform((level) => AREA_LEVELS[level]),
        ),
        { error: '来自风险地区 originInRiskArea 要写成列表，例如：[高, 中]' },
      ),
    ),
    healthCodes: list('健康码 healthCodes', HEALTH_CODES),
    symptoms: list('症状 symptoms', SYMPTOMS),
    temperatureAtLeast: z.optional(
      z
        .number({ error: '体温界限 temperatureAtLeast 要写数字，例如：37.3' })
        .check(
          z.gte(35, { error: '体温界限 temperatureAtLeast 要在35到42之间，例如：37.3' }),
          z.lte(42, { error: '体温界限 temperatureAtLeast 要在35到42之间，例如：37.3' }),
        ),
    ),
    nucleicTests: list('核酸结果 nucleicTests', NUCLEIC_TESTS),
  },
  {
    error: (issue) => unknownField(issue) ?? '规则要写成“条件: 值”的形式，例如：closeContact: true',
  },
);

const OutcomeSchema = z
  .strictObject(
    {
      measures: z
        .array(
          z
            .string({ error: '措施 measures 每一条都要写文字' })
            .check(
              z.trim(),
              z.minLength(1, { error: '措施 measures 不能有空的一条' }),
              z.maxLength(200, { error: '措施 measures 每一条不能超过200个字，请分成几条' }),
            ),
          { error: '措施 measures 要写成列表，每条一行，以“- ”开头' },
        )
        .check(z.minLength(1, { error: '措施 measures 至少要写一条' })),
      monitoringDays: z
        .int({ error: '监测天数 monitoringDays 要写整数，例如：14' })
        .check(
          z.gte(0, { error: '监测天数 monitoringDays 不能小于0，不需要监测就写 0' }),
          z.lte(60, { error: '监测天数 monitoringDays 不能超过60天，例如：14' }),
        ),
      testDays: z._default(
        z.array(
          z
            .int({ error: '检测日 testDays 要写整数，例如：[1, 7, 14]' })
            .check(
              z.gte(1, { error: '检测日 testDays 从第1天（到达当天）算起，例如：[1, 7, 14]' }),
            ),
          { error: '检测日 testDays 要写成列表，例如：[1, 7, 14]' },
        ),
        [],
      ),
    },
    { error: (issue) => unknownField(issue) ?? '每种结果要写 measures、monitoringDays、testDays' },
  )
  .check(
    z.superRefine((outcome, payload) => {
      const late = outcome.testDays.filter((day) => day > outcome.monitoringDays);
      if (late.length > 0 && outcome.monitoringDays > 0) {
        payload.issues.push({
          code: 'custom',
          input: outcome.testDays,
          path: ['testDays'],
          message: `检测日 testDays 不能晚于监测期最后一天（第${outcome.monitoringDays}天），请改掉 ${late.join('、')}`,
        });
      }
      outcome.measures.forEach((text, index) => {
        for (const placeholder of text.match(/\{[^}]*\}/g) ?? []) {
          if (!(MEASURE_PLACEHOLDERS as readonly string[]).includes(placeholder)) {
            payload.issues.push({
              code: 'custom',
              input: text,
              path: ['measures', index],
              message: `措施里的 ${placeholder} 不认识，只能用 ${MEASURE_PLACEHOLDERS.join('、')}`,
            });
          }
        }
      });
    }),
  );

/** The whole of `content/policy.yaml`. */
export const PolicySchema = z.strictObject(
  {
    riskAreas: z._default(
      z.array(RiskAreaSchema, { error: '风险地区 riskAreas 要写成列表，没有就写 []' }),
      [],
    ),
    // The day the list last changed, shown on /policy/ as 名单更新于 (not the day of the build).
    riskAreasUpdated: z.optional(date('风险地区名单更新日期 riskAreasUpdated', '2026-11-18')),
    rules: z.strictObject(
      { high: RuleSchema, medium: RuleSchema },
      {
        error: (issue) =>
          unknownField(issue) ?? '规则 rules 下面要有 high（高风险）和 medium（中风险）两部分',
      },
    ),
    outcomes: z.strictObject(
      { high: OutcomeSchema, medium: OutcomeSchema, low: OutcomeSchema },
      {
        error: (issue) =>
          unknownField(issue) ??
          '结果 outcomes 下面要有 high（高风险）、medium（中风险）、low（低风险）三部分',
      },
    ),
  },
  { error: (issue) => unknownField(issue) ?? 'policy.yaml 要有 riskAreas、rules、outcomes 三部分' },
);

/** A checked policy, as the evaluator uses it. */
export type Policy = z.output<typeof PolicySchema>;
/** One listed risk area with its level as `high` or `medium`. */
export type RiskArea = Policy['riskAreas'][number];
/** The conditions that lead to one risk level. */
export type RiskRule = Policy['rules']['high'];
/** What one risk outcome asks the returnee to do. */
export type RiskOutcome = Policy['outcomes']['high'];
