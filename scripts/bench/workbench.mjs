// Bench: the grid worker's workbench at sub-district scale (issue 12, PRODUCT.md §12). Fills a
// fresh local D1 with BENCH_LEDGER_ROWS (default 50,000) declarations in one SQL statement, then
// times the staff list, each kind of search, the worklist, the dashboard and the checkpoint
// (median of 15), and streams an export of 30,000 rows, reporting its time, size and the workerd
// process's memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, wranglerSync } from '../local-worker.mjs';
import { startWorker } from './server.mjs';

const TOKEN = 'bench-admin-token';
const RUNS = 15;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * One INSERT … SELECT over a recursive counter: `rows` declarations arriving over the last 70
 * days in every area, so a fifth (10,000 of 50,000, PRODUCT.md §12) are under monitoring today,
 * each a different person. Grid 2 gets the first
 * `inGrid2` rows, so an export of exactly that many can be asked for.
 */
export function seedSql(rows, inGrid2, areas, today) {
  const others = areas.filter((area) => area.grid !== 'grid-2');
  const grid2 = areas.filter((area) => area.grid === 'grid-2');
  const pick = (list, i) =>
    `json_extract('${JSON.stringify(list.map((a) => [a.id, a.grid]))}', '$[' || (${i} % ${list.length}) || ']')`;
  return `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows}),
p AS (
  SELECT i,
    printf('%04d-%04d-%d', 1000 + i / 10000, i % 10000, i % 10) AS reference,
    CASE WHEN i <= ${inGrid2} THEN ${pick(grid2, 'i')} ELSE ${pick(others, 'i')} END AS place,
    date('${today}', '-' || (i % 70) || ' days') AS arrival,
    CASE i % 10 WHEN 0 THEN 'high' WHEN 1 THEN 'medium' WHEN 2 THEN 'medium' ELSE 'low' END AS risk,
    '张' || char(0x4e00 + i % 2000) || char(0x4e00 + i / 2000 % 2000) AS name,
    printf('138%08d', i) AS phone,
    printf('3301061980%02d%02d%03d%s', 1 + i % 12, 1 + i % 28, i % 1000, CASE WHEN i % 11 = 0 THEN 'X' ELSE i % 10 END) AS id
  FROM n
)
INSERT INTO declarations (reference, received_at, submitted_at, area_id, grid_id, risk,
  arrival_date, monitoring_ends, monitoring_until, purge_after, status, data, outcome, name,
  phone, id_number, id_tail, phone_tail, test_days)
SELECT reference, arrival || 'T0' || (i % 10) || ':00:00.000Z', arrival || 'T0' || (i % 10) || ':00:00.000Z',
  json_extract(place, '$[0]'), json_extract(place, '$[1]'), risk, arrival,
  date(arrival, '+13 days'), date(arrival, '+13 days'), date(arrival, '+44 days'),
  CASE i % 4 WHEN 0 THEN 'contacted' ELSE 'new' END,
  json_object('name', name, 'idType', 'resident_id', 'idNumber', id, 'phone', phone,
    'areaId', json_extract(place, '$[0]'), 'addressDetail', '东山村' || (i % 300) || '号',
    'originRegion', '330106', 'departureDate', date(arrival, '-1 days'), 'arrivalDate', arrival,
    'transport', 'car', 'viaRiskArea', json('false'), 'healthCode', 'green', 'symptoms', json('[]'),
    'nucleicTest', 'none', 'closeContact', json('false'), 'companions', 0, 'consent', json('true')),
  json_object('risk', risk, 'reasons', json('[]'), 'measures', json('["请进行14天居家健康监测"]'),
    'monitoringDays', 14, 'testDays', json_array(arrival, date(arrival, '+6 days'), date(arrival, '+13 days')),
    'monitoringEnds', date(arrival, '+13 days')),
  name, phone, id, substr(id, -4), substr(phone, -4),
  json_array(arrival, date(arrival, '+6 days'), date(arrival, '+13 days'))
FROM p;`;
}

/** Median milliseconds of GET `path` as admin. */
async function time(origin, path) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await fetch(`${origin}${path}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The process and all its descendants (Linux /proc), for the memory figure. */
function tree(pid) {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return [pid, ...children.flatMap((child) => tree(Number(child)))];
  } catch {
    return [pid];
  }
}

/** Resident memory of `pid` and its descendants in bytes, or undefined off Linux. */
function rss(pid) {
  if (process.platform !== 'linux') return undefined;
  let total = 0;
  for (const each of tree(pid)) {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${each}/status`, 'utf8'))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // gone already
    }
  }
  return total;
}

/** Streams GET `path` to the end, sampling memory; `{ ms, bytes, rows, peak, before }`. */
async function download(origin, path, pid) {
  const before = rss(pid);
  let peak = before;
  const sampler = setInterval(() => {
    const now = rss(pid);
    if (now !== undefined && (peak === undefined || now > peak)) peak = now;
  }, 50);
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  clearInterval(sampler);
  return { ms: performance.now() - started, bytes, lines, before, peak };
}

/**
 * The workbench's rows for the bench table: `{ cells }` each, with budgets checked by `atMost`.
 * `tmp` holds the ledger; `log` tells progress.
 */
export async function workbenchRows(tmp, log, { atMost, fmt, note }) {
  const rows = Number(process.env.BENCH_LEDGER_ROWS ?? 50_000);
  const exported = Math.min(30_000, rows);
  const site = JSON.parse(readFileSync(join(ROOT, 'dist/data/site.json'), 'utf8'));
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const out = [
    { header: true, span: true, cells: [`workbench, ${fmt(rows)} ledger rows`, 'median / budget'] },
  ];
  const persist = join(tmp, 'workbench');
  const server = await startWorker(persist, { vars: { STAFF_TOKEN: TOKEN } });
  try {
    log(`filling the local ledger with ${fmt(rows)} declarations…`);
    const seeded = wranglerSync(
      [
        'd1',
        'execute',
        'LEDGER',
        '--local',
        '--persist-to',
        persist,
        '--yes',
        '--command',
        seedSql(rows, exported, site.community.areas, today),
      ],
      { stdio: 'pipe' },
    );
    if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr.slice(-500)}`);
    const ms = (value) => `${value.toFixed(1)} ms`;
    const checks = [
      ['list, newest first (admin)', '/staff/api/declarations?limit=50'],
      ['list, one grid', '/staff/api/declarations?limit=50&grid=grid-3'],
      ['list, by urgency', '/staff/api/declarations?limit=50&sort=urgency'],
      ['list page (HTML)', '/staff/declarations/'],
      ['search: start of a name', `/staff/api/declarations?q=${encodeURIComponent('张一')}`],
      ['search: whole phone', '/staff/api/declarations?q=13800012345'],
      ['search: last 4 of ID', '/staff/api/declarations?q=0123'],
      ['search: reference', '/staff/api/declarations?q=1001-2345-5'],
      ['worklist today (admin)', '/staff/'],
      ['worklist today, one grid', '/staff/?grid=grid-3'],
      ['dashboard (admin)', '/staff/dashboard/'],
      // Grid 2 holds 30,000 of the rows: the busiest grid a worker may have.
      ['dashboard, busiest grid', '/staff/dashboard/?grid=grid-2'],
      // Row 12,348's reference happens to carry a right check digit, as a receipt's does.
      ['checkpoint look-up', '/staff/checkpoint/?reference=1001-2348-8'],
    ];
    for (const [label, path] of checks) {
      log(`timing ${label}…`);
      try {
        out.push({ span: true, cells: [label, atMost(await time(server.origin, path), 100, ms)] });
      } catch (error) {
        out.push({ span: true, cells: [label, note(`error: ${error.message}`, false)] });
      }
    }
    for (const format of ['csv', 'xlsx']) {
      log(`exporting ${fmt(exported)} rows as ${format}…`);
      const result = await download(
        server.origin,
        `/staff/export?format=${format}&grid=grid-2`,
        server.pid,
      );
      const memory =
        result.peak === undefined
          ? 'memory n/a (Linux only)'
          : `memory +${fmt((result.peak - result.before) / 2 ** 20)} MiB over ${fmt(result.before / 2 ** 20)} MiB at rest`;
      const counted = format === 'csv' ? `${fmt(result.lines - 1)} rows, ` : '';
      out.push({
        span: true,
        cells: [
          `export ${fmt(exported)} rows (${format})`,
          note(
            `${(result.ms / 1000).toFixed(1)} s, ${counted}${fmt(result.bytes / 1024)} KiB, ${memory}`,
          ),
        ],
      });
    }
  } finally {
    await server.stop();
  }
  return out;
}
