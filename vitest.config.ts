import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // CI reads the JSON report to print one closing `N passed, N failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.cache/vitest-report.json' },
  },
});
