import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { createNodeFileSystem } from '../src/file-system.js';

// A name that is not UTF-8 (`caf\xe9`, Latin-1 é) comes back from Node as `caf\uFFFD`, a
// path that names nothing on disk. Listing it made the directory look empty.

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'svcpack-names-'));
  const bad = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9])]);
  await mkdir(bad);
  await writeFile(Buffer.concat([bad, Buffer.from('/package.json')]), '{"name":"cafe"}\n');
  await mkdir(join(root, 'real-\uFFFD'));
  await writeFile(join(root, 'real-\uFFFD/package.json'), '{"name":"real"}\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createNodeFileSystem and names that are not UTF-8', () => {
  it('leaves such names out of a listing and keeps a name holding a real U+FFFD', async () => {
    const fs = createNodeFileSystem(root);

    expect(await fs.readdir('.')).toEqual(['real-\uFFFD']);
    expect(await fs.kind('caf\uFFFD')).toBeNull();
    expect(await fs.kind('real-\uFFFD')).toBe('directory');
    expect(await fs.readFile('real-\uFFFD/package.json')).toContain('real');
  });

  it('reports an entrypoint that only such a directory could be as ENTRYPOINT_NOT_FOUND, not MISSING_SERVICE_FRAMEWORK', async () => {
    // vercel.json is UTF-8; the JSON escape \ufffd is the only way to write that name.
    const config =
      '{ "experimentalServices": { "api": { "entrypoint": "caf\\ufffd", "routePrefix": "/api" } } }';
    await writeFile(join(root, 'vercel.json'), config);
    try {
      const detected = await detectServices({ root });

      expect(detected.errors.map((error) => error.code)).toEqual(['ENTRYPOINT_NOT_FOUND']);
    } finally {
      await rm(join(root, 'vercel.json'));
    }
  });
});
