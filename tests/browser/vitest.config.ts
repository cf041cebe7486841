// Browser tests: a real `wrangler dev` (site + Worker + local bindings) driven by headless Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A page settles on its own time (a worker storing a page, a save's check): on a busy 2-core
    // CI machine that takes seconds, far past the 1 s vitest gives a poll by default.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
