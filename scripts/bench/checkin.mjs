// Bench helpers for the daily health check-in (PRODUCT.md §11): a personal check-in page to
// measure like the form page, and the CPU cost of validating the largest check-in.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { validDeclaration } from '../declarations.mjs';
import { benchModule, medianMs } from './worker.mjs';

/** The key of the check-in links on the bench's `wrangler dev` (any 32+ characters). */
export const BENCH_CHECKIN_SECRET = 'bench-checkin-secret-0123456789abcdef';

/**
 * Files one declaration with a monitoring period (a yellow code) on the Worker at `origin` and
 * returns its check-in page's path, `/checkin/<secret>/`, or `{ missing: reason }`.
 */
export async function checkinPagePath(origin) {
  const response = await fetch(`${origin}/api/declarations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...validDeclaration(1, { run: 39 }), healthCode: 'yellow' }),
  });
  if (response.status !== 202) return { missing: `declaration answered ${response.status}` };
  const { checkinUrl } = await response.json();
  if (!checkinUrl) return { missing: 'no checkinUrl (is CHECKIN_SECRET set?)' };
  return { path: new URL(checkinUrl).pathname };
}

const SCHEMA = 'src/schemas/checkin.ts';
const fill = (text, length) =>
  [...text.repeat(Math.ceil(length / [...text].length))].slice(0, length).join('');

/**
 * The largest check-in the no-JS form can send, as its urlencoded pairs: the longest secret the
 * schema takes, a full-width temperature, every symptom, a test result and a 200-character note
 * with characters outside the BMP (the costliest to normalise and count).
 */
function largestCheckin() {
  return [
    ['token', fill('Ab3_-', 64)],
    ['period', 'pm'],
    ['temperature', '４１．９'],
    ...['none', 'fever', 'cough', 'fatigue', 'sore_throat', 'smell_taste_loss', 'diarrhea'].map(
      (symptom) => ['symptoms', symptom],
    ),
    ['testResult', 'not_done'],
    ['note', fill('下午有点乏力𠮷，晚上量了两次体温，', 200)],
  ];
}

/**
 * Median milliseconds to validate the largest check-in as POST /api/checkins does for the no-JS
 * form (pairs to object, then the shared zod schema), in this Node's V8 with zod jitless as in
 * workerd. Returns `{ pending: reason }` while the schema module is missing, `{ error }` when the
 * largest check-in is not valid.
 */
export async function checkinValidationCost(root, tmpDir, { warmup = 500, parses = 2000 } = {}) {
  const schemaFile = join(root, SCHEMA);
  if (!existsSync(schemaFile)) return { pending: `${SCHEMA} missing` };
  const lines = [`export * from ${JSON.stringify(schemaFile)};`];
  const { CheckinSchema, checkinFormToObject } = await benchModule(
    root,
    tmpDir,
    lines,
    'checkin-bench.mjs',
  );
  const pairs = largestCheckin();
  const validate = () => CheckinSchema.safeParse(checkinFormToObject(pairs));
  const result = validate();
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    return { error: `no valid largest check-in: ${issues.join('; ')}` };
  }
  const ms = medianMs(validate, { warmup, parses });
  return { ms, parses, bytes: Buffer.byteLength(new URLSearchParams(pairs).toString()) };
}
