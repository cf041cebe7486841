// `node scripts/fuzz.mjs`: sends fuzzed declarations to a private `wrangler dev` and checks what
// PRODUCT.md §6 promises: no 5xx ever, no invalid declaration accepted, no personal data in the
// Worker's log. Each payload is a valid declaration with one mutation whose verdict is known by
// construction (must be refused, or is a harmless variant that must be accepted). Needs a built
// site (npm run build). Exit status 1 on any broken promise.
//
//   FUZZ_PAYLOADS  how many (default 10000)    FUZZ_SEED  the random seed (default 1)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientAddress, pool, validDeclaration } from './declarations.mjs';
import { applyMigrations, freePort, startDev, waitForHealth } from './local-worker.mjs';

const total = Number(process.env.FUZZ_PAYLOADS ?? 10_000);
let seed = Number(process.env.FUZZ_SEED ?? 1);
// mulberry32: a small seeded generator, so a failing run can be repeated exactly.
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

const TEXT_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'areaId',
  'addressDetail',
  'originRegion',
  'originDetail',
  'departureDate',
  'arrivalDate',
  'transportDetail',
  'note',
];
const ENUM_FIELDS = ['idType', 'transport', 'healthCode', 'nucleicTest'];
const BOOLEAN_FIELDS = ['viaRiskArea', 'closeContact'];
const WRONG_TYPES = [42, -1.5, true, false, null, [], ['x'], {}, { a: 1 }];
// Markup, SQL and formulas a person could type: valid text that must stay text everywhere.
const MARKUP = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE declarations;--",
  '=HYPERLINK("http://x","y")',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
];
// What no name can be: markup, control characters, a lone surrogate.
const NASTY = [...MARKUP, '\u0000\u0001', '\uD800'];

/** Mutations that make a declaration invalid: each returns the body to send. */
const INVALID = [
  ['wrong type', (d) => ({ ...d, [pick(TEXT_FIELDS)]: pick(WRONG_TYPES) })],
  ['enum value', (d) => ({ ...d, [pick(ENUM_FIELDS)]: pick(['', 'other_x', 'RED', 0, null]) })],
  [
    'boolean as text',
    (d) => ({ ...d, [pick([...BOOLEAN_FIELDS, 'consent'])]: pick(['true', 'yes', 1, null]) }),
  ],
  [
    'too long',
    (d) => {
      const [field, max] = pick([
        ['name', 40],
        ['addressDetail', 100],
        ['originDetail', 100],
        ['note', 500],
      ]);
      return { ...d, [field]: '长'.repeat(max + 1 + Math.floor(random() * 1000)) };
    },
  ],
  ['nasty name', (d) => ({ ...d, name: pick(NASTY) })],
  [
    'check digit',
    (d) => ({ ...d, idNumber: d.idNumber.slice(0, 17) + (d.idNumber.at(-1) === '1' ? '2' : '1') }),
  ],
  [
    'short phone',
    (d) => ({
      ...d,
      phone: pick(['1380013800', '23800138000', '1380013800099', '14012345678', '']),
    }),
  ],
  ['unknown area', (d) => ({ ...d, areaId: pick(['nowhere', 'DONGSHAN-1', ' ', '<b>']) })],
  ['unknown region', (d) => ({ ...d, originRegion: pick(['999999', '33010', 'abc', '']) })],
  [
    'impossible date',
    (d) => ({
      ...d,
      [pick(['departureDate', 'arrivalDate', 'nucleicTestDate'])]: pick([
        '2026-02-30',
        '2026-13-01',
        'tomorrow',
        '',
      ]),
    }),
  ],
  [
    'arrival out of window',
    (d) => ({ ...d, arrivalDate: '2020-01-01', departureDate: '2019-12-31' }),
  ],
  ['departure after arrival', (d) => ({ ...d, departureDate: '2099-01-01' })],
  ['temperature', (d) => ({ ...d, temperature: pick([34.9, 42.1, -1, 'hot', Number.MAX_VALUE]) })],
  ['companions', (d) => ({ ...d, companions: pick([21, -1, 1.5, '三']) })],
  ['no consent', (d) => ({ ...d, consent: pick([false, undefined]) })],
  [
    'missing field',
    (d) => {
      const left = pick([
        'name',
        'phone',
        'idNumber',
        'areaId',
        'arrivalDate',
        'transport',
        'healthCode',
      ]);
      return Object.fromEntries(Object.entries(d).filter(([key]) => key !== left));
    },
  ],
  [
    'unknown field',
    (d) => ({ ...d, [pick(['nickname', 'isAdmin', 'grid', 'reference', 'constructor'])]: 'x' }),
  ],
  [
    'proto key',
    (d) => JSON.parse(JSON.stringify(d).replace(/^\{/, '{"__proto__":{"consent":true},')),
  ],
  ['train without number', (d) => ({ ...d, transport: 'train', transportDetail: undefined })],
  ['test without date', (d) => ({ ...d, nucleicTest: 'negative', nucleicTestDate: undefined })],
  ['symptom list', (d) => ({ ...d, symptoms: pick(['fever', ['fever', 'sneezing'], [1], {}]) })],
  [
    'bad submissionId',
    (d) => ({ ...d, submissionId: pick(['abc', 42, '00000000-0000-0000-0000-00000000000g']) }),
  ],
];

/** Harmless variants of the same answers: must be accepted. */
const FULL_WIDTH = (text) =>
  text.replace(/[0-9]/g, (c) => String.fromCodePoint(c.codePointAt(0) + 0xfee0));
const VALID = [
  ['full-width phone', (d) => ({ ...d, phone: `＋８６ ${FULL_WIDTH(d.phone)}` })],
  [
    'spaced phone',
    (d) => ({ ...d, phone: `${d.phone.slice(0, 3)}-${d.phone.slice(3, 7)} ${d.phone.slice(7)}` }),
  ],
  ['lowercase x', (d) => ({ ...d, idNumber: d.idNumber.toLowerCase() })],
  ['nasty note', (d) => ({ ...d, note: pick(MARKUP) })],
  ['nasty address', (d) => ({ ...d, addressDetail: pick(MARKUP) })],
  ['slash date', (d) => ({ ...d, departureDate: d.departureDate.replaceAll('-', '/') })],
  ['as it is', (d) => d],
];

/** Raw bodies: not a declaration at all. */
const RAW = [
  ['not JSON', () => ({ body: '{"name":', type: 'application/json' })],
  ['JSON array', () => ({ body: '[1,2,3]', type: 'application/json' })],
  [
    'deep nesting',
    () => ({ body: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' }),
  ],
  [
    'over 16 KB',
    () => ({ body: JSON.stringify({ note: 'x'.repeat(17_000) }), type: 'application/json' }),
  ],
  [
    'wrong type',
    () => ({ body: 'name=张三', type: pick(['text/plain', 'multipart/form-data', '']) }),
  ],
  [
    'random bytes',
    () => ({
      body: new Uint8Array(Array.from({ length: 200 }, () => Math.floor(random() * 256))),
      type: 'application/json',
    }),
  ],
  [
    'form junk',
    () => ({
      body: 'name=%E4&consent=maybe&website=&&=&symptoms=fever&symptoms=x',
      type: 'application/x-www-form-urlencoded',
    }),
  ],
];

const persist = mkdtempSync(join(tmpdir(), 'firstline-fuzz-'));
process.once('exit', () => rmSync(persist, { recursive: true, force: true }));
applyMigrations(persist, { stdio: 'ignore' });
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
let output = '';
const child = startDev({ port, persistTo: persist, stdio: ['ignore', 'pipe', 'pipe'] });
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
await waitForHealth(origin, child, { output: () => output });

const run = Math.floor(random() * 40);
const secrets = new Set();
const tally = new Map();
const problems = [];
const count = (key) => tally.set(key, (tally.get(key) ?? 0) + 1);

console.error(`fuzz: ${total} payloads against ${origin}, seed ${process.env.FUZZ_SEED ?? 1}`);
await pool(total, 20, async (index) => {
  const base = validDeclaration(index, { run });
  secrets.add(base.idNumber).add(base.phone);
  const roll = random();
  const [kind, make, expect] =
    roll < 0.6
      ? [...pick(INVALID), 'refused']
      : roll < 0.9
        ? [...pick(VALID), 'accepted']
        : [...pick(RAW), 'raw'];
  let body;
  let type = 'application/json';
  if (expect === 'raw') ({ body, type } = make());
  else body = JSON.stringify(make(base));
  let status;
  try {
    const response = await fetch(`${origin}/api/declarations`, {
      method: 'POST',
      headers: { 'Content-Type': type, 'CF-Connecting-IP': clientAddress(index) },
      body,
    });
    status = response.status;
    await response.arrayBuffer();
  } catch (error) {
    problems.push(`${kind}: request failed (${error.message})`);
    return;
  }
  count(`${expect} ${status}`);
  if (status >= 500) problems.push(`${kind}: ${status}`);
  if (expect !== 'accepted' && (status === 200 || status === 202))
    problems.push(`${kind}: accepted (${status})`);
  if (expect === 'accepted' && status !== 200 && status !== 202)
    problems.push(`${kind}: refused (${status})`);
});
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));

const leaked = [...secrets].filter((secret) => output.includes(secret));
const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
console.log(`
Firstline fuzz — ${total} payloads, PRODUCT.md §6
${rows.map(([key, n]) => `  ${key.padEnd(16)} ${n}`).join('\n')}
  5xx answers      ${problems.filter((p) => /: 5\d\d$/.test(p)).length}
  invalid accepted ${problems.filter((p) => p.includes('accepted (')).length}
  valid refused    ${problems.filter((p) => p.includes('refused (')).length}
  personal data in the Worker log: ${leaked.length} of ${secrets.size} identifiers sent (log ${output.length} bytes)
${problems.length || leaked.length ? `✗ ${[...new Set(problems)].slice(0, 10).join('; ')}` : '✓ every promise kept'}`);
process.exitCode = problems.length || leaked.length ? 1 : 0;
