import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real servers on free ports; two workers suit the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
