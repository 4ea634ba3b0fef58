import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { FRAMEWORKS } from '../src/framework-catalog.js';

/**
 * fixtures/detect/frameworks/<slug>/: one project per @vercel/frameworks preset, in
 * `app/`, declared as the service `app` in its vercel.json. expected.json says what
 * detect finds there: the framework (or `null` and the error when detection cannot
 * pick one), the runtime, the candidates left after `supersedes`, and the problem
 * codes; `note` explains a result that is not simply the fixture's own slug.
 */
const FIXTURES = fileURLToPath(new URL('../../../fixtures/detect/frameworks/', import.meta.url));
const cases = readdirSync(FIXTURES).sort();

interface Expected {
  note?: string;
  framework: string | null;
  runtime: string | null;
  candidates: string[];
  errors: string[];
  warnings: string[];
}

describe('framework fixtures', () => {
  it('has a fixture for every preset in the registry, and none for a preset it lacks', () => {
    expect(cases).toEqual(FRAMEWORKS.map((framework) => framework.slug).sort());
  });

  it.each(cases)('detects what %s/expected.json says', async (slug) => {
    const root = join(FIXTURES, slug);
    const { note: _note, ...expected } = JSON.parse(
      readFileSync(join(root, 'expected.json'), 'utf8'),
    ) as Expected;
    const detected = await detectServices({ root });
    const service = detected.result?.services.find((item) => item.name === 'app');
    const failed = detected.errors.find((problem) => problem.pointer?.includes('/app'));
    expect({
      framework: service?.framework?.slug ?? null,
      runtime: service?.runtime ?? null,
      candidates: service?.candidates.map((candidate) => candidate.slug) ?? listed(failed),
      errors: detected.errors.map((problem) => problem.code),
      warnings: detected.warnings.map((problem) => problem.code),
    }).toEqual(expected);
  });
});

/** The slugs an ambiguity error lists in its `value`. */
function listed(problem: { value: unknown } | undefined): string[] {
  return Array.isArray(problem?.value) ? problem.value.map(String) : [];
}
