// Tests of the policy.yaml schema and the Chinese messages staff see.
import { describe, expect, test } from 'vitest';
import { PolicySchema } from './policy';

const OUTCOME = {
  measures: ['请进行{monitoringDays}天健康监测。'],
  monitoringDays: 14,
  testDays: [1, 7, 14],
};
const VALID = {
  riskAreas: [{ code: '420103', name: '湖北省武汉市江汉区', level: '高', since: '2026-11-18' }],
  rules: {
    high: { closeContact: true, healthCodes: ['red'], temperatureAtLeast: 37.3 },
    medium: { viaRiskArea: true, originInRiskArea: ['高', '中'] },
  },
  outcomes: {
    high: OUTCOME,
    medium: OUTCOME,
    low: { ...OUTCOME, monitoringDays: 7, testDays: [] },
  },
};

type Input = Record<string, unknown>;

/** The messages for a policy with `riskArea` as its only risk area. */
function areaMessages(riskArea: Input): string[] {
  const result = PolicySchema.safeParse({ ...VALID, riskAreas: [riskArea] });
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

function messages(input: Input): string[] {
  const result = PolicySchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const AREA = VALID.riskAreas[0] ?? {};

describe('PolicySchema', () => {
  test('accepts a complete policy and turns 高/中 into high/medium', () => {
    const policy = PolicySchema.parse(VALID);
    expect(policy.riskAreas[0]?.level).toBe('high');
    expect(policy.rules.medium.originInRiskArea).toEqual(['high', 'medium']);
  });

  test('accepts high and medium written in English', () => {
    expect(
      PolicySchema.parse({ ...VALID, riskAreas: [{ ...AREA, level: 'medium' }] }).riskAreas[0]
        ?.level,
    ).toBe('medium');
  });

  test('accepts a since date that YAML read as a Date', () => {
    const policy = PolicySchema.parse({
      ...VALID,
      riskAreas: [{ ...AREA, since: new Date('2026-11-18T00:00:00Z') }],
    });
    expect(policy.riskAreas[0]?.since).toBe('2026-11-18');
  });

  test('accepts no risk areas at all', () => {
    expect(PolicySchema.parse({ ...VALID, riskAreas: [] }).riskAreas).toEqual([]);
    const { riskAreas: _, ...withoutAreas } = VALID;
    expect(PolicySchema.parse(withoutAreas).riskAreas).toEqual([]);
  });

  test('accepts a short name that ends the official one', () => {
    expect(areaMessages({ ...AREA, name: '江汉区' })).toEqual([]);
    expect(areaMessages({ ...AREA, name: '武汉市江汉区' })).toEqual([]);
  });

  test('refuses a name that does not match the code, showing the official name', () => {
    expect(areaMessages({ ...AREA, name: '江岸区' })).toMatchInlineSnapshot(`
      [
        "风险地区名称 name 和代码对不上：420103 是“湖北省武汉市江汉区”，请核对代码，或把名称改成“湖北省武汉市江汉区”",
      ]
    `);
  });

  test('refuses a code that is not six digits or not in GB/T 2260', () => {
    expect(areaMessages({ ...AREA, code: 420103 })).toMatchInlineSnapshot(`
      [
        "风险地区代码 code 要写6位数字并用引号括起来，例如："420103"",
      ]
    `);
    expect(areaMessages({ ...AREA, code: '4201' })).toMatchInlineSnapshot(`
      [
        "风险地区代码 code 要写6位数字，例如："420103"",
      ]
    `);
    expect(areaMessages({ ...AREA, code: '420199' })).toMatchInlineSnapshot(`
      [
        "风险地区代码 code 在全国行政区划代码（GB/T 2260）里找不到，请核对，例如："420103"",
      ]
    `);
  });

  test('refuses a level other than 高 or 中', () => {
    expect(areaMessages({ ...AREA, level: '低' })).toMatchInlineSnapshot(`
      [
        "风险等级 level 只能写 高 或 中，例如：中",
      ]
    `);
  });

  test('refuses a since date that is not a real date', () => {
    expect(areaMessages({ ...AREA, since: '2026-11-31' })).toMatchInlineSnapshot(`
      [
        "列为风险地区的日期 since 要写成“年-月-日”的真实日期，例如 2026-11-14",
      ]
    `);
    expect(areaMessages({ ...AREA, since: undefined })).toMatchInlineSnapshot(`
      [
        "请填写列为风险地区的日期 since，例如 2026-11-14",
      ]
    `);
  });

  test('refuses unknown fields with their names', () => {
    expect(areaMessages({ ...AREA, levle: '高' })).toMatchInlineSnapshot(`
      [
        "不认识的字段 levle，请检查拼写或删掉它",
      ]
    `);
    expect(messages({ ...VALID, extra: 1 })).toMatchInlineSnapshot(`
      [
        ": 不认识的字段 extra，请检查拼写或删掉它",
      ]
    `);
  });

  test('refuses rules with unknown values', () => {
    expect(
      messages({
        ...VALID,
        rules: { high: { healthCodes: ['purple'], temperatureAtLeast: '37.3' }, medium: {} },
      }),
    ).toMatchInlineSnapshot(`
      [
        "rules.high.healthCodes.0: 健康码 healthCodes 只能从 green、yellow、red、none 中选，例如：[green]",
        "rules.high.temperatureAtLeast: 体温界限 temperatureAtLeast 要写数字，例如：37.3",
      ]
    `);
  });

  test('refuses a missing outcome', () => {
    expect(messages({ ...VALID, outcomes: { high: OUTCOME, medium: OUTCOME } }))
      .toMatchInlineSnapshot(`
      [
        "outcomes.low: 每种结果要写 measures、monitoringDays、testDays",
      ]
    `);
  });

  test('refuses test days after the monitoring period and unknown placeholders', () => {
    expect(
      messages({
        ...VALID,
        outcomes: {
          ...VALID.outcomes,
          low: { measures: ['请监测{days}天。'], monitoringDays: 7, testDays: [1, 14] },
        },
      }),
    ).toMatchInlineSnapshot(`
      [
        "outcomes.low.testDays: 检测日 testDays 不能晚于监测期最后一天（第7天），请改掉 14",
        "outcomes.low.measures.0: 措施里的 {days} 不认识，只能用 {monitoringDays}、{testDays}、{monitoringEnds}",
      ]
    `);
  });

  test('refuses outcomes without measures or with a wrong number of days', () => {
    expect(
      messages({
        ...VALID,
        outcomes: { ...VALID.outcomes, low: { measures: [], monitoringDays: -1, testDays: [0] } },
      }),
    ).toMatchInlineSnapshot(`
      [
        "outcomes.low.measures: 措施 measures 至少要写一条",
        "outcomes.low.monitoringDays: 监测天数 monitoringDays 不能小于0，不需要监测就写 0",
        "outcomes.low.testDays.0: 检测日 testDays 从第1天（到达当天）算起，例如：[1, 7, 14]",
      ]
    `);
  });
});
