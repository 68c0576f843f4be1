import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: Chromium-driven tests (card rendering, Agents Playground), one file at a time. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
