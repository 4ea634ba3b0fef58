import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { detectServices } from '../src/detect-services.js';
import type { ResolvedService } from '../src/types.js';

afterAll(removeTemporary);

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** A temp copy of fixtures/demo without installed or built files, under each dialect. */
async function copyDemo(): Promise<string> {
  const root = await temporaryDir('dialect');
  await cp(join(FIXTURES, 'demo'), root, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|\.next)(?:[\\/]|$)/.test(source),
  });
  return root;
}

describe('the services dialect', () => {
  let v1: ResolvedService[];
  let v2: ResolvedService[];

  beforeAll(async () => {
    const root = await copyDemo();
    const first = await detectServices({ root });
    expect(first.errors).toEqual([]);
    v1 = first.result?.services ?? [];

    const config = await readFile(join(FIXTURES, 'config/services-dialect-demo/vercel.json'));
    await writeFile(join(root, 'vercel.json'), config);
    const second = await detectServices({ root });
    expect(second.errors).toEqual([]);
    v2 = second.result?.services ?? [];
  });

  it('resolves the demo to the same services as experimentalServices', () => {
    expect(v2.map((service) => service.name)).toEqual(['backend', 'express', 'go', 'web']);
    const comparable = ({ stripPrefix, rewrites, ...service }: ResolvedService) => service;

    expect(v2.map(comparable)).toEqual(v1.map(comparable));
  });

  it('strips no prefix, as on Vercel', () => {
    expect(v1.find((service) => service.name === 'backend')?.stripPrefix).toBe(true);
    expect(v2.map((service) => service.stripPrefix)).toEqual([false, false, false, false]);
  });

  it('gives each service the rewrites that send to it, in the file order, compiled as Vercel does', () => {
    const backend = v2.find((service) => service.name === 'backend');

    expect(backend?.routePrefix).toBe('/server');
    expect(backend?.rewrites).toEqual([
      { index: 0, source: '/server', src: '^\\/server$' },
      { index: 1, source: '/server/(.*)', src: '^\\/server(?:\\/(.*))$' },
    ]);
    expect(v1.every((service) => service.rewrites === undefined)).toBe(true);
  });
});
