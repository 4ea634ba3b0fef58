import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  carryOver,
  commitStaging,
  createStaging,
  readPreviousOutput,
  toJsonText,
} from '../src/output-dir.js';

let work: string;
let root: string;
let out: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'svcpack-output-dir-'));
  root = join(work, 'project');
  out = join(root, '.svcpack', 'output');
  await mkdir(root);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const manifest = {
  schemaVersion: 1 as const,
  services: [{ name: 'api', dir: 'services/api', digest: 'sha256:0', files: 1, bytes: 2 }],
};

describe('readPreviousOutput', () => {
  it('accepts an absent or empty directory', async () => {
    expect(await readPreviousOutput(out, root)).toEqual({ kind: 'absent' });
    await mkdir(out, { recursive: true });
    expect(await readPreviousOutput(out, root)).toEqual({ kind: 'empty' });
  });

  it('accepts an earlier output by its manifest.json', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'manifest.json'), toJsonText(manifest));

    expect(await readPreviousOutput(out, root)).toEqual({ kind: 'output', manifest });
  });

  it.each([
    ['a directory with other files', { 'index.html': '<html>' }, /holds no svcpack manifest\.json/],
    [
      'a manifest of another tool',
      { 'manifest.json': '{"name":"app"}' },
      /not an svcpack manifest/,
    ],
    ['a manifest that is not JSON', { 'manifest.json': '{' }, /not an svcpack manifest/],
  ])('refuses %s with PACKAGE_OUT_NOT_OUTPUT', async (_, files, message) => {
    await mkdir(out, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(out, name), text);

    await expect(readPreviousOutput(out, root)).rejects.toMatchObject({
      code: 'PACKAGE_OUT_NOT_OUTPUT',
      message: expect.stringMatching(message),
    });
  });

  it('refuses a file, and a directory that holds the project itself', async () => {
    await writeFile(join(work, 'file'), 'x');

    await expect(readPreviousOutput(join(work, 'file'), root)).rejects.toMatchObject({
      code: 'PACKAGE_OUT_NOT_OUTPUT',
    });
    await expect(readPreviousOutput(work, root)).rejects.toMatchObject({
      code: 'PACKAGE_OUT_INSIDE_SERVICE',
    });
  });

  it('refuses the project root itself with PACKAGE_OUT_IS_PROJECT and names the default', async () => {
    const refusal = readPreviousOutput(root, root);

    await expect(refusal).rejects.toMatchObject({
      code: 'PACKAGE_OUT_IS_PROJECT',
      message: expect.stringContaining('is the project root'),
      hint: expect.stringContaining('.svcpack/output'),
    });
  });
});

describe('staging and commit', () => {
  it('stages beside out and swaps it in, leaving nothing else behind', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'manifest.json'), 'old');
    const staging = await createStaging(out);
    await writeFile(join(staging, 'manifest.json'), 'new');

    expect(staging.startsWith(`${out}.tmp-`)).toBe(true);
    await commitStaging(staging, out);

    expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe('new');
    expect(await readdir(join(root, '.svcpack'))).toEqual(['output']);
  });

  it('gives the output directory mode 0755 like every directory inside it', async () => {
    const previous = process.umask(0o022);
    try {
      const staging = await createStaging(out);
      await commitStaging(staging, out);
    } finally {
      process.umask(previous);
    }

    expect((await stat(out)).mode & 0o777).toBe(0o755);
  });

  it('carries a service over with its archive, keeping symlinks exactly', async () => {
    const bundle = join(out, 'services/api/bundle');
    await mkdir(join(bundle, 'lib'), { recursive: true });
    await writeFile(join(bundle, 'lib/index.js'), 'x');
    await symlink('../lib', join(bundle, 'link'));
    await writeFile(join(out, 'services/api.tar.gz'), 'archive');
    await mkdir(join(out, 'services/apiary'), { recursive: true });
    const staging = await createStaging(out);

    const carried = await carryOver(out, staging, manifest, ['api']);

    expect(carried).toEqual(manifest.services);
    expect(await readdir(join(staging, 'services'))).toEqual(['api', 'api.tar.gz']);
    expect(await readlink(join(staging, 'services/api/bundle/link'))).toBe('../lib');
  });
});
