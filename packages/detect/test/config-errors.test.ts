import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import type { Problem } from '../src/types.js';

/** Each case is a project: its vercel.json, the files it points at, and expected.json. */
const CASES_DIR = fileURLToPath(new URL('../../../fixtures/config/', import.meta.url));

interface ExpectedProblem {
  code: string;
  pointer: string | null;
  line: number | null;
  column: number | null;
  suggestion: string | null;
}

interface Expected {
  errors: ExpectedProblem[];
  warnings: ExpectedProblem[];
  /** Names of the services that still resolved, or `null` when nothing could be read. */
  services: string[] | null;
}

const cases = readdirSync(CASES_DIR)
  .filter((name) => existsSync(`${CASES_DIR}${name}/expected.json`))
  .sort()
  .map((name) => ({
    name,
    root: `${CASES_DIR}${name}`,
    expected: JSON.parse(readFileSync(`${CASES_DIR}${name}/expected.json`, 'utf8')) as Expected,
  }));

const located = ({ code, pointer, line, column, suggestion }: Problem): ExpectedProblem => ({
  code,
  pointer,
  line,
  column,
  suggestion,
});

describe('detectServices on a bad config', () => {
  it('has every case the brief names', () => {
    const names = cases.map((item) => item.name);
    for (const name of [
      'invalid-json',
      'unknown-field',
      'memory-too-low',
      'max-duration-too-high',
      'web-without-route-prefix',
      'duplicate-prefix-trailing-slash',
      'entrypoint-not-found',
      'name-with-space',
      'invalid-prefix-chars',
      'reserved-svc-prefix',
      'experimental-services-and-builds',
      'five-mistakes-three-services',
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each(cases)('$name: reports every problem at its pointer, line and column', async (item) => {
    const run = await detectServices({ root: item.root });

    expect(run.errors.map(located)).toEqual(item.expected.errors);
    expect(run.warnings.map(located)).toEqual(item.expected.warnings);
    expect(run.result?.services.map((service) => service.name) ?? null).toEqual(
      item.expected.services,
    );
  });

  it.each(cases)('$name: gives each problem a message, a hint and a file', async (item) => {
    const run = await detectServices({ root: item.root });

    for (const problem of [...run.errors, ...run.warnings]) {
      expect(problem.message).toMatch(/\S/);
      expect(problem.hint).toMatch(/\S/);
      if (problem.code !== 'CONFIG_NOT_FOUND')
        expect(problem.file).toMatch(/^vercel\.(json|toml)$/);
    }
  });
});

describe('detectServices on a bad vercel.toml', () => {
  it('writes its hints in TOML syntax (key = value), not JSON', async () => {
    const run = await detectServices({ root: `${CASES_DIR}vercel-toml-positions` });
    const hints = run.errors.map((problem) => problem.hint);

    expect(hints).toContain('Write memory = 1024.');
    expect(hints).toContain('Write mount.subdomain = "admin" (one label, no dots).');
    expect(hints).toContain('Add routePrefix = "/web" (or "/" for the site\'s root).');
    for (const hint of hints) expect(hint).not.toMatch(/"[A-Za-z.]+": /);
  });
});
