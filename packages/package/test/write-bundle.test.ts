import { createHash } from 'node:crypto';
import { cp, lstat, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileSet } from '../src/pack-types.js';
import { digestDirectory, writeBundle } from '../src/write-bundle.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'svcpack-write-bundle-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A small bundle: a copied script with its exec bit, generated text, binary bytes, links. */
async function sampleFiles(): Promise<FileSet> {
  const script = join(work, 'script.sh');
  const binary = join(work, 'blob.bin');
  await writeFile(script, '#!/bin/sh\necho hi\n', { mode: 0o775 });
  await writeFile(binary, Buffer.from([0, 255, 128, 10, 13, 0xc3, 0x28]));
  return new Map([
    ['bin/run.sh', { kind: 'file', from: script, mode: 0o755 }],
    ['lib/blob.bin', { kind: 'file', from: binary, mode: 0o644 }],
    ['lib/ä-umlaut.txt', { kind: 'content', data: Buffer.from('ä\n'), mode: 0o644 }],
    ['lib/Z.txt', { kind: 'content', data: Buffer.from('upper\n'), mode: 0o644 }],
    ['node_modules/lib', { kind: 'symlink', target: '../lib' }],
    ['current.sh', { kind: 'symlink', target: 'bin/run.sh' }],
  ]);
}

/** The SPEC §3 digest, computed here independently of the writer. */
function specDigest(lines: [kind: string, mode: string, path: string, content: Buffer][]): string {
  const sorted = [...lines].sort((a, b) => Buffer.compare(Buffer.from(a[2]), Buffer.from(b[2])));
  const hash = createHash('sha256');
  for (const [kind, mode, path, content] of sorted) {
    const contentHash = createHash('sha256').update(content).digest('hex');
    hash.update(`${kind} ${mode} ${path}\0${contentHash}\n`);
  }
  return `sha256:${hash.digest('hex')}`;
}

describe('writeBundle', () => {
  it('writes every entry with its exact mode and bytes, links as relative links', async () => {
    const bundle = join(work, 'bundle');
    await writeBundle(await sampleFiles(), bundle);

    expect((await lstat(join(bundle, 'bin/run.sh'))).mode & 0o777).toBe(0o755);
    expect((await lstat(join(bundle, 'lib/blob.bin'))).mode & 0o777).toBe(0o644);
    expect(await readFile(join(bundle, 'lib/blob.bin'))).toEqual(
      Buffer.from([0, 255, 128, 10, 13, 0xc3, 0x28]),
    );
    expect(await readlink(join(bundle, 'node_modules/lib'))).toBe('../lib');
    expect(await readFile(join(bundle, 'node_modules/lib/Z.txt'), 'utf8')).toBe('upper\n');
    expect(await readFile(join(bundle, 'current.sh'), 'utf8')).toContain('echo hi');
  });

  it('sets every mtime, of files, links and directories, to the epoch', async () => {
    const bundle = join(work, 'bundle');
    await writeBundle(await sampleFiles(), bundle);

    for (const path of [
      '.',
      'bin',
      'bin/run.sh',
      'lib/Z.txt',
      'node_modules',
      'node_modules/lib',
    ]) {
      expect((await lstat(join(bundle, path))).mtimeMs, path).toBe(0);
    }
  });

  it('reports the SPEC §3 digest, entry count and content bytes', async () => {
    const summary = await writeBundle(await sampleFiles(), join(work, 'bundle'));
    const script = Buffer.from('#!/bin/sh\necho hi\n');

    expect(summary).toEqual({
      files: 6,
      bytes: script.length + 7 + Buffer.byteLength('ä\n') + 6,
      digest: specDigest([
        ['f', '0755', 'bin/run.sh', script],
        ['f', '0644', 'lib/blob.bin', Buffer.from([0, 255, 128, 10, 13, 0xc3, 0x28])],
        ['f', '0644', 'lib/ä-umlaut.txt', Buffer.from('ä\n')],
        ['f', '0644', 'lib/Z.txt', Buffer.from('upper\n')],
        ['l', '0644', 'node_modules/lib', Buffer.from('../lib')],
        ['l', '0644', 'current.sh', Buffer.from('bin/run.sh')],
      ]),
    });
  });

  it('gives the same digest for the same input, and a copy reads back to it', async () => {
    const first = await writeBundle(await sampleFiles(), join(work, 'one'));
    const second = await writeBundle(await sampleFiles(), join(work, 'two'));
    await cp(join(work, 'one'), join(work, 'copy'), { recursive: true, verbatimSymlinks: true });

    expect(second).toEqual(first);
    expect(await digestDirectory(join(work, 'copy'))).toEqual(first);
  });

  it('changes the digest when only a mode changes', async () => {
    const files = await sampleFiles();
    const before = await writeBundle(files, join(work, 'one'));
    files.set('lib/Z.txt', { kind: 'content', data: Buffer.from('upper\n'), mode: 0o755 });

    expect((await writeBundle(files, join(work, 'two'))).digest).not.toBe(before.digest);
  });

  it('refuses a symlink whose target leaves the bundle', async () => {
    const files: FileSet = new Map([['a/link', { kind: 'symlink', target: '../../etc/passwd' }]]);

    await expect(writeBundle(files, join(work, 'bundle'))).rejects.toMatchObject({
      code: 'PACKAGE_INVALID_SYMLINK',
      problems: [expect.objectContaining({ file: 'a/link', value: '../../etc/passwd' })],
    });
  });

  it('refuses a symlink whose target is not packaged', async () => {
    const files: FileSet = new Map([
      ['node_modules/foo', { kind: 'symlink', target: '.pnpm/foo@1/node_modules/foo' }],
    ]);

    await expect(writeBundle(files, join(work, 'bundle'))).rejects.toThrow(
      /points at "node_modules\/\.pnpm\/foo@1\/node_modules\/foo", which is not packaged/,
    );
  });

  it('follows links through other links of the bundle, as a pnpm layout needs', async () => {
    const files: FileSet = new Map([
      ['node_modules/.pnpm/a@1/node_modules/a/index.js', text('a')],
      [
        'node_modules/.pnpm/a@1/node_modules/b',
        { kind: 'symlink', target: '../../b@1/node_modules/b' },
      ],
      ['node_modules/.pnpm/b@1/node_modules/b/index.js', text('b')],
      ['node_modules/a', { kind: 'symlink', target: '.pnpm/a@1/node_modules/a' }],
      [
        'app/b.js',
        { kind: 'symlink', target: '../node_modules/.pnpm/a@1/node_modules/b/index.js' },
      ],
    ]);
    const bundle = join(work, 'bundle');
    await writeBundle(files, bundle);

    expect(await readFile(join(bundle, 'app/b.js'), 'utf8')).toBe('b');
  });

  it('refuses a path that is both a file and a directory', async () => {
    const files: FileSet = new Map([
      ['lib', text('file')],
      ['lib/index.js', text('inside')],
    ]);

    await expect(writeBundle(files, join(work, 'bundle'))).rejects.toMatchObject({
      code: 'PACKAGE_PATH_CONFLICT',
    });
  });
});

function text(content: string) {
  return { kind: 'content' as const, data: Buffer.from(content), mode: 0o644 as const };
}
