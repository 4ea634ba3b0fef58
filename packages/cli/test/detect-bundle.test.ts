import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { detectServices } from '@svcpack/detect';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';

/**
 * bin/svcpack.js starts the esbuild bundle of the CLI, not the modules tsc wrote: this
 * checks that the bundle resolves exactly as the library does, on one fixture of each
 * detect theme (lockfile readers, manifest parsers and import tracing load lazily and
 * must work bundled too).
 */
const THEMES = join(REPO_ROOT, 'fixtures/detect');
const cases = readdirSync(THEMES)
  .map((theme) => `${theme}/${readdirSync(join(THEMES, theme)).sort()[0]}`)
  .concat(['versions/yarn-v1', 'versions/pnpm-catalog', 'peers/d2-poetry-django']);

describe('svcpack detect --json from the bundled CLI', () => {
  it.each(cases)('gives the result the library gives for %s', async (name) => {
    const root = join(THEMES, name);
    const run = await runCli(['detect', root, '--json']);
    const library = await detectServices({ root, inferServices: true });
    const printed = JSON.parse(run.stdout);
    // A failed run prints SPEC's failure envelope, which has the errors and no result.
    if (library.errors.length > 0) expect(printed.errors).toEqual(library.errors);
    else expect(printed.result).toEqual(library.result);
    expect(printed.ok).toBe(library.errors.length === 0);
    expect(printed.warnings).toEqual(library.warnings);
  });
});
