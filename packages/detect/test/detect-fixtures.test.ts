import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { detectToolchains } from '../src/detect-toolchain.js';

/**
 * fixtures/detect/<theme>/<case>/ (every theme but `frameworks`, which has its own
 * harness): a project and an expected.json holding, per service name, the fields of
 * its resolution that the case is about (matched as a subset), and the exact lists of
 * error and warning codes; `toolchains`, where present, the service's toolchain (package
 * manager, workspace root, install and build), matched as a subset too. `note` says what
 * the case shows.
 */
const ROOT = fileURLToPath(new URL('../../../fixtures/detect/', import.meta.url));
const cases = readdirSync(ROOT)
  .filter((theme) => theme !== 'frameworks')
  .flatMap((theme) => readdirSync(join(ROOT, theme)).map((name) => `${theme}/${name}`))
  .sort();
const everyFixture = [
  ...cases,
  ...readdirSync(join(ROOT, 'frameworks')).map((name) => `frameworks/${name}`),
].sort();

interface Expected {
  note?: string;
  services: Record<string, Record<string, unknown>>;
  errors: string[];
  warnings: string[];
  toolchains?: Record<string, Record<string, unknown>>;
}

describe('detect fixtures', () => {
  it.each(cases)('%s resolves as its expected.json says', async (name) => {
    const root = join(ROOT, name);
    const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Expected;
    const detected = await detectServices({ root, inferServices: true });
    for (const [service, fields] of Object.entries(expected.services)) {
      const found = detected.result?.services.find((item) => item.name === service);
      expect(found, `service "${service}"`).toMatchObject(fields);
    }
    expect(detected.errors.map((problem) => problem.code)).toEqual(expected.errors);
    expect(detected.warnings.map((problem) => problem.code)).toEqual(expected.warnings);
    if (expected.toolchains) {
      const services = detected.result?.services ?? [];
      expect((await detectToolchains({ root, services })).toolchains).toMatchObject(
        expected.toolchains,
      );
    }
  });

  it.each([...everyFixture, '../demo'])(
    '%s gives byte-identical JSON on two runs',
    async (name) => {
      const root = join(ROOT, name);
      const first = JSON.stringify(await detectServices({ root }));
      const second = JSON.stringify(await detectServices({ root }));
      expect(second).toBe(first);
      expect(first).not.toContain(root);
    },
  );
});
