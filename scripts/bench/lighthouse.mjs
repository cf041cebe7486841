// Bench helpers: Lighthouse (mobile) run several times per throttling preset, median per category.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_FLAGS } from './pages.mjs';
import { ensureBenchDependencies, env } from './server.mjs';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
/** Metrics reported beside the scores (milliseconds): where a performance score is lost. */
export const METRICS = ['total-blocking-time', 'largest-contentful-paint'];

/**
 * Throttling presets, all simulated (Lighthouse's default method). `default` is Lighthouse's own
 * mobile setting (150 ms RTT, 1.6 Mbps, 4× CPU); `regular3g` is its `mobileRegular3G` constant
 * (300 ms RTT, 700 kbps, 4× CPU; Lantern's simulation/Constants.js): the weak rural network many
 * returnees fill in the form on (issue 15).
 */
export const PRESETS = {
  default: { label: 'default throttling', flags: [] },
  regular3g: {
    label: 'Regular 3G',
    flags: [
      '--throttling.rttMs=300',
      '--throttling.throughputKbps=700',
      '--throttling.requestLatencyMs=1125',
      '--throttling.downloadThroughputKbps=630',
      '--throttling.uploadThroughputKbps=630',
      '--throttling.cpuSlowdownMultiplier=4',
    ],
  },
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const CLI = fileURLToPath(new URL('node_modules/lighthouse/cli/index.js', import.meta.url));

/** Why Lighthouse cannot run here, or null when it can. */
export function lighthouseUnavailable() {
  const missing = ensureBenchDependencies();
  if (missing) return missing;
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
  return null;
}

// One CLI run in a fresh Chromium; resolves to the parsed JSON report. The report goes to a file:
// on a runtime error Lighthouse exits before a large stdout is flushed.
function runOnce(root, url, reportFile, flags) {
  const args = [
    CLI,
    url,
    '--output=json',
    `--output-path=${reportFile}`,
    '--quiet',
    '--form-factor=mobile',
    `--only-categories=${CATEGORIES.join(',')}`,
    `--chrome-flags=${CHROMIUM_FLAGS.join(' ')}`,
    ...flags,
  ];
  return new Promise((resolve, reject) => {
    rmSync(reportFile, { force: true });
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...env, CHROME_PATH: CHROMIUM },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const report = JSON.parse(readFileSync(reportFile, 'utf8'));
        if (report.runtimeError) throw new Error(report.runtimeError.message);
        resolve(report);
      } catch (error) {
        reject(new Error(`lighthouse exited with ${code}: ${error.message} ${err.slice(-300)}`));
      }
    });
  });
}

/**
 * Median score ×100 per category and median metric (ms) over `runs` runs of `url` with a
 * {@link PRESETS} entry: `{ performance: 98, …, 'total-blocking-time': 12, … }`, plus `range`,
 * the lowest and highest performance score seen, `tbtRange`, the lowest and highest TBT, and
 * `benchmarkIndex`, Lighthouse's median score of this machine's CPU (its 4× slowdown assumes a
 * desktop-class CPU). TBT swings run to run on one unchanged page; the bare page's row shows what
 * of it is this machine's and what is the page's own.
 * A failed run is tried once more (wrangler dev restarts the Worker when someone edits its sources).
 */
export async function lighthouseMedians(root, url, runs, tmpDir, preset = PRESETS.default) {
  const values = Object.fromEntries([...CATEGORIES, ...METRICS].map((id) => [id, []]));
  const benchmarkIndex = [];
  const reportFile = join(tmpDir, 'lighthouse.json');
  const once = () => runOnce(root, url, reportFile, preset.flags);
  for (let i = 0; i < runs; i++) {
    const report = await once().catch(once);
    for (const id of CATEGORIES) {
      values[id].push(Math.round((report.categories[id]?.score ?? 0) * 100));
    }
    for (const id of METRICS) values[id].push(report.audits[id]?.numericValue ?? Infinity);
    benchmarkIndex.push(report.environment?.benchmarkIndex ?? NaN);
  }
  const spread = (list) => [Math.min(...list), Math.max(...list)];
  return {
    ...Object.fromEntries(Object.entries(values).map(([id, list]) => [id, median(list)])),
    range: spread(values.performance),
    tbtRange: spread(values['total-blocking-time']).map(Math.round),
    benchmarkIndex: Math.round(median(benchmarkIndex)),
  };
}
