// Tests of the policy evaluator against the §6 default rules and the shipped policy.yaml.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { PolicySchema, type Policy } from '../schemas/policy';
import { evaluatePolicy, RISK_LABELS, riskAreasOf, type PolicyInput } from './policy';

const TODAY = '2026-11-20';

/** The sample content/policy.yaml shipped with the project, checked by its schema. */
const shipped = PolicySchema.parse(
  parse(readFileSync(new URL('../../content/policy.yaml', import.meta.url), 'utf8')),
);

/** A small policy with the §6 default rules and one province, city and county risk area. */
const policy: Policy = PolicySchema.parse({
  riskAreas: [
    { code: '650000', name: '新疆维吾尔自治区', level: '中', since: '2026-11-10' },
    { code: '510100', name: '成都市', level: 'medium', since: '2026-11-16' },
    { code: '420103', name: '江汉区', level: '高', since: '2026-11-18' },
    { code: '330106', name: '西湖区', level: '中', since: '2026-11-25' },
  ],
  rules: {
    high: {
      closeContact: true,
      healthCodes: ['red'],
      symptoms: ['fever'],
      temperatureAtLeast: 37.3,
      nucleicTests: ['positive'],
    },
    medium: { healthCodes: ['yellow'], viaRiskArea: true, originInRiskArea: ['高', '中'] },
  },
  outcomes: {
    high: { measures: ['请立即联系网格员。'], monitoringDays: 14, testDays: [1, 3, 7, 14] },
    medium: {
      measures: [
        '请进行{monitoringDays}天居家健康监测，到{monitoringEnds}结束。',
        '{testDays}各做一次检测。',
      ],
      monitoringDays: 14,
      testDays: [14, 1, 7],
    },
    low: { measures: ['请进行{monitoringDays}天自我健康监测。'], monitoringDays: 7, testDays: [] },
  },
});

const LOW: PolicyInput = {
  originRegion: '440305',
  departureDate: '2026-11-18',
  arrivalDate: '2026-11-19',
  viaRiskArea: false,
  healthCode: 'green',
  symptoms: [],
  temperature: 36.5,
  nucleicTest: 'negative',
  closeContact: false,
};

const evaluate = (changes: Partial<PolicyInput> = {}, rules = policy) =>
  evaluatePolicy({ ...LOW, ...changes }, rules, TODAY);

describe('low risk', () => {
  test('is the outcome when no rule matches, with no reasons', () => {
    expect(evaluate()).toEqual({
      risk: 'low',
      reasons: [],
      measures: ['请进行7天自我健康监测。'],
      monitoringDays: 7,
      testDays: [],
      monitoringEnds: '2026-11-25',
    });
  });

  test('is the outcome for a cough without fever and a temperature just under 37.3', () => {
    expect(evaluate({ symptoms: ['cough', 'fatigue'], temperature: 37.2 }).risk).toBe('low');
  });

  test('is the outcome for a pending test and for no health code', () => {
    expect(evaluate({ nucleicTest: 'pending', healthCode: 'none' }).risk).toBe('low');
  });
});

describe('high risk', () => {
  test('is the outcome for a close contact', () => {
    expect(evaluate({ closeContact: true })).toMatchObject({
      risk: 'high',
      reasons: ['是密切接触者'],
    });
  });

  test('is the outcome for a red health code', () => {
    expect(evaluate({ healthCode: 'red' }).reasons).toEqual(['健康码为红码']);
  });

  test('is the outcome for the fever symptom even without a temperature', () => {
    const { temperature: _, ...withoutTemperature } = LOW;
    expect(
      evaluatePolicy({ ...withoutTemperature, symptoms: ['fever'] }, policy, TODAY),
    ).toMatchObject({ risk: 'high', reasons: ['有发热症状'] });
  });

  test('is the outcome for a temperature of exactly 37.3', () => {
    expect(evaluate({ temperature: 37.3 })).toMatchObject({
      risk: 'high',
      reasons: ['体温37.3℃（37.3℃及以上）'],
    });
  });

  test('is the outcome for a positive test', () => {
    expect(evaluate({ nucleicTest: 'positive' }).reasons).toEqual(['核酸检测结果为阳性']);
  });

  test('lists every matching reason in plain Chinese', () => {
    const outcome = evaluate({
      closeContact: true,
      healthCode: 'red',
      symptoms: ['fever', 'cough'],
      temperature: 38.5,
      nucleicTest: 'positive',
    });
    expect(outcome.reasons).toMatchInlineSnapshot(`
      [
        "是密切接触者",
        "健康码为红码",
        "有发热症状",
        "体温38.5℃（37.3℃及以上）",
        "核酸检测结果为阳性",
      ]
    `);
  });

  test('takes precedence over medium triggers, whose reasons are left out', () => {
    const outcome = evaluate({ closeContact: true, healthCode: 'yellow', viaRiskArea: true });
    expect(outcome).toMatchObject({ risk: 'high', reasons: ['是密切接触者'] });
  });

  test('schedules tests from the arrival day as day 1', () => {
    expect(evaluate({ healthCode: 'red' })).toMatchObject({
      monitoringDays: 14,
      testDays: ['2026-11-19', '2026-11-21', '2026-11-25', '2026-12-02'],
      monitoringEnds: '2026-12-02',
    });
  });
});

describe('medium risk', () => {
  test('is the outcome for a yellow health code', () => {
    expect(evaluate({ healthCode: 'yellow' })).toMatchObject({
      risk: 'medium',
      reasons: ['健康码为黄码'],
    });
  });

  test('is the outcome for passing through a risk area', () => {
    expect(evaluate({ viaRiskArea: true }).reasons).toEqual(['途经中高风险地区']);
  });

  test('is the outcome for a county listed as a risk area', () => {
    expect(evaluate({ originRegion: '420103' })).toMatchObject({
      risk: 'medium',
      reasons: ['来自高风险地区：江汉区'],
    });
  });

  test('is the outcome for a county inside a listed city', () => {
    expect(evaluate({ originRegion: '510107' }).reasons).toEqual(['来自中风险地区：成都市']);
  });

  test('is the outcome for a county inside a listed province', () => {
    expect(evaluate({ originRegion: '650102' }).reasons).toEqual([
      '来自中风险地区：新疆维吾尔自治区',
    ]);
    expect(evaluate({ originRegion: '659001' }).risk).toBe('medium');
  });

  test('is not the outcome for a neighbouring county or a whole province around a county', () => {
    expect(evaluate({ originRegion: '420102' }).risk).toBe('low');
    expect(evaluate({ originRegion: '420000' }).risk).toBe('low');
    expect(evaluate({ originRegion: '510300' }).risk).toBe('low');
  });

  test('is not the outcome for someone who left before the area was listed', () => {
    expect(evaluate({ originRegion: '420103', departureDate: '2026-11-17' }).risk).toBe('low');
    expect(evaluate({ originRegion: '420103', departureDate: '2026-11-18' }).risk).toBe('medium');
  });

  test('is not the outcome for an area listed with a date after today', () => {
    const leavingLater = {
      originRegion: '330106',
      departureDate: '2026-11-26',
      arrivalDate: '2026-11-26',
    };
    expect(evaluate(leavingLater).risk).toBe('low');
    expect(evaluatePolicy({ ...LOW, ...leavingLater }, policy, '2026-11-25').risk).toBe('medium');
  });

  test('fills the placeholders and sorts the test days', () => {
    expect(evaluate({ healthCode: 'yellow' })).toMatchObject({
      measures: ['请进行14天居家健康监测，到2026年12月2日结束。', '第1、7、14天各做一次检测。'],
      testDays: ['2026-11-19', '2026-11-25', '2026-12-02'],
      monitoringEnds: '2026-12-02',
    });
  });

  test('takes precedence over low when both a medium rule and nothing else match', () => {
    expect(evaluate({ healthCode: 'yellow', symptoms: ['cough'] }).risk).toBe('medium');
  });
});

describe('rules from the policy file', () => {
  test('a rule removed from the file no longer triggers', () => {
    const lenient = { ...policy, rules: { ...policy.rules, medium: {} } };
    expect(evaluate({ healthCode: 'yellow', viaRiskArea: true }, lenient).risk).toBe('low');
  });

  test('a different fever threshold is used as written', () => {
    const stricter = {
      ...policy,
      rules: { ...policy.rules, high: { ...policy.rules.high, temperatureAtLeast: 37 } },
    };
    expect(evaluate({ temperature: 37.1 }, stricter).risk).toBe('high');
  });

  test('origin in a high-level area can be made high risk', () => {
    const byLevel = {
      ...policy,
      rules: {
        high: { ...policy.rules.high, originInRiskArea: ['high' as const] },
        medium: { ...policy.rules.medium, originInRiskArea: ['medium' as const] },
      },
    };
    expect(evaluate({ originRegion: '420103' }, byLevel).risk).toBe('high');
    expect(evaluate({ originRegion: '510107' }, byLevel).risk).toBe('medium');
  });

  test('no monitoring period gives no end date', () => {
    const none = {
      ...policy,
      outcomes: {
        ...policy.outcomes,
        low: { measures: ['注意防护。'], monitoringDays: 0, testDays: [] },
      },
    };
    expect(evaluate({}, none)).toMatchObject({ monitoringDays: 0, monitoringEnds: null });
  });
});

describe('riskAreasOf', () => {
  test('lists every area the origin lies in', () => {
    const areas = [
      { code: '420000', name: '湖北省', level: 'medium' as const, since: '2026-11-01' },
      { code: '420100', name: '武汉市', level: 'medium' as const, since: '2026-11-01' },
      { code: '420103', name: '江汉区', level: 'high' as const, since: '2026-11-01' },
      { code: '420102', name: '江岸区', level: 'high' as const, since: '2026-11-01' },
    ];
    expect(
      riskAreasOf({ ...LOW, originRegion: '420103' }, areas, TODAY).map((a) => a.code),
    ).toEqual(['420000', '420100', '420103']);
  });
});

describe('the shipped policy.yaml', () => {
  test('passes its schema and uses the default rules of PRODUCT.md §6', () => {
    expect(shipped.rules).toEqual({
      high: {
        closeContact: true,
        healthCodes: ['red'],
        symptoms: ['fever'],
        temperatureAtLeast: 37.3,
        nucleicTests: ['positive'],
      },
      medium: { healthCodes: ['yellow'], viaRiskArea: true, originInRiskArea: ['high', 'medium'] },
    });
  });

  test('gives the receipt texts for each outcome', () => {
    // 330110 (杭州市余杭区) is not a listed risk area in the shipped file.
    const texts = (changes: Partial<PolicyInput>) =>
      evaluatePolicy({ ...LOW, originRegion: '330110', ...changes }, shipped, TODAY);
    expect(texts({ closeContact: true })).toMatchInlineSnapshot(`
      {
        "measures": [
          "请现在就联系您所在网格的网格员，由社区安排您去发热门诊看病。",
          "等待安排期间请待在家里，单独住一间房，和家人分开吃饭，每天开窗通风。",
          "去发热门诊的路上全程戴好口罩，不坐公交、地铁等公共交通工具。",
          "可以按说明书服用退烧药，但不要几种感冒药一起吃，也不要自己吃抗生素；其他用药听医生的。",
          "健康监测共14天，到2026年12月2日结束，第1、3、7、14天各做一次核酸检测，具体时间听医生和网格员安排。",
          "如果出现呼吸困难、持续高烧不退，请马上拨打 120。",
        ],
        "monitoringDays": 14,
        "monitoringEnds": "2026-12-02",
        "reasons": [
          "是密切接触者",
        ],
        "risk": "high",
        "testDays": [
          "2026-11-19",
          "2026-11-21",
          "2026-11-25",
          "2026-12-02",
        ],
      }
    `);
    expect(texts({ healthCode: 'yellow' })).toMatchInlineSnapshot(`
      {
        "measures": [
          "请进行14天居家健康监测，到2026年12月2日结束。这不是隔离，可以正常上班，出门买菜、买生活必需品。",
          "每天早晚各量一次体温，如实记下来，网格员会定期询问。",
          "第1、7、14天各做一次核酸检测，网格员会提前告诉您时间和地点。",
          "坐车、赶集、逛超市等人多的地方请戴好口罩；监测期间不参加聚餐、聚会，也不去婚宴、丧宴等酒席。",
          "出现发热、咳嗽等不舒服，请先告诉网格员，按网格员或医生的建议去看病；可以按说明书服用退烧药，但不要几种感冒药一起吃，也不要自己吃抗生素。",
        ],
        "monitoringDays": 14,
        "monitoringEnds": "2026-12-02",
        "reasons": [
          "健康码为黄码",
        ],
        "risk": "medium",
        "testDays": [
          "2026-11-19",
          "2026-11-25",
          "2026-12-02",
        ],
      }
    `);
    expect(texts({})).toMatchInlineSnapshot(`
      {
        "measures": [
          "请进行7天自我健康监测，到2026年11月25日结束，每天量一次体温。",
          "到达当天请到便民检测点（青禾路18号一楼东侧）做一次核酸检测，出示回执编号免费。",
          "少去人多的地方，去的时候戴好口罩，回家先洗手。",
          "如有发热、咳嗽、乏力等症状，请先告诉网格员，按网格员或医生的建议去看病；可以按说明书服用退烧药，但不要几种感冒药一起吃，也不要自己吃抗生素。",
        ],
        "monitoringDays": 7,
        "monitoringEnds": "2026-11-25",
        "reasons": [],
        "risk": "low",
        "testDays": [
          "2026-11-19",
        ],
      }
    `);
  });

  test('treats the shipped sample risk areas as risk areas', () => {
    expect(evaluatePolicy({ ...LOW, originRegion: '510104' }, shipped, TODAY).reasons).toEqual([
      '来自中风险地区：四川省成都市',
    ]);
  });

  test('lists only risk areas dated November 2026', () => {
    for (const area of shipped.riskAreas) expect(area.since.startsWith('2026-11-')).toBe(true);
  });
});

describe('RISK_LABELS', () => {
  test('names each risk in Chinese', () => {
    expect(RISK_LABELS).toEqual({ high: '高风险', medium: '中风险', low: '低风险' });
  });
});
