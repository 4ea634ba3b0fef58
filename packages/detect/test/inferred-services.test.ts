import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';

const NO_CONFIG = fileURLToPath(new URL('../../../fixtures/detect/no-config/', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../../fixtures/config/', import.meta.url));

async function noticeOf(root: string) {
  const run = await detectServices({ root, inferServices: true });
  return { run, notice: run.warnings.find((item) => item.code === 'DETECT_SERVICES_INFERRED') };
}

describe('services found without a declared config', () => {
  it('says there is no vercel.json, names the conventional folders that found them, and points at no file', async () => {
    const { notice } = await noticeOf(`${NO_CONFIG}conventional-folders`);

    expect(notice?.message).toBe(
      'There is no vercel.json; found 2 services: backend (backend), frontend (frontend) by the conventional folders backend, frontend.',
    );
    expect(notice?.file).toBeNull();
    expect(notice?.hint).toContain('to create vercel.json with them');
  });

  it('names the workspace file of each group when several rules found them', async () => {
    const { notice } = await noticeOf(`${NO_CONFIG}uv-and-go-workspaces`);

    expect(notice?.message).toContain('gateway (gateway) by the use list of go.work');
    expect(notice?.message).toContain(
      'ml (services/ml) by the uv workspace members of pyproject.toml',
    );
  });

  it('says vercel.json declares no services when it exists, and points at it', async () => {
    const { notice } = await noticeOf(`${NO_CONFIG}npm-workspaces`);

    expect(notice?.message).toBe(
      'No services are declared in vercel.json; found 2 services: api (apps/api), web (apps/web) by the npm workspaces of package.json.',
    );
    expect(notice?.file).toBe('vercel.json');
    expect(notice?.hint).toContain('into vercel.json');
  });

  it('proposes /api for a backend named api, not /api/api', async () => {
    const { run } = await noticeOf(`${NO_CONFIG}npm-workspaces`);
    const api = run.result?.services.find((service) => service.name === 'api');

    expect(api?.routePrefix).toBe('/api');
    expect(run.inferred?.text).toContain('"routePrefix": "/api"\n');
  });

  it('proposes nothing, and reports the directory, when vercel.json is a directory', async () => {
    const run = await detectServices({ root: `${CONFIG}config-is-directory`, inferServices: true });

    expect(run.errors.map((item) => item.code)).toEqual(['CONFIG_NOT_A_FILE']);
    expect(run.errors[0]?.message).toContain('"vercel.json" in the project root is a directory');
    expect(run.inferred ?? null).toBeNull();
  });

  it('reports a vercel.json that links to nothing instead of guessing services', async () => {
    // Made here, not in fixtures/: a link to nothing breaks tools that walk the fixtures.
    const root = await mkdtemp(join(tmpdir(), 'svcpack-dangling-'));
    try {
      await symlink('missing/vercel.json', join(root, 'vercel.json'));
      const run = await detectServices({ root, inferServices: true });

      expect(run.errors).toMatchObject([{ code: 'CONFIG_NOT_A_FILE', file: 'vercel.json' }]);
      expect(run.errors[0]?.message).toContain('a symbolic link to nothing');
      expect(run.inferred ?? null).toBeNull();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
