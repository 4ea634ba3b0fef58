import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import validRange from 'semver/ranges/valid.js';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { detectServices } from '../src/detect-services.js';
import { createMemoryFileSystem } from '../src/file-system.js';
import type { ResolvedFramework } from '../src/types.js';

afterAll(removeTemporary);

const EXPRESS_APP = "const express = require('express');\n\nmodule.exports = express();\n";
const VERCEL_JSON = JSON.stringify({
  experimentalServices: { api: { entrypoint: 'api', routePrefix: '/api' } },
});

/** The framework detect resolves for an Express service `api` declaring `range`. */
async function expressDeclaring(
  range: string,
  files: Record<string, string> = {},
): Promise<ResolvedFramework | null | undefined> {
  const fs = createMemoryFileSystem({
    'vercel.json': VERCEL_JSON,
    'api/index.js': EXPRESS_APP,
    'api/package.json': JSON.stringify({ name: 'api', dependencies: { express: range } }),
    ...files,
  });
  const run = await detectServices({ root: '/project', fs });
  return run.result?.services[0]?.framework;
}

describe('Node framework versions', () => {
  it.each([
    'github:expressjs/express',
    'git+https://github.com/expressjs/express.git#v5.1.0',
    'https://example.com/express-5.1.0.tgz',
    'file:../express-5.1.0.tgz',
    'npm:express@^5.1.0',
    'catalog:missing',
    'workspace:*',
    'latest',
  ])(
    'a declared %s names no version, so with nothing locked or installed the version is null',
    async (range) => {
      expect(await expressDeclaring(range)).toMatchObject({
        slug: 'express',
        version: null,
        versionSource: null,
        declared: range,
        locked: null,
        installed: null,
      });
    },
  );

  it('takes a copy installed in node_modules before the package.json a workspace: range links', async () => {
    const framework = await expressDeclaring('workspace:^', {
      'pnpm-workspace.yaml': 'packages:\n  - api\n  - packages/*\n',
      'packages/express/package.json': '{ "name": "express", "version": "5.1.0-fork" }',
      'api/node_modules/express/package.json': '{ "name": "express", "version": "5.1.0" }',
    });
    expect(framework).toMatchObject({ version: '5.1.0', versionSource: 'installed' });
  });

  it('never reads a link: target outside the project root', async () => {
    const base = await temporaryDir('link-outside');
    const project = join(base, 'project');
    await mkdir(join(base, 'outside/express'), { recursive: true });
    await writeFile(join(base, 'outside/express/package.json'), '{ "version": "9.9.9" }');
    await mkdir(join(project, 'api'), { recursive: true });
    await writeFile(join(project, 'vercel.json'), VERCEL_JSON);
    await writeFile(join(project, 'api/index.js'), EXPRESS_APP);
    await writeFile(
      join(project, 'api/package.json'),
      JSON.stringify({ dependencies: { express: 'link:../../outside/express' } }),
    );

    const run = await detectServices({ root: project });
    expect(run.errors).toEqual([]);
    expect(run.result?.services[0]?.framework).toMatchObject({
      version: null,
      declared: 'link:../../outside/express',
      installed: null,
    });
  });

  it('reports as the version only a semver version or range, whatever the declared range', async () => {
    const protocol = fc.constantFrom('', 'workspace:', 'link:', 'file:', 'portal:', 'npm:', 'git+');
    await fc.assert(
      fc.asyncProperty(protocol, fc.string({ maxLength: 12 }), async (prefix, rest) => {
        const framework = await expressDeclaring(`${prefix}${rest}`);
        const version = framework?.version ?? null;
        expect(version === null || validRange(version) !== null).toBe(true);
        expect(framework?.versionSource ?? null).toBe(version === null ? null : 'manifest');
      }),
      { numRuns: 200 },
    );
  });
});
