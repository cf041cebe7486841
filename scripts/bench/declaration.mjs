// Bench helpers: the largest valid declaration of PRODUCT.md §6, to time the shared zod schema.
import { randomUUID } from 'node:crypto';
import { addDays, residentIdCheck } from '../declarations.mjs';

// A resident ID ending in X, written with a lowercase x (the costliest form: it is normalised).
function residentIdEndingInX() {
  for (let sequence = 100; ; sequence++) {
    const first17 = `33010619800101${sequence}`;
    if (residentIdCheck(first17) === 'X') return `${first17}x`;
  }
}

/** Exactly `length` code points cut from `text` repeated. */
const fill = (text, length) =>
  [...text.repeat(Math.ceil(length / [...text].length))].slice(0, length).join('');
const toFullWidth = (text) =>
  text.replace(/[0-9+]/g, (c) => String.fromCodePoint(c.codePointAt(0) + 0xfee0));

/**
 * Candidates per field, largest first. Where PRODUCT.md leaves room (does "40 characters" count
 * code points or UTF-16 units? are full-width `＋８６` prefixes accepted?) the next candidate is a
 * smaller value that is valid under the stricter reading.
 */
function candidates({ areaIds, today }) {
  const rare = '𠮷𡃁𪚥龘';
  const idNumber = residentIdEndingInX();
  return {
    name: [
      `${fill(rare, 19)}·${fill(rare, 20)}`,
      `${fill('龘', 19)}·${fill('龘', 20)}`,
      `${fill(rare, 9)}·${fill(rare, 10)}`,
      '张三',
    ],
    idType: ['resident_id'],
    idNumber: [idNumber, idNumber.toUpperCase()],
    phone: [
      toFullWidth('+86 138-0013-8000'),
      '0086 138-0013-8000',
      '+86 138 0013 8000',
      '13800138000',
    ],
    areaId: [areaIds.at(-1)],
    addressDetail: [fill('青禾花园12幢3单元1201室', 100), '青禾花园12幢3单元1201室'],
    originRegion: ['330106', '330100', '330000'],
    originDetail: [fill('浙江省杭州市西湖区西溪街道文三路某某科技有限公司', 100), '西溪街道'],
    departureDate: [addDays(today, -3)],
    arrivalDate: [today],
    transport: ['train'],
    transportDetail: [fill('G1234次 05车12F 杭州东—禾丰 ', 40), 'G1234'],
    viaRiskArea: [true],
    healthCode: ['yellow'],
    symptoms: [['fever', 'cough', 'fatigue', 'sore_throat', 'smell_taste_loss', 'diarrhea']],
    temperature: [37.6],
    nucleicTest: ['negative'],
    nucleicTestDate: [addDays(today, -1)],
    closeContact: [true],
    companions: [20],
    note: [fill('同行家属中有两位老人和一名婴儿，需要上门核酸；', 500), '需要上门核酸'],
    consent: [true],
    submissionId: [randomUUID()],
    website: ['', undefined],
  };
}

/**
 * The largest declaration `schema` accepts: starts from the largest candidate of every field and
 * steps down a field's candidates while the schema reports an issue on it. Returns
 * `{ value }` or `{ invalid: 'path: message; …' }` when no candidate combination passes.
 */
export function largestDeclaration(schema, options) {
  const fields = candidates(options);
  const chosen = Object.fromEntries(Object.keys(fields).map((key) => [key, 0]));
  for (;;) {
    const value = Object.fromEntries(
      Object.entries(fields)
        .map(([key, list]) => [key, list[chosen[key]]])
        .filter(([, fieldValue]) => fieldValue !== undefined),
    );
    const result = schema.safeParse(value);
    if (result.success) return { value };
    let stepped = false;
    // Fields with an issue; an unknown-key issue names its keys instead of a path.
    const keys = result.error.issues.flatMap(
      (issue) => issue.keys ?? [String(issue.path[0] ?? '')],
    );
    for (const key of new Set(keys)) {
      if (fields[key] && chosen[key] < fields[key].length - 1) {
        chosen[key]++;
        stepped = true;
      }
    }
    if (!stepped) {
      return {
        invalid: result.error.issues
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; '),
      };
    }
  }
}
