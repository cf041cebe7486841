// The one day the tests live on, so that they pass on any real date (the sample content's notices
// expire on real dates). It is the build's "today" (`npm run build:test`: FIRSTLINE_TODAY, read by
// src/utils/content.ts), the Worker's clock in the browser tests (FIXED_NOW, functions/src/clock.ts)
// and Chromium's clock there (tests/browser/browser.ts). A day the sample content is written for:
// its urgent notices in force, its risk areas listed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tests' day, Asia/Shanghai. */
export const TEST_DAY = '2026-12-05';
/** The tests' instant: mid-morning of {@link TEST_DAY} in Shanghai. */
export const TEST_NOW = `${TEST_DAY}T10:00:00+08:00`;

/**
 * Throws unless `dist` (the built site the Worker and browser tests serve) was made by
 * `npm run build:test` for {@link TEST_DAY}: a build for another day shows other notices in force.
 */
export function assertTestBuild(dist = 'dist') {
  let builtFor;
  try {
    builtFor = JSON.parse(readFileSync(join(dist, 'data', 'site.json'), 'utf8')).builtFor;
  } catch {
    throw new Error(`${dist}/ is missing or incomplete: run npm run build:test first`);
  }
  if (builtFor !== TEST_DAY) {
    throw new Error(
      `${dist}/ was built for ${builtFor ?? 'an unknown day'}, but the tests read the sample content as of ${TEST_DAY} (scripts/test-clock.mjs): run npm run build:test`,
    );
  }
}
