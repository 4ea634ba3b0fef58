import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { REPO_ROOT, runCli } from './support/run-cli.js';

afterAll(removeTemporary);

const FIXTURES = join(REPO_ROOT, 'fixtures/detect/no-config');

async function copyOf(name: string): Promise<string> {
  const dir = await temporaryDir('write-config');
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

describe('svcpack detect --write-config', () => {
  it('writes the services it found into vercel.json and keeps the other keys', async () => {
    const dir = await copyOf('npm-workspaces');
    const run = await runCli(['detect', dir, '--write-config']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('wrote experimentalServices (2 services) to vercel.json');

    const written = JSON.parse(await readFile(join(dir, 'vercel.json'), 'utf8'));
    expect(written).toEqual({
      $schema: 'https://openapi.vercel.sh/vercel.json',
      regions: ['iad1'],
      experimentalServices: {
        api: { entrypoint: 'apps/api', routePrefix: '/api' },
        web: { entrypoint: 'apps/web', routePrefix: '/' },
      },
    });
  });

  it('finds nothing to change when detect runs again on the written config', async () => {
    for (const name of ['npm-workspaces', 'conventional-folders', 'uv-and-go-workspaces']) {
      const dir = await copyOf(name);
      const before = JSON.parse((await runCli(['detect', dir, '--json'])).stdout);
      await runCli(['detect', dir, '--write-config']);
      const config = await readFile(join(dir, 'vercel.json'), 'utf8');
      const after = JSON.parse((await runCli(['detect', dir, '--json', '--write-config'])).stdout);

      expect(after.result).toEqual(before.result);
      expect(after.warnings.map((item: { code: string }) => item.code)).not.toContain(
        'DETECT_SERVICES_INFERRED',
      );
      expect(await readFile(join(dir, 'vercel.json'), 'utf8')).toBe(config);
    }
  });
});
