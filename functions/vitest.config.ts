// Worker tests run inside workerd with the real local bindings of wrangler.jsonc: the static
// assets of dist/ (the build of the tests' day, npm run build:test), the DECLARATIONS queue
// (consumed by the same Worker) and the LEDGER D1.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { assertTestBuild } from '../scripts/test-clock.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

assertTestBuild(here('../dist'));

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: here('./wrangler.jsonc') },
      miniflare: {
        // Fast queue timings for tests (production waits 1 s per batch and retries 10 times).
        queueConsumers: {
          'firstline-declarations': {
            maxBatchSize: 100,
            maxBatchTimeout: 0.05,
            maxRetries: 3,
            retryDelay: 0,
            deadLetterQueue: 'firstline-declarations-dlq',
          },
          'firstline-declarations-dlq': { maxBatchSize: 100, maxBatchTimeout: 0.05, maxRetries: 3 },
        },
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(here('./migrations')),
          STAFF_TOKEN: 'test-admin-token',
          CHECKIN_SECRET: 'test-checkin-secret-0123456789abcdef',
          STAFF_ACCOUNTS: JSON.stringify([
            { token: 'test-grid-2-token', grid: 'grid-2', name: '李秀英' },
            { email: 'wang@qinghe.example', grid: 'grid-4' },
            // A typo must not widen an account to every grid.
            { token: 'test-empty-grid-token', grid: '' },
          ]),
        },
      },
    }),
  ],
  test: {
    root: here('.'),
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/apply-migrations.ts'],
  },
}));
