// Bench helpers: Lighthouse (mobile, default throttling) run several times, median per category.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_FLAGS } from './pages.mjs';
import { ensureBenchDependencies, env } from './server.mjs';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

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
function runOnce(root, url, reportFile) {
  const args = [
    CLI,
    url,
    '--output=json',
    `--output-path=${reportFile}`,
    '--quiet',
    '--form-factor=mobile',
    `--only-categories=${CATEGORIES.join(',')}`,
    `--chrome-flags=${CHROMIUM_FLAGS.join(' ')}`,
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
 * Median score ×100 per category over `runs` runs of `url`: `{ performance: 98, … }`. A failed
 * run is tried once more (wrangler dev restarts the Worker when someone edits its sources).
 */
export async function lighthouseMedians(root, url, runs, tmpDir) {
  const scores = Object.fromEntries(CATEGORIES.map((id) => [id, []]));
  const reportFile = join(tmpDir, 'lighthouse.json');
  for (let i = 0; i < runs; i++) {
    const report = await runOnce(root, url, reportFile).catch(() => runOnce(root, url, reportFile));
    for (const id of CATEGORIES) {
      scores[id].push(Math.round((report.categories[id]?.score ?? 0) * 100));
    }
  }
  return Object.fromEntries(CATEGORIES.map((id) => [id, median(scores[id])]));
}
