import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The JSON report gives .ci/run the runner's own pass/fail counts.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
