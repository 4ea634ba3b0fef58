import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';

const CASES = join(REPO_ROOT, 'fixtures/detect/unreadable');

describe('svcpack detect on a manifest that does not parse', () => {
  it('warns with the file, line and column of a trailing comma and exits 0', async () => {
    const run = await runCli(['detect', join(CASES, 'package-json-trailing-comma')]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('DETECT_UNREADABLE_MANIFEST');
    expect(run.stderr).toContain('api/package.json:5:3');
  });

  it('exits 1 when the broken package.json leaves a directory without a framework', async () => {
    const run = await runCli(['detect', '--json', join(CASES, 'next-directory-not-json')]);
    const output = JSON.parse(run.stdout) as {
      errors: { code: string; message: string }[];
      warnings: { code: string; file: string; line: number; column: number }[];
    };

    expect(run.code).toBe(1);
    expect(output.errors[0]?.code).toBe('MISSING_SERVICE_FRAMEWORK');
    expect(output.errors[0]?.message).toContain('"web/package.json" could not be read');
    expect(output.warnings).toMatchObject([
      { code: 'DETECT_UNREADABLE_MANIFEST', file: 'web/package.json', line: 1, column: 1 },
    ]);
  });
});
