/** The one policy evaluator: a declaration and `policy.yaml` in, the risk and what to do next out. */
// Pure and free of the region table, so the island can show the same outcome the Worker stores.
import type { Declaration } from '../schemas/declaration';
import {
  HEALTH_CODE_LABELS,
  NUCLEIC_TEST_LABELS,
  SYMPTOM_LABELS,
  type SYMPTOMS,
} from '../schemas/declaration-form';
import type { Policy, RiskArea, RiskRule } from '../schemas/policy';
import { addDays, chineseDate, shanghaiDate } from './dates';

/** A risk outcome, from most to least serious. */
export type Risk = 'high' | 'medium' | 'low';

/** Chinese names of the risk outcomes, as the receipt and the staff pages show them. */
export const RISK_LABELS = { high: '高风险', medium: '中风险', low: '低风险' } as const;

const AREA_LEVEL_LABELS = { high: '高', medium: '中' } as const;

/** What {@link evaluatePolicy} decides for one declaration. */
export interface PolicyOutcome {
  risk: Risk;
  /** Why, in plain Chinese (`健康码为红码`); empty for `low`. */
  reasons: string[];
  /** What to do next, placeholders filled in, as shown on the receipt. */
  measures: string[];
  /** Length of the monitoring period in days; 0 when there is none. */
  monitoringDays: number;
  /** The test dates (`YYYY-MM-DD`), day 1 being the arrival date. */
  testDays: string[];
  /** The last day of the monitoring period, or null when there is none. */
  monitoringEnds: string | null;
}

/** The fields of a declaration that the rules read. */
export type PolicyInput = Pick<
  Declaration,
  | 'originRegion'
  | 'departureDate'
  | 'arrivalDate'
  | 'viaRiskArea'
  | 'healthCode'
  | 'symptoms'
  | 'temperature'
  | 'nucleicTest'
  | 'closeContact'
>;

// GB/T 2260: a province code (XX0000) covers every code starting with XX, a city code (XXYY00)
// every code starting with XXYY, a county code only itself.
function covers(areaCode: string, code: string): boolean {
  if (areaCode.endsWith('0000')) return code.startsWith(areaCode.slice(0, 2));
  if (areaCode.endsWith('00')) return code.startsWith(areaCode.slice(0, 4));
  return code === areaCode;
}

/**
 * The listed risk areas the returnee came from: the origin lies inside the area, and the area
 * was listed on or before both the departure date and today (a person who left before an area
 * was listed did not come from a risk area; an entry dated ahead is not in force yet).
 */
export function riskAreasOf(declaration: PolicyInput, areas: readonly RiskArea[], today: string) {
  return areas.filter(
    (area) =>
      covers(area.code, declaration.originRegion) &&
      area.since <= declaration.departureDate &&
      area.since <= today,
  );
}

function reasonsFor(
  rule: RiskRule,
  declaration: PolicyInput,
  areas: readonly RiskArea[],
): string[] {
  const reasons: string[] = [];
  if (rule.closeContact === true && declaration.closeContact) reasons.push('是密切接触者');
  if (rule.healthCodes?.includes(declaration.healthCode) === true) {
    reasons.push(`健康码为${HEALTH_CODE_LABELS[declaration.healthCode]}`);
  }
  for (const symptom of declaration.symptoms) {
    if (rule.symptoms?.includes(symptom) === true) reasons.push(`有${SYMPTOM_LABELS[symptom]}症状`);
  }
  const { temperature } = declaration;
  if (
    rule.temperatureAtLeast !== undefined &&
    temperature !== undefined &&
    temperature >= rule.temperatureAtLeast
  ) {
    reasons.push(`体温${temperature}℃（${rule.temperatureAtLeast}℃及以上）`);
  }
  if (rule.nucleicTests?.includes(declaration.nucleicTest) === true) {
    reasons.push(`核酸检测结果为${NUCLEIC_TEST_LABELS[declaration.nucleicTest]}`);
  }
  if (rule.viaRiskArea === true && declaration.viaRiskArea) reasons.push('途经中高风险地区');
  for (const area of areas) {
    if (rule.originInRiskArea?.includes(area.level) === true) {
      reasons.push(`来自${AREA_LEVEL_LABELS[area.level]}风险地区：${area.name}`);
    }
  }
  return reasons;
}

/**
 * A measure text with its placeholders filled in; `ends` is the end date, or words standing for
 * it where there is no arrival date yet (the public policy page).
 */
export function fillMeasure(
  text: string,
  monitoringDays: number,
  testDays: readonly number[],
  ends: string | null,
) {
  const endText = ends === null ? '' : /^\d{4}-\d{2}-\d{2}$/.test(ends) ? chineseDate(ends) : ends;
  return text
    .replaceAll('{monitoringDays}', String(monitoringDays))
    .replaceAll('{testDays}', `第${testDays.join('、')}天`)
    .replaceAll('{monitoringEnds}', endText);
}

/**
 * Evaluates `policy` for a valid declaration: `high` when any high rule matches, else `medium`
 * when any medium rule matches, else `low` (PRODUCT.md §6). The monitoring period starts on the
 * arrival date, which is day 1: that is the day the person is in the community and the grid
 * worker can start following up, also for people who declare before they arrive.
 * `today` (`YYYY-MM-DD`, Asia/Shanghai) decides which risk areas are in force.
 */
export function evaluatePolicy(
  declaration: PolicyInput,
  policy: Policy,
  today: string = shanghaiDate(),
): PolicyOutcome {
  const areas = riskAreasOf(declaration, policy.riskAreas, today);
  const high = reasonsFor(policy.rules.high, declaration, areas);
  const medium = reasonsFor(policy.rules.medium, declaration, areas);
  const risk: Risk = high.length > 0 ? 'high' : medium.length > 0 ? 'medium' : 'low';
  const outcome = policy.outcomes[risk];
  const { monitoringDays } = outcome;
  const testDays = [...new Set(outcome.testDays)].sort((a, b) => a - b);
  const monitoringEnds =
    monitoringDays > 0 ? addDays(declaration.arrivalDate, monitoringDays - 1) : null;
  return {
    risk,
    reasons: risk === 'high' ? high : risk === 'medium' ? medium : [],
    measures: outcome.measures.map((text) =>
      fillMeasure(text, monitoringDays, testDays, monitoringEnds),
    ),
    monitoringDays,
    testDays: testDays.map((day) => addDays(declaration.arrivalDate, day - 1)),
    monitoringEnds,
  };
}

/** A home-monitoring reading as {@link evaluateReading} reads it. */
export interface ReadingInput {
  temperature: number;
  symptoms: readonly (typeof SYMPTOMS)[number][];
  testResult?: 'negative' | 'positive' | 'pending' | 'not_done' | undefined;
}

/**
 * Whether a daily reading needs the grid worker now (PRODUCT.md §11, issue 11): a temperature at
 * the policy's high threshold, any symptom of the list the form asks about (during monitoring
 * every 发热、咳嗽 is for the grid worker to hear of, as the outcomes' measures tell people), or a
 * positive test; with the reasons in plain words.
 */
export function evaluateReading(
  reading: ReadingInput,
  policy: Policy,
): { alert: boolean; reasons: string[] } {
  const rule = policy.rules.high;
  const reasons: string[] = [];
  if (rule.temperatureAtLeast !== undefined && reading.temperature >= rule.temperatureAtLeast) {
    reasons.push(`体温${reading.temperature}℃（${rule.temperatureAtLeast}℃及以上）`);
  }
  for (const symptom of reading.symptoms) reasons.push(`有${SYMPTOM_LABELS[symptom]}症状`);
  if (reading.testResult === 'positive') reasons.push('核酸检测结果为阳性');
  return { alert: reasons.length > 0, reasons };
}
