import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  FIXTURES,
  readJson,
  removeTemporary,
  temporaryDir,
} from '../../../test-support/fixtures.js';
import { packageServices } from '../src/package-services.js';

/** fixtures/demo, once as it is and once declared in the services dialect. */
async function packDemo(dialect: 'experimentalServices' | 'services') {
  const root = await copyFixture('demo');
  if (dialect === 'services') {
    const config = await readFile(join(FIXTURES, 'config/services-dialect-demo/vercel.json'));
    await writeFile(join(root, 'vercel.json'), config);
  }
  const out = await temporaryDir('dialect-out');
  // The Python and Go services: they build offline and need no node_modules.
  const result = await packageServices({ root, out, services: ['backend', 'go'] });
  return { out, result };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

afterAll(removeTemporary);

describe('packaging the demo declared in the services dialect', () => {
  it('packs the same services from the same files, and only the prefix handling differs', async () => {
    const v1 = await packDemo('experimentalServices');
    const v2 = await packDemo('services');

    expect(v2.result.services.map((service) => service.name)).toEqual(['backend', 'go']);
    for (const name of ['backend', 'go']) {
      const bundle = (out: string) => join(out, 'services', name, 'bundle');
      const user = (files: string[]) => files.filter((file) => !file.startsWith('_svcpack/'));
      expect(user(await listFiles(bundle(v2.out))), name).toEqual(
        user(await listFiles(bundle(v1.out))),
      );

      const first = await readJson<Record<string, unknown>>(
        join(v1.out, 'services', name, 'service.json'),
      );
      const second = await readJson<Record<string, unknown>>(
        join(v2.out, 'services', name, 'service.json'),
      );
      const same = ({
        stripPrefix,
        start,
        digest,
        bytes,
        files,
        ...rest
      }: Record<string, unknown>) => rest;
      expect(same(second), name).toEqual(same(first));
      expect([first.stripPrefix, second.stripPrefix], name).toEqual([true, false]);
    }

    const routes = await readJson<{ routes: { service: string; stripPrefix: boolean }[] }>(
      join(v2.out, 'routes.json'),
    );
    expect(routes.routes.map((route) => route.service)).toEqual([
      'backend',
      'backend',
      'express',
      'go',
      'web',
    ]);
    expect(routes.routes.every((route) => route.stripPrefix === false)).toBe(true);
  }, 120_000);
});
