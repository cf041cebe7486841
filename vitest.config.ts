// Unit tests of pure code (schemas, lib) in Node; the Worker has its own config in functions/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
