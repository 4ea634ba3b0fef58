import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSvcpackError } from '@svcpack/detect';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES as ALL_FIXTURES, removeTemporary } from '../../../test-support/fixtures.js';
import {
  expectPackError,
  packFixture,
  readCase,
  writeToEmptyDir,
} from '../../../test-support/pack-cases.js';
import { get, startBundle } from '../../../test-support/run-bundle.js';
import { resolvedService } from '../../../test-support/services.js';
import type { FileSource } from '../src/pack-types.js';
import { packGo } from '../src/runtimes/go.js';

const FIXTURES = join(ALL_FIXTURES, 'package/go');

afterAll(removeTemporary);

describe('packGo', async () => {
  const cases = (await readdir(FIXTURES)).sort();

  it.each(cases)('packs and serves the %s fixture as its expected.json says', async (name) => {
    const root = join(FIXTURES, name);
    const expected = await readCase(root);
    const service = resolvedService(expected.service);

    if (expected.error) {
      await expectPackError(packGo, root, service, expected.error);
      return;
    }

    const { packed } = await packFixture(packGo, root, service);
    expect(packed.start).toMatchObject(expected.start ?? {});
    if (expected.warnings) {
      expect(packed.warnings.map((w) => w.code).sort()).toEqual(expected.warnings);
    }
    expect([...packed.files.keys()].sort()).toEqual(expected.files?.exactly);
    for (const source of packed.files.values()) expect(modeOf(source)).toBe(0o755);

    const bundle = await writeToEmptyDir(packed);
    const running = await startBundle(bundle, packed.start);
    try {
      for (const request of expected.requests ?? []) {
        const response = await get(running.port, request.path);
        expect(response.status, `${request.path}: ${response.body}`).toBe(request.status);
        if (request.json !== undefined) expect(response.json).toEqual(request.json);
      }
    } finally {
      await running.stop();
    }
  });

  it('starts the binary itself, without the launcher, when the prefix is /', async () => {
    const root = join(FIXTURES, 'nethttp');
    const expected = await readCase(root);
    const service = resolvedService({ ...expected.service, routePrefix: '/' });
    const { packed } = await packFixture(packGo, root, service);

    expect(packed.start.command).toEqual(['../_svcpack/go/api']);
    expect([...packed.files.keys()]).toEqual(['_svcpack/go/api']);
    const running = await startBundle(await writeToEmptyDir(packed), packed.start);
    try {
      expect((await get(running.port, '/health')).json).toEqual({ service: 'go', path: '/health' });
    } finally {
      await running.stop();
    }
  });

  it('builds the same bytes twice', async () => {
    const root = join(FIXTURES, 'nethttp');
    const service = resolvedService((await readCase(root)).service);
    const first = await packFixture(packGo, root, service);
    const second = await packFixture(packGo, root, service);
    for (const path of ['_svcpack/go/api', '_svcpack/launch_go']) {
      const a = await contentOf(first.packed.files.get(path));
      const b = await contentOf(second.packed.files.get(path));
      expect(sha256(a)).toBe(sha256(b));
    }
  });

  it('fails with PACKAGE_GO_NOT_FOUND, naming the install command, when go is missing', async () => {
    const root = join(FIXTURES, 'nethttp');
    const service = resolvedService((await readCase(root)).service);
    process.env.SVCPACK_GO = '/nonexistent/go';
    try {
      const failure = await packFixture(packGo, root, service).catch((error: unknown) => error);
      expect(isSvcpackError(failure) && failure.code).toBe('PACKAGE_GO_NOT_FOUND');
      expect(isSvcpackError(failure) && failure.hint).toContain('apt-get install golang-go');
    } finally {
      delete process.env.SVCPACK_GO;
    }
  });
});

function modeOf(source: FileSource): number | null {
  return source.kind === 'symlink' ? null : source.mode;
}

async function contentOf(source: FileSource | undefined): Promise<Buffer> {
  if (source?.kind === 'file') return readFile(source.from);
  if (source?.kind === 'content') return source.data;
  throw new Error('expected a file entry');
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
